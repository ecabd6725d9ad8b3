"""Reading DOCX files: paragraphs and tables in document order, then the footnotes.

The header of a Word document is usually a table of two cells (issuer and "Số: …" on the left;
motto, place and date on the right), and so is the closing (Nơi nhận | signature): each cell is
read whole, left before right, so the columns never interleave. Consecutive centred paragraphs
(header lines, a title printed over two paragraphs, the signature) stay on consecutive lines;
other paragraphs are separated by a blank line, as in the text exports.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

from ..models import ExtractOptions
from .ingest import IngestError, Source, column_order

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # an encrypted DOCX, or a legacy .doc, is an OLE container


def _alignment(paragraph) -> object:
    """The paragraph's alignment, inherited from its style chain when not set on it."""
    if paragraph.alignment is not None:
        return paragraph.alignment
    style = paragraph.style
    while style is not None:
        if style.paragraph_format.alignment is not None:
            return style.paragraph_format.alignment
        style = style.base_style
    return None


def _paragraph_text(element) -> str:
    """The text of a ``w:p``: its runs, tabs and breaks, hyperlinks and text boxes."""
    parts = []
    for node in element.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr", f"{W}p"):
        if node.tag == f"{W}t":
            parts.append(node.text or "")
        elif node.tag == f"{W}tab":
            parts.append("\t")
        elif node is not element:  # a break, or a paragraph of a text box inside this one
            parts.append("\n")
    return "".join(parts).strip()


def _cells(row) -> list:
    """The distinct cells of a table row, left to right (a merged cell once)."""
    seen: dict[int, object] = {}
    for cell in row.cells:
        seen.setdefault(id(cell._tc), cell)
    return list(seen.values())


def bullet_lists(document) -> frozenset[tuple[str, str]]:
    """(numId, level) of the numbered lists that print a bullet: Word keeps the "-" of a
    recipients list (Nơi nhận) in its numbering definitions, not in the text."""
    try:
        numbering = document.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return frozenset()
    formats = {
        (abstract.get(f"{W}abstractNumId"), level.get(f"{W}ilvl")):
            level.find(f"{W}numFmt").get(f"{W}val")
        for abstract in numbering.iter(f"{W}abstractNum")
        for level in abstract.iter(f"{W}lvl") if level.find(f"{W}numFmt") is not None}
    bullets = set()
    for num in numbering.iter(f"{W}num"):
        abstract = num.find(f"{W}abstractNumId")
        for (abstract_id, level), fmt in formats.items():
            if abstract is not None and abstract.get(f"{W}val") == abstract_id \
                    and fmt == "bullet":
                bullets.add((num.get(f"{W}numId"), level))
    return frozenset(bullets)


def _bullet(element, bullets: frozenset[tuple[str, str]]) -> str:
    """"- " for a paragraph of a bulleted list, else ""."""
    numbering = element.find(f"{W}pPr/{W}numPr")
    if numbering is None:
        return ""
    num, level = numbering.find(f"{W}numId"), numbering.find(f"{W}ilvl")
    key = (num.get(f"{W}val") if num is not None else None,
           level.get(f"{W}val") if level is not None else "0")
    return "- " if key in bullets else ""


def blocks(container, document,
           bullets: frozenset[tuple[str, str]] = frozenset()) -> Iterator[tuple[str, bool]]:
    """(text, centred) of each paragraph under a body or a cell, tables read cell by cell
    (row by row, left cell before right cell; a row of two cells in the order of
    :func:`~kehoach.extract.ingest.column_order`)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in container.iterchildren():
        if child.tag == f"{W}p":
            centred = _alignment(Paragraph(child, document)) == WD_ALIGN_PARAGRAPH.CENTER
            text = _paragraph_text(child)
            yield (_bullet(child, bullets) + text if text else ""), centred
        elif child.tag == f"{W}tbl":
            for row in Table(child, document).rows:
                cells = [list(blocks(cell._tc, document, bullets)) for cell in _cells(row)]
                if len(cells) == 2:
                    cells = column_order(*cells, text=lambda item: item[0])
                for cell in cells:
                    yield "", False
                    yield from cell
                yield "", False
        elif child.tag == f"{W}sdt":  # a content control wraps ordinary paragraphs
            content = child.find(f"{W}sdtContent")
            if content is not None:
                yield from blocks(content, document, bullets)


def join_blocks(items: list[tuple[str, bool]]) -> str:
    """Paragraphs joined: centred neighbours by a line break, the rest by a blank line; an
    empty paragraph only separates.

    >>> join_blocks([("KẾ HOẠCH", True), ("Thực hiện", True), ("năm 2024", True), ("", False),
    ...              ("Căn cứ …", False)])
    'KẾ HOẠCH\\nThực hiện\\nnăm 2024\\n\\nCăn cứ …'
    """
    out: list[str] = []
    prev_centred = False
    for text, centred in items:
        if not text:
            prev_centred = False
            continue
        if out:
            out.append("\n" if centred and prev_centred else "\n\n")
        out.append(text)
        prev_centred = centred
    return "".join(out)


def _footnotes(document) -> list[str]:
    """The footnotes' texts (the separator notes, ids -1 and 0, carry none)."""
    from lxml import etree

    for rel in document.part.rels.values():
        if rel.reltype == FOOTNOTES and not rel.is_external:
            root = etree.fromstring(rel.target_part.blob)
            return [text for note in root.iter(f"{W}footnote")
                    if int(note.get(f"{W}id", "0")) > 0
                    and (text := " ".join(_paragraph_text(p) for p in note.iter(f"{W}p")).strip())]
    return []


def _open(path: Path):
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    with path.open("rb") as handle:
        magic = handle.read(4)
    if magic == OLE_MAGIC:
        raise IngestError("encrypted DOCX or legacy Word .doc (OLE file): save it as .docx "
                          "without a password")
    try:
        return docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile) as exc:
        raise IngestError(f"not a DOCX file (damaged or truncated zip): {exc}") from exc


def read_docx(path: Path, options: ExtractOptions) -> Source:
    """Read a DOCX: body paragraphs and tables in order, footnotes after."""
    from lxml.etree import XMLSyntaxError

    try:
        document = _open(path)
        items = list(blocks(document.element.body, document, bullet_lists(document)))
        notes = _footnotes(document)
    except (KeyError, ValueError, AttributeError, XMLSyntaxError) as exc:
        # python-docx assumes a well-formed package: a part missing or malformed surfaces
        # as any of these.
        raise IngestError(f"damaged DOCX: {type(exc).__name__}: {exc}") from exc
    text = join_blocks(items + [("", False)] + [(note, False) for note in notes])
    if not any(c.isalpha() for c in text):
        raise IngestError("the DOCX holds no text")
    return Source(str(path), text, "docx")
