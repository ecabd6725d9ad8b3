"""Vietnamese words with offsets: underthesea's word segmentation aligned back to the text.

Vietnamese writes one syllable per space-separated token, so where a word ends is not printed:
"Hội Cựu chiến binh tỉnh phối hợp" is Hội | Cựu_chiến_binh | tỉnh | phối_hợp. The assignment
stage needs word boundaries to know where a unit's name ends (see
:func:`kehoach.extract.assignments.unit_phrase`); regex alone can only guess from capitals.

Segmentation costs about 0.2 MB/s, so it runs only on the few sentences that name a unit, never
on a whole document. ``underthesea.word_tokenize`` rewrites tone marks ("hoà" → "hòa") unless
``use_token_normalize=False``; even so, tokens are matched back to the text on letters without
their marks, so offsets always hold: ``text[t.start:t.end] == t.text``.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

import regex



@cache
def _syllable_pattern() -> regex.Pattern[str]:
    """A syllable, a number, or one punctuation character: the fallback tokens."""
    return regex.compile(r"[\p{L}\p{M}0-9]+|[^\s\p{L}\p{M}0-9]")


@dataclass(frozen=True, slots=True)
class Token:
    """A word (one or more syllables) or a punctuation mark, with offsets into the text."""

    text: str
    start: int
    end: int


def fold(text: str) -> str:
    """Lower case without tone and vowel marks, one character per character of `text`.

    >>> fold("Hoà Đồng"), fold("hòa đồng")
    ('hoa đong', 'hoa đong')
    """
    return "".join(map(_fold_char, text))


@cache
def _fold_char(ch: str) -> str:
    return unicodedata.normalize("NFD", ch)[0].lower()


def syllables(text: str, start: int = 0, end: int | None = None) -> tuple[Token, ...]:
    """Syllables and punctuation of `text[start:end]` (no segmentation).

    >>> [t.text for t in syllables("Sở Y tế, huyện")]
    ['Sở', 'Y', 'tế', ',', 'huyện']
    """
    end = len(text) if end is None else end
    return tuple(Token(m.group(), m.start(), m.end())
                 for m in _syllable_pattern().finditer(text, start, end))


def _align(text: str, pieces: tuple[str, ...], start: int, end: int) -> list[Token]:
    """Place each segmented word on `text[start:end]`, matching syllables on folded letters."""
    folded = fold(text[start:end])
    tokens, pos = [], 0
    for piece in pieces:
        first = last = None
        for syl in piece.split():
            at = folded.find(fold(syl), pos)
            if at < 0:
                raise ValueError(f"cannot align word {piece!r} at offset {start + pos}")
            first = at if first is None else first
            last = pos = at + len(syl)
        if first is not None:
            tokens.append(Token(text[start + first:start + last], start + first, start + last))
    return tokens


@lru_cache(maxsize=4096)
def _segment(segment: str) -> tuple[str, ...]:
    """underthesea's words of a short span; the assignment stage asks for the same span again
    when it reads a line as a heading, then as a sentence."""
    from underthesea import word_tokenize  # loads its model on first use (about a second)

    return tuple(word_tokenize(segment, use_token_normalize=False))


def words(text: str, start: int = 0, end: int | None = None) -> tuple[Token, ...]:
    """Words of `text[start:end]` by underthesea's segmenter, with offsets into `text`.

    >>> [t.text for t in words("Hội Cựu chiến binh tỉnh phối hợp thực hiện")]
    ['Hội', 'Cựu chiến binh', 'tỉnh', 'phối hợp', 'thực hiện']
    >>> text = "Sở Văn hoá, Thể thao và Du lịch"
    >>> all(text[t.start:t.end] == t.text for t in words(text))
    True
    """
    end = len(text) if end is None else end
    segment = text[start:end]
    if not segment.strip():
        return ()
    pieces = _segment(segment)
    try:
        return tuple(_align(text, pieces, start, end))
    except ValueError:
        # The segmenter changed a syllable beyond tone marks; syllables are still correct.
        return syllables(text, start, end)
