"""Stage — assignments: which unit is given which task (phân công), in what role, by when.

A plan gives tasks in three printed forms, all read here:

* a heading that names the unit, then its tasks ("1. Phòng Nội vụ huyện" + paragraphs);
* a sentence whose subject is the unit ("Sở Y tế chủ trì, phối hợp với …", "Giao Phòng Hành
  chính … theo dõi", "Đề nghị Ủy ban MTTQ …");
* a labelled list ("Cơ quan chủ trì: Sở Nội vụ, Sở Tài chính");
* the clause that closes a decision or resolution, whose officials and units are responsible
  for carrying it out ("Chánh Văn phòng UBND tỉnh; Giám đốc Sở Tài chính, Thủ trưởng các sở,
  ban, ngành và các tổ chức, cá nhân có liên quan chịu trách nhiệm thi hành Quyết định này"):
  each gives a ``chủ trì`` row, as any unit said to be responsible does; the organizations and
  individuals concerned at its end are the public, not a unit, and give none.

Subject sentences count inside the implementation part of the plan (TỔ CHỨC THỰC HIỆN, Phân
công …), and anywhere when the unit is said to lead ("… chủ trì"). Units working with a lead
("phối hợp với …") get rows with role ``phối hợp``.

Where a unit's name ends is the one decision regex cannot make: "Phòng Hành chính tổ chức theo
dõi" (the name ends before "tổ chức") against "Phòng Hành chính tổ chức - Quản trị tài vụ theo
dõi" (it does not), "Hội Cựu chiến binh tỉnh" (three syllables after a capital). With
``segment=True`` the name is read on words from underthesea (:mod:`.tokenize`), only on the
sentences that begin with a unit and, outside the implementation part, also say that it leads,
is responsible or is asked (segmentation is most of this stage's time); with ``segment=False`` a
capital syllable may take one lower-case syllable after it, a guess that holds for most
two-syllable names.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from functools import cache, lru_cache
from operator import itemgetter
from typing import NamedTuple

import regex

from ..models import Assignment, PartialDate, Section
from ..patterns.assignments import (
    CUES, IMPLEMENTATION_STARTS, LABEL_WORDS, LEAD_IN_STARTS, PREFIX_STARTS, QUALIFIER_WORD,
    RECURRENCE_WORDS, REQUEST_WORDS, SENTENCE_REQUEST_WORDS, addressees_pattern,
    clause_break_pattern, coordinate_pattern, deadline_pattern, digit_pattern, executes_pattern,
    executors_intro_pattern, head_first_words, head_pattern, heading_break_pattern,
    implementation_pattern, joint_pattern, key_punctuation_pattern, label_pattern,
    lead_in_pattern, leading_joiner_pattern, leads_pattern, line_end_colon_pattern,
    list_break_pattern, passes_on_pattern, predicate_pattern, prefix_pattern, qualifier_pattern,
    recurrence_pattern, request_pattern, responsible_pattern, sentence_end_pattern,
    sentence_request_pattern, task_intro_pattern, tasked_pattern, template_gap_pattern,
    tidy_patterns, unit_vocabulary, verbs,
)
from .structure import outline_ranges, section_at, title_at
from .tokenize import fold, syllable_spans, word_spans

ROLE_LEAD, ROLE_COORDINATE, ROLE_GIVEN, ROLE_ASKED = "chủ trì", "phối hợp", "giao", "đề nghị"

# Words or syllables as (text, start, end), in order (see :func:`.tokenize.word_spans`).
Tokens = tuple[tuple[str, int, int], ...]
_token_start = itemgetter(1)

_CONNECTORS = frozenset({",", "và", "-", "&", "/"})


def _bare(name: str) -> str:
    """`name` folded, punctuation turned to spaces, spaces single."""
    return " ".join(key_punctuation_pattern().sub(" ", fold(name)).split())


@cache
def _aliases() -> tuple[tuple[str, regex.Pattern[str], str], ...]:
    """(bare spelling, the pattern that finds it as whole words, its key form) of each alias,
    longest first: a shorter alias may apply to what a longer one wrote ("uy ban mttq")."""
    return tuple((_bare(spelling), regex.compile(rf"\b{regex.escape(_bare(spelling))}\b"),
                  fold(canonical)) for spelling, canonical in unit_vocabulary().aliases)


@lru_cache(maxsize=4096)
def unit_key(name: str) -> str:
    """The key that makes the same unit match across plans: aliases folded, no marks, no
    punctuation, lower case.

    >>> unit_key("Ủy ban nhân dân tỉnh") == unit_key("UBND tỉnh")
    True
    >>> unit_key("Phòng Văn hoá - Thông tin")
    'phong vhtt'
    """
    name = _bare(name)
    for spelling, pattern, canonical in _aliases():
        if spelling in name:  # the pattern can only match where the spelling is
            name = pattern.sub(canonical, name)
    return name


@lru_cache(maxsize=4096)
def clean_unit(name: str) -> str:
    """The unit as printed, with spacing around dashes and trailing punctuation tidied.

    >>> clean_unit("Công chức Văn phòng- Thống kê ( DVCQ)")
    'Công chức Văn phòng - Thống kê'
    """
    for pattern, repl in tidy_patterns():
        name = pattern.sub(repl, name)
    return " ".join(name.split())


@cache
def _groups_by_initial() -> dict[str, tuple[tuple[int, frozenset[str]], ...]]:
    """The group words by their first letter, then by length, longest first."""
    groups = unit_vocabulary().groups
    return {initial: tuple((n, frozenset(w for w in groups if w[0] == initial and len(w) == n))
                           for n in sorted({len(w) for w in groups if w[0] == initial},
                                           reverse=True))
            for initial in {w[0] for w in groups}}


# The name reader asks again and again at the same places of a document.
@lru_cache(maxsize=8192)
def _group_at(text: str, pos: int) -> int:
    """End of the group word ("cơ quan", "xã", "có liên quan") at `pos`, or -1."""
    for n, words_of_length in _groups_by_initial().get(text[pos:pos + 1].lower()[:1], ()):
        end = pos + n
        if text[pos:end].lower() in words_of_length and not (
                end < len(text) and text[end].isalpha()):
            return end
    return -1


def _head(text: str, pos: int, end: int | None = None) -> regex.Match[str] | None:
    """``head_pattern().match(text, pos, end)``, asked only where the first word of a head is
    printed (most places hold none).

    >>> _head("Sở Y tế", 0).group(), _head("Sợi", 0), _head("Tổ chức", 0)
    ('Sở', None, None)
    """
    firsts = head_first_words().get(text[pos:pos + 2])
    if firsts is None or not text.startswith(firsts, pos, end):
        return None
    return head_pattern().match(text, pos, end)


def _is_level(text: str, pos: int) -> bool:
    """True when an administrative level ("tỉnh", "thành phố") begins at `pos`."""
    end = _group_at(text, pos)
    return end > 0 and text[pos:end].lower() in unit_vocabulary().levels


def _starts_unit(text: str, pos: int) -> bool:
    """True when a new unit begins at `pos`: a capitalized head, or "các" and a group noun."""
    head = _head(text, pos)
    if head is None:
        return False
    if head.group().lower() == "các":  # "các sở", "các Phó Thủ tướng"
        return _group_at(text, head.end() + 1) > 0 or _starts_unit(text, head.end() + 1)
    return head.group()[:1].isupper()


def _qualifies(tokens: Tokens, i: int) -> bool:
    """True when `tokens[i]`, after a group noun that is not an administrative level, is one
    lower-case word that ends the name: a comma, "và", a verb or the end follows it."""
    word = tokens[i][0]
    if not word[:1].isalpha() or word in verbs():
        return False
    after = tokens[i + 1][0] if i + 1 < len(tokens) else ""
    return after in {"", ",", "và", ";", "."} or after in verbs()


def _capital_ahead(tokens: Tokens, i: int) -> bool:
    """True when `tokens[i]` is a lower-case word, not a verb, right before a capitalized word or
    a number: such a word sits inside a name ("Đoàn đại biểu Quốc hội", "khu vực XI")."""
    word = tokens[i][0]
    if not word[:1].isalpha() or word in verbs() or i + 1 >= len(tokens):
        return False
    nxt = tokens[i + 1][0]
    if nxt[:1].isupper() or nxt.isdigit():
        return True
    # "Trung tâm Kiểm soát bệnh tật tỉnh" before a verb, a comma or the end
    after = tokens[i + 2][0] if i + 2 < len(tokens) else ""
    return _is_level(nxt, 0) and (not after[:1].isalpha() or after in verbs())


def _name_end(text: str, tokens: Tokens, ends: frozenset[int], start: int,
              segment: bool) -> tuple[int, int]:
    """Where a unit's name that runs from `start` ends, reading `tokens` after its head (`ends`
    holds where they end, and may hold where tokens before `start` end), and the index of the
    token it stopped at (``len(tokens)`` when it read them all): it looks at most two tokens
    past that one.

    A capitalized word continues the name; a group noun ("xã", "cơ quan", "có liên quan")
    continues it; a verb ends it; a connector ("," "và" "-") continues it only when what follows
    does and does not begin another unit.
    """
    last, i, dashed, prev_capital, spare, named = start, 0, False, True, True, False
    listing = text[max(0, start - 4):start].lower().strip() == "các"
    verb_words = verbs()
    count = len(tokens)
    while i < count:
        word, word_start, word_end = tokens[i]
        nxt = tokens[i + 1] if i + 1 < count else None
        after = tokens[i + 2] if i + 2 < count else None
        if word in _CONNECTORS:
            # the next unit of a coordinated list; a group noun after a named unit starts one too
            # ("Bộ Chỉ huy Quân sự tỉnh và sở, ngành"), unless the name enumerates ("các tỉnh,
            # thành phố")
            # a bare group noun continues a list even when capitalized ("các Sở, Ban, ngành"),
            # not one that heads a name ("…, Sở Khoa học")
            group_next = nxt is not None and nxt[0].lower() != "các" and _group_at(
                text, nxt[1]) > 0 and (after is None or after[0] in {",", "và"} or (
                    not after[0][:1].isupper() and _group_at(text, after[1]) > 0))
            if word in {",", "và"} and nxt is not None and (
                    _starts_unit(text, nxt[1]) and not (listing and group_next)
                    or named and not listing and group_next and not _is_level(text, nxt[1])):
                return last, i
            dashed = dashed or word == "-"
            i += 1
            continue
        # the segmenter sometimes glues the conjunction to the next name word: "và Công nghệ"
        glued = word.startswith("và ") and word[3:4].isupper()
        if word[:1].isupper() or word.isdigit() or glued:
            last, prev_capital, spare, named = word_end, True, True, True
            i += 1
            continue
        qualifier = qualifier_pattern().match(text, word_start) if text.startswith(
            QUALIFIER_WORD, word_start) else None
        if qualifier is not None and not named:  # "các cơ quan được giao chủ trì"
            last = qualifier.end()
            while i < count and tokens[i][1] < last:
                i += 1
            continue
        # a word that is a verb and a group noun ("tổ chức") is a noun only in a list position
        # ("có liên quan" is a group phrase that begins with a verb)
        listed = i > 0 and tokens[i - 1][0] in {",", "và", "các"}
        group_end = _group_at(text, word_start)
        if word in verb_words and group_end <= word_end and (
                prev_capital or not listed or group_end < 0) \
                and not (nxt is not None and nxt[0] == "-"):
            return last, i
        if group_end > 0 and (not segment or group_end in ends):
            listing = listing or word == "các"
            last = group_end
            while i < count and tokens[i][1] < group_end:
                i += 1
            prev_capital, spare = False, True
            continue
        if not prev_capital and last == word_start - 1 and not _is_level(text, tokens[i - 1][1]) \
                and _qualifies(tokens, i):
            last = word_end  # "các doanh nghiệp viễn thông, …": a word that says which ones
        elif nxt is not None and nxt[0] == "-" and after is not None and after[0][:1].isupper():
            last = word_end  # "Hành chính tổ chức - Quản trị": the dash keeps the name going
        elif segment and _capital_ahead(tokens, i):
            last = word_end  # "Đoàn đại biểu Quốc hội", "Kho bạc nhà nước khu vực XI"
        elif segment and dashed and prev_capital:
            last, prev_capital = word_end, False
        elif not segment and prev_capital and spare:
            last, spare = word_end, False  # guess: a capital syllable and one more make a word
        else:
            return last, i
        i += 1
    return last, count


def unit_phrases(text: str, start: int, end: int, segment: bool = True) -> list[tuple[int, int]]:
    """Spans of the units named at `start`, coordinated by ",", "và" or ";".

    After the first unit, a group noun may open the next one ("Bộ Chỉ huy Quân sự tỉnh và sở,
    ngành có liên quan").

    >>> text = "Phòng Văn hoá - Thông tin và Trung tâm VH TT - Thể thao huyện chủ động"
    >>> [text[a:b] for a, b in unit_phrases(text, 0, len(text))]
    ['Phòng Văn hoá - Thông tin', 'Trung tâm VH TT - Thể thao huyện']
    >>> text = "Phòng Hành chính tổ chức theo dõi"
    >>> [text[a:b] for a, b in unit_phrases(text, 0, len(text))]
    ['Phòng Hành chính']
    >>> text = "UBND các xã, phường, các cơ quan, đơn vị có liên quan xây dựng"
    >>> [text[a:b] for a, b in unit_phrases(text, 0, len(text))]
    ['UBND các xã, phường', 'các cơ quan, đơn vị có liên quan']
    """
    spans: list[tuple[int, int]] = []
    pos = start
    read: Reading | None = None
    while pos < end:
        head = _head(text, pos, end)
        if head is not None:
            if head.group().lower() == "các" and not _starts_unit(text, pos):
                break  # "Các biện pháp …" is not a unit
            name_start = head.end()
        elif spans and _group_at(text, pos) > 0:
            name_start = pos
        else:
            break
        name_end, read = _read_name(text, pos, name_start, end, segment, read)
        if name_end is None:
            break  # "Ban hành …" begins with "Ban" but the word is the verb "ban hành"
        if name_end <= pos or text[pos:name_end].lower() == "các":
            break
        spans.append((pos, name_end))
        joint = joint_pattern().match(text, name_end, end)
        if joint is None:
            break
        pos = joint.end()
    return spans


# Segmentation reads from the unit's first word (the segmenter reads a word better in
# context) over a short window first, then the long one when the name ran to near the short
# window's end: the longest names seen ("Ban Quản lý các khu công nghệ cao và khu công
# nghiệp") fit in the long window, most in the short one, and segmentation costs by length.
# The next unit of a list is read on the same words when they reach far enough past it.
NAME_WINDOWS = (SHORT_WINDOW, LONG_WINDOW) = (56, 120)
# Characters of context the segmenter must see after a name's end for a window's reading to
# stand.
NAME_SLACK = 24

class Reading(NamedTuple):
    """The tokens of a window (in order), where the window stops, where the tokens start (in
    order) and where they end."""

    tokens: Tokens
    stop: int
    starts: tuple[int, ...]
    ends: frozenset[int]


def _reading(tokens: Tokens, stop: int) -> Reading:
    _, starts, ends = zip(*tokens) if tokens else ((), (), ())
    return Reading(tokens, stop, starts, frozenset(ends))


def _name_on(text: str, reading: Reading, name_start: int) -> int:
    """:func:`_name_end` on the words of `reading` from `name_start` on."""
    return _name_end(text, reading.tokens[bisect_left(reading.starts, name_start):],
                     reading.ends, name_start, True)[0]


def _name_on_syllables(text: str, pos: int, name_start: int, end: int) -> int:
    """:func:`_name_end` without segmentation, on the syllables of the long window from `pos`.

    Syllables do not depend on the window, so the short one is read first: it gives the long
    one's answer when the reader stops three syllables before its end (it looks two ahead,
    and the window may cut its last syllable).
    """
    for window in NAME_WINDOWS:
        stop = min(end, name_start + window)
        tokens = syllable_spans(text, pos, stop)
        tokens = tokens[bisect_left(tokens, name_start, key=_token_start):]
        name_end, stopped_at = _name_end(text, tokens, frozenset(), name_start, False)
        if stop == min(end, name_start + LONG_WINDOW) or stopped_at + 3 < len(tokens):
            break
    return name_end


def _name_in(text: str, reading: Reading, pos: int, name_start: int, end: int) -> int | None:
    """End of the name read on `reading`'s tokens; None when they do not reach far enough past
    it, or do not begin a word at `pos` and at `name_start`, or read the head as part of
    another word."""
    if pos not in reading.starts or (name_start > pos and name_start not in reading.ends):
        return None
    name_end = _name_on(text, reading, name_start)
    if reading.stop == min(end, name_start + LONG_WINDOW) or name_end + NAME_SLACK <= reading.stop:
        return name_end
    return None


def _read_name(text: str, pos: int, name_start: int, end: int, segment: bool,
               previous: Reading | None = None) -> tuple[int | None, Reading | None]:
    """End of the unit's name whose head runs from `pos` to `name_start` (None when the
    segmenter reads the head as part of another word), and the words it was read on (None
    without segmentation).

    >>> text = "Sở Tài chính, Sở Nội vụ chủ trì"
    >>> first, reading = _read_name(text, 0, 2, len(text), True)
    >>> first, _read_name(text, 14, 16, len(text), True, reading)[0]
    (12, 23)
    """
    if not segment:
        return _name_on_syllables(text, pos, name_start, end), None
    if previous is not None:
        name_end = _name_in(text, previous, pos, name_start, end)
        if name_end is not None:
            return name_end, previous
    for window in NAME_WINDOWS:
        stop = min(end, name_start + window)
        reading = _reading(word_spans(text, pos, stop), stop)
        last = stop == min(end, name_start + LONG_WINDOW)
        if name_start > pos and name_start not in reading.ends:
            if not last:
                continue
            return None, None
        name_end = _name_on(text, reading, name_start)
        if last or name_end + NAME_SLACK <= stop:
            return name_end, reading
    return name_end, reading


def _deadline(text: str, start: int, end: int) -> tuple[PartialDate | None, str | None]:
    """The deadline of a task and any day-month printed without its year."""
    if digit_pattern().search(text, start, end) is None:
        return None, None  # every deadline holds a digit
    m = deadline_pattern().search(text, start, end)
    if m is None:
        return None, None
    g = m.groupdict()
    if g["day"] or g["wday"]:
        day, month, year = (g["day"], g["month"], g["year"]) if g["day"] else (
            g["wday"], g["wmonth"], g["wyear"])
        if year is None:
            return None, f"{int(day)}/{int(month)}"
        return PartialDate(int(year), int(month), int(day)), None
    if g["mmonth"]:
        return PartialDate(int(g["myear"]), int(g["mmonth"])), None
    if g["quarter"]:
        quarter = {"I": 1, "II": 2, "III": 3, "IV": 4}.get(g["quarter"])
        return (PartialDate(int(g["qyear"]), quarter * 3), None) if quarter else (None, None)
    return PartialDate(int(g["yyear"])), None


def _timing(text: str, start: int, end: int) -> tuple[PartialDate | None, str | None]:
    """(deadline, recurrence) of the task printed in `text[start:end]`.

    >>> _timing("báo cáo chậm nhất ngày 01/11/2023.", 0, 34)
    (PartialDate(year=2023, month=11, day=1), None)
    >>> _timing("gửi trước ngày 15/12 hằng năm", 0, 29)
    (None, 'hằng năm (15/12)')
    """
    deadline, yearless = _deadline(text, start, end)
    recurrence = None
    if _holds(text, RECURRENCE_WORDS, start, end):
        m = recurrence_pattern().search(text, start, end)
        recurrence = m.group() if m else None
    if yearless:
        recurrence = f"{recurrence or 'hằng năm'} ({yearless})"
    return deadline, recurrence


def _lines(text: str, start: int, end: int, ahead: Callable[[int], int] | None = None):
    """(line start, content start, line end) of each non-empty line; content skips the marker,
    and a marker alone on its line takes the next line as its content ("1.\\nSở Y tế:").

    With `ahead`, the lines that end before ``ahead(pos)`` (the first offset from `pos` on that
    may matter) are skipped unread; the lines read are the same as without it.

    >>> text = "1.\\nSở Y tế\\n- Báo cáo\\n2.\\n3.\\nSở Tài chính"
    >>> [text[cs:le] for _, cs, le in _lines(text, 0, len(text))]
    ['Sở Y tế', 'Báo cáo', '3.', 'Sở Tài chính']
    >>> [text[cs:le] for _, cs, le in _lines(text, 0, len(text), lambda pos: len(text) - 3)]
    ['Sở Tài chính']
    """
    pos = start
    while pos < end:
        if ahead is not None:
            target = ahead(pos)
            if target >= end:
                return
            skipped = text.rfind("\n", pos, target) if target > pos else -1
            if skipped >= 0:
                pos = skipped + 1
                taken_by = _marker_only_before(text, start, end, pos)
                if taken_by is not None:  # the line at `pos` is the content of the one before
                    pos = taken_by[2]
                    yield taken_by
                    continue
        ls, le = pos, text.find("\n", pos, end)
        le = end if le < 0 else le
        pos = le + 1
        line = text[ls:le]
        if not line.strip():
            continue
        marker = title_at(text, ls, end)
        if marker is not None:
            content, le = marker[0], max(le, marker[1])
            pos = max(pos, le)
        else:
            content = ls + len(line) - len(line.lstrip())
        yield ls, content, le


def _marker_only_before(text: str, start: int, end: int,
                        pos: int) -> tuple[int, int, int] | None:
    """The line before the one at `pos` when its marker stands alone and so takes the line at
    `pos` as its content (:func:`_lines`): its start, and where its title (that line) starts
    and ends; else None.

    In a run of such lines ("1.\\n2.\\nSở Y tế") the first takes the second and the third is
    read on its own: the line at `pos` is taken when the run before it is odd.
    """
    run: list[tuple[int, int, int]] = []
    while pos > start:
        above = max(text.rfind("\n", start, pos - 1) + 1, start)
        title = title_at(text, above, end) if above < pos - 1 else None
        if title is None or title[0] < pos:
            break
        run.append((above, *title))
        pos = above
    return run[0] if len(run) % 2 else None


def _task_intro(text: str, start: int, end: int) -> regex.Match[str] | None:
    """``task_intro_pattern().search(text, start, end)``, asked only on the lines that end with
    a colon, from after the colon or line break before it (a match holds neither but its last).

    >>> _task_intro("a: b\\nThủ tướng yêu cầu:\\nx", 0, 24).group()
    'yêu cầu:'
    """
    for colon in line_end_colon_pattern().finditer(text, start, end):
        after = max(text.rfind("\n", start, colon.start()), text.rfind(":", start, colon.start()))
        m = task_intro_pattern().search(text, max(start, after + 1), colon.end())
        if m is not None:
            return m
    return None


def _clauses(text: str, start: int, end: int):
    """Clauses of a line from its content (after the list marker, which a sentence break
    would split off), split as :func:`clause_break_pattern` says.

    >>> text = "Về dự án: giao Bộ Xây dựng chủ trì; Bộ Tài chính phối hợp. Sở Y tế báo cáo."
    >>> [text[a:b] for a, b in _clauses(text, 0, len(text))]
    ['Về dự án', 'giao Bộ Xây dựng chủ trì', 'Bộ Tài chính phối hợp', 'Sở Y tế báo cáo.']
    """
    pos = start
    for m in clause_break_pattern().finditer(text, start, end):
        yield pos, m.start()
        pos = m.end()
    yield pos, end


def _holds(text: str, words: tuple[str, ...], start: int, end: int) -> bool:
    """Whether any of `words` is printed in `text[start:end]`."""
    for word in words:
        if text.find(word, start, end) >= 0:
            return True
    return False


def _union(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The offsets `spans` cover, as sorted disjoint spans.

    >>> _union([(5, 9), (0, 2), (1, 3), (4, 4), (9, 12)])
    [(0, 3), (5, 12)]
    """
    union: list[tuple[int, int]] = []
    for a, b in sorted(span for span in spans if span[0] < span[1]):
        if union and a <= union[-1][1]:
            union[-1] = (union[-1][0], max(b, union[-1][1]))
        else:
            union.append((a, b))
    return union


def _role(prefix: str | None) -> str:
    if prefix is None:
        return ROLE_LEAD
    return ROLE_ASKED if "nghị" in prefix.lower() else ROLE_GIVEN


def _unit_heading(text: str, start: int, end: int, segment: bool) -> tuple[list[str], str] | None:
    """The units named by a heading that holds nothing else ("2. Thanh tra huyện"), or None."""
    if end - start > 160:
        return None
    prefix = prefix_pattern().match(text, start, end)
    pos = prefix.end() if prefix else start
    names = []
    for part in heading_break_pattern().split(text[pos:end]):
        spans = unit_phrases(part, 0, len(part), segment)
        if not spans or spans[0][0] != 0:
            continue
        rest = f" {part[spans[0][1]:]} "
        if any(f" {verb} " in rest for verb in verbs()):
            return None  # a sentence that names its unit, not a heading
        cuts = [a for a, _ in spans] + [len(part)]
        names += [clean_unit(part[a:b]) for a, b in zip(cuts, cuts[1:])]
    if not names:
        return None
    return [leading_joiner_pattern().sub("", n) for n in names], _role(
        prefix.group("prefix") if prefix else None)


def find_assignments(text: str, sections: tuple[Section, ...], start: int = 0,
                     end: int | None = None, segment: bool = True) -> tuple[Assignment, ...]:
    """Tasks given to units in `text[start:end]`; `sections` is the outline of that text.

    >>> from kehoach.extract.structure import find_sections
    >>> text = "IV. TỔ CHỨC THỰC HIỆN\\n1. Thanh tra huyện\\nBáo cáo hằng quý.\\n" \\
    ...        "2. Sở Y tế chủ trì, phối hợp với Sở Tài chính hướng dẫn."
    >>> rows = [(a.unit, a.role, a.recurrence) for a in find_assignments(text, find_sections(text))]
    >>> rows[0]
    ('Thanh tra huyện', 'chủ trì', 'hằng quý')
    >>> rows[1:]
    [('Sở Y tế', 'chủ trì', None), ('Sở Tài chính', 'phối hợp', None)]
    """
    ranges = outline_ranges(text, start, end)
    end = ranges[-1][1] if ranges else start
    impl = [(s.start, s.end) for s in sections if s.title[:3].lower().startswith(
        IMPLEMENTATION_STARTS) and implementation_pattern().match(s.title)]
    intro = _task_intro(text, start, end)
    if intro is not None:
        impl.append((intro.end(), end))
    by_start = {s.start: s for s in sections}
    out: list[Assignment] = []
    # Outside the implementation part and the blocks under a unit's heading, only a line with a
    # cue can give a row (see CUES): the others are not read at all. Each cue is looked for only
    # from where reading has got to, outside those parts: where it is next from the offset it
    # was last looked for at (-1 before), or `end` when there is none.
    read_all = list(impl)
    next_cue = [-1] * len(CUES)
    soonest = -1  # the least of next_cue
    read_until = -1  # every line before is read (read_all only grows)

    def ahead(pos: int) -> int:
        nonlocal soonest, read_until
        if pos < read_until:
            return pos
        target = end
        for a, b in read_all:
            if pos < b and a < target:
                target = max(a, pos)
        if target == pos:
            read_until = max(b for a, b in read_all if a <= pos < b)
            return pos
        if soonest < pos:
            for i, at in enumerate(next_cue):
                if at < pos:
                    at = text.find(CUES[i], pos, end)
                    next_cue[i] = end if at < 0 else at
            soonest = min(next_cue)
        return min(target, soonest)

    tasks: dict[tuple[int, int], tuple[str, PartialDate | None, str | None]] = {}

    def add(unit: str, role: str, task_start: int, line_end: int) -> None:
        known = tasks.get((task_start, line_end))
        if known is None:  # the units of a list share their task: it is read once
            known = tasks[task_start, line_end] = (
                text[task_start:line_end].strip(" ,.;:"), *_timing(text, task_start, line_end))
        task, deadline, recurrence = known
        unit = clean_unit(unit)
        out.append(Assignment(unit=unit, unit_key=unit_key(unit), role=role, task=task,
                              deadline=deadline, recurrence=recurrence, start=task_start,
                              end=line_end, section=section_at(sections, task_start)))

    # The implementation part as sorted disjoint spans, passed in step with the lines (which
    # come in order), and the blocks under a unit's heading that are still open, latest last.
    impl_spans = _union(impl)
    next_span = 0
    open_blocks: list[tuple[Section, list[str], str]] = []
    request, request_words = request_pattern(), REQUEST_WORDS
    sentence_request, sentence_request_words = sentence_request_pattern(), SENTENCE_REQUEST_WORDS
    for a, b in ranges:
        for ls, cs, le in _lines(text, a, b, ahead):
            while next_span < len(impl_spans) and impl_spans[next_span][1] <= ls:
                next_span += 1
            in_impl = next_span < len(impl_spans) and impl_spans[next_span][0] <= ls
            section = by_start.get(ls)
            if section is not None and in_impl and (section.start, section.end) not in impl:
                heading = _unit_heading(text, cs, le, segment)
                if heading is not None:
                    open_blocks.append((section, *heading))
                    read_all.append((section.start, section.end))
                    continue
            found = labelled = False
            clauses = _clauses(text, cs, le)
            if text.find("trách nhiệm", cs, le) >= 0 and _executors(text, cs, le, add):
                found, clauses = True, ()  # the closing clause's list is read whole, ";" and all
            for clause_start, clause_end in clauses:
                # after "Cơ quan thực hiện: …;" every clause names its own units
                found |= _subject(text, clause_start, clause_end, le, in_impl or labelled,
                                  segment, add)
                labelled = labelled or text.startswith(LABEL_WORDS, clause_start, clause_end) \
                    and label_pattern().match(text, clause_start, clause_end) is not None
            if not found:
                # "… nếu có khó khăn, vướng mắc, đề nghị các sở, ban, ngành …"
                if in_impl or intro is not None and ls <= intro.start() < le:
                    asked = request.search(text, cs, le) if _holds(
                        text, request_words, cs, le) else None
                else:
                    asked = sentence_request.search(text, cs, le) if _holds(
                        text, sentence_request_words, cs, le) else None
                if asked is not None:
                    found = _subject(text, asked.start(), le, le, True, segment, add)
            if found:
                continue
            while open_blocks and open_blocks[-1][0].end <= ls:
                open_blocks.pop()
            if open_blocks and open_blocks[-1][0].start < ls:
                section, units, role = open_blocks[-1]
                for unit in units:
                    add(unit, role, cs, le)
                # "Chủ trì, phối hợp với các cơ quan …" under the unit's heading
                _coordinators(text, cs, le, le, cs, segment, add)
    return tuple(out)


def _subject(text: str, start: int, end: int, line_end: int, in_impl: bool, segment: bool,
             add) -> bool:
    """Rows for a clause that begins with its units (or a label); True when it did."""
    label = label_pattern().match(text, start, end) if text.startswith(
        LABEL_WORDS, start, end) else None
    if label is not None:
        role = ROLE_COORDINATE if "phối" in label.group("label") else ROLE_LEAD
        spans = unit_phrases(text, label.end(), end, segment)
        for a, b in spans:
            add(text[a:b], role, start, line_end)
        return bool(spans)
    # (each pattern is asked only where the text begins as it does)
    opening = text[start:start + 3].lower()
    if opening.startswith(LEAD_IN_STARTS):
        lead_in = lead_in_pattern().match(text, start, end)
        if lead_in is not None:
            start = lead_in.end()
            opening = text[start:start + 3].lower()
    prefix = prefix_pattern().match(text, start, end) if opening.startswith(
        PREFIX_STARTS) else None
    pos = prefix.end() if prefix else start
    if _head(text, pos, end) is None:
        return False  # no unit begins here
    if not in_impl and tasked_pattern().search(text, pos, end) is None:
        # none could be said to lead or be responsible: no row, so the units need not be read
        # (reading them is what costs segmentation)
        return False
    spans = unit_phrases(text, pos, end, segment)
    if not spans:
        return False
    rest = spans[-1][1]
    if not predicate_pattern().match(text, rest, end):
        return False
    passed_on = passes_on_pattern().match(text, rest, end)
    if passed_on is not None:  # "UBND Thành phố yêu cầu các Sở, …": the units after are tasked
        return _subject(text, passed_on.end(), end, line_end, True, segment, add)
    lead = leads_pattern().match(text, rest, end)
    if not in_impl and lead is None and responsible_pattern().match(text, rest, end) is None:
        return False
    role = ROLE_LEAD if lead else _role(prefix.group("prefix") if prefix else None)
    task_start = rest
    while task_start < end and text[task_start] in " ,":
        task_start += 1
    for a, b in spans:
        add(text[a:b], role, task_start, line_end)
    _coordinators(text, rest, end, line_end, task_start, segment, add)
    return True


def _coordinators(text: str, start: int, end: int, line_end: int, task_start: int,
                  segment: bool, add) -> None:
    """Rows for the units a lead works with ("phối hợp với Sở Tài chính, …") in a clause."""
    for coordinate in coordinate_pattern().finditer(text, start, end):
        for a, b in unit_phrases(text, coordinate.end(), end, segment):
            add(text[a:b], ROLE_COORDINATE, task_start, line_end)


# Lines of the closing clause's list looked back over, and how long each may be: the longest
# lists seen run over six lines broken after ";".
LIST_LINES, LIST_LINE_CHARS = 8, 400


def _list_start(text: str, cs: int, pos: int) -> int:
    """Where the list of the closing clause that ends at `pos` begins: at the content of the
    first of the lines before `cs` that end with ";" (a list broken after ";"), after the
    sentence before it on that line and an intro ("Trách nhiệm thi hành", "Các ông, bà:").

    >>> text = "Điều 4. Chánh Văn phòng UBND tỉnh;\\nGiám đốc Sở Y tế chịu trách nhiệm"
    >>> text[_list_start(text, 35, 51):51]
    'Chánh Văn phòng UBND tỉnh;\\nGiám đốc Sở Y tế'
    """
    start = cs
    for _ in range(LIST_LINES):
        above = text.rfind("\n", 0, start - 1) + 1
        if start - above > LIST_LINE_CHARS or not text[above:start].rstrip().endswith(";"):
            break
        title = title_at(text, above, start)
        start = above if title is None else title[0]
    line_end = text.find("\n", start, pos)
    for m in sentence_end_pattern().finditer(text, start, pos if line_end < 0 else line_end):
        start = m.end()
    intro = executors_intro_pattern().match(text, start, pos)
    return start if intro is None else intro.end()


def _listed_units(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the units listed in `text[start:end]`, which names nothing else, or none when it
    does not begin with a unit or holds a template's blank ("…", "[tên đơn vị]").

    The list is all units, so each runs to where the next begins (a capitalized head, "các"
    and a group noun) after "," "và" or ";": no name need be read to its end, however many
    lower-case words it holds ("Trung tâm Phục vụ hành chính công tỉnh"), and what an official
    heads, listed after a colon, stays with the title ("Giám đốc các Sở: Tư pháp, Nội vụ"). The
    addressees at large that may end the list ("và các tổ chức, cá nhân có liên quan") give
    none.

    >>> text = "Chánh Văn phòng UBND tỉnh, Giám đốc Trung tâm Phục vụ hành chính công tỉnh, " \\
    ...        "Giám đốc các Sở: Tư pháp, Nội vụ; Thủ trưởng các sở, ban, ngành và các tổ chức, " \\
    ...        "cá nhân có liên quan"
    >>> for a, b in _listed_units(text, 0, len(text)):
    ...     print(text[a:b])
    Chánh Văn phòng UBND tỉnh
    Giám đốc Trung tâm Phục vụ hành chính công tỉnh
    Giám đốc các Sở: Tư pháp, Nội vụ
    Thủ trưởng các sở, ban, ngành
    """
    if text.find("cá nhân", start, end) >= 0:  # which every tail of addressees holds
        tail = addressees_pattern().search(text, start, end)
        end = end if tail is None else tail.start()
    if not _starts_unit(text, start) or template_gap_pattern().search(text, start, end):
        return []
    spans: list[tuple[int, int]] = []
    pos = start
    for m in [*list_break_pattern().finditer(text, start, end), None]:
        part_end = end if m is None else m.start()
        # not inside a note: "Văn phòng Đăng ký đất đai (và các Chi nhánh trực thuộc)"; the
        # brackets are counted from one joint to the next (a list may hold thousands)
        cuts, depth, counted = [], 0, pos
        for j in joint_pattern().finditer(text, pos, part_end):
            depth += text.count("(", counted, j.start()) - text.count(")", counted, j.start())
            counted = j.start()
            if depth <= 0 and _starts_unit(text, j.end()):
                cuts.append(j)
        for j in [*cuts, None]:
            unit_end = part_end if j is None else j.start()
            while unit_end > pos and text[unit_end - 1] in " ,":
                unit_end -= 1
            if unit_end > pos:
                spans.append((pos, unit_end))
            pos = part_end if j is None else j.end()
        pos = end if m is None else m.end()
    return spans


def _executors(text: str, cs: int, le: int, add) -> bool:
    """Rows for the clause that closes a decision or resolution: the officials and units listed
    are responsible for carrying it out, the lead role ("Chánh Văn phòng UBND tỉnh, Giám đốc
    Sở Tài chính, … chịu trách nhiệm thi hành Quyết định này"); True when it gave any.

    The list may run over lines broken after ";" and end with the addressees at large; a list
    that does not begin with a unit, or is a template's, gives none here (the clauses of the
    line are then read as any other's). A sentence before the list on its line ends at ". "
    before a capital, which an abbreviation inside the list would also be ("TP. Hồ Chí Minh").
    """
    executes = executes_pattern().search(text, cs, le)
    if executes is None:
        return False
    start = _list_start(text, cs, executes.start())
    spans = _listed_units(text, start, executes.start())
    task_start = executes.start()
    while text[task_start] in " ,":
        task_start += 1
    for a, b in spans:
        add(text[a:b], ROLE_LEAD, task_start, le)
    return bool(spans)
