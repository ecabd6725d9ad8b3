"""Stage — targets (chỉ tiêu): the values a plan commits to, with unit, comparator, subject and
period.

A statement is a target when it sits under a "CHỈ TIÊU" / "MỤC TIÊU" heading or in a list a line
opens ("… các chỉ tiêu cụ thể như sau:"), or anywhere when it commits in words ("phấn đấu",
"chỉ tiêu"); a sentence that states the present ("Hiện nay, …") is not. One statement may carry
several targets ("60% các cơ quan … và 90% các liên đoàn …"); a count printed alone ("58 trạm")
is one only under a heading or in a list; a rating ("xếp loại Tốt") is a target of its own only
when the statement has no number. The subject is cut from the text by regex (the verb that
follows it, or the next value); no segmentation is needed here.
"""

from __future__ import annotations

import bisect

import regex

from ..models import Section, Target
from ..patterns.targets import (
    commitment_pattern, commitment_word_patterns, comparator_pattern, list_intro_pattern,
    period_pattern, present_state_pattern, rating_pattern, sentence_break_pattern,
    subject_end_pattern, target_section_pattern, time_lead_pattern, value_pattern,
)
from .structure import outline_ranges, section_at, title_at

_SCALE = {"nghìn": 1_000, "triệu": 1_000_000, "tỷ": 1_000_000_000}
MONEY = frozenset({"VND", "USD"})


def number(printed: str) -> str:
    """A Vietnamese number as plain digits: "." groups thousands, "," marks decimals.

    >>> number("1.500"), number("97,00"), number("02"), number("1,5")
    ('1500', '97', '2', '1.5')
    """
    value = printed.replace(".", "").replace(",", ".")
    if "." in value:
        value = value.rstrip("0").rstrip(".")
    return value.lstrip("0") or "0" if "." not in value else value


def _value(m: regex.Match[str]) -> tuple[str, str]:
    if m.group("percent"):
        low = number(m.group("percent"))
        return (f"{low}-{number(m.group('percent_to'))}" if m.group("percent_to") else low), "%"
    if m.group("rank"):
        return f"{int(m.group('rank'))}/{int(m.group('rank_of'))}", "rank"
    if m.group("top"):
        return str(int(m.group("top"))), "rank"
    if m.group("amount"):
        amount = float(number(m.group("amount"))) * _SCALE.get(m.group("scale") or "", 1)
        unit = m.group("amount_unit")
        return f"{amount:.15g}", "VND" if unit == "đồng" else unit
    return number(m.group("count") or m.group("bare")), "count"


def _lines(text: str, start: int, end: int, wanted: list[tuple[int, int]]):
    """(start, end) of the non-empty lines of `text[start:end]` that overlap a span of `wanted`
    (sorted by start); the others are not read.

    >>> text = "a\\n\\nb\\nc\\nd"
    >>> [text[a:b] for a, b in _lines(text, 0, len(text), [(0, 1), (5, 5)])]
    ['a', 'c']
    """
    pos, i = start, 0
    while pos < end:
        while i < len(wanted) and wanted[i][1] < pos:
            i += 1
        if i == len(wanted) or wanted[i][0] >= end:
            return
        target = max(pos, wanted[i][0])
        pos = text.rfind("\n", pos, target) + 1 or pos
        line_end = text.find("\n", pos, end)
        line_end = end if line_end < 0 else line_end
        if line_end > pos:
            yield pos, line_end
        pos = line_end + 1


def _sentences(text: str, start: int, end: int):
    """Sentences of the line `text[start:end]`, its list marker left out: (start, end) split
    after ".", "!" or "?" before a capital."""
    title = title_at(text, start, end)
    pos = title[0] if title else start
    for m in sentence_break_pattern().finditer(text[start:end]):
        yield pos, start + m.start()
        pos = start + m.end()
    yield pos, end


def _clean(subject: str) -> str:
    return " ".join(subject.split()).strip(" ,.;:-")


def _subject_end(text: str, pos: int, end: int) -> int:
    stop = subject_end_pattern().search(text, pos, end)
    return stop.start() if stop else end


def _subject_after(text: str, pos: int, end: int) -> str:
    """The noun phrase from `pos` to the verb after it ("100% <công chức, viên chức> được …")."""
    return _clean(text[pos:_subject_end(text, pos, end)])


def _subject_before(text: str, start: int, value_start: int, end: int) -> str:
    """The subject of a commitment printed before its value: the clause before the comparator
    ("<Văn phòng UBND tỉnh> phấn đấu …"), or what follows "phấn đấu" ("phấn đấu trong năm <mỗi
    cơ quan …> xây dựng ít nhất 01 mô hình")."""
    start = value_start - len(text[start:value_start].lstrip(" ,;"))
    found = list(comparator_pattern().finditer(text, start, value_start))
    strive = [m for m in found if m.group().lower() in {"phấn đấu", "phần đầu"}]
    comparator = (strive or found or [None])[-1]
    if comparator is None:
        return _subject_after(text, start, value_start)
    clause_start = max(text.rfind(",", start, comparator.start()) + 1, start)
    before = _clean(text[clause_start:comparator.start()])
    # who commits ("<Văn phòng UBND tỉnh> phấn đấu …"); a clause ending in "là" says what comes
    # next instead ("trước mắt là phấn đấu <tăng trưởng cả nước năm 2025> trên 8%")
    if len(before.split()) >= 2 and not before.endswith(" là"):
        return before
    after = text[comparator.end():value_start].lstrip(" ,")
    lead = time_lead_pattern().match(after)
    pos = comparator.end() + (len(text[comparator.end():value_start]) - len(after))
    # up to the value or the comparator before it ("phấn đấu <tăng trưởng …> trên 8%")
    stop = next((m.start() for m in found if m.start() >= comparator.end()), value_start)
    return _subject_after(text, pos + (lead.end() if lead else 0), stop)


def _count_subject(text: str, start: int, m: regex.Match[str], end: int) -> str:
    """What a count counts ("ít nhất 20 <mô hình sản xuất …>"), unless the plan commits a
    subject to it in words ("phấn đấu <mỗi cơ quan …> xây dựng ít nhất 01 mô hình")."""
    owner = _subject_before(text, start, m.start(), end)
    strives = any(c.group().lower() in {"phấn đấu", "phần đầu"}
                  for c in comparator_pattern().finditer(text, start, m.start()))
    if strives and len(owner.split()) >= 3:
        return owner
    return _subject_after(text, max(m.start("noun"), m.start("bare_noun")), end)


def _list_after(text: str, sections: tuple[Section, ...],
                word: regex.Match[str]) -> tuple[int, int] | None:
    """(start, end) from a line that opens a list of targets ("… các chỉ tiêu cụ thể như sau:")
    to the end of its section, or None."""
    intro = list_intro_pattern().match(text, word.start())
    sid = section_at(sections, word.start()) if intro else None
    if sid is None:
        return None
    return intro.end(), next(s.end for s in sections if s.section == sid)


def _words(subject: str) -> tuple[str, ...]:
    """The words of a subject, lower-cased, without punctuation.

    >>> _words("Các hệ thống thông tin, cơ sở dữ liệu")
    ('các', 'hệ', 'thống', 'thông', 'tin', 'cơ', 'sở', 'dữ', 'liệu')
    """
    return tuple("".join(c if c.isalnum() else " " for c in subject.lower()).split())


class _Stated:
    """The targets stated so far, to tell a target restated (in the task list: "… trên 3.000 km
    đường bộ cao tốc trong năm 2025" then "… 3.000 km đường bộ cao tốc"): the same value and
    unit, a subject whose words begin the other's, for the same period or where one says none.
    The subjects of each value and unit are a tree of their words, walked once per subject: a
    sentence may hold thousands of values, and a subject thousands of words.

    >>> stated = _Stated()
    >>> [stated.restated("3000", "km", "2025", s) for s in ("đường bộ cao tốc trong năm 2025",
    ...     "đường bộ cao tốc", "đường bộ ven biển", "", "", "nhiệm vụ giao cho các đường bộ")]
    [False, True, False, False, True, False]
    >>> stated.restated("3000", "km", "2030", "đường bộ cao tốc")
    False
    >>> stated.restated("3000", "km", None, "đường bộ cao tốc trong năm 2025 và 2026")
    True
    """

    def __init__(self) -> None:
        # (value, unit) → the root of its tree; a node is [its words' nodes, the periods of the
        # subjects that end there, the periods of the subjects that pass through or end there]
        self.trees: dict[tuple[str | None, str], list] = {}

    def restated(self, value: str | None, unit: str, period: str | None, subject: str) -> bool:
        """Whether the target was stated before; else remembers it."""
        node = self.trees.setdefault((value, unit), [{}, set(), set()])
        path = [node]
        for word in _words(subject):
            node = node[0].setdefault(word, [{}, set(), set()])
            path.append(node)
        # earlier subjects that begin this one (the nodes on its path, the empty one only for
        # an empty subject), and those this one begins (those through its last node)
        periods = set().union(*(n[1] for n in path[1:] or path))
        if len(path) > 1:
            periods |= node[2]
        if period in periods or (periods and (period is None or None in periods)):
            return True
        node[1].add(period)
        for n in path[1:]:
            n[2].add(period)
        return False


class _Found:
    """The matches of a pattern in a sentence, found once and looked up by position: a sentence
    may hold thousands of values, and a scan for each from the sentence's start was quadratic.

    >>> found = _Found(comparator_pattern(), "trên 10%, dưới 20%", 0, 18)
    >>> found.last_before(9).group(), found.last_before(18).group(), found.last_before(3)
    ('trên', 'dưới', None)
    """

    def __init__(self, pattern: regex.Pattern[str], text: str, start: int, end: int) -> None:
        self.matches = list(pattern.finditer(text, start, end))
        self.starts = [m.start() for m in self.matches]
        self.ends = [m.end() for m in self.matches]

    def last_before(self, pos: int) -> regex.Match[str] | None:
        """The last match that ends by `pos`."""
        i = bisect.bisect_right(self.ends, pos)
        return self.matches[i - 1] if i else None

    def nearest(self, pos: int) -> regex.Match[str] | None:
        """The match that starts nearest `pos`, the earlier of two as near."""
        i = bisect.bisect_left(self.starts, pos)
        if i and (i == len(self.starts) or pos - self.starts[i - 1] <= self.starts[i] - pos):
            i -= 1
        return self.matches[i] if self.matches else None


def _comparator(comparators: _Found, value_start: int) -> str | None:
    """The last comparator of the sentence before a value ("phấn đấu", "ít nhất", "trên" …).
    (Found on the whole sentence: a comparator glued to the value, "đạttop 3", is not one.)"""
    m = comparators.last_before(value_start)
    return m.group().lower() if m else None


def _period(text: str, sections: tuple[Section, ...], start: int, periods: _Found,
            value_at: int) -> str | None:
    """The year or period printed in the statement (`periods`), else in the titles of its
    sections."""
    # the period printed nearest the value ("… 20% vào năm 2030; 30% vào năm 2045")
    nearest = periods.nearest(value_at)
    candidates = [nearest] if nearest else []
    if not candidates:
        by_id = {s.section: s for s in sections}
        sid = section_at(sections, start)
        while not candidates and sid is not None:
            title = by_id[sid].title  # a heading, not the first sentence of a long item
            m = period_pattern().search(title) if len(title) <= 80 else None
            candidates = [m] if m else []
            sid = by_id[sid].parent
        if not candidates:
            return None
    m = candidates[0]
    return m.group("year") or f"{m.group('from')}-{m.group('to')}"


def _target_sections(sections: tuple[Section, ...]) -> list[Section]:
    """The sections whose title opens the targets of a plan. The titles are searched joined by
    line breaks, in one search instead of one a title: a title holds no line break, and the
    pattern matches none.

    >>> from kehoach.extract.structure import find_sections
    >>> text = "I. MỤC TIÊU\\n1. Chỉ tiêu\\na) Một\\nII. Mục tiêu, chỉ tiêu"
    >>> [s.section for s in _target_sections(find_sections(text))]
    ['I', 'I.1', 'II']
    """
    titles = "\n".join([s.title for s in sections])
    found: list[Section] = []
    index, pos = 0, 0  # the title at `pos` is that of sections[index]
    for m in target_section_pattern().finditer(titles):
        if m.start() < pos:  # another match in a title already taken
            continue
        index += titles.count("\n", pos, m.start())
        found.append(sections[index])
        pos = titles.find("\n", m.end()) + 1
        if pos == 0:  # the last title
            break
        index += 1
    return found


def find_targets(text: str, sections: tuple[Section, ...], start: int = 0,
                 end: int | None = None) -> tuple[Target, ...]:
    """Targets stated in `text[start:end]`; `sections` is the outline of that text.

    >>> from kehoach.extract.structure import find_sections
    >>> text = ("III. MỘT SỐ CHỈ TIÊU CỤ THỂ NĂM 2023\\n6. Phấn đấu 60% các cơ quan, đơn vị và "
    ...         "90% các liên đoàn lao động được xếp loại Tốt.")
    >>> [(t.value, t.unit, t.subject, t.period) for t in find_targets(text, find_sections(text))]
    [('60', '%', 'các cơ quan, đơn vị', '2023'), ('90', '%', 'các liên đoàn lao động', '2023')]
    """
    target_sections = _target_sections(sections)
    out: list[Target] = []
    stated = _Stated()
    ranges = outline_ranges(text, start, end)
    words = [m for a, b in ranges for pattern in commitment_word_patterns()
             for m in pattern.finditer(text, a, b)]
    target_spans = [(s.start, s.end) for s in target_sections] + [
        span for m in words if (span := _list_after(text, sections, m))]
    # A sentence is read only in a target section or list or when it commits in words: the
    # lines that hold neither are not read at all.
    wanted = sorted(target_spans + [(m.start(), m.end()) for m in words])
    for s_start, s_end in (s for a, b in ranges for line in _lines(text, a, b, wanted)
                           for s in _sentences(text, *line)):
        in_target = any(a <= s_start < b for a, b in target_spans)
        if not in_target and commitment_pattern().search(text, s_start, s_end) is None:
            continue
        if present_state_pattern().match(text, s_start):
            continue
        sentence = text[s_start:s_end].strip()
        found = []
        comparators = _Found(comparator_pattern(), text, s_start, s_end)
        after = s_start  # a subject printed before a value follows the clause of the one before
        share_of = s_start  # the end of the last share's subject
        # a number alone commits to nothing outside a target heading or list
        for m in value_pattern(in_target).finditer(text, s_start, s_end):
            value, unit = _value(m)
            if unit == "count" and m.start() < share_of:
                continue  # it says what a share counts: "100% cơ quan sử dụng ít nhất 01 ứng dụng"
            clause = max(text.rfind(",", after, m.start()), text.rfind(";", after, m.start()))
            before = after if clause >= 0 else s_start
            if unit == "%":
                share_of = _subject_end(text, m.end(), s_end)
                subject = _clean(text[m.end():share_of])
                if not subject:  # "Tỷ lệ hồ sơ … đạt 90%": the subject came first
                    subject = _subject_before(text, before, m.start(), s_end)
            elif unit == "count":
                subject = _count_subject(text, before, m, s_end)
            elif m.group("amount") and unit not in MONEY and \
                    text[m.end():m.end() + 2].strip()[:1].islower():
                # a measure of what is named after it ("trên 3.000 km <đường bộ cao tốc>")
                subject = _subject_after(text, m.end(), s_end)
            else:
                subject = _subject_before(text, before, m.start(), s_end)
            comparator = m.group("count_cmp") or _comparator(comparators, m.start())
            found.append((value, unit, comparator, subject, m.start(), m.end()))
            after = m.end()
        rating = rating_pattern().search(text, s_start, s_end)
        if not found and rating is not None and (
                in_target or comparator_pattern().search(text, s_start, rating.start())):
            unit = "rating:" + rating.group("rating")[:1].upper() + rating.group("rating")[1:]
            found.append((None, unit, _comparator(comparators, rating.start()),
                          _subject_before(text, s_start, rating.start(), s_end),
                          rating.start(), rating.end()))
        periods = _Found(period_pattern(), text, s_start, s_end) if found else None
        for value, unit, comparator, subject, v_start, v_end in found:
            period = _period(text, sections, s_start, periods, v_start)
            if stated.restated(value, unit, period, subject):
                continue
            out.append(Target(value=value, unit=unit, comparator=comparator, subject=subject,
                              period=period, sentence=sentence, start=v_start, end=v_end,
                              section=section_at(sections, v_start)))
    return tuple(out)
