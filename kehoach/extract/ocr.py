"""OCR of scans: PDF pages without a usable text layer, and images (PNG, JPEG, TIFF).

Tesseract reads each page with its Vietnamese model (``vie``); a PDF page is first rendered to a
300 dpi grayscale TIFF by ``pdftoppm``. Every page is one Tesseract process limited to one
thread (``OMP_THREAD_LIMIT=1``: Tesseract's own threads only slow down parallel pages), and the
pages of a document run in parallel when this process is not already one of several workers.

OCR is optional (``pip install "kehoach[ocr]"`` and the Debian packages ``tesseract-ocr
tesseract-ocr-vie poppler-utils``); without it a scan becomes an ``errors.csv`` row that says
what to install.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TypeVar

from ..models import ExtractOptions
from .ingest import IngestError, Source
from .pdf import Line, PageText, Word, join_pages, lines_text, split_segments

LANGUAGE = "vie"
DPI = 300
# The LSTM engine alone (the legacy one only costs time), and no second pass looking for
# white-on-black text, which administrative documents do not print.
CONFIG = "--oem 1 -c tessedit_do_invert=0"
MIN_SEGMENT_CONFIDENCE = 50  # below: marks, stamps and handwriting read as letters
BULLETS = frozenset("-+•*")
INSTALL = "apt-get install tesseract-ocr tesseract-ocr-vie"

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class OcrPage:
    """The text Tesseract read on one page, and its confidence in each word (0–100)."""

    page: PageText
    confidences: tuple[float, ...]


@cache
def check_tesseract() -> None:
    """Raise :class:`IngestError` naming what to install when pytesseract, Tesseract or its
    Vietnamese model is absent (cached once it passes: the check runs a process)."""
    try:
        import pytesseract
    except ImportError as exc:
        raise IngestError('OCR needs pytesseract: pip install "kehoach[ocr]"') from exc
    try:
        languages = pytesseract.get_languages(config="")
    except (pytesseract.TesseractNotFoundError, OSError) as exc:
        raise IngestError(f"OCR needs Tesseract, which is not installed: {INSTALL}") from exc
    if LANGUAGE not in languages:
        raise IngestError(f"Tesseract has no Vietnamese model ({LANGUAGE}): {INSTALL}")


def _noise(segment: Sequence[Word], parts: int) -> bool:
    """A part of a line read with little confidence (a stamp, handwriting), or a lone token
    of at most two characters set apart from the rest of its line, neither a number nor a
    bullet: a tick or a letter written in the margin ("z)")."""
    if sum(w.confidence for w in segment) / len(segment) < MIN_SEGMENT_CONFIDENCE:
        return True
    token = segment[0].text
    return parts > 1 and len(segment) == 1 and len(token) <= 2 \
        and not any(c.isdigit() for c in token) and token not in BULLETS


def page_text(data: Mapping[str, Sequence]) -> OcrPage:
    """Text and word confidences from Tesseract's word table (``image_to_data`` as a dict).

    Tesseract's lines keep its reading order; each is cut at wide gaps like a PDF line, so a
    header row read as one line ("CÔNG AN TP ĐÀ NẴNG    CỘNG HÒA XÃ HỘI …") comes apart into
    its two columns, and noise (a stamp, a mark in the margin) is dropped.

    >>> data = {"block_num": [1, 1, 1, 1, 2], "par_num": [1] * 5, "line_num": [1, 1, 2, 2, 1],
    ...         "left": [100, 200, 0, 300, 100], "top": [10, 10, 60, 60, 110],
    ...         "width": [80, 90, 30, 90, 80], "height": [40] * 5,
    ...         "text": ["Số:", "12/KH", "^Ẻ", "UBND", "Huế"], "conf": [96, 91, 5, 88, -1]}
    >>> read = page_text(data)
    >>> read.page.text, read.confidences
    ('Số: 12/KH\\nUBND', (96.0, 91.0, 88.0))
    """
    rows: dict[tuple[int, int, int], list[Word]] = {}
    columns = ("block_num", "par_num", "line_num", "left", "top", "width", "height", "text",
               "conf")
    for block, par, line, left, top, width, height, text, conf in zip(
            *(data[c] for c in columns)):
        text = (text or "").strip()
        if text and float(conf) >= 0:
            rows.setdefault((block, par, line), []).append(
                Word(text, left, left + width, top, top + height, float(conf)))
    lines = []
    for words in rows.values():
        parts = split_segments(sorted(words, key=lambda w: w.x0))
        segments = [seg for seg in parts if not _noise(seg, len(parts))]
        if segments:
            lines.append(Line(tuple(segments)))
    confidences = tuple(w.confidence for line in lines for w in line.words)
    return OcrPage(lines_text(lines), confidences)


def ocr_image(image) -> OcrPage:
    """OCR one page image (a Pillow image or a path) with the Vietnamese model."""
    import pytesseract

    check_tesseract()
    # Tesseract's OpenMP threads fight each other when pages already run in parallel.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    try:
        data = pytesseract.image_to_data(image, lang=LANGUAGE, config=CONFIG,
                                         output_type=pytesseract.Output.DICT)
    except pytesseract.TesseractError as exc:
        raise IngestError(f"Tesseract failed: {exc.message or exc}") from exc
    return page_text(data)


def rasterize(pdf: Path, page: int, out_dir: Path) -> Path:
    """Render one page (1-based) of a PDF to a grayscale TIFF at DPI dots per inch."""
    if shutil.which("pdftoppm") is None:
        raise IngestError("OCR of PDF pages needs pdftoppm: apt-get install poppler-utils")
    prefix = out_dir / f"page-{page}"
    done = subprocess.run(
        ["pdftoppm", "-r", str(DPI), "-gray", "-tiff", "-f", str(page), "-l", str(page),
         "-singlefile", str(pdf), str(prefix)],
        capture_output=True, text=True, check=False)
    image = prefix.with_suffix(".tif")
    if done.returncode != 0 or not image.exists():
        raise IngestError(f"cannot render page {page} of the PDF: "
                          f"{done.stderr.strip() or 'pdftoppm failed'}")
    return image


def _parallel(fn: Callable[[T], R], items: Iterable[T]) -> list[R]:
    """fn over items in threads (each runs a subprocess), in order; sequential inside a worker
    process of a corpus run, whose processes already use every core."""
    items = list(items)
    from ..corpus import default_jobs

    jobs = 1 if multiprocessing.parent_process() is not None else min(default_jobs(),
                                                                        len(items))
    if jobs <= 1:
        return [fn(item) for item in items]
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(fn, items))


def ocr_pdf_pages(pdf: Path, pages: Sequence[int]) -> list[OcrPage]:
    """OCR the given pages (1-based) of a PDF."""
    check_tesseract()
    with tempfile.TemporaryDirectory(prefix="kehoach-ocr-") as tmp:
        return _parallel(lambda page: ocr_image(str(rasterize(pdf, page, Path(tmp)))), pages)


def mean_confidence(pages: Iterable[OcrPage]) -> float | None:
    """Mean word confidence over the pages, or None when no word was read.

    >>> mean_confidence([OcrPage(PageText("a b"), (90.0, 80.0)),
    ...                  OcrPage(PageText("c"), (70.0,))])
    80.0
    """
    values = [c for page in pages for c in page.confidences]
    return round(sum(values) / len(values), 1) if values else None


def _frames(path: Path) -> list:
    """The pages of an image file, in grayscale (a TIFF may hold several)."""
    try:
        from PIL import Image, ImageSequence, UnidentifiedImageError
    except ImportError as exc:
        raise IngestError('OCR of images needs Pillow: pip install "kehoach[ocr]"') from exc
    try:
        with Image.open(path) as image:
            return [frame.convert("L") for frame in ImageSequence.Iterator(image)]
    except UnidentifiedImageError as exc:
        raise IngestError("not an image Pillow can read (damaged or another format)") from exc
    except (OSError, SyntaxError) as exc:
        raise IngestError(f"damaged or truncated image: {exc}") from exc


def read_image(path: Path, options: ExtractOptions) -> Source:
    """Read a scanned page (PNG, JPEG, TIFF) by OCR."""
    if options.ocr == "never":
        raise IngestError("an image can only be read by OCR, and --ocr never was given")
    frames = _frames(path)
    pages = _parallel(ocr_image, frames)
    text = join_pages(page.page for page in pages)
    if not any(c.isalpha() for c in text):
        raise IngestError("OCR found no text in the image")
    return Source(str(path), text, "image", pages=len(pages),
                  ocr_confidence=mean_confidence(pages))
