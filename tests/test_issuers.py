"""Reading an issuer's name: the shortcuts taken for speed (issue #8) read what the whole line
reads."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kehoach.extract.issuers import (
    BODY_HEAD_WORDS, LEVELS, OPEN_NAMES, _read_line, _read_words, _tokens, read_issuer,
)

# Words issuer phrases and what follows them are made of.
WORDS = ["UBND", "tỉnh", "Gia", "Lai", "về", "việc", "Ban", "Chỉ", "đạo", "chỉ", "thực", "hiện",
         "và", "Sở", "Y", "tế,", "Chủ", "tịch", "-", "BCĐ", "Tổ", "công", "tác", "xã", "hội",
         "thành", "phố", "Hà", "Nội,", "ban", "hành", "Quyết", "định", "số", "12", "Ủy", "ban",
         "nhân", "dân", "huyện,", "(khóa", "XI)", "Chính", "phủ[3]", "của", "giữa", "Bộ", "Nội",
         "vụ", "HĐND", "ve", "tai", "TỈNH", "ĐẮK", "LẮK"]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=40), st.booleans(),
       st.sampled_from([30, 8, 3]))
def test_reading_from_the_first_words_is_reading_the_whole_line(words: list[str], between: bool,
                                                                max_words: int) -> None:
    line = " ".join(words)
    whole = _read_words(*_tokens(line, max_words + 2 + BODY_HEAD_WORDS), between, max_words)[0]
    assert _read_line.__wrapped__(line, between, max_words) == whole


def test_open_names_end_in_a_word_of_their_own() -> None:
    """The reader looks for an open name only when a word it keeps holds a name's last word:
    words it keeps without looking (levels, "và", "-") must not end one."""
    unlooked = {word for level in LEVELS for word in level.split()} | {"và", "-"}
    for name in OPEN_NAMES:
        assert not any(name.split()[-1] in word for word in unlooked), name


def test_read_issuer_examples() -> None:
    text = "của Ban Chỉ đạo thực hiện quy chế dân chủ tỉnh về việc"
    assert read_issuer(text, 4).name == "Ban Chỉ đạo thực hiện quy chế dân chủ tỉnh"
