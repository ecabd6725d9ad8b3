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
from collections.abc import Callable
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


def syllable_spans(text: str, start: int = 0,
                   end: int | None = None) -> tuple[tuple[str, int, int], ...]:
    """(text, start, end) of the syllables and punctuation of `text[start:end]` (no
    segmentation), plain tuples for the loops that read many.

    >>> [t[0] for t in syllable_spans("Sở Y tế, huyện")]
    ['Sở', 'Y', 'tế', ',', 'huyện']
    >>> syllable_spans("Sở Y tế", 3)
    (('Y', 3, 4), ('tế', 5, 7))
    """
    end = len(text) if end is None else end
    return tuple((m.group(), *m.span()) for m in _syllable_pattern().finditer(text, start, end))


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
        normalized, spans = _syllable_spans(segment)
        if normalized == segment:  # the syllables' offsets are offsets into the text
            return _word_spans(segment, spans,
                               wordseg.tag(model, [segment[a:b] for a, b in spans]))
    try:
        return _align(segment, _words_of(segment))
    except ValueError:
        # The segmenter changed a syllable beyond tone marks; syllables are still correct.
        return syllable_spans(segment)


def _word_spans(segment: str, spans: list[tuple[int, int]],
                tags: list[str]) -> tuple[tuple[str, int, int], ...]:
    """(word, start, end) of the words that `tags` make of the syllables at `spans` (an I-W
    with no word before it begins one, as in :func:`.wordseg.join`).

    >>> _word_spans("Sở Tài chính", [(0, 2), (3, 6), (7, 12)], ["I-W", "B-W", "I-W"])
    (('Sở', 0, 2), ('Tài chính', 3, 12))
    """
    if not spans:
        return ()
    firsts = [k for k, label in enumerate(tags) if k == 0 or label != wordseg.INSIDE]
    starts = [spans[k][0] for k in firsts]
    ends = [spans[k - 1][1] for k in firsts[1:]]
    ends.append(spans[-1][1])
    return tuple(zip(map(segment.__getitem__, map(slice, starts, ends)), starts, ends))


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
    normalized, spans = _syllable_spans(segment)
    return [normalized[a:b] for a, b in spans]


def _syllable_spans(segment: str) -> tuple[str, list[tuple[int, int]]]:
    """`segment` with underthesea's character normalization (which changes hardly any text
    kehoach has normalized), and the spans of its tokens in that text.

    underthesea's grammar is a long alternation tried at every token, on the same few thousand
    runs of non-space characters again and again: each run is matched once, with the space after
    it when one follows. The tokens are the same as the grammar's over the whole text: none
    begins with a space, only "Th.S" and "Th.s" (whose dot is any character but a line break)
    can hold one, and what the grammar looks at around a token (``\\b``, ``(?<!@)``, ``(?!@)``,
    ``(?=\\s)``, ``(?!$)``) sees the same at a run's edges but for ``$`` before a line break.
    A text where "Th" stands before a space and "s", or that holds a line break, is matched
    whole.

    >>> _syllable_spans("Sở Y tế, UBND. tỉnh")[1]
    [(0, 2), (3, 4), (5, 7), (7, 8), (9, 14), (15, 19)]
    """
    normalized = _normalize_characters()(segment)
    if "\n" in normalized or _spaced_abbreviation().search(normalized) is not None:
        return normalized, [m.span() for m in _underthesea_tokens().finditer(normalized)]
    spans: list[tuple[int, int]] = []
    for run in _run_pattern().finditer(normalized):
        a, b = run.span()
        if run.lastgroup == "letters":
            spans.append((a, b))
            continue
        tokens = _run_tokens(normalized[a:b + 1])
        if len(tokens) == 1:  # the tokens of a run cover it: this one is the run
            spans.append((a, b))
        else:
            spans += [(a + start, a + end) for start, end in tokens]
    return normalized, spans


@cache
def _normalize_characters() -> Callable[[str], str]:
    """underthesea's character normalization (NFC, "ð" → "đ"), imported once."""
    from underthesea.pipeline.text_normalize.character_normalize import (
        normalize_characters_in_text,
    )

    return normalize_characters_in_text


@lru_cache(maxsize=1 << 14)
def _run_tokens(run: str) -> tuple[tuple[int, int], ...]:
    """Spans of underthesea's tokens in a run of non-space characters (and the space after it,
    if any)."""
    return tuple(m.span() for m in _underthesea_tokens().finditer(run))


@cache
def _run_pattern() -> re.Pattern[str]:
    """A run of non-space characters, e.g. "tỉnh," in "Sở Y tế tỉnh, huyện"; in group
    "letters" when it is letters only ("huyện"), which the grammar reads as one token (its
    ``word``, ``\\w+``): every alternative before that one needs a digit, "_" or a character
    that is not a letter, but "Th.S" and "Th.s", whose dot is any character ("Thus"), and the
    punctuation "ʺ", a letter (U+02BA) that is a token alone at a token's start."""
    return re.compile(r"(?P<letters>(?!Th.[sS]|ʺ)[^\W\d_]++(?!\S))|\S+")


@cache
def _spaced_abbreviation() -> re.Pattern[str]:
    """Where underthesea's "Th.S" or "Th.s" (a dot, so any character) could span a space.
    e.g. "Th s" in "Th sở"."""
    return re.compile(r"Th\s[sS]")


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
    return tuple(Token(*span) for span in word_spans(text, start, end))


def word_spans(text: str, start: int = 0,
               end: int | None = None) -> tuple[tuple[str, int, int], ...]:
    """:func:`words` as plain (text, start, end) tuples, for the loops that read many.

    >>> word_spans("Sở Y tế phối hợp", 3)
    (('Y tế', 3, 7), ('phối hợp', 8, 16))
    """
    end = len(text) if end is None else end
    segment = text[start:end]
    if not segment.strip():
        return ()
    if start == 0:
        return _segment(segment)
    return tuple((word, start + a, start + b) for word, a, b in _segment(segment))
