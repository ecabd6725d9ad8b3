"""Legacy Vietnamese encodings: find text typed in TCVN3 (ABC, fonts ".VnTime") or VNI-Windows
(fonts "VNI-Times") and turn it into Unicode.

Such text reaches us as mojibake, the legacy bytes read as cp1252: TCVN3 "Céng hoµ x· héi"
and VNI "Coäng hoøa xaõ hoäi" are both "Cộng hoà xã hội". The tables are data
(``patterns/data/legacy_encodings.tsv``); detection counts the words that carry a character no
Unicode Vietnamese word can hold (TCVN3 "®" for đ, "µ" for à; VNI "ø" for a grave accent, "ñ"
for đ) and refuses text that already holds Vietnamese letters beyond Latin-1 (đ, ư, ạ …),
which legacy text never does.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from collections.abc import Iterable
from functools import cache

from ..patterns.vocab import read_tsv

ENCODINGS = ("tcvn3", "vni")

# Legacy text has at least this many words with an encoding's tell-tales (see _marked_words) …
MIN_WORDS = 2
# … and such words make at least this share of the words: a stray "µm" in a long Unicode text
# is not a legacy document.
MIN_SHARE = 0.10
# Legacy text cannot hold ư, đ, ạ …: words with them may number at most this share of the
# legacy-marked words (a line retyped in Unicode), or the text is Unicode with a few symbols.
MAX_NATIVE_SHARE = 0.5
# Enough of a long file to judge it by.
SAMPLE = 200_000


@dataclass(frozen=True, slots=True)
class Decoded:
    """A text and the encoding it was read in: utf-8, utf-16, unicode (a reader's own text),
    tcvn3 or vni (converted)."""

    text: str
    encoding: str


def _class(chars: Iterable[str]) -> str:
    """A regex character class of ``chars``."""
    return f"[{re.escape(''.join(sorted(chars)))}]"


@cache
def _ascii(letters: str) -> re.Pattern[str]:
    """``[A-Za-z]``, ``[a-z]`` or ``[A-Z]``, compiled on first use."""
    return re.compile(f"[{letters}]")


@cache
def _tables() -> dict[str, dict[str, str]]:
    """Encoding → {legacy form → Unicode letter}."""
    tables: dict[str, dict[str, str]] = {e: {} for e in ENCODINGS}
    for row in read_tsv("legacy_encodings.tsv"):
        tables[row["encoding"]][row["legacy"]] = row["unicode"]
    return tables


@cache
def vietnamese_letters() -> frozenset[str]:
    """The 134 letters of Unicode Vietnamese beyond ASCII (those with a mark, and đ, Đ).

    >>> len(vietnamese_letters()), "ự" in vietnamese_letters()
    (134, True)
    """
    return frozenset(_tables()["tcvn3"].values())


@cache
def _native() -> frozenset[str]:
    """Letters beyond Latin-1 (ă, đ, ư, ạ …), which legacy text read as cp1252 lacks."""
    return frozenset(c for c in vietnamese_letters() if ord(c) > 0xFF)


@cache
def _native_pattern() -> re.Pattern[str]:
    return re.compile(_class(_native()))


@cache
def _tell_tales() -> dict[str, frozenset[str]]:
    """Encoding → the characters of its table that no Unicode Vietnamese word holds.

    VNI's are nearly all TCVN3's too ("ñ" is đ in VNI, ủ in TCVN3), so TCVN3 is told by the
    characters only it uses ("®", "µ", "¸", "·" …) and VNI by the absence of those.
    """
    odd = {e: frozenset(c for form in _tables()[e] for c in form
                        if ord(c) > 0x7F and c not in vietnamese_letters())
           for e in ENCODINGS}
    vni_chars = frozenset(c for form in _tables()["vni"] for c in form)
    return {"tcvn3": odd["tcvn3"] - vni_chars, "vni": odd["vni"]}


def _pairs_pattern(pairs: Iterable[str]) -> re.Pattern[str]:
    """Two-character forms as one character class per first character (an alternation of a
    hundred pairs scans far slower).

    >>> _pairs_pattern(["aù", "aø", "oâ"]).pattern
    'a[ùø]|o[â]'
    """
    seconds: dict[str, str] = {}
    for f in pairs:
        seconds[f[0]] = seconds.get(f[0], "") + f[1]
    return re.compile("|".join(f"{re.escape(first)}[{re.escape(rest)}]"
                               for first, rest in seconds.items()))


@cache
def _legacy_pattern(encoding: str) -> re.Pattern[str]:
    """Any legacy form of an encoding, in one pass (a letter made must not be read again: VNI
    "oâ" makes ô, itself VNI for ơ), the pairs first: VNI "ôù" (ớ) before "ô" (ơ), TCVN3 "A¸"
    (Á) before "¸" (á).

    >>> _legacy_pattern("vni").findall("ôù ô")
    ['ôù', 'ô']
    """
    table = _tables()[encoding]
    pairs = _pairs_pattern(f for f in table if len(f) == 2).pattern
    return re.compile(f"{pairs}|{_class(f for f in table if len(f) == 1)}")


@cache
def _unicode_pattern(encoding: str) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(u) for u in _tables()[encoding].values()))


# VNI letters written as two characters that are also Unicode Vietnamese: "oá" is ố in VNI and
# the "oá" of "hoá". Every other pair ("aù", "eâ", "oâ" …) is no Unicode Vietnamese spelling.
VNI_PAIRS_ALSO_UNICODE = frozenset({"oá", "oà", "oã"})


@cache
def _vni_pairs() -> tuple[frozenset[str], str]:
    """The two-character VNI letters that Unicode Vietnamese never spells ("aù", "Taây"), to
    match from their second character, which the scan skips ahead to (the vowels that start
    them fill any text, the marks after are rarer): the second characters, and a look-behind
    for a pair ending there.

    >>> seconds, pair_behind = _vni_pairs()
    >>> [m.start() for m in re.finditer(f"{_class(seconds)}{pair_behind}", "Taây hoá")]
    [2]
    """
    pairs = _pairs_pattern(f for f in _tables()["vni"]
                           if len(f) == 2 and f.lower() not in VNI_PAIRS_ALSO_UNICODE)
    return frozenset(f[1] for f in _tables()["vni"] if len(f) == 2), f"(?<={pairs.pattern})"


@cache
def _any_tell_tale() -> re.Pattern[str]:
    """Any tell-tale character of either encoding (a quick test most Unicode text fails)."""
    tell = _tell_tales()
    return re.compile(_class(tell["tcvn3"] | tell["vni"]))


@cache
def _holding() -> dict[str, re.Pattern[str]]:
    """What marks a word for each count: ``tcvn3`` and ``vni`` (a tell-tale character, or a VNI
    pair), ``native`` (ư, đ, ạ …)."""
    tell = _tell_tales()
    # A VNI mark is one character, a tell-tale or the second of a pair: the pattern starts with
    # the class of both, so that the engine skips ahead to them (with an alternation of two
    # classes it tries every position: detection took twice as long on the dev corpus).
    seconds, pair_behind = _vni_pairs()
    vni = f"{_class(tell['vni'] | seconds)}(?:(?<={_class(tell['vni'])})|{pair_behind})"
    return {name: re.compile(what) for name, what in {
        "tcvn3": _class(tell["tcvn3"]), "vni": vni, "native": _class(_native())}.items()}


def _words_holding(text: str, kind: str, enough: int | None = None) -> list[str]:
    """The words of ``text`` holding a mark of ``kind`` (see :func:`_holding`), found from the
    marks, which are rare, rather than by trying every word; at most ``enough`` of them.

    >>> _words_holding("®Þnh © Taây hoá", "vni"), _words_holding("Cộng hoà xã", "native", 1)
    (['Taây'], ['Cộng'])
    """
    words: list[str] = []
    last_end = -1
    for m in _holding()[kind].finditer(text):
        if m.start() < last_end:
            continue  # another mark of a word already counted
        start = m.start()
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        last_end = _NON_SPACE.match(text, m.end()).end()
        words.append(text[start:last_end])
        if enough is not None and len(words) >= enough:
            break
    return words


_NON_SPACE = re.compile(r"\S*")
# A white-space-delimited word holding a letter.
# e.g. "hoµ" in "- hoµ 12"
_LETTER_WORD = re.compile(r"(?<!\S)\S*?[^\W\d_]\S*")


def _marked_words(text: str, encoding: str) -> int:
    """The words holding an encoding's tell-tales and an ASCII letter ("®Þnh", "hoøa"; a lone
    "©" or "·" bullet is punctuation, not a letter).

    >>> _marked_words("®Þnh © Taây hoá", "tcvn3"), _marked_words("®Þnh © Taây hoá", "vni")
    (1, 1)
    """
    return sum(bool(_ascii("A-Za-z").search(w)) for w in _words_holding(text, encoding))


@cache
def _tell_tales_utf8() -> tuple[tuple[bytes, re.Pattern[bytes]], ...]:
    """The tell-tale characters of both encodings in UTF-8, grouped by the bytes before their
    last one (every one is in U+00A1–U+00FE: C2 or C3, then one byte): those bytes, and a
    pattern of the characters."""
    lasts: dict[bytes, bytes] = {}
    for c in sorted(set().union(*_tell_tales().values())):
        code = c.encode()
        lasts[code[:-1]] = lasts.get(code[:-1], b"") + code[-1:]
    return tuple((lead, re.compile(re.escape(lead) + b"[" + re.escape(last) + b"]"))
                 for lead, last in lasts.items())


def may_be_legacy(data: bytes) -> bool:
    """Whether UTF-8 bytes may hold legacy text: :func:`detect_legacy` finds none in text
    without its tell-tale characters. A quick test on the bytes, which most Unicode text fails
    (C2, which leads half of the tell-tales, is rare in it; C3 is frequent, before other bytes).

    >>> may_be_legacy("Céng hoµ".encode()), may_be_legacy("Cộng hoà".encode())
    (True, False)
    """
    return any(lead in data and pattern.search(data) for lead, pattern in _tell_tales_utf8())


def _double_utf8(text: str) -> bool:
    """UTF-8 read as cp1252 ("Cá»™ng" for "Cộng") is another damage, not a legacy encoding."""
    try:
        return text.encode("cp1252").decode("utf-8") != text
    except UnicodeError:
        return False


def detect_legacy(text: str) -> str | None:
    """The legacy encoding ``text`` is written in, read as cp1252: "tcvn3", "vni" or None.

    >>> detect_legacy("Céng hoµ x· héi chñ nghÜa ViÖt Nam")
    'tcvn3'
    >>> detect_legacy("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam")
    'vni'
    >>> detect_legacy("Cộng hòa xã hội chủ nghĩa Việt Nam") is None
    True
    """
    sample = text[:SAMPLE]
    # Legacy text always holds a tell-tale character: VNI spells the grave, hook and dot-below
    # marks, ư and đ with characters ("ø", "û", "ï", "ö", "ñ") no Unicode word holds, so its
    # pairs ("aù") need not be searched for in the many files that have none (a cheap test).
    if not _any_tell_tale().search(sample):
        return None
    counts = {e: _marked_words(sample, e) for e in ENCODINGS}
    # Unicode text with a few symbols has native words by the thousand: stop counting them
    # as soon as there are too many.
    too_many = int(MAX_NATIVE_SHARE * max(counts.values())) + 1
    if len(_words_holding(sample, "native", too_many)) >= too_many or _double_utf8(sample):
        return None
    floor = max(MIN_WORDS, MIN_SHARE * len(_LETTER_WORD.findall(sample)))
    if counts["tcvn3"] >= floor:
        return "tcvn3"
    # VNI text holds none of TCVN3's own characters; TCVN3 text holds many of VNI's.
    if counts["vni"] >= floor and counts["tcvn3"] * 10 <= counts["vni"]:
        return "vni"
    return None


def to_unicode(text: str, encoding: str) -> str:
    """Convert text in a legacy encoding (read as cp1252) to Unicode NFC, line by line; a line
    already holding Unicode Vietnamese letters (ư, đ, ạ …) is left as it is.

    >>> to_unicode("QuyÕt ®Þnh sè 217-Q§/TW", "tcvn3")
    'Quyết định số 217-QĐ/TW'
    >>> to_unicode("Quyeát ñònh soá 217-QÑ/TW", "vni")
    'Quyết định số 217-QĐ/TW'
    """
    table, pattern = _tables()[encoding], _legacy_pattern(encoding)

    def line(s: str) -> str:
        if _native_pattern().search(s):
            return s
        return pattern.sub(lambda m: table[m.group()], s)

    return unicodedata.normalize("NFC", "".join(line(s) for s in text.splitlines(keepends=True)))


def from_unicode(text: str, encoding: str) -> str:
    """The legacy form of Unicode Vietnamese text (as cp1252 characters): the inverse of
    :func:`to_unicode` for text whose letters are all in the table.

    >>> from_unicode("Cộng hòa xã hội", "tcvn3"), from_unicode("Cộng hòa xã hội", "vni")
    ('Céng hßa x· héi', 'Coäng hoøa xaõ hoäi')
    """
    back = {u: form for form, u in _tables()[encoding].items()}
    return _unicode_pattern(encoding).sub(lambda m: back[m.group()],
                                          unicodedata.normalize("NFC", text))


# A line typed in TCVN3's capitals font (.VnTimeH) keeps the small letters' codes, which that
# font draws as capitals: "CéNG HOµ X· HéI" is "CỘNG HOÀ XÃ HỘI". Such a line holds no ASCII
# small letter and several ASCII capitals.
CAPS_LINE_MIN = 3


def _typed_in_capitals(line: str) -> bool:
    return not _ascii("a-z").search(line) and len(_ascii("A-Z").findall(line)) >= CAPS_LINE_MIN


def restore_capitals(text: str) -> str:
    """Upper-case the lines of converted TCVN3 text that were typed in its capitals font.

    >>> restore_capitals("CộNG HOà Xã HộI\\nĐộc lập - Tự do")
    'CỘNG HOÀ XÃ HỘI\\nĐộc lập - Tự do'
    """
    return "".join(s.upper() if _typed_in_capitals(s) else s
                   for s in text.splitlines(keepends=True))


def repair(text: str, encoding: str = "unicode") -> Decoded:
    """``text`` converted to Unicode when it is TCVN3 or VNI mojibake, else as it is with the
    ``encoding`` it was read in. For readers whose text comes from a PDF's or DOCX's fonts.

    >>> repair("CéNG HOµ X· HéI CHñ NGHÜA VIÖT NAM")
    Decoded(text='CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM', encoding='tcvn3')
    >>> repair("Cộng hòa", "utf-8")
    Decoded(text='Cộng hòa', encoding='utf-8')
    """
    legacy = detect_legacy(text)
    if legacy is None:
        return Decoded(text, encoding)
    converted = to_unicode(text, legacy)
    return Decoded(restore_capitals(converted) if legacy == "tcvn3" else converted, legacy)


def decode_legacy(data: bytes) -> Decoded | None:
    """Bytes that are not UTF-8 read as TCVN3 or VNI, or None when they are neither.

    >>> decode_legacy("Céng hoµ x· héi chñ nghÜa".encode("cp1252"))
    Decoded(text='Cộng hoà xã hội chủ nghĩa', encoding='tcvn3')
    >>> decode_legacy("naïve café".encode("cp1252")) is None
    True
    """
    # cp1252 leaves five bytes undefined; Latin-1 reads every byte, identically above 0x9F,
    # where both tables lie.
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    fixed = repair(text)
    return fixed if fixed.encoding in ENCODINGS else None
