"""The spaCy component: spans written, values that survive serialization, displaCy, entry point."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

spacy = pytest.importorskip("spacy")

from spacy import displacy  # noqa: E402
from spacy.tokens import Doc, DocBin  # noqa: E402

import kehoach  # noqa: E402
from kehoach.models import Assignment, PartialDate, Target  # noqa: E402
from kehoach.spacy_component import (  # noqa: E402
    VI_CONFIG, blank_vi, dates_found, targets_found, units_found,
)

from .support import CORPUS  # noqa: E402

SEED = CORPUS / "seeds" / "000_a863b09b55c419f3.txt"
KEYS = ("kehoach_citations", "kehoach_dates", "kehoach_targets", "kehoach_units")


@pytest.fixture(scope="module")
def nlp():
    nlp = blank_vi()
    nlp.add_pipe("kehoach")
    return nlp


@pytest.fixture(scope="module")
def seed_doc(nlp) -> Doc:
    return nlp(SEED.read_text(encoding="utf-8"))


def _spans(doc: Doc) -> dict[str, list[tuple]]:
    return {key: [(s.start, s.end, s.label_, s.kb_id_, s.id_, s._.kehoach, s._.kehoach_date)
                  for s in doc.spans[key]] for key in KEYS}


def test_citations_become_spans_with_their_fields(seed_doc: Doc) -> None:
    document = kehoach.extract_file(SEED)
    spans = seed_doc.spans["kehoach_citations"]
    assert len(spans) == len(document.citations)
    for span, c in zip(spans, document.citations):
        assert span.kb_id_ == (c.cited_ref or c.cited_name)
        assert span.label_ == ("CITATION" if c.cited_ref else "LAW")
        # the source file is the doc's text: the span covers the mention's source offsets
        assert span.start_char <= c.src_start < c.src_end <= span.end_char
        fields = span._.kehoach
        assert fields["cited_ref"] == c.cited_ref
        assert fields["cited_date"] == (c.cited_date.iso() if c.cited_date else None)
    by_ref = {s.kb_id_: s._.kehoach for s in spans}
    assert by_ref["114-KL/TW"]["cited_date"] == "2015-07-14"  # corpus/gold/citations.csv


def test_targets_and_units_of_a_seed(seed_doc: Doc) -> None:
    document = kehoach.extract_file(SEED)
    targets = seed_doc.spans["kehoach_targets"]
    assert [s._.kehoach["value"] for s in targets] == [t.value for t in document.targets]
    units = seed_doc.spans["kehoach_units"]
    assert units and len(units) <= len(document.assignments)
    for span in units:
        assert span._.kehoach["unit"] in span.text and span.kb_id_ == span._.kehoach["unit_key"]


# Dates in running text: real phrases of the seeds and the dev corpus, and what must not match.
DATES = [
    {"id": "numeric-after-ngay", "source": "seed 000", "text": "ngày 14/7/2015 của Ban Bí thư",
     "dates": ["2015-07-14"]},
    {"id": "words", "source": "seed 000", "text": "Tây Ninh, ngày 29 tháng 3 năm 2024",
     "dates": ["2024-03-29"]},
    {"id": "blank-day", "source": "seed 002", "text": "Ia Pa, ngày   tháng 4 năm 2022",
     "dates": ["2022-04"]},
    {"id": "dotted", "source": "dev corpus", "text": "ban hành ngày 25.02.2021", "dates":
     ["2021-02-25"]},
    {"id": "ref-with-year-is-not-a-date", "source": "seed 000",
     "text": "Nghị định số 59/2023/NĐ-CP ngày 14/8/2023", "dates": ["2023-08-14"]},
    {"id": "impossible-day", "source": "variant", "text": "ngày 31/2/2020", "dates": []},
    {"id": "inside-longer-number", "source": "variant", "text": "mã 1/14/7/2015/x", "dates": []},
]


@pytest.mark.parametrize("case", DATES, ids=[c["id"] for c in DATES])
def test_dates(case: dict, nlp) -> None:
    assert [f.kb_id for f in dates_found(case["text"])] == case["dates"]
    doc = nlp(case["text"])
    assert [s._.kehoach_date.iso() for s in doc.spans["kehoach_dates"]] == case["dates"]


def test_targets_and_units_come_from_the_records() -> None:
    # an assignment's offsets are its task's; the unit is printed before it
    text = "Phấn đấu 100% công chức được học tập; Văn phòng UBND tỉnh chủ trì thực hiện."
    document = kehoach.extract_text(text)
    value = text.index("100%")
    task = text.index("thực hiện")
    document = replace(document, targets=(
        Target("100", "%", None, "công chức", None, text, value, text.index(";")),),
        assignments=(Assignment("Văn phòng UBND tỉnh", "van_phong_ubnd_tinh", "chủ trì",
                                "thực hiện", None, None, task, len(text) - 1),
                     Assignment("Sở Nội vụ", "so_noi_vu", "phối hợp", "thực hiện", None, None,
                                task, len(text) - 1)))
    (target,) = targets_found(document)
    (found,) = units_found(document)  # "Sở Nội vụ" is not printed: no span
    assert (target.label, target.kb_id, text[target.start:target.end]) == (
        "TARGET", "100 %", "100% công chức được học tập")
    assert (found.label, found.kb_id, text[found.start:found.end]) == (
        "UNIT", "van_phong_ubnd_tinh", "Văn phòng UBND tỉnh")
    assert found.fields["role"] == "chủ trì"


def test_offsets_map_back_through_normalization(nlp) -> None:
    # markdown emphasis is removed by normalize: the span must still land on the source
    doc = nlp("Thực hiện **Chỉ thị số 33/CT-TTg** ngày 26/11/2021 của Thủ tướng Chính phủ về.")
    (span,) = doc.spans["kehoach_citations"]
    assert "33/CT-TTg" in span.text and span.kb_id_ == "33/CT-TTg"
    (date,) = doc.spans["kehoach_dates"]
    assert date.text == "26/11/2021" and date._.kehoach_date == PartialDate(2021, 11, 26)


def test_spans_and_values_survive_docbin(nlp, seed_doc: Doc) -> None:
    before = _spans(seed_doc)
    assert all(before[key] for key in ("kehoach_citations", "kehoach_dates"))
    data = DocBin(docs=[seed_doc], store_user_data=True).to_bytes()
    fresh = blank_vi()  # a new vocab: strings travel in the DocBin
    (restored,) = DocBin(store_user_data=True).from_bytes(data).get_docs(fresh.vocab)
    assert _spans(restored) == before


def test_spans_survive_docbin_without_user_data(seed_doc: Doc) -> None:
    data = DocBin(docs=[seed_doc]).to_bytes()
    (restored,) = DocBin().from_bytes(data).get_docs(blank_vi().vocab)
    for key in KEYS:
        got = [(s.start, s.end, s.label_, s.kb_id_, s._.kehoach_date) for s in restored.spans[key]]
        assert got == [(s.start, s.end, s.label_, s.kb_id_, s._.kehoach_date)
                       for s in seed_doc.spans[key]]
    assert all(s._.kehoach is None for s in restored.spans["kehoach_citations"])


def test_spans_survive_to_bytes(seed_doc: Doc) -> None:
    restored = Doc(blank_vi().vocab).from_bytes(seed_doc.to_bytes())
    assert _spans(restored) == _spans(seed_doc)


def test_displacy_shows_the_spans(seed_doc: Doc) -> None:
    citations = displacy.render(seed_doc, style="span",
                                options={"spans_key": "kehoach_citations"})
    assert "CITATION" in citations and "LAW" in citations and "114-KL/TW" in citations
    dates = displacy.render(seed_doc, style="span", options={"spans_key": "kehoach_dates"})
    assert "DATE" in dates and "14/7/2015" in dates


def test_factory_is_found_through_the_entry_point() -> None:
    """A fresh interpreter that never imports kehoach still finds the "kehoach" factory."""
    code = ("import spacy; nlp = spacy.blank('vi', config=%r); nlp.add_pipe('kehoach'); "
            "doc = nlp('Thực hiện Kết luận số 114-KL/TW ngày 14/7/2015 của Ban Bí thư về.'); "
            "print([s.kb_id_ for s in doc.spans['kehoach_citations']])" % (VI_CONFIG,))
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['114-KL/TW']"


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="ngàyth 0123456789/.-*\nSốKLCTg", max_size=60))
def test_any_text_gets_spans_inside_it(nlp, text: str) -> None:
    doc = nlp(text)
    for key in KEYS:
        for span in doc.spans[key]:
            assert 0 <= span.start_char < span.end_char <= len(text)
            assert span._.kehoach is not None


def test_spans_prefix_is_configurable() -> None:
    nlp = spacy.blank("vi", config=VI_CONFIG)
    nlp.add_pipe("kehoach", config={"spans_prefix": "kh"})
    doc = nlp("Thực hiện Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ về.")
    assert [s.kb_id_ for s in doc.spans["kh_citations"]] == ["33/CT-TTg"]
    assert "kehoach_citations" not in doc.spans
