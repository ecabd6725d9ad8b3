"""Render a plain-text plan as an analyst receives it: a PDF with a text layer, a DOCX, or
scanned page images, each laid out like a Vietnamese administrative document (header and
closing in two columns). Used by tests/test_formats.py and bench/bench_formats.py.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from kehoach.extract.normalize import normalize
from kehoach.patterns.header import number_line_pattern, place_date_pattern

MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


@dataclass(frozen=True)
class Layout:
    """A document cut into the parts a printed page places differently."""

    left_head: list[str]  # issuer lines and "Số: …" (left column of the header)
    right_head: list[str]  # motto, place and date (right column)
    body: list[str]  # paragraphs, lines inside one separated by "\n"
    recipients: list[str]  # "Nơi nhận:" and its list (left column of the closing)
    signature: list[str]  # authority, title, name (right column of the closing)


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and not any(c.islower() for c in letters)


def layout(text: str) -> Layout:
    """Cut a plan's text (markdown allowed) into header columns, body and closing columns."""
    paragraphs = [p.strip() for p in normalize(text).text.split("\n\n") if p.strip()]
    left, right = [], list(MOTTO)
    while paragraphs and (number_line_pattern().match(paragraphs[0])
                          or place_date_pattern().match(paragraphs[0])):
        (left if number_line_pattern().match(paragraphs[0]) else right).append(
            paragraphs.pop(0))
    closing = next((k for k, p in enumerate(paragraphs) if p.startswith("Nơi nhận")),
                   len(paragraphs))
    body, tail = paragraphs[:closing], paragraphs[closing:]
    split = next((k for k, p in enumerate(tail) if _is_caps(p)), len(tail))
    return Layout(left, right, body, tail[:split], tail[split:])


def font_path() -> str:
    """DejaVu Sans (it has every Vietnamese glyph), as shipped with matplotlib."""
    from matplotlib import font_manager

    return font_manager.findfont("DejaVu Sans", fallback_to_default=False)


def render_pdf(text: str, path: Path, size: float = 12) -> Path:
    """A PDF with a text layer: justified body, page numbers at the top from page 2."""
    from fpdf import FPDF

    class Page(FPDF):
        def header(self) -> None:
            if self.page_no() > 1:
                self.set_font("dejavu", size=size)
                self.cell(0, 8, str(self.page_no()), align="C")
                self.ln(12)

    pdf = Page(format="A4")
    pdf.set_margins(25, 20, 20)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_font("dejavu", fname=font_path())
    pdf.set_font("dejavu", size=size)
    line = size * 0.5  # mm: a pitch of 1.4 times the font size
    pdf.add_page()
    doc = layout(text)

    def columns(left: list[str], right: list[str]) -> None:
        top = pdf.get_y()
        pdf.set_xy(25, top)
        pdf.multi_cell(70, line, "\n".join(left), align="C")
        bottom = pdf.get_y()
        pdf.set_xy(100, top)
        pdf.multi_cell(90, line, "\n".join(right), align="C")
        pdf.set_y(max(bottom, pdf.get_y()) + line)

    columns(doc.left_head, doc.right_head)
    for paragraph in doc.body:
        align = "C" if _is_caps(paragraph.split("\n")[0]) and len(paragraph) < 120 else "J"
        pdf.multi_cell(0, line, paragraph, align=align)
        pdf.ln(line * 0.6)
    if doc.recipients or doc.signature:
        if pdf.get_y() > pdf.h - 80:
            pdf.add_page()
        columns(["\n".join(doc.recipients)], ["\n".join(doc.signature)])
    pdf.output(str(path))
    return path


def render_docx(text: str, path: Path) -> Path:
    """A DOCX: the header and the closing as two-cell tables, lines of one paragraph kept
    apart by line breaks."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = docx.Document()
    doc = layout(text)

    def add(container, text: str, align) -> None:
        paragraph = container.add_paragraph()
        paragraph.alignment = align
        for k, part in enumerate(text.split("\n")):
            run = paragraph.add_run()
            if k:
                run.add_break()
            run.add_text(part)

    def two_cells(left: list[str], right: list[str]) -> None:
        cells = document.add_table(rows=1, cols=2).rows[0].cells
        for cell, lines in zip(cells, (left, right)):
            cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
            for item in lines:
                add(cell, item, WD_ALIGN_PARAGRAPH.CENTER)

    two_cells(doc.left_head, doc.right_head)
    for paragraph in doc.body:
        centred = _is_caps(paragraph.split("\n")[0]) and len(paragraph) < 120
        add(document, paragraph,
            WD_ALIGN_PARAGRAPH.CENTER if centred else WD_ALIGN_PARAGRAPH.JUSTIFY)
    if doc.recipients or doc.signature:
        two_cells(doc.recipients, doc.signature)
    document.save(str(path))
    return path


def render_scan(pdf: Path, path: Path, dpi: int = 300, angle: float = 0.6,
                blur: float = 0.7, quality: int = 60) -> Path:
    """Page images of a PDF as a scanner gives them: rasterized, slightly rotated, blurred and
    JPEG-compressed, saved as one multi-page TIFF (or one image when `path` is .png/.jpg)."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageFilter

    pages = []
    document = pdfium.PdfDocument(str(pdf))
    for k in range(len(document)):
        image = document[k].render(scale=dpi / 72).to_pil().convert("L")
        image = image.rotate(angle * (1 if k % 2 else -1), resample=Image.BICUBIC,
                             expand=True, fillcolor=255)
        image = image.filter(ImageFilter.GaussianBlur(blur))
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=quality)
        pages.append(Image.open(io.BytesIO(buffer.getvalue())))
    document.close()
    if path.suffix.lower() in (".tif", ".tiff"):
        pages[0].save(path, save_all=True, append_images=pages[1:], dpi=(dpi, dpi))
    else:
        pages[0].save(path, dpi=(dpi, dpi))
    return path
