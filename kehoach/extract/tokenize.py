"""Vietnamese words with offsets: underthesea's word segmentation aligned back to the text.

Vietnamese writes one syllable per space-separated token, so where a word ends is not printed:
"Hội Cựu chiến binh tỉnh phối hợp" is Hội | Cựu_chiến_binh | tỉnh | phối_hợp. The assignment
stage needs word boundaries to know where a unit's name ends (see
:func:`kehoach.extract.assignments.unit_phrases`); regex alone can only guess from capitals.

The words are underthesea's (``word_tokenize(…, use_token_normalize=False)``), scored by
:mod:`.wordseg` on underthesea's own model several times faster than underthesea scores it.
Segmentation still runs only on the few sentences that name a unit, never on a whole document.
``word_tokenize`` rewrites tone marks ("hoà" → "hòa") unless told not to; even so, tokens are
matched back to the text on letters without their marks, so offsets always hold:
``text[t.start:t.end] == t.text``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

import regex

from . import wordseg


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
    return text.translate(_fold_table())


class _FoldTable(dict):
    """A ``str.translate`` table that folds each character the first time it is seen."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = unicodedata.normalize("NFD", chr(code))[0].lower()
        return folded


@cache
def _fold_table() -> _FoldTable:
    return _FoldTable()


def syllables(text: str, start: int = 0, end: int | None = None) -> tuple[Token, ...]:
    """Syllables and punctuation of `text[start:end]` (no segmentation).

    >>> [t.text for t in syllables("Sở Y tế, huyện")]
    ['Sở', 'Y', 'tế', ',', 'huyện']
    """
    end = len(text) if end is None else end
    return tuple(Token(m.group(), m.start(), m.end())
                 for m in _syllable_pattern().finditer(text, start, end))


def _align(segment: str, pieces: list[str]) -> tuple[tuple[str, int, int], ...]:
    """(word, start, end) of each segmented word on `segment`, syllables matched on folded
    letters."""
    folded = fold(segment)
    spans, pos = [], 0
    for piece in pieces:
        first = last = None
        for syl in piece.split():
            at = folded.find(fold(syl), pos)
            if at < 0:
                raise ValueError(f"cannot align word {piece!r} at offset {pos}")
            first = at if first is None else first
            last = pos = at + len(syl)
        if first is not None:
            spans.append((segment[first:last], first, last))
    return tuple(spans)


@lru_cache(maxsize=4096)
def _segment(segment: str) -> tuple[tuple[str, int, int], ...]:
    """(word, start, end) of underthesea's words of a short span; the assignment stage asks for
    the same span again when it reads a line as a heading, then as a sentence."""
    model = wordseg.load()
    if model is not None:
        normalized, matches = _syllable_matches(segment)
        if normalized == segment:  # the syllables' offsets are offsets into the text
            return _word_spans(segment, matches,
                               wordseg.tag(model, [m.group() for m in matches]))
    try:
        return _align(segment, _words_of(segment))
    except ValueError:
        # The segmenter changed a syllable beyond tone marks; syllables are still correct.
        return tuple((t.text, t.start, t.end) for t in syllables(segment))


def _word_spans(segment: str, matches: list[re.Match[str]],
                tags: list[str]) -> tuple[tuple[str, int, int], ...]:
    """(word, start, end) of the words that `tags` make of the syllables `matches`."""
    spans: list[list[int]] = []
    for m, label in zip(matches, tags):
        if label == wordseg.INSIDE and spans:
            spans[-1][1] = m.end()
        else:
            spans.append([m.start(), m.end()])
    return tuple((segment[a:b], a, b) for a, b in spans)


def _words_of(segment: str) -> list[str]:
    """underthesea's words of `segment`, scored by :mod:`.wordseg` on underthesea's model, or by
    underthesea itself when that model cannot be read."""
    model = wordseg.load()
    if model is None:
        from underthesea import word_tokenize  # loads its model on first use (about a second)

        return word_tokenize(segment, use_token_normalize=False)
    syllables = _syllables_of(segment)
    return wordseg.join(syllables, wordseg.tag(model, syllables))


def _syllables_of(segment: str) -> list[str]:
    """Syllables, numbers, dates and symbols of `segment` as ``underthesea.word_tokenize``
    splits them before segmenting ("29/3/2024" and "KH-VP" stay whole).

    >>> _syllables_of("Kế hoạch số 2602/KH-VP ngày 29/3/2024")
    ['Kế', 'hoạch', 'số', '2602', '/', 'KH-VP', 'ngày', '29/3/2024']
    """
    return [m.group() for m in _syllable_matches(segment)[1]]


def _syllable_matches(segment: str) -> tuple[str, list[re.Match[str]]]:
    """`segment` with underthesea's character normalization (which changes hardly any text
    kehoach has normalized), and the matches of its tokens in that text."""
    from underthesea.pipeline.text_normalize.character_normalize import (
        normalize_characters_in_text,
    )

    normalized = normalize_characters_in_text(segment)
    return normalized, list(_underthesea_tokens().finditer(normalized))


@cache
def _underthesea_tokens() -> re.Pattern[str]:
    """underthesea's token grammar (``regex_tokenize.tokenize`` matches it, then asks each
    match which alternative matched: the whole match is the token either way)."""
    from underthesea.pipeline.word_tokenize import regex_tokenize

    return re.compile(regex_tokenize.regex_patterns_combine, re.VERBOSE | re.UNICODE)


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
    return tuple(Token(word, start + a, start + b) for word, a, b in _segment(segment))
