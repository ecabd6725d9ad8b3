"""The citation stage's shortcuts find what the plain grammar finds: references read from their
separators, the words before a reference in one backwards match, the clues that spare the
fuzzy type-word search (issue #8)."""

from __future__ import annotations

import random

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from kehoach.extract.citations import _date_of, _fuzzy_type_possible, iter_refs, printed_date
from kehoach.patterns.atoms import compile_pattern
from kehoach.patterns.citations import (
    FORM_BEFORE, SO_BEFORE, before_ref_pattern, date_after_pattern, fuzzy_type_before_pattern,
    ref_pattern, type_before_pattern,
)
from kehoach.patterns.vocab import type_names

# Pieces references, dates and codes are made of, and what stands around them.
REF_PIECES = ["1", "2", "0", "12", "2023", "1999", "/", "/", "-", "-", " ", " ", "QĐ", "KL", "TW",
              "UBND", "CP", "TTg", "số", "Số", "SỐ", "a", "x", ":", ".", "Đ", "NĐ", "V.I", "&",
              "QH15", "\n", "đ", "ố"]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(REF_PIECES), max_size=16), st.integers(0, 40),
       st.integers(0, 80))
def test_refs_read_from_separators_are_those_the_grammar_finds(pieces: list[str], start: int,
                                                               end: int) -> None:
    text = "".join(pieces)
    start, end = min(start, len(text)), min(max(start, end), len(text))
    want = [(m.start(), m.end(), *m.group("number", "year", "state", "party"))
            for m in ref_pattern().finditer(text, start, end)]
    assert list(iter_refs(text, start, end)) == want


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(list(type_names()) + ["Mẫu", "Biểu", "Phụ lục", "và", "tại", "Điều"]),
       st.sampled_from(["", "số", "SỐ", "so", "số:", "số :"]), st.sampled_from(["", " ", "  "]),
       st.sampled_from(["", "theo ", "x", "\n", "các "]), st.booleans())
def test_one_backwards_match_is_the_three_it_replaces(word: str, so: str, space: str,
                                                      lead: str, upper: bool) -> None:
    before = lead + (word.upper() if upper else word) + space + so + space
    form = compile_pattern(FORM_BEFORE, regex.REVERSE).search(before)
    typed = type_before_pattern().search(before)
    alone = compile_pattern(SO_BEFORE, regex.REVERSE).search(before)
    m = before_ref_pattern().search(before)
    if form:
        assert m.group("form") is not None
    elif typed:
        assert (m.start(), m.group("type")) == (typed.start(), typed.group("type"))
    elif alone:
        assert (m.start(), m.group("so")) == (alone.start(), alone.group("so"))
    else:
        assert m is None


def _one_error(name: str, rng: random.Random) -> str:
    i = rng.randrange(len(name))
    return name[:i] + rng.choice("aăâeêioôơuưyđ ̣xQ1") + name[i + 1:]


def test_fuzzy_clues_never_miss_a_type_word_with_one_error() -> None:
    rng = random.Random(8)
    names = [n for n in type_names() if len(n) >= 7]
    for _ in range(4000):
        name = _one_error(rng.choice(names), rng)
        if rng.random() < 0.3:
            name = name.replace(" ", rng.choice(["\n", "  ", " \n "]), 1)
        before = rng.choice(["", "theo ", "Căn cứ\n", "x"]) + name + rng.choice(
            [" ", "  ", " \n"]) + rng.choice(["số", "SỐ", "so"]) + rng.choice(["", " ", " : "])
        m = fuzzy_type_before_pattern().search(before)
        if m is not None:
            assert _fuzzy_type_possible(before, m.start("so")), before


@settings(max_examples=1500, deadline=None)
@given(st.sampled_from(["", " ", ", ", " (", ",\n", " ban hành ", " được ban hành "]),
       st.sampled_from(["ngày", "Ngày", "NGÀY", "ngay"]), st.sampled_from([" ", "  ", "\n"]),
       st.sampled_from(["14/7/2015", "31/02/2024", "09-01-2015", "25.02.2021", "1/13/2020",
                        "12 tháng 12 năm 2013", "… tháng 02 năm 2024", "tháng 4 năm 2022",
                        "05 THÁNG 3 NĂM 2021", "00 tháng 5 năm 2024", "32.5.2024"]), st.booleans())
def test_a_date_is_read_from_its_date_alone(lead: str, ngay: str, space: str, date: str,
                                            year_only: bool) -> None:
    """What the whole phrase printed gave (after its last "("), its date alone gives."""
    text = lead + (f"năm {date[-4:]}" if year_only else f"{ngay}{space}{date}") + " của"
    m = date_after_pattern().match(text)
    if m is not None:
        printed = m.group(0)
        assert _date_of(m) == printed_date(printed.split("(")[-1] if "(" in printed else printed)
