"""Stage 1 — ingest: find the documents under the given paths and read each one's text.

Readers are chosen by file suffix. A file that cannot be read raises :class:`IngestError` with
a reason a person can act on; the pipeline turns it into a row of ``errors.csv``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..models import ExtractOptions


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


TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text"})


def decode_text(data: bytes, path: str = "<bytes>") -> str:
    """Decode the bytes of a text file: UTF-8 (with or without BOM) or UTF-16 with a BOM.

    >>> decode_text("Số: 12".encode("utf-8"))
    'Số: 12'
    """
    if not data.strip():
        raise IngestError("empty file")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise IngestError(f"invalid UTF-16 text: {exc.reason} at byte {exc.start}") from exc
    if b"\x00" in data:
        raise IngestError("binary content (NUL bytes): not a text document")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(
            f"not UTF-8 text (byte {exc.start}: {exc.reason}); save it as UTF-8") from exc
    if not any(c.isalpha() for c in text[:200_000]):
        raise IngestError("no letters in the file: not a text document")
    return text


def read_text_file(path: Path, options: ExtractOptions) -> Source:
    return Source(str(path), decode_text(path.read_bytes(), str(path)), "text")


# Suffix → reader. Other formats (PDF, DOCX, images) register theirs here.
READERS: dict[str, Callable[[Path, ExtractOptions], Source]] = {
    s: read_text_file for s in TEXT_SUFFIXES}


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
        return reader(p, options)
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
