"""Stage 1 — ingest: find the documents under the given paths and read each one's text.

Readers are chosen by file suffix. A file that cannot be read raises :class:`IngestError` with
a reason a person can act on; the pipeline turns it into a row of ``errors.csv``.
"""

from __future__ import annotations

import hashlib
import importlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

from ..models import ExtractOptions
from ..patterns.header import number_line_pattern
from .encoding import Decoded, decode_legacy, may_be_legacy, repair


class IngestError(Exception):
    """A file that cannot be read as a document (empty, binary, undecodable, unsupported)."""


@dataclass(frozen=True, slots=True)
class Source:
    """A document's text as read from its file."""

    path: str
    text: str
    kind: str  # text | pdf | ocr | docx | image
    pages: int | None = None
    ocr_confidence: float | None = None
    # utf-8 | utf-16 | unicode (a PDF's or DOCX's own text) | tcvn3 | vni (converted to Unicode)
    encoding: str = "unicode"


TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text"})


def decode_text(data: bytes, path: str = "<bytes>") -> str:
    """The text of a text file's bytes (see :func:`decode`).

    >>> decode_text("Số: 12".encode("utf-8"))
    'Số: 12'
    """
    return decode(data, path).text


def decode(data: bytes, path: str = "<bytes>") -> Decoded:
    """Decode the bytes of a text file: UTF-8 (with or without BOM), UTF-16 with a BOM, or
    Vietnamese typed in the legacy TCVN3 or VNI encodings, converted to Unicode (as are TCVN3 and
    VNI characters saved as UTF-8 or UTF-16).

    >>> decode("Céng hoµ x· héi".encode("cp1252"))
    Decoded(text='Cộng hoà xã hội', encoding='tcvn3')
    """
    if not data or data.isspace():
        raise IngestError("empty file")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return repair(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError as exc:
            raise IngestError(f"invalid UTF-16 text: {exc.reason} at byte {exc.start}") from exc
    if b"\x00" in data:
        raise IngestError("binary content (NUL bytes): not a text document")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        legacy = decode_legacy(data)
        if legacy is None:
            raise IngestError(f"not UTF-8 text (byte {exc.start}: {exc.reason}), nor "
                              f"Vietnamese in TCVN3 or VNI; save it as UTF-8") from exc
        decoded = legacy
    else:
        decoded = repair(text, "utf-8") if may_be_legacy(data) else Decoded(text, "utf-8")
    if not any(c.isalpha() for c in decoded.text[:200_000]):
        raise IngestError("no letters in the file: not a text document")
    return decoded


def read_text_file(path: Path, options: ExtractOptions) -> Source:
    decoded = decode(path.read_bytes(), str(path))
    return Source(str(path), decoded.text, "text", encoding=decoded.encoding)


T = TypeVar("T")


def column_order(left: Sequence[T], right: Sequence[T],
                 text: Callable[[T], str]) -> list[Sequence[T]]:
    """The columns of a block printed in two (a header, a closing) in reading order: the left
    column, then the right one, except that what the left column prints under its number line
    (the "V/v …" subject of a Công văn) comes after the right column, as text exports put it.

    >>> column_order(["UBND", "Số: 12/UBND", "V/v họp"], ["CỘNG HÒA", "Huế, ngày 2"], str)
    [['UBND', 'Số: 12/UBND'], ['CỘNG HÒA', 'Huế, ngày 2'], ['V/v họp']]
    """
    for k, item in enumerate(left):
        if number_line_pattern().match(text(item)):
            return [list(left[:k + 1]), list(right), list(left[k + 1:])]
    return [list(left), list(right)]


def _lazy(module: str, name: str) -> Callable[[Path, ExtractOptions], Source]:
    """A reader imported on first use: the PDF, DOCX and OCR libraries are slow to import and
    a run over text files needs none of them."""
    def reader(path: Path, options: ExtractOptions) -> Source:
        return getattr(importlib.import_module(module, __package__), name)(path, options)
    return reader


IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff"})

# Suffix → reader.
READERS: dict[str, Callable[[Path, ExtractOptions], Source]] = {
    **{s: read_text_file for s in TEXT_SUFFIXES},
    ".pdf": _lazy(".pdf", "read_pdf"),
    ".docx": _lazy(".docx", "read_docx"),
    **{s: _lazy(".ocr", "read_image") for s in IMAGE_SUFFIXES},
}


def unicode_source(source: Source) -> Source:
    """A reader's text converted to Unicode when it came from TCVN3 or VNI fonts (".VnTime",
    "VNI-Times" runs of a DOCX, a PDF's text layer); text files are converted as they are decoded.

    >>> unicode_source(Source("a.docx", "Quy Õt ®Þnh sè 12/Q§-UBND", "docx")).encoding
    'tcvn3'
    """
    if source.encoding != "unicode":
        return source
    fixed = repair(source.text)
    if fixed.encoding == source.encoding:
        return source
    return replace(source, text=fixed.text, encoding=fixed.encoding)


def read(path: str | Path, options: ExtractOptions = ExtractOptions()) -> Source:
    """Read one document, choosing the reader by suffix.

    >>> read("missing.txt")
    Traceback (most recent call last):
    ...
    kehoach.extract.ingest.IngestError: file not found
    """
    p = Path(path)
    reader = READERS.get(p.suffix.lower())
    if reader is None:
        raise IngestError(f"unsupported file type {p.suffix or '(none)'!r}; "
                          f"supported: {', '.join(sorted(READERS))}")
    try:
        return unicode_source(reader(p, options))
    except FileNotFoundError as exc:
        raise IngestError("file not found") from exc
    except IsADirectoryError as exc:
        raise IngestError("is a directory") from exc
    except PermissionError as exc:
        raise IngestError("permission denied") from exc


def discover(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Every document file under the given files and folders (folders recursively, sorted).

    A file named explicitly is always yielded, whatever its suffix, so that an unsupported one
    becomes an error row rather than vanishing. A file reached twice is yielded once.
    """
    seen: set[Path] = set()

    def first_time(p: Path) -> bool:
        key = p.resolve()
        if key in seen:
            return False
        seen.add(key)
        return True

    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                if child.is_file() and child.suffix.lower() in READERS \
                        and not any(part.startswith(".") for part in child.relative_to(p).parts) \
                        and first_time(child):
                    yield child
        elif first_time(p):
            yield p


def doc_id_for(path: Path, taken: set[str]) -> str:
    """A stable id for a file: its name without suffix, made unique with a short hash of its
    path when two files share a name.

    >>> doc_id_for(Path("a/000_x.txt"), set())
    '000_x'
    """
    stem = path.stem
    if stem not in taken:
        taken.add(stem)
        return stem
    digest = hashlib.sha1(str(path).encode("utf-8")).hexdigest()[:8]
    doc_id = f"{stem}~{digest}"
    taken.add(doc_id)
    return doc_id
