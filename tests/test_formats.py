"""Every format analysts hold: the five sample plans rendered as a PDF with a text layer, as a
DOCX and as scanned pages must give what their text gives; real PDFs, scans and DOCX files
(../shared/fixtures) give the header a person reads; broken files become error rows.
"""

from __future__ import annotations

import functools
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kehoach.cli import EXIT_SOME_ERRORS, EXIT_USAGE, main
from kehoach.evaluate import score_citations
from kehoach.extract import ingest, ocr, pipeline, tables
from kehoach.extract.pdf import (
    Word, layer_problem, page_text, pdfium_words, pdfplumber_words, read_pdf,
)
from kehoach.models import Document, ErrorRecord, ExtractOptions

from .render import render_docx, render_pdf, render_scan
from .support import CORPUS, case_id, case_params, load_cases

SEEDS = sorted((CORPUS / "seeds").glob("*.txt"))
# OCR is slow (seconds a page): the scans are of the two shortest plans, eight pages.
SCANNED = ["001_6c74f44c9c07e9cc", "004_4f57c44d3ce82da0"]
FIXTURES = load_cases("formats_fixtures.yaml")
BAD = load_cases("formats_errors.yaml")



@pytest.fixture(scope="session")
def tesseract() -> None:
    """Skip when Tesseract or its Vietnamese model is absent (.ci/run installs both)."""
    try:
        ocr.check_tesseract()
    except ingest.IngestError as exc:
        pytest.skip(str(exc))


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("rendered")


def _extract(path: Path, options: ExtractOptions = ExtractOptions()) -> Document:
    result = pipeline.process_file(path, path.stem, options)
    assert isinstance(result, Document), result
    return result


@functools.cache
def _fixture(path: Path) -> Document:
    """A real file's extraction, once for all its rows (OCR takes seconds a page)."""
    return _extract(path)


def _cited(doc: Document) -> list[tuple]:
    """The distinct cited documents: ref, date, issuer (and type), in order of first mention."""
    return [(c.cited_ref, c.cited_type, c.cited_date, c.cited_issuer, c.cited_name)
            for c in doc.citations if c.mention_index == 0]


@pytest.mark.parametrize("render,kind", [(render_pdf, "pdf"), (render_docx, "docx")],
                         ids=["pdf", "docx"])
@pytest.mark.parametrize("seed", SEEDS, ids=[s.stem for s in SEEDS])
def test_rendered_plan_extracts_like_its_text(seed: Path, render: Callable, kind: str,
                                              rendered: Path) -> None:
    want = _extract(seed)
    path = render(seed.read_text(encoding="utf-8"), rendered / f"{seed.stem}.{kind}")
    got = _extract(path)
    assert got.header == want.header
    assert _cited(got) == _cited(want)
    assert got.source_kind == kind and got.ocr_confidence is None
    if kind == "pdf":
        assert got.pages is not None and got.pages >= 3
        # The page numbers printed at the top of pages 2+ are furniture, not text.
        assert not any(line.strip().isdigit() for line in got.text.splitlines())


@pytest.mark.parametrize("seed", SEEDS, ids=[s.stem for s in SEEDS])
def test_fast_path_reads_pages_like_pdfplumber(seed: Path, rendered: Path) -> None:
    """Body pages are read through pypdfium2: it must give pdfplumber's text, page by page."""
    import pdfplumber
    import pypdfium2

    path = render_pdf(seed.read_text(encoding="utf-8"), rendered / f"fast-{seed.stem}.pdf")
    with pdfplumber.open(path) as pdf:
        slow = [page_text(pdfplumber_words(page)) for page in pdf.pages]
    document = pypdfium2.PdfDocument(str(path))
    try:
        fast = [page_text(pdfium_words(document[k])) for k in range(len(document))]
    finally:
        document.close()
    assert fast == slow


@pytest.mark.ocr
def test_scanned_plans_keep_their_citations(tesseract, rendered: Path) -> None:
    docs = []
    for stem in SCANNED:
        seed = CORPUS / "seeds" / f"{stem}.txt"
        pdf = render_pdf(seed.read_text(encoding="utf-8"), rendered / f"scan-{stem}.pdf")
        scan = render_scan(pdf, rendered / f"{stem}.tif", dpi=200)
        doc = _extract(scan)
        assert doc.source_kind == "image" and doc.pages == 4
        assert doc.ocr_confidence is not None and doc.ocr_confidence > 80
        docs.append(doc)
    gold = pd.read_csv(CORPUS / "gold" / "citations.csv", dtype=str)
    score, merged = score_citations(tables.frames(docs)["citations"], gold, set(SCANNED))
    missed = merged[merged["_merge"] == "right_only"]["cited_ref_gold"].tolist()
    assert score.recall >= 0.95, f"{score.summary()}; missed {missed}"


@pytest.mark.ocr
def test_image_only_pdf_is_read_by_ocr_unless_told_not_to(tesseract, rendered: Path) -> None:
    seed = rendered / "first-page.txt"  # the header and first paragraph: one page to OCR
    seed.write_text(
        (CORPUS / "seeds" / f"{SCANNED[1]}.txt").read_text(encoding="utf-8")[:600],
        encoding="utf-8")
    pdf = render_pdf(seed.read_text(encoding="utf-8"), rendered / "text-layer.pdf")
    page = render_scan(pdf, rendered / "page1.png", dpi=200)
    scan = rendered / "image-only.pdf"
    from PIL import Image

    with Image.open(page) as image:
        image.save(scan, "PDF", resolution=200)
    doc = _extract(scan)
    want = _extract(seed).header
    assert doc.source_kind == "ocr" and doc.pages == 1 and doc.ocr_confidence > 80
    assert (doc.header.ref, doc.header.place, doc.header.date) == (want.ref, want.place,
                                                                    want.date)
    assert _extract(pdf).source_kind == "pdf"
    assert _extract(pdf, ExtractOptions(ocr="always")).source_kind == "ocr"


@pytest.mark.parametrize("case", case_params(FIXTURES))
def test_real_file_gives_the_header_a_person_reads(case: dict, shared_dir: Path,
                                                   request: pytest.FixtureRequest) -> None:
    if case["kind"] == "ocr":
        request.getfixturevalue("tesseract")
    doc = _fixture(shared_dir / "fixtures" / case["file"])
    assert doc.source_kind == case["kind"]
    for field, value in case["expect"].items():
        got = getattr(doc.header, field)
        got = got.iso() if field == "date" and got is not None else got
        got = list(got)[:len(value)] if isinstance(value, list) else got
        assert got == value, f"{field}: got {got!r}, want {value!r}"


def test_garbage_text_layer_is_detected(shared_dir: Path) -> None:
    """The scanner's own text layer of this file lost its diacritics: auto OCRs every page,
    never keeps the garbage (and says so through its kind)."""
    path = shared_dir / "fixtures" / "vietadmin_sgddt_danang_2019_cv.pdf"
    kept = read_pdf(path, ExtractOptions(ocr="never"))
    assert kept.kind == "pdf" and "CONG" in kept.text
    assert layer_problem(kept.text) == "text layer without Vietnamese diacritics"


# --- broken files ------------------------------------------------------------------------------

def _docx_bytes(tmp: Path) -> bytes:
    return render_docx((CORPUS / "seeds" / f"{SCANNED[1]}.txt").read_text(encoding="utf-8"),
                       tmp / "whole.docx").read_bytes()


def _png(size=(200, 100)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("L", size, 255).save(buffer, "PNG")
    return buffer.getvalue()


def _encrypted_pdf(tmp: Path) -> bytes:
    from fpdf import FPDF

    from .render import font_path

    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("dejavu", fname=font_path())
    pdf.set_font("dejavu", size=12)
    pdf.multi_cell(0, 6, "Thực hiện Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng.")
    pdf.set_encryption(owner_password="owner", user_password="user")
    return bytes(pdf.output())


def _image_pdf(tmp: Path) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("L", (850, 1100), 255).save(buffer, "PDF", resolution=100)
    return buffer.getvalue()


MAKERS: dict[str, Callable[[Path], bytes]] = {
    "truncated_pdf": lambda tmp: render_pdf(
        (CORPUS / "seeds" / f"{SCANNED[1]}.txt").read_text(encoding="utf-8"),
        tmp / "whole.pdf").read_bytes()[:3000],
    "encrypted_pdf": _encrypted_pdf,
    "html_as_pdf": lambda tmp: b"<html><body>404 Not Found</body></html>",
    "empty": lambda tmp: b"",
    "image_pdf": _image_pdf,
    "truncated_docx": lambda tmp: _docx_bytes(tmp)[:5000],
    "ole_docx": lambda tmp: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
    "html_as_docx": lambda tmp: b"<html><body>Quyet dinh</body></html>",
    "truncated_png": lambda tmp: _png()[:60],
    "html_as_jpg": lambda tmp: b"<html><body>404</body></html>",
    "blank_png": lambda tmp: _png(),
}


@pytest.mark.parametrize("case", [pytest.param(c, id=case_id(c)) for c in BAD])
def test_broken_file_becomes_an_error_row(case: dict, tmp_path: Path) -> None:
    path = tmp_path / case["name"]
    path.write_bytes(MAKERS[case["make"]](tmp_path))
    result = pipeline.process_file(path, options=ExtractOptions(ocr=case.get("ocr", "auto")))
    assert isinstance(result, ErrorRecord), result
    assert result.stage == "ingest"
    assert case["reason"] in result.error


def test_case_tables_are_sourced() -> None:
    for cases in (FIXTURES, BAD):
        assert all(c.get("id") and c.get("source") for c in cases)
        assert len({c["id"] for c in cases}) == len(cases)
    assert {c["make"] for c in BAD} == set(MAKERS)


def test_docx_zip_without_document_part_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "parts.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    result = pipeline.process_file(path)
    assert isinstance(result, ErrorRecord) and "DOCX" in result.error


@pytest.mark.parametrize("languages,expected", [
    (None, "apt-get install tesseract-ocr tesseract-ocr-vie"),
    (["eng", "osd"], "no Vietnamese model"),
], ids=["no-tesseract", "no-vie-model"])
def test_missing_ocr_names_what_to_install(monkeypatch, tmp_path: Path, languages,
                                           expected: str) -> None:
    import pytesseract

    def get_languages(config=""):
        if languages is None:
            raise pytesseract.TesseractNotFoundError()
        return languages

    monkeypatch.setattr(pytesseract, "get_languages", get_languages)
    ocr.check_tesseract.cache_clear()
    try:
        path = tmp_path / "scan.png"
        path.write_bytes(_png())
        result = pipeline.process_file(path)
    finally:
        monkeypatch.undo()
        ocr.check_tesseract.cache_clear()
    assert isinstance(result, ErrorRecord) and expected in result.error


# --- the command line --------------------------------------------------------------------------

def test_cli_reads_every_format_and_reports_broken_ones(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    text = (CORPUS / "seeds" / f"{SCANNED[1]}.txt").read_text(encoding="utf-8")
    render_pdf(text, folder / "plan.pdf")
    render_docx(text, folder / "plan.docx")
    (folder / "cut.pdf").write_bytes((folder / "plan.pdf").read_bytes()[:2000])
    out = tmp_path / "out"
    code = main(["extract", str(folder), "--out", str(out), "-j", "1", "-q", "--ocr", "never"])
    assert code == EXIT_SOME_ERRORS
    documents = pd.read_csv(out / "documents.csv", dtype=str)
    assert sorted(documents["source_kind"]) == ["docx", "pdf"]
    assert "ocr_confidence" in documents.columns
    assert documents["ref"].nunique() == 1
    errors = pd.read_csv(out / "errors.csv")
    assert errors["path"].str.endswith("cut.pdf").all() and len(errors) == 1


def test_cli_refuses_an_unknown_ocr_mode(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["extract", "--ocr", "sometimes"])
    assert exit_info.value.code == EXIT_USAGE
    assert "--ocr" in capsys.readouterr().err


# --- layout properties -------------------------------------------------------------------------

WORDS = st.text(alphabet="abcdeghiklmnoprstuvxyđâêôơưăáàảãạ", min_size=1, max_size=8)


@st.composite
def pages(draw) -> list[Word]:
    """Words on a page: rows of words at random places, some rows in two columns."""
    words = []
    for row in range(draw(st.integers(1, 25))):
        top = 40 + row * draw(st.sampled_from([14, 16, 24]))
        x = draw(st.floats(50, 120))
        for _ in range(draw(st.integers(1, 8))):
            text = draw(WORDS)
            words.append(Word(text, x, x + 6 * len(text), top, top + 12))
            x += 6 * len(text) + draw(st.sampled_from([3, 4, 40, 120]))
    return words


@settings(max_examples=150, deadline=None)
@given(pages())
def test_layout_keeps_every_word_once(words: list[Word]) -> None:
    text = page_text(words).text
    assert sorted(text.split()) == sorted(w.text for w in words)
