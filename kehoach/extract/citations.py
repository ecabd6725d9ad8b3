"""Stage 5 — citations: every reference to another document, with its type, date and issuer.

How it works:

1. *find* anchors: references ("33/CT-TTg", "114-KL/TW") and law words ("Luật", "Bộ luật");
2. *read around* each anchor: the type word and "số" before it, the date and the issuer after
   it ("Kết luận số 114-KL/TW, ngày 14/7/2015 của Ban Bí thư (khóa XI)"); a law's name, year
   and number ("Luật Doanh nghiệp số 59/2020/QH14"); failing those, the clause that introduces
   it ("Ngày 05/3/2024, UBND tỉnh ban hành Quyết định số …": its date, and its subject as the
   issuer);
3. *share* what a coordinated phrase shares: "Quyết định số 217-QĐ/TW và Quyết định số
   218-QĐ/TW ngày 12 tháng 12 năm 2013 của Bộ Chính trị" dates and issues both; a list
   introduced by "các văn bản của UBND huyện tại:" gives its items that issuer;
4. *resolve* mentions of the same document to one `cited_id`, its fields taken from the
   mentions in order (the first type printed, the first date printed, the first issuer printed),
   and give each its `cited_key` across documents and its section of the outline.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import chain

import regex

from ..models import Citation, PartialDate, Section, compose_ref
from ..patterns.citations import (
    AMENDING_START, ISSUED_BEFORE_ENDS, ISSUER_BEFORE_END, after_ref_pattern, amending_pattern,
    before_ref_pattern, date_after_pattern, date_parts_pattern, fuzzy_type_before_pattern,
    fuzzy_type_clues, helper, issued_before_pattern, issuer_before_pattern, issuer_intro_pattern,
    known_law_pattern, law_joiner_pattern, law_tail_pattern, law_word_pattern, law_word_patterns,
    list_issuer_pattern, plural_list_pattern, ref_at_separator_patterns, ref_pattern,
    subject_shape_pattern,
)
from ..patterns.vocab import (
    canonical_type_names, fold_diacritics, issuer_codes, issuer_names, laws, symbol_case,
    type_by_abbrev, type_names,
)
from .issuers import fold_tones, read_issuer

GENERIC_TYPES = frozenset({"văn bản"})
LOOKBACK = 48
# How far a list or a sentence is followed: bounds every scan so that a hostile single-line
# input stays linear.
SENTENCE_SPAN = 2000
# A second line of defence against a pattern that goes quadratic on some input nobody foresaw:
# the scan stops with TimeoutError, which the pipeline reports as an errors.csv row.
SCAN_TIMEOUT = 60.0


# Not frozen: a mention is built for every reference read, and a frozen dataclass's __init__
# costs five times as much; none is changed once built (see dataclasses.replace below).
@dataclass(slots=True)
class Mention:
    """A citation as read at one place, before mentions are resolved to documents."""

    start: int
    end: int
    ref_end: int  # end of the reference itself (or of the law's name)
    number: str | None
    symbol: str | None
    family: str | None  # party | state
    type_word: str | None  # the type printed, in normal case
    date: PartialDate | None
    issuer: str | None
    name: str | None  # a law's name
    repaired: bool
    issuer_before: bool = False  # the issuer was printed before ("của X tại Tờ trình số …")
    # the date was that of the clause before ("Ngày 05/3/2024, UBND tỉnh ban hành …"), which a
    # date printed after another mention of the document overrides
    date_before: bool = False


# Functions of a short printed string (a date, a symbol, a type word), which repeats from mention
# to mention, keep their answers for the strings seen last.
@lru_cache(maxsize=4096)
def _date_and_slip(text: str) -> tuple[PartialDate | None, bool]:
    """A date in any printed form at the precision printed, a day no month has left out; and
    whether such a day was printed. None when the year or month is impossible."""
    m = date_parts_pattern().search(text)
    if m is None:
        return None, False
    day, month, year = (m.group("d1", "m1", "y1") if m.group("y1")
                        else m.group("d2", "m2", "y2") if m.group("y2")
                        else (None, None, m.group("y3")))
    y = int(year)
    mo = int(month) if month else None
    d = int(day) if day and mo else None
    if not 1945 <= y <= 2100 or (mo is not None and not 1 <= mo <= 12):
        return None, False
    if d is not None:
        days = (31, 29 if y % 4 == 0 else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[mo - 1]
        if not 1 <= d <= days:
            return PartialDate(y, mo), True
    return PartialDate(y, mo, d), False


def parse_date(text: str) -> PartialDate | None:
    """A date in any printed form, at the precision printed; None when impossible.

    >>> parse_date("12 tháng 12 năm 2013".join(["ngày ", ""]))
    PartialDate(year=2013, month=12, day=12)
    >>> parse_date("ngày tháng 4 năm 2022")
    PartialDate(year=2022, month=4, day=None)
    >>> parse_date("31/2/2020") is None
    True
    """
    date, slip = _date_and_slip(text)
    return None if slip else date


def printed_date(text: str) -> PartialDate | None:
    """The date a document is said to bear (a cited date, a date of issue), at the precision
    that holds: a day no month has is dropped, not the date, since "ngày 31 tháng 02" is a typing
    slip in a date whose month and year still hold; an impossible month or year gives None.

    >>> printed_date("ngày 31/02/2024"), printed_date("ngày 00 tháng 5 năm 2024")
    (PartialDate(year=2024, month=2, day=None), PartialDate(year=2024, month=5, day=None))
    >>> printed_date("ngày 29/02/2024").iso(), printed_date("12/13/2020")
    ('2024-02-29', None)
    """
    return _date_and_slip(text)[0]


@lru_cache(maxsize=4096)
def canonical_symbol(raw: str) -> tuple[str, bool]:
    """A symbol without stray spaces, each part in official casing, a dropped hyphen restored
    between a type and an issuer code ("NĐCP" → "NĐ-CP"); and whether it was repaired beyond
    spacing.

    >>> canonical_symbol("QĐ- TTG")
    ('QĐ-TTg', True)
    >>> canonical_symbol("KL/TW")
    ('KL/TW', False)
    >>> canonical_symbol("TTBYT")
    ('TT-BYT', True)
    """
    compact = helper("spaces").sub("", raw)
    parts = helper("separators").split(compact)
    if len(parts) == 1:
        parts = _split_fused(parts[0])
    case = symbol_case()
    fixed = "".join(case.get(p.upper(), p) if p not in "/-" else p for p in parts)
    return fixed, fixed != compact


def _split_fused(part: str) -> list[str]:
    """ "NĐCP" → ["NĐ", "-", "CP"] when a type abbreviation and an issuer code were written
    without their hyphen; anything else is left whole."""
    upper = part.upper()
    abbrevs = _abbrevs()
    if upper in abbrevs or upper in issuer_codes():
        return [part]
    for cut in range(min(4, len(part) - 2), 1, -1):
        if upper[:cut] in abbrevs and upper[cut:] in issuer_codes():
            return [part[:cut], "-", part[cut:]]
    return [part]


@lru_cache(maxsize=4096)
def infer_type(symbol: str, family: str) -> str | None:
    """The type a symbol stands for when no type word is printed.

    >>> infer_type("CT-TTg", "state"), infer_type("KL/TW", "party"), infer_type("UBND", "state")
    ('Chỉ thị', 'Kết luận', 'Công văn')
    >>> infer_type("2020/QH14", "state")
    'Luật'
    """
    parts = [p for p in helper("parts").split(symbol) if p and not p.isdigit()]
    if not parts:
        return None
    first = parts[0].upper()
    other = "state" if family == "party" else "party"
    found = type_by_abbrev().get((first, family)) or type_by_abbrev().get((first, other))
    if found:
        return found
    if helper("national_assembly").fullmatch(first):
        return "Luật"
    if family == "state":
        # A State symbol that does not start with a type is a Công văn's: "245/UBND",
        # "575/UBND-NC" (Nghị định 30/2020/NĐ-CP, Phụ lục VI).
        return "Công văn"
    return None


@lru_cache(maxsize=4096)
def _plausible(symbol: str, family: str) -> bool:
    """Without a type word or "số" before it, a reference must look like one: a type code or a
    known issuer code in its symbol ("02/19" or "F0/F1" are not references)."""
    parts = [p.upper() for p in helper("parts").split(symbol) if p and not p.isdigit()]
    codes = issuer_codes()
    abbrevs = _abbrevs()
    return any(p in abbrevs or p in codes or helper("national_assembly").fullmatch(p)
               for p in parts)


@cache
def _abbrevs() -> frozenset[str]:
    return frozenset(a for a, _ in type_by_abbrev())


# How far after a reference its date is looked for.
DATE_SPAN = 80
# How far after a reference or its date the issuer's introduction is looked for.
INTRO_SPAN = 12


def _date_of(m: regex.Match[str]) -> PartialDate | None:
    """The date a match of :data:`DATE_AFTER` prints, read from its date alone ("14/7/2015" of
    ", ngày 14/7/2015"), which repeats more than the words around it."""
    numeric, words, year_only = m.group("numeric", "words", "year_only")
    return printed_date(numeric or words or year_only)


def _read_date(text: str, pos: int, limit: int) -> tuple[PartialDate | None, int]:
    """A date printed right after `pos`, and where it ends (`pos` when there is none)."""
    m = date_after_pattern().match(text, pos, min(limit, pos + DATE_SPAN))
    if m is None:
        return None, pos
    # An impossible date is dropped but still passed over.
    return _date_of(m), m.end()


def _read_after(text: str, pos: int, limit: int) -> tuple[PartialDate | None, str | None, int]:
    """The date and issuer printed after a reference or law name ending at `pos`; the date may
    also follow the issuer ("Quyết định số 411/QĐ-TTg của Thủ tướng Chính phủ ngày 31/3/2022")."""
    window = min(limit, pos + DATE_SPAN)
    m = after_ref_pattern().match(text, pos, window)
    # One look at the groups (:func:`_date_of` reads the date from the last three).
    printed, kw, numeric, words, year_only = m.group("date", "kw", "numeric", "words",
                                                     "year_only")
    date, end = (None, pos) if printed is None else (printed_date(numeric or words or year_only),
                                                     m.end("date"))
    kw_end = m.end()
    if kw is None and min(limit, end + INTRO_SPAN) > window:
        # The introduction may run past the date's window.
        intro = issuer_intro_pattern().match(text, end, min(limit, end + INTRO_SPAN))
        if intro is not None:
            kw, kw_end = intro.group("kw"), intro.end()
    issuer = None
    if kw is not None:
        phrase = read_issuer(text, kw_end, between=kw.lower() == "giữa")
        if phrase is not None:
            issuer = phrase.name
            end = phrase.end
            if date is None:
                date, end = _read_date(text, end, limit)
    return date, issuer, end


def _issuer_before(text: str, mention_start: int, start: int) -> str | None:
    """The issuer printed before a reference: "đề nghị của Sở Y tế tại Tờ trình số …"."""
    # The pattern ends with that word, in any case, and a space at most: looked for in the last
    # four characters before the line is, then in those of them on the line.
    if ISSUER_BEFORE_END not in text[max(0, mention_start - 4):mention_start].casefold():
        return None
    window = max(start, mention_start - 200)
    line_start = max(window, text.rfind("\n", window, mention_start) + 1)
    if ISSUER_BEFORE_END not in text[max(line_start, mention_start - 4):mention_start].casefold():
        return None
    m = issuer_before_pattern().search(text[line_start:mention_start])
    if m is None:
        return None
    of_start = line_start + m.start("of")
    phrase = read_issuer(text, of_start)
    if phrase is None or phrase.end != line_start + m.end("of"):
        return None
    return phrase.name


# How far back the clause before a reference is looked for.
CLAUSE_SPAN = 300


def _issued_before(text: str, mention_start: int,
                   start: int) -> tuple[PartialDate | None, str | None]:
    """The date and issuer of the clause that introduces a reference: "Ngày 05/3/2024, UBND tỉnh
    ban hành Quyết định số …" (:func:`issued_before_pattern`). The subject is the issuer only
    when it is one whole, a known body or shaped like one (:func:`subject_shape_pattern`):
    "Thủ tướng Phạm Minh Chính ký …" or "Sở Y tế tham mưu UBND tỉnh ban hành …" give none.

    >>> _issued_before("Ngày 05/3/2024, UBND tỉnh ban hành Quyết định số 12/QĐ-UBND", 35, 0)
    (PartialDate(year=2024, month=3, day=5), 'UBND tỉnh')
    """
    # The pattern ends with one of a few words: looked for in the last characters first.
    tail = text[max(start, mention_start - 12):mention_start].lower()
    if tail.endswith("các "):
        tail = text[max(start, mention_start - 16):mention_start - 4].lower()
    if not tail.endswith(ISSUED_BEFORE_ENDS):
        return None, None
    m = issued_before_pattern().search(text, max(start, mention_start - CLAUSE_SPAN),
                                       mention_start)
    if m is None:
        return None, None
    numeric, words, subject = m.group("numeric", "words", "subject")
    date = printed_date(numeric or words) if numeric or words else None
    if subject is None:
        return date, None
    # Read from the subject alone: the verb after it ("Ban Bí thư ra …") is not a stop word.
    phrase = read_issuer(subject, 0)
    if phrase is None or phrase.end != len(subject) or not (
            issuer_names().get(phrase.name.lower()) == phrase.name
            or subject_shape_pattern().fullmatch(fold_tones(subject))):
        return date, None
    return date, phrase.name


@lru_cache(maxsize=4096)
def _type_name(printed: str) -> str:
    """The type word in normal case, for a printed one that may have lost its diacritics or
    carry one OCR error."""
    key = " ".join(printed.lower().split())
    names = canonical_type_names()
    if key in names:
        return names[key]
    folded = fold_diacritics(key)
    if folded in names:
        return names[folded]
    return min(type_names(), key=lambda n: _distance(fold_diacritics(n.lower()), folded))


def _distance(a: str, b: str) -> int:
    """Levenshtein distance of two short strings."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    """Is `pos` inside one of the sorted, disjoint `spans`?"""
    i = bisect.bisect_right(spans, (pos, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def iter_refs(text: str, start: int,
              end: int) -> Iterator[tuple[int, int, str, str | None, str | None, str | None]]:
    """The matches of the reference grammar in `text[start:end]`, the same as its ``finditer``
    gives, as (start, end, number, year, state, party): read from the separator after their
    number (:data:`REF_AT_SLASH`, :data:`REF_AT_DASH`), to which the engine skips ahead.

    >>> t = "số 12/ 5023/ KH và 7/2015, 120 -KL/TW"
    >>> [t[s:e] for s, e, *_ in iter_refs(t, 0, len(t))]
    ['5023/ KH', '120 -KL/TW']
    """
    slash, dash = ref_at_separator_patterns()
    # Each call is bounded by the timeout. In the order of their separators, which is that of
    # their numbers.
    found = sorted(chain(slash.finditer(text, start, end, timeout=SCAN_TIMEOUT),
                         dash.finditer(text, start, end, timeout=SCAN_TIMEOUT)),
                   key=regex.Match.start)
    resume = start
    for m in found:
        at = m.start("number")
        if at < resume:
            continue  # inside the reference just found, or starting before `start`
        resume = m.end()
        if m.re is slash:
            yield at, resume, *m.group("number", "year", "state"), None
        else:
            yield at, resume, m.group("number"), None, None, m.group("party")


def _fuzzy_type_possible(before: str, so_start: int) -> bool:
    """Can :func:`fuzzy_type_before_pattern` match `before`, whose "số" starts at `so_start`?
    False only where it surely cannot (:func:`fuzzy_type_clues`): the spaces before "số" start
    at `q`, and the type word ends at `q` or, its last letter replaced by a space, after it."""
    q = so_start
    while q and before[q - 1] == " ":
        q -= 1
    if q == so_start:
        return False  # no space between the type word and "số"
    last_words, heads = fuzzy_type_clues()
    if before.endswith(last_words, 0, q):
        return True
    for end in range(q, so_start):
        for length, words in heads.items():
            last_start = end - length
            if last_start > 0 and before[last_start - 1].isspace() \
                    and " ".join(before[:last_start].split()).endswith(words):
                return True
    return False


# The same words stand before reference after reference ("Căn cứ Nghị định số "): what they
# say is kept for the windows seen last.
@lru_cache(maxsize=4096)
def _read_before(before: str) -> tuple[bool, int | None, str | None, bool]:
    """What the text `before` a reference says of it: whether it is a form's number ("Mẫu số
    01/BC": not a document); where in `before` the mention starts, at its type word or "số"
    (None when neither is printed); the type word in normal case (None when none is printed or
    it is a generic one); and whether the type word was read through one OCR error.

    >>> _read_before("thực hiện Quyết đinh số ")
    (False, 10, 'Quyết định', True)
    """
    ctx = before_ref_pattern().search(before)
    if ctx is None:
        return False, None, None, False
    form, type_word, so = ctx.group("form", "type", "so")
    if form is not None:
        return True, None, None, False
    mention_start, repaired = ctx.start(), False
    # One OCR error in the type word ("Quyết đinh số"): tried only where "số" is printed and a
    # word stands before it, since the fuzzy search is the costly one.
    if so is not None and mention_start > 4 and before[mention_start - 2].isalpha() \
            and _fuzzy_type_possible(before, mention_start) \
            and (fuzzy := fuzzy_type_before_pattern().search(before)) is not None:
        type_word, repaired, mention_start = fuzzy.group("type"), True, fuzzy.start()
    if type_word is not None:
        type_word = _type_name(type_word)
        if type_word.lower() in GENERIC_TYPES:
            type_word = None
    return False, mention_start, type_word, repaired


def _find_refs(text: str, start: int, end: int, taken: list[tuple[int, int]]) -> list[Mention]:
    out: list[Mention] = []
    for ref_start, ref_end, number, year, state, party in iter_refs(text, start, end):
        if taken and _inside(taken, ref_start):
            continue
        lo = max(start, ref_start - LOOKBACK)
        form, offset, type_word, fuzzy = _read_before(text[lo:ref_start])
        if form:
            continue
        family = "party" if party else "state"
        symbol, repaired = canonical_symbol(party or state)
        if year:
            symbol = f"{year}/{symbol}"
        if offset is not None:
            mention_start = lo + offset
        elif _plausible(symbol, family):
            mention_start = ref_start
        else:
            continue
        date, issuer, mention_end = _read_after(text, ref_end, end)
        before = issuer is None and (issuer := _issuer_before(text, mention_start, start))
        date_before = False
        if issuer is None or date is None:
            clause_date, clause_issuer = _issued_before(text, mention_start, start)
            if issuer is None and clause_issuer is not None:
                issuer, before = clause_issuer, True
            if date is None and clause_date is not None:
                date, date_before = clause_date, True
        out.append(Mention(mention_start, mention_end, ref_end, number, symbol, family,
                           type_word, date, issuer, None, repaired or fuzzy, bool(before),
                           date_before))
    return out


def _amending(text: str, pos: int, limit: int) -> regex.Match[str] | None:
    """An amending law's title at `pos` (:data:`AMENDING`), looked for only where it starts."""
    start = pos
    while start < limit and text[start].isspace():
        start += 1
    if start == pos or text[start:start + 3].casefold() != AMENDING_START:
        return None
    return amending_pattern().match(text, pos, limit)


# An amending law names the laws it amends, which are not amending laws themselves; deeper
# nesting is only ever a hostile input ("Luật sửa đổi, bổ sung Luật sửa đổi, …" a thousand
# times), read from there on as plain names rather than recursing without end.
MAX_AMENDING_DEPTH = 3


def _law_name(text: str, pos: int, limit: int, depth: int = 0) -> tuple[str, int] | None:
    """The name after "Luật"/"Bộ luật" at `pos`: an amending law's whole title ("sửa đổi, bổ
    sung một số điều của Luật X và Luật Y"), a known law, else words up to a stop."""
    amending = _amending(text, pos, limit) if depth < MAX_AMENDING_DEPTH else None
    if amending is not None:
        parts = [" ".join(amending.group("title").split())]
        cursor = amending.end()
        while True:
            inner = law_word_pattern().match(text, cursor, limit)
            named = _law_name(text, inner.end(), limit, depth + 1) if inner else None
            if inner is None or named is None:
                break
            parts.append(canonical_law_name(inner.group("kind"), named[0]))
            cursor = named[1]
            joiner = law_joiner_pattern().match(text, cursor, cursor + 12)
            if joiner is None:
                break
            parts.append(joiner.group(0).strip())
            cursor += len(joiner.group(0))
        if len(parts) > 1:
            return " ".join(parts).replace(" ,", ","), cursor
    known = known_law_pattern()
    if known is not None:
        m = known.match(text, pos, limit)
        if m is not None:
            name = m.group("name")
            return " ".join(name.split()), m.end()
    words = []
    end = pos
    for m in helper("word").finditer(text, pos, min(limit, pos + 160)):
        raw = m.group(0)
        core = raw.rstrip(",;.:)!?”\"/")
        low = core.lower()
        if not core or raw[0] in "(“\"‘" or core[0].isdigit() or low in LAW_STOP_WORDS:
            break
        if words and core[:1].isupper() and low in {"luật", "nghị", "quyết", "thông", "chỉ"}:
            break
        words.append(core)
        end = m.start() + len(core)
        if core != raw:
            if raw.endswith(",") and low == "phòng":
                continue
            break
        if len(words) >= 10:
            break
    if not words:
        return None
    return " ".join(words), end


LAW_STOP_WORDS = frozenset("""
    của và về theo để nhằm trong tại có đã được là quy thì với cho đến từ khi trên ngày năm số
    hướng đối gồm như sau trước hoặc các những này đó nhưng mà
""".split())
# The word after a law word that says no name follows it.
NO_LAW_NAME = LAW_STOP_WORDS | {"luật"}


# The same laws are named mention after mention.
@lru_cache(maxsize=4096)
def canonical_law_name(kind: str, name: str) -> str:
    """ "Luật" + the name with its first letter capitalized, or the known spelling.

    >>> canonical_law_name("LUẬT", "tiếp công dân")
    'Luật Tiếp công dân'
    >>> canonical_law_name("Bộ luật", "lao động")
    'Bộ luật Lao động'
    """
    kind = "Bộ luật" if kind.lower().startswith("bộ") else "Luật"
    if name.isupper():
        name = name.lower()
    full = f"{kind} {name[:1].upper()}{name[1:]}"
    return _law_names().get(full.lower().replace(",", ""), full)


@cache
def _law_names() -> dict[str, str]:
    """Known law names by their lower-case form without commas."""
    return {law.name.lower().replace(",", ""): law.name for law in laws()}


def _find_laws(text: str, start: int, end: int) -> list[Mention]:
    out: list[Mention] = []
    consumed = start  # law words inside an amending law's title belong to it
    words = sorted(chain.from_iterable(p.finditer(text, start, end, timeout=SCAN_TIMEOUT)
                                       for p in law_word_patterns()), key=regex.Match.start)
    for m in words:
        if m.start() < consumed:
            continue
        kind = m.group("kind")
        nxt = helper("word").match(text, m.end() + 1, min(end, m.end() + 40))
        if nxt is not None and nxt.group(0).rstrip(",;.:").lower() in NO_LAW_NAME:
            continue  # "Luật của …", "Luật Luật": no name follows; skip the costly look-ups
        named = _law_name(text, m.end(), end)
        name = None
        pos = m.end()
        if named is not None and not named[0].lower().startswith("số"):
            name = canonical_law_name(kind, named[0])
            pos = named[1]
        number = symbol = None
        date = None
        tail = law_tail_pattern().match(text, pos, min(end, pos + 40))
        year = tail and (tail.group("year") or tail.group("bare_year"))
        if year:
            date = PartialDate(int(year))
            pos = tail.end()
        elif tail is not None:
            ref = ref_pattern().match(text, tail.end(), end)
            if ref is not None and ref.group("state"):
                number, ref_year, state = ref.group("number", "year", "state")
                symbol = canonical_symbol(state)[0]
                if ref_year:
                    symbol = f"{ref_year}/{symbol}"
                pos = ref.end()
        if name is None and number is None:
            continue
        law_kind = "Bộ luật" if kind.lower().startswith("bộ") else "Luật"
        more_date, issuer, mention_end = _read_after(text, pos, end)
        date = more_date or date
        consumed = pos
        before = date_before = False
        if issuer is None or date is None:
            clause_date, clause_issuer = _issued_before(text, m.start(), start)
            if issuer is None and clause_issuer is not None:
                issuer, before = clause_issuer, True
            if date is None and clause_date is not None:
                date, date_before = clause_date, True
        out.append(Mention(m.start(), max(pos, mention_end), pos, number, symbol,
                           "state" if number else None, law_kind, date, issuer, name, False,
                           before, date_before))
    return out


COORDINATION_SPAN = len("  hoặc ")  # the longest text helper("coordination") matches


def _share_coordinated(mentions: list[Mention], text: str) -> list[Mention]:
    """Give earlier members of "A và B ngày … của X" the date and issuer printed after B."""
    out = list(mentions)
    for i in range(len(out) - 2, -1, -1):
        a, b = out[i], out[i + 1]
        if b.start - a.end > COORDINATION_SPAN or not helper("coordination").match(
                text[a.end:b.start]):
            continue
        if a.name and not b.name or b.name and not a.name:
            continue
        changes = {}
        if a.date is None and b.date is not None and a.end == a.ref_end:
            changes["date"] = b.date
        if a.issuer is None and b.issuer is not None:
            changes["issuer"] = b.issuer
        if a.issuer_before and b.issuer is None:
            out[i + 1] = dataclasses.replace(out[i + 1], issuer=a.issuer, issuer_before=True)
        if a.type_word is not None and b.type_word is None and b.number \
                and text[b.start].isdigit():
            out[i + 1] = dataclasses.replace(b, type_word=a.type_word)
        if changes:
            out[i] = dataclasses.replace(a, **changes)
    return out


def _share_plural_list(mentions: list[Mention], text: str, start: int,
                       end: int) -> list[Mention]:
    """Items of "Các Công điện: số 007/CĐ-UBND ngày …, số 008/CĐ-UBND …; số 010/CĐ-UBND ngày …
    của UBND tỉnh" take the list's type and the issuer printed after its last item."""
    out = list(mentions)
    if not out:
        return out
    starts = [x.start for x in out]
    for m in plural_list_pattern().finditer(text, start, end):
        if m.start("type") > starts[-1]:
            break  # no item starts after it, nor after any list further on
        line_end = text.find("\n", m.end(), min(end, m.end() + SENTENCE_SPAN))
        line_end = min(end, m.end() + SENTENCE_SPAN) if line_end < 0 else line_end
        type_word = canonical_type_names()[" ".join(m.group("type").lower().split())]
        members = range(bisect.bisect_left(starts, m.start("type")),
                        bisect.bisect_left(starts, line_end))
        if m.group("of"):
            # "các Nghị định của Chính phủ: số 78/…, số 79/… và số 150/…": every item.
            phrase = read_issuer(text, m.start("of"))
            if phrase is None:
                continue
            for i in members:
                if text[out[i].start].isdigit() or text[out[i].start] in "sS":
                    out[i] = dataclasses.replace(out[i], issuer=out[i].issuer or phrase.name,
                                                 type_word=out[i].type_word or type_word)
            continue
        run: list[int] = []
        for i in members:
            if run and not helper("list_gap").fullmatch(text[out[run[-1]].end:out[i].start]):
                break
            run.append(i)
            if out[i].issuer is not None:
                break
        if len(run) < 2 or out[run[-1]].issuer is None:
            continue
        issuer = out[run[-1]].issuer
        for i in run:
            out[i] = dataclasses.replace(out[i], issuer=out[i].issuer or issuer,
                                         type_word=out[i].type_word or type_word)
    return out


def _share_list_issuer(mentions: list[Mention], text: str, start: int,
                       end: int) -> list[Mention]:
    """Items of "các văn bản của UBND huyện tại: …" take that issuer, to the paragraph's end."""
    out = list(mentions)
    starts = [x.start for x in out]
    # A list, its issuer and its colon lie on one line, and its items after them on the same
    # line: only the lines where an item lacking an issuer starts are looked at, up to it.
    spans: list[list[int]] = []
    line_start = looked = start  # a line's start is looked for back to the mention before
    for x in out:
        if x.issuer is None:
            line_start = max(line_start, text.rfind("\n", looked, x.start) + 1)
            looked = x.start
            if spans and spans[-1][0] == line_start:
                spans[-1][1] = x.start
            else:
                spans.append([line_start, x.start])
    matches = chain.from_iterable(list_issuer_pattern().finditer(text, line_start, stop)
                                  for line_start, stop in spans)
    for m in matches:
        phrase = read_issuer(text, m.end())
        if phrase is None or helper("list_colon").match(text, phrase.end, phrase.end + 30) is None:
            continue
        limit = min(end, phrase.end + SENTENCE_SPAN)
        para_end = text.find("\n", phrase.end, limit)
        para_end = limit if para_end < 0 else para_end
        for i in range(bisect.bisect_left(starts, phrase.end), bisect.bisect_left(starts, para_end)):
            if out[i].issuer is None:
                out[i] = dataclasses.replace(out[i], issuer=phrase.name)
    return out


def _key(m: Mention) -> str:
    if m.number is not None and m.symbol is not None:
        number = m.number.lstrip("0") or "0"
        sep = "-" if m.family == "party" else "/"
        return f"{number}{sep}{m.symbol.upper()}"
    return f"law:{(m.name or '').lower()}"


def resolve(mentions: Sequence[Mention], text: str, offsets=None,
            sections: Sequence[Section] = (), home: str | None = None) -> tuple[Citation, ...]:
    """Turn mentions (sorted by start) into citations: one `cited_id` per document, fields
    resolved in order, each in its section of the outline `sections` and with its `cited_key`
    (:func:`cited_key`, `home` the citing document's locality)."""
    keys = [_key(m) for m in mentions]
    # key → the first type, date, issuer and name printed, the first mention, and whether the
    # date is that of a clause before (:func:`_issued_before`), which a date printed after a
    # reference overrides
    firsts: dict[str, list] = {}
    for key, m in zip(keys, mentions):
        first = firsts.get(key)
        if first is None:
            firsts[key] = [m.type_word or None, m.date, m.issuer or None, m.name or None, m,
                           m.date_before]
            continue
        if first[0] is None and m.type_word:
            first[0] = m.type_word
        if first[1] is None or first[5] and m.date is not None and not m.date_before:
            first[1], first[5] = m.date, m.date_before
        if first[2] is None and m.issuer:
            first[2] = m.issuer
        if first[3] is None and m.name:
            first[3] = m.name
    resolved = {  # key → type, date, issuer, name of the cited document
        key: (cited_type or (infer_type(m.symbol, m.family) if m.symbol else None),
              date, issuer, name)
        for key, (cited_type, date, issuer, name, m, _) in firsts.items()}
    counters: dict[str, int] = {}
    section_ids = _section_ids(sections, [m.start for m in mentions])
    out = []
    for key, m, section in zip(keys, mentions, section_ids):
        cited_type, date, issuer, name = resolved[key]
        index = counters.get(key, 0)
        counters[key] = index + 1
        number, symbol = m.number, m.symbol
        ref = compose_ref(number, symbol) if number and symbol else None
        src_start, src_end = offsets(m.start, m.end) if offsets else (-1, -1)
        # The fields in their order: passed by keyword, the 21 of them cost a sixth of this
        # function.
        out.append(Citation(
            m.start, m.end, text[m.start:m.end],  # start, end, mention
            key, index,  # cited_id, mention_index
            cited_type, ref, number, symbol, date, issuer, name,  # cited_…
            m.type_word, m.date, m.issuer,  # mention_type, mention_date, mention_issuer
            m.type_word is not None,  # type_printed
            src_start, src_end, section, m.repaired,
            key if ref is None else cited_key(  # cited_key
                number, symbol, date.year if date else None, issuer, home),
        ))
    return tuple(out)


def _section_ids(sections: Sequence[Section], positions: Sequence[int]) -> list[str | None]:
    """:func:`structure.section_at` of each of the sorted `positions`, in one sweep of the
    outline (sorted by start): the deepest section holding a position is the last one opened
    before it that is not yet closed, and a section closed before one position is closed before
    the next."""
    out: list[str | None] = []
    opened: list[Section] = []
    i = 0
    for pos in positions:
        while i < len(sections) and sections[i].start <= pos:
            opened.append(sections[i])
            i += 1
        while opened and opened[-1].end <= pos:
            opened.pop()
        out.append(opened[-1].section if opened else None)
    return out


def find_citations(text: str, start: int = 0, end: int | None = None,
                   own_ref: str | None = None, offsets=None, sections: Sequence[Section] = (),
                   home: str | None = None) -> tuple[Citation, ...]:
    """All citations in `text[start:end]`, except the document's own reference.

    `offsets` maps a normalized span to the source (see :meth:`Normalized.span_to_source`);
    `sections` is the outline each citation's `section` is read from; `home` the locality of
    the citing document, for the `cited_key` of a local issuer printed without its place
    (:func:`cited_key`).

    >>> [c.cited_ref for c in find_citations("theo Quyết định số 217-QĐ/TW và Quyết định "
    ...     "số 218-QĐ/TW ngày 12 tháng 12 năm 2013 của Bộ Chính trị")]
    ['217-QĐ/TW', '218-QĐ/TW']
    >>> [c.cited_key for c in find_citations("Quyết định số 490/QĐ-UBND ngày 05/3/2021 của "
    ...     "UBND tỉnh", home="tây ninh")]
    ['490/QĐ-UBND@2021|tây ninh']
    """
    end = len(text) if end is None else end
    law_mentions = _find_laws(text, start, end)
    taken = [(m.start, m.end) for m in law_mentions if m.number]
    mentions = sorted(_find_refs(text, start, end, taken) + law_mentions,
                      key=lambda m: m.start)
    own = ref_pattern().search(own_ref) if own_ref else None
    if own is not None:
        sym = canonical_symbol(own.group("party") or own.group("state"))[0]
        if own.group("year"):
            sym = f"{own.group('year')}/{sym}"
        own_key = _key(Mention(0, 0, 0, own.group("number"), sym,
                               "party" if own.group("party") else "state",
                               None, None, None, None, False))
        # The key, which resolve reads again, is read only for a mention numbered like the
        # document itself: a key starts with the number ("law:" for a mention without one).
        own_number = own.group("number").lstrip("0") or "0"
        mentions = [m for m in mentions if m.number is None
                    or (m.number.lstrip("0") or "0") != own_number or _key(m) != own_key]
    mentions = _share_coordinated(mentions, text)
    mentions = _share_plural_list(mentions, text, start, end)
    mentions = _share_list_issuer(mentions, text, start, end)
    return resolve(mentions, text, offsets, sections, home)


# Codes and words that mark a local issuer, whose numbers repeat from province to province.
LOCAL_CODES = frozenset({"UBND", "HĐND", "TU", "HU", "QU", "ĐU", "TVTU", "BCĐ", "VP"})


def locality_of(name: str | None) -> str | None:
    """The place named in an issuer ("UBND tỉnh Tây Ninh" → "tây ninh"), lower-cased.

    >>> locality_of("Chủ tịch UBND tỉnh Gia Lai"), locality_of("UBND tỉnh")
    ('gia lai', None)
    """
    if not name:
        return None
    m = helper("locality").search(name)
    return " ".join(m.group(1).split()).lower() if m else None


def is_local(symbol: str | None, issuer: str | None) -> bool:
    """Is the cited document a local one (UBND, HĐND, a provincial Party committee …), by its
    symbol and issuer?

    >>> is_local("QĐ-UBND", None), is_local("NQ/TW", "Ban Chấp hành Trung ương")
    (True, False)
    """
    parts = {p.upper() for p in helper("parts").split(symbol or "")}
    issuer = (issuer or "").lower()
    return bool(parts & LOCAL_CODES) or any(
        w in issuer for w in ("tỉnh", "huyện", "xã", "thành phố", "ubnd", "hđnd"))


# The same documents are cited mention after mention, document after document.
@lru_cache(maxsize=4096)
def cited_key(number: str, symbol: str, year: int | None, issuer: str | None,
              home: str | None) -> str:
    """A key that names a cited document across documents: its reference, its year (Party
    numbers restart every term: 25-NQ/TW of 2003 and of 2013 differ), and for local issuers the
    locality ("490/QĐ-UBND" of Tây Ninh ≠ of another province). A local issuer printed without
    its place ("của UBND tỉnh") is the citing document's own province, `home`. `year` is that
    of the cited date, else the one in the symbol.

    >>> cited_key("490", "QĐ-UBND", 2021, "UBND tỉnh", "tây ninh")
    '490/QĐ-UBND@2021|tây ninh'
    >>> cited_key("04", "2015/NĐ-CP", None, "Chính phủ", "bắc kạn")
    '4/2015/NĐ-CP@2015'
    """
    if year is None and symbol[:4].isdigit():
        year = int(symbol[:4])
    return compose_ref(number.lstrip("0") or "0", symbol) + (f"@{year}" if year else "") \
        + _place_key(symbol, issuer, home)


# Many numbers share a symbol and an issuer ("…/QĐ-UBND" of "UBND tỉnh").
@lru_cache(maxsize=4096)
def _place_key(symbol: str, issuer: str | None, home: str | None) -> str:
    """The part of :func:`cited_key` that names the locality of a local issuer ("|tây ninh")."""
    if not is_local(symbol, issuer):
        return ""
    place = locality_of(issuer) or home
    return f"|{place}" if place else ""


def with_keys(found: Sequence[Citation], home: str | None) -> tuple[Citation, ...]:
    """The citations keyed again (:func:`cited_key`) for a citing document whose locality is
    `home`.

    >>> c = find_citations("Quyết định số 490/QĐ-UBND ngày 05/3/2021 của UBND tỉnh")
    >>> c[0].cited_key, with_keys(c, "tây ninh")[0].cited_key
    ('490/QĐ-UBND@2021', '490/QĐ-UBND@2021|tây ninh')
    """
    return tuple(dataclasses.replace(c, cited_key=c.cited_id if c.cited_ref is None else
                                     cited_key(c.cited_number, c.cited_symbol,
                                               c.cited_date.year if c.cited_date else None,
                                               c.cited_issuer, home))
                 for c in found)
