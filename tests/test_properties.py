"""Properties that hold for any input: the pipeline never raises, offsets always hold,
normalization is idempotent."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kehoach.extract.normalize import (_MAYBE_DANGLING, _UNDECIDED, CHAR_SUSPECTS, MARKUP,
                                       SINGLE_CHARS, _break_run, _char_replacement, _decide,
                                       _fix_chars, _markup_replacement, _only_swaps,
                                       _plain_spacing, _strip_markup, _swap_in, normalize,
                                       rewrite)
from kehoach.extract.pipeline import extract_text
from kehoach.patterns.atoms import compile_pattern

# Fragments of real documents, recombined with noise, reach the grammar's corners faster than
# uniform text does.
FRAGMENTS = [
    "Quyết định số ", "217-QĐ/TW", " và ", "Quyết định số 218-QĐ/TW", " ngày 12 tháng 12 năm 2013",
    " của Bộ Chính trị", "Chỉ thị 33/CT-TTg", ", ngày 14/7/2015", " (khóa XI)", "Luật", "\n\n",
    "Tiếp công dân", " năm 2013", "Số: 2602 /KH-VP", "Tây Ninh, ngày 29 tháng 3 năm 2024",
    "KẾ HOẠCH", "**", "*", "|", "–", "Ð", "e\u0301", "giữa Ban Dân vận Huyện uỷ, ", "Các Công điện:",
    " số 007/CĐ-UBND", "; ", "TM. ỦY BAN NHÂN DÂN", "\nPhạm Văn Đìn", "Nơi nhận:\n- Sở Nội vụ;",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Văn bản này chưa cập nhật nội dung Tiếng Anh",
    "sửa đổi, bổ sung một số điều của ", "Ban Chỉ đạo ", "[1]", "&nbsp;", "\r\n", "\x00", "V/v ",
]
documents = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)),
                     max_size=40).map("".join)

# Line ends and line starts that the line-joining step tells apart.
LINE_FRAGMENTS = [
    "\n", "\n\n", "\n\n\n", " \n", "\n ", " ", "của", "Của", "CỦA", "trên địa bàn", "tỉnh;",
    "Tiếp công dân", "TỈNH ỦY", "KẾ HOẠCH", "GTGT", "a) ", "a)", "1.", "1. ", "2.1. ", "II. ",
    "(3) ", "(", "- ", "Điều 5", "điều 5", "ĐIỀU 5", "Chương II", "Phụ lục 2", "phụ lục", ".", ":",
    ";", ",", ")", "”", "%", "2025", "11/11/2025", "Số", "đİều 5", "ǅ", "ⓐ", "ĸ", "\u3000", "İ",
]
line_documents = st.lists(st.one_of(st.sampled_from(LINE_FRAGMENTS), st.text(max_size=4)),
                          max_size=60).map("".join)

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(documents)
def test_extraction_never_raises_and_offsets_hold(text: str) -> None:
    doc = extract_text(text)
    assert 0 <= doc.body_start <= doc.body_end <= len(doc.text)
    for c in doc.citations:
        assert doc.text[c.start:c.end] == c.mention
        assert 0 <= c.src_start <= c.src_end <= len(text)
        assert c.mention_index >= 0


@SETTINGS
@given(documents)
def test_offsets_map_back_in_order(text: str) -> None:
    norm = normalize(text)
    mapped = [norm.to_source(i) for i in range(len(norm.text) + 1)]
    assert all(0 <= m <= len(text) for m in mapped)
    assert mapped == sorted(mapped)


@SETTINGS
@given(documents)
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize(text).text
    assert normalize(once).text == once


@SETTINGS
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_arbitrary_unicode_never_raises(text: str) -> None:
    doc = extract_text(text)
    for c in doc.citations:
        assert doc.text[c.start:c.end] == c.mention


@SETTINGS
@given(line_documents)
def test_break_scan_agrees_with_join_decision(text: str) -> None:
    """Every run of line breaks the scan of the joining step decides (or leaves out, as kept
    as it is) gets what join_decision gives it."""
    pattern, outcomes = _break_run()
    claims = {m.start(): outcomes[m.lastindex] for m in pattern.finditer(text)}
    for run in re.finditer(r"[ ]*\n[ \n]*", text):
        claim = claims.get(text.index("\n", run.start()), run.group())
        decided = _decide(text, *run.span())
        if claim is _MAYBE_DANGLING:
            assert decided in (" ", "\n\n")
        elif claim is not _UNDECIDED:
            assert decided == claim, (run, text)


@SETTINGS
@given(documents)
def test_one_scan_markup_agrees_with_the_grammar(text: str) -> None:
    expected = rewrite(text, compile_pattern(MARKUP), lambda m: _markup_replacement(m[0]))
    assert _strip_markup(text)[:2] == expected


@SETTINGS
@given(documents)
def test_character_step_agrees_with_the_grammar(text: str) -> None:
    """Step 1 edits from the suspects only, as one alternation of its grammar would."""
    grammar = compile_pattern(rf"(?: {SINGLE_CHARS} | \P{{M}} \p{{M}}+ )")
    expected = rewrite(text, grammar, lambda m: _char_replacement(m[0]))
    suspects = [m.start() for m in re.finditer(CHAR_SUSPECTS, text)]
    assert _fix_chars(text, suspects) == expected


@SETTINGS
@given(st.lists(st.sampled_from(["–", "—", "-", "_", "=", "\\", "С", "Ð", "|", "**", " ", "\n",
                                 "a", "## ", "&amp;", "\u00a0"]), max_size=30).map("".join))
def test_swapped_characters_leave_the_markup_found(text: str) -> None:
    """When step 1 only swaps characters step 2 does not see, the markup found on the source
    stands: putting the swapped characters in gives what step 2 gives on step 1's output."""
    suspects = [m.start() for m in re.finditer(CHAR_SUSPECTS, text)]
    fixed, chars = _fix_chars(text, suspects)
    if chars is None or not _plain_spacing(text) or not _only_swaps(text, chars):
        return
    markup_text, markup, _ = _strip_markup(text)
    assert (_swap_in(markup_text, markup, fixed, chars), markup) == _strip_markup(fixed)[:2]
