"""The header stage: a table of real cases (tests/cases/header.yaml), and its shortcuts (issue #8),
each of which finds what the plain reading it replaces finds."""

from __future__ import annotations

import sys

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from kehoach.extract.header import (_completes_head, _head_of, _is_caps, _recipient_lines,
                                     _signature)
from kehoach.extract.issuers import fold_tones
from kehoach.extract.pipeline import extract_text
from kehoach.patterns.header import (MOTTO_LAST_WORD, RECIPIENT_INITIALS, motto_pattern,
                                     recipients_pattern)
from kehoach.patterns.vocab import issuer_heads

from .support import best_seconds, case_params, load_cases

CASES = load_cases("header.yaml")


def _field(header, name: str):
    value = getattr(header, name)
    return value.iso() if name == "date" and value is not None else value


@pytest.mark.parametrize("case", case_params(CASES))
def test_header_case(case: dict) -> None:
    header = extract_text(case["text"], segment=False).header
    assert {name: _field(header, name) for name in case["expect"]} == case["expect"]


# Every character but the surrogates, for what case-insensitive matching takes for a letter.
EVERY_CHARACTER = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)


def test_recipient_initials_hold_every_case_of_the_first_letters() -> None:
    found = set(regex.findall(r"(?i)[nk]", EVERY_CHARACTER))
    assert found == set(RECIPIENT_INITIALS)


RECIPIENT_PARTS = ["\n", " ", "Nơi nhận", "NƠI NHẬN", "nơi Nhận", "Kính gửi", "\u212aính gửi",
                   ":", "x", "- Sở"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(RECIPIENT_PARTS), max_size=20).map("".join), st.data())
def test_recipient_lines_are_what_the_pattern_finds(text: str, data) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert [m.span() for m in _recipient_lines(text, start, end)] == [
        m.span() for m in recipients_pattern().finditer(text, start, end)]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["CỘNG", "HÒA", "XÃ", "HỘI", "CHỦ", "NGHĨA", "VIỆT", "NAM",
                                 "ĐẢNG", "SẢN", " ", "\n"]), max_size=20).map("".join))
def test_a_text_without_the_mottos_last_word_holds_no_motto(text: str) -> None:
    if motto_pattern().search(text) is not None:
        assert MOTTO_LAST_WORD in text


def _head_of_plainly(line: str):
    upper = fold_tones(line.upper())
    return next((h for h in issuer_heads()
                 if upper == h.head or upper.startswith(h.head + " ")), None)


HEAD_WORDS = sorted({w for h in issuer_heads() for w in h.head.split()})[:60] + ["X", "  "]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(HEAD_WORDS), max_size=6), st.lists(st.sampled_from(HEAD_WORDS),
                                                                    max_size=4))
def test_heads_are_read_as_the_list_of_heads_reads_them(first: list[str], then: list[str]) -> None:
    line, more = " ".join(first), " ".join(then)
    assert _head_of(line) == _head_of_plainly(line)
    prev, joined = fold_tones(line.upper()), fold_tones(f"{line} {more}".upper())
    assert _completes_head(line, more) == any(
        h.head.startswith(prev + " ") and joined.startswith(h.head) for h in issuer_heads())


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aAáÁ1 ǅⓐª.Đđ")), max_size=12))
def test_caps_lines_are_as_defined(line: str) -> None:
    letters = [c for c in line if c.isalpha()]
    assert _is_caps(line) == (len(letters) >= 2 and not any(c.islower() for c in letters))


def _signed_marks_seconds(marks: int) -> float:
    """Best of three timings of the signature reader on `marks` "(Đã ký)" on one line."""
    text = "(Đã ký)" * marks + " Nguyễn Văn A"
    return best_seconds(lambda: _signature(text, 0, len(text)))


def test_many_signed_marks_on_one_line_stay_linear() -> None:
    # Each mark once looked back to the start of its line.
    assert _signed_marks_seconds(64000) < 40 * _signed_marks_seconds(4000)
