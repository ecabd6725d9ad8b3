"""Reading the name of an issuing body (cơ quan ban hành) from running text, and writing names
in one canonical form. Used by the header and citation stages.

An issuer phrase follows "của", "do" or "giữa" and ends where the sentence goes on with
something else: a preposition ("về"), a verb phrase ("ban hành", "quy định", "hướng dẫn"),
punctuation, a parenthesis ("(khóa XI)"), or a lower-case word after a place name
("UBND tỉnh Gia Lai về …").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import accumulate, islice

import regex

from ..patterns.atoms import LEVELS, compile_pattern
from ..patterns.vocab import fold_diacritics, issuer_heads, issuer_names, type_names

# Single words that end an issuer phrase when printed in lower case (or in an all-caps text).
STOP_WORDS = frozenset("""
    về v/v khóa khoá tại theo đã được là nhằm để trong cho với gồm từ đến ngày số năm
    giai đối có không sẽ đang thì mà nên hoặc hay như qua sau trước khi nếu vì do bởi của
    kèm tiếp thuộc ở trên cùng lần kỳ đợt quyết nâng giao nêu gửi trình
""".split())

# Two-word phrases that end an issuer phrase whatever their case ("Chính phủ Quy định chi tiết").
STOP_PAIRS = frozenset({
    "ban hành", "quy định", "hướng dẫn", "phê duyệt", "phối hợp", "thông qua", "sửa đổi",
    "bổ sung", "kèm theo", "về việc", "nhiệm kỳ",
})
# Two-word verb phrases that end it only in lower case ("Ban Chỉ đạo", "Ban Tổ chức" are names).
STOP_PAIRS_LOWER = frozenset({
    "triển khai", "thực hiện", "tổ chức", "chỉ đạo", "yêu cầu", "đề nghị", "cho phép",
    "công bố", "giao cho", "phân bổ", "tiếp tục",
})

# Long committee names that contain lower-case words, "và", "về" and commas: "Ban Chỉ đạo thực
# hiện quy chế dân chủ và công tác vận động quần chúng tỉnh", "Ban Chỉ đạo về phát triển khoa
# học, công nghệ, đổi mới sáng tạo và chuyển đổi số tỉnh".
OPEN_NAMES = ("ban chỉ đạo", "bcđ", "tổ giúp việc", "tổ công tác")

# Official titles that may follow a comma inside one issuer ("Bộ trưởng, Chủ nhiệm Văn phòng
# Chính phủ").
TITLES_AFTER_COMMA = ("Chủ nhiệm", "Chủ tịch", "Thủ trưởng", "Trưởng ban", "Tổng Giám đốc")

# How much of the line after "của" an issuer phrase is read from.
LINE_SPAN = 300

FOOTNOTE = regex.compile(r"\[[0-9]{1,3}\][,;.:]?$")
TRAILING_PUNCT = ",;.:)!?”\"’'/"
LEADING_STOP = "(“\"‘[-–*"

# Stop words as they read once their diacritics are lost, where that cannot be another word
# of an issuer's name ("khoa" stays: "khoa học").
_UNFOLD = {fold_diacritics(w): w for w in (
    "về", "của", "tại", "đã", "được", "là", "nhằm", "để", "với", "từ", "đến", "ngày", "số",
    "năm", "hành", "định", "dẫn", "duyệt", "hợp", "đổi", "sung", "hiện", "khai", "kèm")}


@dataclass(frozen=True, slots=True)
class IssuerPhrase:
    """An issuer read from the text: its canonical name and the span it covers."""

    name: str
    start: int
    end: int


@cache
def _token_pattern() -> regex.Pattern[str]:
    return compile_pattern(r"[^\s]+")


def _tokens(line: str, count: int) -> tuple[list[str], list[int]]:
    """The first `count` words of `line`, and where each ends.

    >>> _tokens("UBND tỉnh Gia Lai", 3)
    (['UBND', 'tỉnh', 'Gia'], [4, 9, 13])
    """
    if "  " in line or line[:1].isspace() or "\t" in line:
        found = list(islice(_token_pattern().finditer(line), count))
        return [m.group(0) for m in found], [m.end() for m in found]
    # Single spaces only: a word ends its length plus one space after the one before it.
    words = line.split(" ", count)
    if len(words) > count or not words[-1]:
        words.pop()  # the rest of the line, or a trailing space
    return words, [length + i for i, length in enumerate(accumulate(map(len, words)))]


@cache
def _type_words() -> tuple[frozenset[str], frozenset[str]]:
    """Type names of one word, and the first two words of longer ones, lower-cased."""
    names = [t.lower().split() for t in type_names()]
    return (frozenset(n[0] for n in names if len(n) == 1),
            frozenset(" ".join(n[:2]) for n in names if len(n) > 1))


@cache
def _level_words() -> dict[str, list[list[str]]]:
    """The words of each level, by its first word, in the order of LEVELS."""
    by_first: dict[str, list[list[str]]] = {}
    for level in LEVELS:
        by_first.setdefault(level.split()[0], []).append(level.split())
    return by_first


def _level_at(words: list[str], i: int) -> int:
    """Length in words of a locality level printed in lower case at `i` (0 if none); "xã hội"
    (society) is not "xã" (commune)."""
    first = words[i].rstrip(TRAILING_PUNCT)
    if first == "xã" and i + 1 < len(words) \
            and words[i + 1].rstrip(TRAILING_PUNCT).lower() == "hội":
        return 0
    for parts in _level_words().get(first, ()):
        if [w.rstrip(TRAILING_PUNCT) for w in words[i:i + len(parts)]] == parts:
            return len(parts)
    return 0


@lru_cache(maxsize=16384)
def _word(raw: str) -> tuple[str, str, str, str, bool, bool, bool, bool]:
    """What :func:`read_issuer` asks of a printed word, kept for the words seen last: the word
    without its trailing punctuation, that punctuation, the word in lower case, the same with a
    stop word's diacritics restored, whether it has no diacritics, whether it is in lower case,
    whether in one case only, and whether it may end one of OPEN_NAMES.

    >>> _word("ve,")
    ('ve', ',', 've', 'về', True, True, True, False)
    """
    core = raw.rstrip(TRAILING_PUNCT)
    lowered = core.lower()
    return (core, raw[len(core):], lowered, _UNFOLD.get(lowered, lowered),
            lowered == fold_diacritics(lowered), core.islower(),
            core.islower() or core.isupper(),
            any(word in lowered for word in _open_name_ends()))


def read_issuer(text: str, pos: int, *, between: bool = False,
                max_words: int = 30) -> IssuerPhrase | None:
    """Read an issuer phrase starting at `pos` (just after "của"/"do"/"giữa ").

    With `between` (after "giữa"), a comma before another body reads as "và":
    "giữa Ban Dân vận Huyện uỷ, Ủy ban nhân dân huyện" → "Ban Dân vận Huyện uỷ và Ủy ban nhân
    dân huyện".

    >>> read_issuer("UBND tỉnh Gia Lai về đổi mới", 0).name
    'UBND tỉnh Gia Lai'
    >>> read_issuer("Bộ chính trị (khóa XI) về", 0).name
    'Bộ Chính trị'
    >>> read_issuer("Chính phủ Quy định chi tiết", 0).name
    'Chính phủ'
    """
    window_end = min(len(text), pos + LINE_SPAN)
    line_end = text.find("\n", pos, window_end)
    read = _read_line(text[pos:window_end if line_end < 0 else line_end], between, max_words)
    return None if read is None else IssuerPhrase(read[0], pos, pos + read[1])


# The words a line is first read from: an issuer phrase is a few words long, and the rest of a
# long line is split only when the reading comes within BODY_HEAD_WORDS of their end.
FIRST_WORDS = 16


@lru_cache(maxsize=4096)
def _read_line(line: str, between: bool, max_words: int) -> tuple[str, int] | None:
    """The issuer phrase that starts `line`: its canonical name and where it ends. Kept for the
    lines seen last, since the same words often follow "của" ("Thủ tướng Chính phủ về …")."""
    # The loop keeps at least a word for each word it passes, so it starts a turn before word
    # `max_words`, may step over a two-word level, and looks BODY_HEAD_WORDS words ahead.
    count = max_words + 2 + BODY_HEAD_WORDS
    if count > FIRST_WORDS:
        words, ends = _tokens(line, FIRST_WORDS)
        read, stop = _read_words(words, ends, between, max_words)
        # Read where it stopped, it looked at most BODY_HEAD_WORDS words further (and no further
        # than the first words when the line has no more).
        if len(words) < FIRST_WORDS or stop + BODY_HEAD_WORDS < FIRST_WORDS:
            return read
    return _read_words(*_tokens(line, count), between, max_words)[0]


def _read_words(words: list[str], ends: list[int], between: bool,
                max_words: int) -> tuple[tuple[str, int] | None, int]:
    """:func:`_read_line` from the words of the line and where each ends; and the index of the
    word it stopped at."""
    singles, pairs = _type_words()
    levels = _level_words()  # by first word: a word that starts none is passed over at once
    kept: list[str] = []
    end = 0
    after_level = False
    open_name = False
    i = 0
    count = len(words)
    while i < count and len(kept) < max_words:
        raw = words[i]
        tok_end = ends[i]
        footnote = FOOTNOTE.search(raw) if "]" in raw[-2:] else None
        if footnote is not None and footnote.start() > 0:
            # "Thanh tra Chính phủ[3]": the footnote mark ends the phrase.
            tok_end -= len(raw) - footnote.start()
            raw = raw[:footnote.start()] + ","
        if raw == "-" and kept and i + 1 < count and words[i + 1][:1].isupper():
            kept.append("-")
            i += 1
            continue
        if raw[0] in LEADING_STOP:
            break
        core, punct, lowered, unfolded, folded, is_lower, lower_or_caps, ends_open = _word(raw)
        if not core:
            break
        if i + 1 < count:
            nxt, _, nxt_lowered, nxt_unfolded = _word(words[i + 1])[:4]
        else:
            nxt = nxt_lowered = nxt_unfolded = ""
        # Text whose diacritics were lost: compare with the stop words folded the same way.
        low, pair_next = (unfolded, nxt_unfolded) if folded else (lowered, nxt_lowered)
        if core[0].isdigit():
            break
        pair = f"{low} {pair_next}"
        if kept and (pair in STOP_PAIRS or is_lower and pair in STOP_PAIRS_LOWER
                     and not open_name):
            break
        if kept and lower_or_caps and low in STOP_WORDS and not (
                open_name and (low == "và" or low == "về" and nxt_lowered != "việc"
                               or low == "số" and not nxt[:1].isdigit())):
            break
        # A capitalized document type ("Quyết định", "Chỉ thị") starts a new reference.
        if kept and core[0].isupper() and (
                lowered in singles or f"{lowered} {nxt_lowered}" in pairs):
            break
        if after_level and (not core[0].isupper() or pair in STOP_PAIRS_LOWER):
            break
        if low == "và":
            if not kept or not nxt:
                break
            if not (open_name or (nxt[0].isupper() and nxt_lowered not in singles)):
                break
            after_level = False
        level = _level_at(words, i) if is_lower and core in levels else 0
        if level:
            kept.extend(w.rstrip(TRAILING_PUNCT) for w in words[i:i + level])
            end = ends[i + level - 1] - (len(words[i + level - 1])
                                         - len(words[i + level - 1].rstrip(TRAILING_PUNCT)))
            after_level = True
            last_raw = words[i + level - 1]
            i += level
            if last_raw != last_raw.rstrip(TRAILING_PUNCT):
                if not (between and last_raw.endswith(",") and _starts_body(words, i)):
                    break
                kept.append("và")
                after_level = False
            continue
        kept.append(core)
        end = tok_end - len(punct)
        # A name found now ends in this word, holding its last word (no name ends in a level,
        # "và" or "-", added since the last look), and lies in the last three words kept.
        if not open_name and ends_open:
            open_name = _open_names_pattern().search(" ".join(kept[-3:]).lower()) is not None
        i += 1
        if punct:
            if between and punct == "," and _starts_body(words, i):
                kept.append("và")
                after_level = False
                continue
            if punct == "," and (open_name and nxt[:1].islower() and nxt_lowered not in STOP_WORDS
                                 or " ".join(words[i:i + 2]).startswith(TITLES_AFTER_COMMA)):
                kept[-1] += ","
                continue
            break
    while kept and kept[-1].lower() in {"và", "của", "-"}:
        kept.pop()
    if not kept:
        return None, i
    name = " ".join(kept)
    if name.isupper():
        name = recase_caps(name, abbreviate=False)
    return (canonical_issuer(name), end), i


@cache
def _open_name_ends() -> tuple[str, ...]:
    """The last word of each of OPEN_NAMES."""
    return tuple(dict.fromkeys(name.split()[-1] for name in OPEN_NAMES))


@cache
def _open_names_pattern() -> regex.Pattern[str]:
    """Finds any of OPEN_NAMES in a lower-case text."""
    return regex.compile("|".join(regex.escape(name) for name in OPEN_NAMES))


# How many words a new body's head is looked for in.
BODY_HEAD_WORDS = 6


def _starts_body(words: list[str], i: int) -> bool:
    """Does a new body's name start at word `i` ("Ủy ban …", "UBND …", "Ban …")?"""
    if i >= len(words):
        return False
    head = " ".join(words[i:i + BODY_HEAD_WORDS]).upper()
    return any(head.startswith(h.head) for h in issuer_heads())


# Old-style tone placement ("Uỷ", "Hoà") and the new one ("Ủy", "Hòa") are the same word.
_OLD_TONES = {"uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
              "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
              "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe"}
_OLD_TONES.update({k.upper(): v.upper() for k, v in list(_OLD_TONES.items())})
_OLD_TONES.update({k[0].upper() + k[1]: v[0].upper() + v[1] for k, v in list(_OLD_TONES.items())
                   if k.islower()})


def fold_tones(text: str) -> str:
    """Rewrite old-style tone placement to the new style, for matching names.

    >>> fold_tones("UỶ BAN NHÂN DÂN"), fold_tones("Hoà Bình")
    ('ỦY BAN NHÂN DÂN', 'Hòa Bình')
    """
    return _old_tones_pattern().sub(lambda m: _OLD_TONES[m.group(0)], text)


@cache
def _old_tones_pattern() -> regex.Pattern[str]:
    return regex.compile("|".join(_OLD_TONES))


# Names repeat from mention to mention: the answers for the names seen last are kept.
@lru_cache(maxsize=4096)
def canonical_issuer(name: str) -> str:
    """The canonical spelling of a known body, else the name as printed (spaces folded).

    >>> canonical_issuer("Thủ tướng chính phủ")
    'Thủ tướng Chính phủ'
    """
    folded = " ".join(name.split())
    known = issuer_names().get(fold_tones(folded).lower())
    if known:
        return known
    if folded == fold_diacritics(folded):
        # Diacritics lost: a central body is still recognizable ("Bo Chinh tri").
        known = _folded_names().get(folded.lower())
        if known:
            return known
    return _near_known(folded) or folded


@cache
def _folded_names() -> dict[str, str]:
    return {fold_diacritics(k): v for k, v in issuer_names().items()}


def _near_known(name: str) -> str | None:
    """A known name one typo away ("Thủ tưởng Chính phủ" → "Thủ tướng Chính phủ"), for names
    long enough that one edit cannot turn one body into another."""
    if len(name) < 12:
        return None
    pattern = _fuzzy_names_pattern()
    m = pattern.fullmatch(fold_tones(name).lower())
    return issuer_names()[m.group(0) if m.group(0) in issuer_names() else _closest(m)] \
        if m else None


@cache
def _fuzzy_names_pattern() -> regex.Pattern[str]:
    names = sorted((n for n in issuer_names() if len(n) >= 12), key=len, reverse=True)
    return regex.compile("(?e)(?:" + "|".join(f"(?:{regex.escape(n)})" for n in names)
                         + "){e<=1}")


def _closest(m: regex.Match[str]) -> str:
    text = m.group(0)
    return min((n for n in issuer_names() if abs(len(n) - len(text)) <= 1),
               key=lambda n: sum(a != b for a, b in zip(n, text)) + abs(len(n) - len(text)))


# Upper-case words kept upper-case when a capitals name is recased: codes, Roman numerals.
KEEP_UPPER = frozenset({"UBND", "HĐND", "MTTQ", "TW", "TP", "TP.", "CA", "QH"})


@lru_cache(maxsize=4096)
def recase_caps(name: str, abbreviate: bool = True) -> str:
    """Write a name printed in capitals the way it is written in running text.

    The head word and the word after it keep a capital ("Bộ Tài chính", "Cục Thuế",
    "Sở Nội vụ"), and so does each field after "và" or a comma ("Sở Giáo dục và Đào tạo");
    "Ủy ban nhân dân" becomes "UBND" (with `abbreviate`); a place name after a locality level is
    capitalized word by word ("tỉnh Tây Ninh").

    >>> recase_caps("ỦY BAN NHÂN DÂN TỈNH TÂY NINH")
    'UBND tỉnh Tây Ninh'
    >>> recase_caps("BỘ TÀI CHÍNH"), recase_caps("SỞ GIÁO DỤC VÀ ĐÀO TẠO")
    ('Bộ Tài chính', 'Sở Giáo dục và Đào tạo')
    >>> recase_caps("ỦY BAN NHÂN DÂN TỈNH", abbreviate=False)
    'Ủy ban nhân dân tỉnh'
    >>> recase_caps("ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM TỈNH QUẢNG NAM")
    'Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Quảng Nam'
    """
    text = fold_tones(" ".join(name.split()))
    known = issuer_names().get(text.lower())
    if known:
        return known
    head_words = 1
    out: list[str] = []  # the head, when it is written as a proper name
    i = 0  # the first word the rules below write
    for head in issuer_heads():
        if text.upper().startswith(head.head + " ") or text.upper() == head.head:
            if head.written:  # a proper name: "Ủy ban Mặt trận Tổ quốc Việt Nam"
                out, i = head.written.split(), len(head.head.split())
            elif head.abbrev and abbreviate:
                text = head.abbrev + text[len(head.head):]
            elif head.abbrev:
                head_words = len(head.head.split())  # "Ủy ban nhân dân": one capital only
            break
    words = text.split()
    after_level = False
    while i < len(words):
        level = _level_at([w.lower() for w in words], i)
        if level and i > 0:
            out.extend(w.lower() for w in words[i:i + level])
            after_level = True
            i += level
            continue
        w = words[i]
        field_start = i > 0 and (out[-1].lower() == "và" or out[-1].endswith(","))
        if w in KEEP_UPPER or (not w.isalpha() and w.isupper() and len(w) > 1):
            out.append(w)
        elif w.lower() == "và":
            out.append("và")
        elif after_level or i == 0 or (i == 1 and head_words == 1) or field_start:
            out.append(w[:1].upper() + w[1:].lower())
        else:
            out.append(w.lower())
        i += 1
    result = " ".join(out)
    return issuer_names().get(result.lower(), result)
