"""Reading PDFs: the text layer laid out as a person reads the page, or OCR where it is missing.

A Vietnamese header is printed in two columns (issuer and "Số: …" on the left; national motto,
place and date on the right), and so is the closing (Nơi nhận on the left, the signature on the
right). Text in reading order therefore needs the words' positions: lines are rebuilt from the
words, and where lines split into a left and a right part around a common gutter, the left
column is emitted before the right one. Wrapped body lines are joined, paragraphs are separated
by ``\\n\\n``, printed page numbers are dropped so that a sentence broken across pages can be
joined again by :mod:`kehoach.extract.normalize`.

The words come from pdfplumber on the first and last page (header, closing) and from the much
faster pypdfium2 on the pages between; both give the same words (a test holds them to it).

Pages with no text layer, or with a layer that lost the Vietnamese diacritics (a scanner's own
OCR: "CONG HOA xA HQI CilU NGHIA"), go through :mod:`kehoach.extract.ocr` when the
``ocr`` option allows it.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import regex

from ..models import ExtractOptions
from .ingest import IngestError, Source, column_order

MIN_LETTERS = 20  # fewer letters than this on a page: no usable text layer
MIN_VIETNAMESE_SHARE = 0.3  # Vietnamese prose has ~0.87 of its words with diacritics
GAP_HEIGHTS = 1.2  # a gap wider than this many line heights splits a line into columns
MIN_GUTTER = 0.8  # narrower than this many line heights, a gutter no longer parts columns
PARAGRAPH_PITCH = 1.35  # a line pitch this many times the usual one starts a paragraph
WRAP_SLACK = 0.12  # a line ending this close (share of text width) to the right edge wrapped

# A printed page number alone on the first or last line of a page.
# e.g. "2" · "- 3 -" · "Trang 4" · "4/7"
PAGE_NUMBER = r"""
    (?i: trang [ ]+ )? [-–—]? [ ]* [0-9]{1,3} [ ]* [-–—]? (?: [ ]* / [ ]* [0-9]{1,3} )?
"""


@cache
def page_number_pattern() -> regex.Pattern[str]:
    """The page-number line, compiled once.

    >>> [bool(page_number_pattern().fullmatch(s)) for s in ("- 3 -", "Trang 4", "Điều 3")]
    [True, True, False]
    """
    return regex.compile(PAGE_NUMBER, regex.VERBOSE)


@dataclass(frozen=True, slots=True)
class Word:
    """A word of the text layer and its box (PDF points, y growing down the page)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    confidence: float | None = None  # OCR's confidence in the word (0–100); None in a text layer


@dataclass(frozen=True, slots=True)
class Line:
    """Words on one baseline, left to right, cut into segments at wide gaps."""

    segments: tuple[tuple[Word, ...], ...]

    @property
    def words(self) -> tuple[Word, ...]:
        return tuple(w for seg in self.segments for w in seg)

    @property
    def x0(self) -> float:
        return self.segments[0][0].x0

    @property
    def x1(self) -> float:
        return self.segments[-1][-1].x1

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def height(self) -> float:
        return statistics.median(w.bottom - w.top for w in self.words)

    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    def gap(self) -> tuple[float, float] | None:
        """The gap between the line's two columns, (end of one part, start of the next): its
        widest gap, if at least twice as wide as any other (a justified line stretched around
        a long reference has many gaps alike, and no columns); None for a line in one part.

        >>> row = lambda *xs: Line(split_segments([Word("w", x, x + 10, 0, 12) for x in xs]))
        >>> row(0, 40, 200).gap(), row(0, 40, 80).gap()
        ((50, 200), None)
        """
        gaps = sorted(((a[-1].x1, b[0].x0) for a, b in zip(self.segments, self.segments[1:])),
                      key=lambda g: g[1] - g[0], reverse=True)
        if not gaps or (len(gaps) > 1 and gaps[0][1] - gaps[0][0] < 2 * (gaps[1][1] - gaps[1][0])):
            return None
        return gaps[0]


def split_segments(words: Sequence[Word]) -> tuple[tuple[Word, ...], ...]:
    """Cut a line's words (left to right) where the gap is wider than GAP_HEIGHTS heights.

    >>> ws = [Word("Số:", 60, 80, 0, 13), Word("12/KH", 83, 120, 0, 13),
    ...       Word("Huế,", 330, 360, 0, 13)]
    >>> [[w.text for w in seg] for seg in split_segments(ws)]
    [['Số:', '12/KH'], ['Huế,']]
    """
    segments: list[list[Word]] = []
    for word in words:
        if segments:
            prev = segments[-1][-1]
            height = max(prev.bottom - prev.top, word.bottom - word.top)
            if word.x0 - prev.x1 <= GAP_HEIGHTS * height:
                segments[-1].append(word)
                continue
        segments.append([word])
    return tuple(tuple(seg) for seg in segments)


def group_lines(words: Sequence[Word]) -> list[Line]:
    """Words grouped into lines: a word whose vertical middle lies within the current line's
    box joins it (so the two columns of a header row form one line).

    >>> ws = [Word("b", 40, 50, 20, 30), Word("a", 10, 20, 0, 10), Word("c", 60, 70, 1, 11)]
    >>> [ln.text() for ln in group_lines(ws)]
    ['a c', 'b']
    """
    rows: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        middle = (word.top + word.bottom) / 2
        if rows and rows[-1][0].top <= middle <= rows[-1][0].bottom:
            rows[-1].append(word)
        else:
            rows.append([word])
    return [Line(split_segments(sorted(row, key=lambda w: w.x0))) for row in rows]


@dataclass(frozen=True, slots=True)
class Gutter:
    """The space between the columns of a block: the left column's words end by `left`, the
    right column's begin from `right`; `centre` is where the right column is centred."""

    left: float
    right: float
    centre: float

    def split(self, line: Line, end: float, start: float) -> Gutter | None:
        """The gutter once a line parted between x = `end` and x = `start` joins, if the
        columns stay apart."""
        left, right = max(self.left, end), min(self.right, start)
        if right - left < MIN_GUTTER * line.height:
            return None
        return Gutter(left, right, self.centre)


def _one_side(line: Line, gutter: Gutter) -> Gutter | None:
    """The gutter once a line in one part joins a column: the left one if it overlaps the
    left column and stops short of the right one; the right one if it starts after the
    right column's start or is centred on it (a page-centred title is neither)."""
    margin = MIN_GUTTER * line.height
    if line.x0 < gutter.left and line.x1 <= gutter.right - margin:
        return Gutter(max(gutter.left, line.x1), gutter.right, gutter.centre)
    centred = abs((line.x0 + line.x1) / 2 - gutter.centre) <= line.height
    if line.x0 >= gutter.left + margin and (line.x0 >= gutter.right or centred):
        return Gutter(gutter.left, min(gutter.right, line.x0), gutter.centre)
    return None


def _admit(line: Line, gutter: Gutter, word_gaps: bool) -> Gutter | None:
    """The gutter once the line joins the block, or None if it cannot: a line on one side,
    or a line whose gap between parts (between any two words for a line above the block: a
    header's first row, whose columns nearly touch) lies across the gutter."""
    if len(line.segments) == 1 and (joined := _one_side(line, gutter)) is not None:
        return joined
    words = line.words
    gaps = [(a.x1, b.x0) for a, b in zip(words, words[1:])] if word_gaps else \
        [g for g in (line.gap(),) if g is not None]
    options = [g for g in (gutter.split(line, *gap) for gap in gaps) if g is not None]
    return max(options, key=lambda g: g.right - g.left) if options else None


def column_regions(lines: Sequence[Line]) -> list[tuple[int, int, Gutter]]:
    """(first, end, gutter) of each run of lines printed in two columns.

    A run grows around a line in two parts, up and down over lines that join one column or
    part across the gutter. A line across it (a centred title, a body line) ends the run.

    >>> row = lambda y, *xs: Line(split_segments([Word("w", x, x + 40, y, y + 12) for x in xs]))
    >>> column_regions([row(0, 60), row(20, 60, 300), row(40, 310), row(60, 200)])
    [(0, 3, Gutter(left=100, right=300, centre=320.0))]
    """
    regions: list[tuple[int, int, Gutter]] = []
    done = 0
    i = 0
    while i < len(lines):
        gap = lines[i].gap()
        if gap is None:
            i += 1
            continue
        right_part = next(seg for seg in lines[i].segments if seg[0].x0 >= gap[1])
        gutter = Gutter(gap[0], gap[1], (right_part[0].x0 + lines[i].x1) / 2)
        first = i
        while first > done and (joined := _admit(lines[first - 1], gutter, True)) is not None:
            gutter = joined
            first -= 1
        end = i + 1
        while end < len(lines) and (joined := _admit(lines[end], gutter, False)) is not None:
            gutter = joined
            end += 1
        if end - first >= 2:
            regions.append((first, end, gutter))
        done = i = end
    return regions


def _parts(line: Line, gutter: Gutter, left: bool) -> list[Line]:
    """The part of a block's line in one column (none if it has no such part)."""
    middle = (gutter.left + gutter.right) / 2
    words = [w for w in line.words if ((w.x0 + w.x1) / 2 < middle) == left]
    return [Line(split_segments(words))] if words else []


def _wrapped(line: Line, right: float, width: float) -> bool:
    """A line running to the right edge of the text: its paragraph goes on below."""
    return line.x1 >= right - WRAP_SLACK * width and len(line.segments) == 1


def _breaks(lines: Sequence[Line], pitch: float, right: float, width: float) -> list[str]:
    """The separator after each line but the last: " " (wrapped), "\\n" or "\\n\\n" (a wider
    pitch, or a line above the last one: OCR reads a column after another)."""
    out = []
    for line, nxt in zip(lines, lines[1:]):
        if nxt.top - line.top > PARAGRAPH_PITCH * pitch or nxt.top < line.top:
            out.append("\n\n")
        elif _wrapped(line, right, width):
            out.append(" ")
        else:
            out.append("\n")
    return out


def _join(lines: Sequence[Line], pitch: float, right: float, width: float) -> str:
    if not lines:
        return ""
    parts = [lines[0].text()]
    for sep, line in zip(_breaks(lines, pitch, right, width), lines[1:]):
        parts += [sep, line.text()]
    return "".join(parts)


def _page_number_line(line: Line) -> bool:
    return page_number_pattern().fullmatch(line.text().strip()) is not None


@dataclass(frozen=True, slots=True)
class PageText:
    """A page's text, and whether its last line is wrapped (the paragraph goes on overleaf)."""

    text: str
    continues: bool = False


def page_text(words: Sequence[Word]) -> PageText:
    """The text of one page in reading order.

    >>> row = lambda y, *ws: [Word(t, x, x + 8 * len(t), y, y + 12) for t, x in ws]
    >>> words = (row(50, ("UBND", 80), ("CỘNG", 330)) + row(66, ("Số:", 80), ("Huế,", 330))
    ...          + row(100, ("KẾ", 280), ("HOẠCH", 305)) + row(800, ("2", 300)))
    >>> page_text(words).text
    'UBND\\nSố:\\n\\nCỘNG\\nHuế,\\n\\nKẾ HOẠCH'
    """
    return lines_text(group_lines(words))


def lines_text(lines: Sequence[Line]) -> PageText:
    """The text of a page's lines (in reading order): page numbers dropped, columns apart,
    wrapped lines joined, paragraphs separated by a blank line."""
    if len(lines) > 1:
        lines = [ln for k, ln in enumerate(lines)
                 if not (k in (0, len(lines) - 1) and _page_number_line(ln))]
    if not lines:
        return PageText("")
    pitches = [b.top - a.top for a, b in zip(lines, lines[1:]) if b.top > a.top]
    pitch = statistics.median(pitches) if pitches else statistics.median(
        ln.height for ln in lines)
    left, right = min(ln.x0 for ln in lines), max(ln.x1 for ln in lines)
    width = max(right - left, 1.0)
    blocks: list[str] = []
    cursor = 0
    for first, end, gutter in column_regions(lines):
        blocks.append(_join(lines[cursor:first], pitch, right, width))
        region = lines[first:end]
        left_parts, right_parts = ([part for ln in region for part in _parts(ln, gutter, side)]
                                   for side in (True, False))
        for column in column_order(left_parts, right_parts, Line.text):
            blocks.append(_join(column, pitch, float("inf"), width))
        cursor = end
    blocks.append(_join(lines[cursor:], pitch, right, width))
    continues = cursor < len(lines) and _wrapped(lines[-1], right, width)
    return PageText("\n\n".join(b for b in blocks if b), continues)


def join_pages(pages: Iterable[PageText]) -> str:
    """The pages' texts: a paragraph that goes on overleaf is kept to a single line break
    (which the normalizer joins), other pages are separated by a blank line.

    >>> join_pages([PageText("thực hiện Nghị quyết của Ban", True), PageText(""),
    ...             PageText("Chấp hành Trung ương")])
    'thực hiện Nghị quyết của Ban\\nChấp hành Trung ương'
    """
    out = ""
    continues = False
    for page in pages:
        if not page.text:
            continue
        out += ("\n" if continues else "\n\n") + page.text if out else page.text
        continues = page.continues
    return out


def vietnamese_share(text: str) -> float:
    """Share of the words that carry a letter outside ASCII (diacritics, đ).

    >>> vietnamese_share("Cộng hòa xã hội chủ nghĩa Việt Nam"), vietnamese_share("CONG HOA xA")
    (0.875, 0.0)
    """
    words = regex.findall(r"\p{L}+", text)
    if not words:
        return 0.0
    return sum(1 for w in words if not w.isascii()) / len(words)


def layer_problem(text: str) -> str | None:
    """Why a page's text layer cannot be used, or None when it can.

    >>> layer_problem(""), layer_problem("CONG HOA xA HQI CilU NGHIA VIVT NAM Dc lap Ty do")
    ('no text layer', 'text layer without Vietnamese diacritics')
    """
    letters = sum(1 for c in text if c.isalpha())
    if letters < MIN_LETTERS:
        return "no text layer"
    if vietnamese_share(text) < MIN_VIETNAMESE_SHARE:
        return "text layer without Vietnamese diacritics"
    return None


def pdfplumber_words(page) -> list[Word]:
    """A pdfplumber page's words."""
    return [Word(w["text"], w["x0"], w["x1"], w["top"], w["bottom"])
            for w in page.extract_words(keep_blank_chars=False, use_text_flow=False)
            if w.get("upright", True)]


def pdfium_words(page) -> list[Word]:
    """A pypdfium2 page's words, cut where pdfplumber cuts them (a space, or a jump of more
    than 3 points across or down), with the font's loose boxes: some ten times faster."""
    import pypdfium2.raw as pdfium_c

    height = page.get_height()
    textpage = page.get_textpage()
    words: list[Word] = []
    chars: list[tuple[str, float, float, float, float]] = []

    def flush() -> None:
        if chars:
            words.append(Word("".join(c[0] for c in chars), chars[0][1], chars[-1][2],
                              min(c[3] for c in chars), max(c[4] for c in chars)))
            chars.clear()

    for i in range(textpage.count_chars()):
        char = chr(pdfium_c.FPDFText_GetUnicode(textpage, i))
        if char.isspace() or pdfium_c.FPDFText_IsGenerated(textpage, i):
            flush()
            continue
        left, bottom, right, top = textpage.get_charbox(i, loose=True)
        top, bottom = height - top, height - bottom
        if chars and (left - chars[-1][2] > 3 or abs(top - chars[-1][3]) > 3):
            flush()
        chars.append((char, left, right, top, bottom))
    flush()
    textpage.close()
    return words


def _open(path: Path):
    """Open a PDF with pdfplumber, turning its failures into reasons a person can act on."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException
    from pdfplumber.utils.exceptions import PdfminerException

    with path.open("rb") as handle:
        head = handle.read(1024)
    if not head.strip():
        raise IngestError("empty file")
    if b"%PDF" not in head:
        raise IngestError("not a PDF (no %PDF header): another format with a .pdf name?")
    try:
        pdf = pdfplumber.open(path)
        pdf.pages  # noqa: B018 — the page tree is parsed here, where a damaged file fails
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise IngestError("encrypted PDF (password protected): cannot read its text") \
                from exc
        if isinstance(cause, (PDFSyntaxError, PSException)):
            raise IngestError(f"damaged or truncated PDF: {cause}") from exc
        raise IngestError(f"unreadable PDF: {cause}") from exc
    return pdf


def _body_pages(path: Path, pages: range) -> dict[int, PageText]:
    """The given pages (0-based) read through pypdfium2."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        raise IngestError(f"damaged or truncated PDF: {exc}") from exc
    try:
        return {k: page_text(pdfium_words(document[k])) for k in pages}
    finally:
        document.close()


def _layer_pages(path: Path) -> list[PageText]:
    """Every page's text layer: the first and the last page (the header, the closing) through
    pdfplumber; the pages between through pypdfium2, which gives the same words much faster
    (a test holds the two to the same text)."""
    from pdfminer.psparser import PSException

    pdf = _open(path)
    try:
        count = len(pdf.pages)
        body = _body_pages(path, range(1, count - 1))
        return [body[k] if k in body else page_text(pdfplumber_words(page))
                for k, page in enumerate(pdf.pages)]
    except (PSException, ValueError, KeyError, TypeError) as exc:
        raise IngestError(f"damaged or truncated PDF: {type(exc).__name__}: {exc}") from exc
    finally:
        pdf.close()


def pages_to_ocr(texts: Sequence[str], mode: str) -> list[int]:
    """Indices of the pages to OCR under the ``ocr`` option (auto | always | never).

    >>> pages_to_ocr(["Cộng hòa xã hội chủ nghĩa Việt Nam, độc lập, tự do, hạnh phúc", ""],
    ...              "auto")
    [1]
    """
    if mode == "always":
        return list(range(len(texts)))
    if mode == "never":
        return []
    return [k for k, text in enumerate(texts) if layer_problem(text) is not None]


def read_pdf(path: Path, options: ExtractOptions) -> Source:
    """Read a PDF: its text layer, and OCR for the pages that need it (per ``options.ocr``)."""
    pages = _layer_pages(path)
    if not pages:
        raise IngestError("PDF without pages")
    todo = pages_to_ocr([page.text for page in pages], options.ocr)
    confidence = None
    if todo:
        from . import ocr

        scanned = ocr.ocr_pdf_pages(path, [k + 1 for k in todo])
        for k, page in zip(todo, scanned):
            pages[k] = page.page
        confidence = ocr.mean_confidence(scanned)
    text = join_pages(pages)
    if not any(c.isalpha() for c in text):
        reason = layer_problem(text) or "no text"
        hint = " (run with --ocr auto to read the scan)" if options.ocr == "never" else ""
        raise IngestError(f"{reason} in the PDF{hint}")
    return Source(str(path), text, "ocr" if todo else "pdf", pages=len(pages),
                  ocr_confidence=confidence)
