"""The relations stage looks for its verbs with ``str.find`` in the lower-cased text instead of
scanning with case-insensitive patterns (issue #8): it must find what they find."""

from __future__ import annotations

import sys

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from kehoach.extract.relations import lowered, word_matches
from kehoach.patterns.relations import EFFECTIVE_WORD, effective_pattern, trigger_patterns


def _every_character() -> str:
    return "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)


def test_lowering_keeps_every_character_the_patterns_take_for_a_word_letter() -> None:
    """Whatever character a case-insensitive pattern matches for a letter of a word looked for
    is that letter once lower-cased, or lower-casing changes the length and the text is
    scanned instead."""
    everything = _every_character()
    words = [word for word, _ in trigger_patterns()] + [EFFECTIVE_WORD]
    for letter in set("".join(words)):
        for m in regex.finditer(f"(?i){regex.escape(letter)}", everything):
            assert lowered(m.group(), 0, 1) in (letter, None), hex(ord(m.group()))


PIECES = ["thay", "THAY", "Thay", "tHay", "thế", "THẾ", "bãi", "BÃI", "Bãi", "bỏ", "BỎ", "sửa",
          "Sửa", "SỬA", "ſửa", "đổi", "ĐỔI", ",", " ", "  ", "\n", "bổ", "sung", "hết", "HẾT",
          "hiệu", "lực", "LỰC", "x", "İ", "Quyết định", "này", "NÀY", "có", "kể từ ngày", "ký",
          "1"]


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=14), st.integers(0, 30), st.integers(0, 90))
def test_verbs_found_by_their_words_are_those_a_scan_finds(pieces: list[str], start: int,
                                                           end: int) -> None:
    text = "".join(pieces)
    start, end = min(start, len(text)), min(max(start, end), len(text))
    low = lowered(text, start, end)
    patterns = [*trigger_patterns(), (EFFECTIVE_WORD, effective_pattern())]
    for word, pattern in patterns:
        want = [m.span() for m in pattern.finditer(text, start, end)]
        assert [m.span() for m in word_matches(pattern, word, text, low, start, end)] == want
