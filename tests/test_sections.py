"""The section tree: a table of outline cases, and the outline of two seeds in full."""

from __future__ import annotations

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from kehoach.extract.normalize import normalize
from kehoach.extract.pipeline import extract_text
from kehoach.extract.structure import (TRAILER_HEADING, TRAILER_NOTICES, _markers,
                                       _search_lines, _trailer_heading_patterns, _trailer_start,
                                       find_sections, section_at, title_at)
from kehoach.patterns.atoms import compile_pattern
from kehoach.patterns.sections import (ATTACHMENT, OUTLINE_END, attachment_patterns,
                                       marker_after_break_pattern, marker_pattern,
                                       marker_style_pattern, outline_end_patterns)

from .support import CORPUS, case_id, load_cases

CASES = load_cases("sections.yaml")

# The outline of seed 000 as printed (headings only: its items carry no marker deeper than 2).
SEED_000 = [
    ("I", None, "MỤC ĐÍCH, YÊU CẦU"), ("I.1", "I", "Mục đích"), ("I.2", "I", "Yêu cầu"),
    ("II", None, "NỘI DUNG THỰC HIỆN"), ("II.1", "II", None), ("II.2", "II", None),
    ("II.3", "II", "Gắn thực hiện công tác dân vận chính quyền với thực hiện dân chủ ở cơ sở"),
    ("II.3.-1", "II.3", None), ("II.4", "II", None),
    ("III", None, "MỘT SỐ CHỈ TIÊU CỤ THỂ NĂM 2024"), ("III.1", "III", None),
    ("III.2", "III", None), ("III.3", "III", None), ("III.4", "III", None),
    ("III.5", "III", None),
    ("IV", None, "TỔ CHỨC THỰC HIỆN"), ("IV.1", "IV", "Các biện pháp thực hiện"),
    ("IV.2", "IV", "Phân công nhiệm vụ"),
]

# Seed 002: bold markers ("**1.**") and markdown heading levels that disagree with the numbering.
SEED_002 = [
    ("I", None, "MỤC ĐÍCH, YÊU CẦU"), ("I.1", "I", "Mục đích"), ("I.2", "I", "Yêu cầu"),
    ("II", None, "NỘI DUNG"), *[(f"II.{n}", "II", None) for n in range(1, 10)],
    ("III", None, "TỔ CHỨC THỰC HIỆN"), ("III.1", "III", "Phòng Nội vụ huyện"),
    ("III.2", "III", "Thanh tra huyện"),
    ("III.3", "III", "Phòng Văn hoá - Thông tin và Trung tâm VH TT - Thể thao huyện"),
    ("III.4", "III", "Thủ trưởng các cơ quan, đơn vị, Chủ tịch UBND các xã"),
]


@pytest.mark.parametrize("case", [pytest.param(c, id=case_id(c)) for c in CASES])
def test_outline_case(case: dict) -> None:
    text = normalize(case["text"]).text
    got = [[s.section, s.parent, s.title] for s in find_sections(text)]
    assert got == case["expect"]


def test_case_table_is_sourced() -> None:
    assert all(c.get("source") and c.get("id") for c in CASES)
    assert len({c["id"] for c in CASES}) == len(CASES)


@pytest.mark.parametrize("doc_id, expected", [("000_a863b09b55c419f3", SEED_000),
                                              ("002_01486d628d01352f", SEED_002)])
def test_seed_outline(doc_id: str, expected: list) -> None:
    doc = extract_text((CORPUS / "seeds" / f"{doc_id}.txt").read_text("utf-8"))
    got = [(s.section, s.parent, s.title) for s in doc.sections]
    assert [g[:2] for g in got] == [e[:2] for e in expected]
    for g, e in zip(got, expected):
        if e[2] is not None:
            assert g[2] == e[2]


def test_sections_nest_and_hold_their_records() -> None:
    doc = extract_text((CORPUS / "seeds" / "003_b88cd6016f9f002f.txt").read_text("utf-8"))
    by_id = {s.section: s for s in doc.sections}
    for s in doc.sections:
        assert 0 <= s.start < s.end <= len(doc.text)
        if s.parent is not None:
            parent = by_id[s.parent]
            assert parent.start < s.start and s.end <= parent.end
    for record in (*doc.citations, *doc.targets, *doc.assignments):
        assert record.section == section_at(doc.sections, record.start)
    assert {c.section for c in doc.citations} >= {"II.1.-1", "III.4"}


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("IVX1.2a)(-+ \nMỤC tiêu")), max_size=80))
def test_outline_never_raises_and_offsets_hold(text: str) -> None:
    sections = find_sections(text)
    assert len({s.section for s in sections}) == len(sections)
    for s in sections:
        assert 0 <= s.start <= s.end <= len(text)


# Line starts that the two marker patterns tell apart.
MARKER_LINES = ["\n", "\n\n", " ", "I. ", "IV) ", "1.", "1.2. ", "a) ", "đ.", "(3) ", "(b) ", "- ",
                "• ", "Điều 5", "Điều 5 ", "Điều 5. ", "Chương II", "MỤC 3:", "Phần I", "Tổ chức",
                "của", "ǅ", "𝐀", "\u3000", "x", "2", "0.", "X", "C", "(", ")", "*"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(MARKER_LINES), max_size=40).map("".join),
       st.integers(0, 20), st.integers(0, 20))
def test_marker_scan_finds_what_marker_pattern_finds(text: str, start: int, cut: int) -> None:
    start, end = min(start, len(text)), max(min(start, len(text)), len(text) - cut)
    expected = [(m.groups(), m.start("marker"), m.end())
                for m in marker_pattern().finditer(text, start, end)]
    assert [(m.groups(), m.start("marker"), m.end())
            for m in _markers(text, start, end)] == expected


def test_marker_patterns_number_their_groups_alike() -> None:
    assert marker_pattern().groupindex == marker_after_break_pattern().groupindex


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(MARKER_LINES), max_size=40).map("".join))
def test_a_markers_text_says_its_style(text: str) -> None:
    """The style is read from the marker's text alone (and kept by text): the style groups of
    marker_style_pattern() on that text are those of the marker's match."""
    names = list(marker_style_pattern().groupindex)
    for m in marker_pattern().finditer(text):
        alone = marker_style_pattern().fullmatch(m.group("marker"))
        assert alone is not None and alone.group(*names) == m.group(*names)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(MARKER_LINES), max_size=30).map("".join), st.integers(0, 10))
def test_title_at_is_the_title_of_marker_pattern(text: str, cut: int) -> None:
    end = max(0, len(text) - cut)
    for pos in range(end + 1):
        m = marker_pattern().match(text, pos, end)
        assert title_at(text, pos, end) == (m.span("title") if m else None)


# Lines the outline's and the trailer's line patterns tell apart.
LINE_PARTS = ["\n", " ", "  ", "Nơi nhận", "NƠI NHẬN", "Trên đây là", "KẾ HOẠCH", "PHỤ LỤC",
              "Văn bản liên quan", "Lược đồ", "x", ":", "\r"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(LINE_PARTS), max_size=25).map("".join), st.data())
def test_line_searches_find_what_the_anchored_patterns_find(text: str, data) -> None:
    """The searches from line breaks find the first match of the pattern anchored at line
    starts ("^") that the `regex` engine would find."""
    pos = data.draw(st.integers(0, len(text)))
    endpos = data.draw(st.integers(pos, len(text)))
    for line, patterns in ((OUTLINE_END, outline_end_patterns()),
                           (ATTACHMENT, attachment_patterns()),
                           (TRAILER_HEADING, _trailer_heading_patterns())):
        m = compile_pattern(rf"(?m: ^ ) {line}").search(text, pos, endpos)
        assert _search_lines(patterns, text, pos, endpos) == (m.span() if m else None)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([*LINE_PARTS, *TRAILER_NOTICES]), max_size=20).map("".join),
       st.data())
def test_trailer_starts_at_the_first_notice_or_heading(text: str, data) -> None:
    start = data.draw(st.integers(0, len(text)))
    trailer = compile_pattern(rf"""{" | ".join(regex.escape(n) for n in TRAILER_NOTICES)}
                                   | (?m: ^ ) {TRAILER_HEADING}""")
    m = trailer.search(text, start, len(text))
    assert _trailer_start(text, start, len(text)) == (m.start() if m else None)
