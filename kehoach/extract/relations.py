"""Stage — relations: what a document itself does to other documents (replaces, repeals, amends,
ends them) and from when, read from its own statements.

Only statements the document makes about itself count: an article or list item that opens with
the verb ("Điều 1. Bãi bỏ toàn bộ Thông tư số …"), the document naming itself ("Nghị quyết này
bãi bỏ các Nghị quyết: a) … b) …", "Quyết định này có hiệu lực kể từ ngày ban hành; thay thế
…"), the enacting formula ("Bộ trưởng … ban hành Thông tư bãi bỏ Thông tư số …"), or another
document ended "kể từ ngày Quyết định này có hiệu lực". "Nghị định X sửa đổi Nghị định Y"
mentioned in passing, "Căn cứ Luật sửa đổi, bổ sung …" and "… đã hết hiệu lực" are facts about
other documents and are not read.

The targets are the citations already found (:mod:`kehoach.extract.citations`) that lie in the
statement: the first reference of each clause or list item, and the references coordinated with
it, but not a reference inside quotation marks or inside the title of a target ("… về việc công
bố … theo Nghị định số …").
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache

import regex

from ..models import Citation, PartialDate, Relation
from ..patterns.relations import (
    EFFECTIVE_WORD, already_pattern, article_pattern, article_word_pattern,
    clause_article_pattern, clause_break_pattern, clause_opener_pattern, effective_pattern,
    expiry_when_pattern, implements_pattern, last_clause_break_pattern, list_end_pattern,
    list_item_pattern, new_wording_pattern, own_prefix_pattern, partial_pattern, self_pattern,
    title_words_pattern, trigger_patterns, whole_pattern,
)
from .citations import parse_date

# How far back a clause may start: a statement is one sentence, rarely more than a few lines.
LOOKBACK = 600
# How far back an open quotation mark still counts: quoted articles run to a few pages, and a
# stray unclosed mark further back must not silence the rest of the document.
QUOTE_LOOKBACK = 4000


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of a statement where targets are read: its own clause, or one list item."""

    start: int
    end: int
    partial: bool  # the words before the first target speak of part of it


def lowered(text: str, start: int, end: int) -> str | None:
    """`text[start:end]` lower-cased character for character, to find words in any case with
    ``str.find`` (a case-insensitive pattern scans several times slower); None where
    lower-casing changes the length ("İ" becomes two characters) and offsets would no longer
    agree. The long s "ſ", which the patterns take for "s" but ``lower`` keeps, is made "s".

    >>> lowered("Điều 1. BÃI BỎ", 8, 14)
    'bãi bỏ'
    """
    low = text[start:end].lower()
    if len(low) != end - start:
        return None
    return low.replace("ſ", "s") if "ſ" in low else low


def word_matches(pattern: regex.Pattern[str], word: str, text: str, low: str | None, start: int,
                 end: int) -> Iterator[regex.Match[str]]:
    """The matches ``pattern.finditer(text, start, end)`` gives, for a pattern whose matches all
    start with `word` (in lower case) in any case: tried only where `low` (:func:`lowered`
    `text[start:end]`, or None to scan) shows the word. A shorter `low` (of
    `text[start:start + len(low)]`) gives those of the matches that start with a word in it.

    >>> t = "Bãi bỏ khoản 1; BÃI BỎ Điều 2"
    >>> p = regex.compile("(?i)bãi bỏ")
    >>> [m.start() for m in word_matches(p, "bãi", t, lowered(t, 0, len(t)), 0, len(t))]
    [0, 16]
    """
    if low is None:
        yield from pattern.finditer(text, start, end)
        return
    resume = start
    at = low.find(word)
    while at >= 0:
        pos = start + at
        # The one match that starts here, if any: the lookbehinds see the text before `pos`
        # as a scan would.
        if pos >= resume and (m := pattern.match(text, pos, end)) is not None:
            yield m
            resume = m.end()
        at = low.find(word, at + 1)


def effective_date(text: str, start: int, end: int, signed: PartialDate | None,
                   low: str | None = None) -> PartialDate | None:
    """When the document takes effect, from its own clause; `signed` is its header date, `low`
    :func:`lowered` `text[start:end]` when at hand.

    >>> effective_date("Quyết định này có hiệu lực kể từ ngày ký.", 0, 41, PartialDate(2025, 5))
    PartialDate(year=2025, month=5, day=None)
    >>> effective_date("Thông tư này có hiệu lực thi hành kể từ ngày 15 tháng 01 năm 2026.", 0, 67,
    ...                None)
    PartialDate(year=2026, month=1, day=15)
    """
    if low is None:
        low = lowered(text, start, end)
    m = next(word_matches(effective_pattern(), EFFECTIVE_WORD, text, low, start, end), None)
    if m is None:
        return None
    if m.group("signed"):
        return signed
    return parse_date("ngày " + m.group("date"))


def clause_start(text: str, pos: int, floor: int) -> int:
    """Where the clause holding `pos` starts (after the last full stop, semicolon, colon, list
    item or article heading before it)."""
    lo = max(floor, pos - LOOKBACK)
    m = last_clause_break_pattern().search(text, lo, pos)
    return lo if m is None else m.end()


class _Scan:
    """Where the line holding a position starts and where its clause ends, for positions that
    grow (the verbs, in order): each stretch of text is scanned once, not once per verb, so that
    a long text on one line stays linear."""

    def __init__(self, text: str, ceiling: int) -> None:
        self.text, self.ceiling = text, ceiling
        self.line = (0, 0)  # the last position asked, and where its line starts
        # The last position a break was searched from (none yet), and the break found.
        self.clause: tuple[int, regex.Match[str] | None] = (ceiling + 1, None)

    def line_start(self, pos: int) -> int:
        """Where the line holding `pos` starts."""
        at, start = self.line
        if pos < at:
            return self.text.rfind("\n", 0, pos) + 1
        newline = self.text.rfind("\n", at, pos)
        self.line = pos, start if newline < 0 else newline + 1
        return self.line[1]

    def clause_end(self, pos: int) -> int:
        """Where the clause holding `pos` ends (the break itself included). The first break at
        or after `pos` is the one found from any earlier position it follows, since a break
        is matched by what follows it, never by what precedes it."""
        at, m = self.clause
        if not (at <= pos and (m is None or pos <= m.start())):
            m = clause_break_pattern().search(self.text, pos, self.ceiling)
            self.clause = pos, m
        return m.end() if m else self.ceiling


def has_articles(text: str, start: int, end: int) -> bool:
    """Whether an article heading starts a line of text[start:end].

    >>> has_articles("QUYẾT ĐỊNH:\\nĐiều 1. Bãi bỏ", 0, 24), has_articles("1. Bãi bỏ", 0, 9)
    (True, False)
    """
    if start == 0 or text[start - 1] == "\n":
        # A line starts at `start`, so the white space before a word found lies in the text.
        return article_word_pattern().search(text, start, end) is not None
    return article_pattern().search(text, start, end) is not None


def _stripped(clause: str) -> str:
    return clause[clause_opener_pattern().match(clause).end():]


def is_own(text: str, start: int, verb_start: int, articled: bool) -> bool:
    """Whether the clause before the verb makes the statement the document's own.

    >>> t = "2. Quyết định này bãi bỏ Quyết định số 21/2018/QĐ-UBND"
    >>> is_own(t, 0, t.index("bãi"), articled=True)
    True
    >>> t = "Căn cứ Luật sửa đổi, bổ sung một số điều"
    >>> is_own(t, 0, t.index("sửa"), articled=True)
    False
    """
    prefix = _stripped(text[start:verb_start])
    if not prefix.strip():
        return articled  # a bare verb opens an article or item only in an articled document
    # The document names itself ("… này") or its enacting formula is printed ("… ban hành …"):
    # looking for the words first spares most clauses the full match.
    low = prefix.lower()
    if "này" not in low and "ban" not in low:
        return False
    return own_prefix_pattern().fullmatch(prefix) is not None


def _in_quotes(text: str, start: int, pos: int) -> bool:
    return text.count("“", start, pos) > text.count("”", start, pos) \
        or text.count('"', start, pos) % 2 == 1


def _quoted(text: str, pos: int, floor: int) -> bool:
    """Whether `pos` lies inside a quotation opened in the same paragraph run (a blank line
    closes whatever a stray mark left open)."""
    lo = max(floor, pos - QUOTE_LOOKBACK)
    return _in_quotes(text, max(lo, text.rfind("\n\n", lo, pos)), pos)


def list_segments(text: str, pos: int, ceiling: int) -> list[Segment]:
    """The items of the list that starts at `pos` (right after a clause ending with a colon):
    lines opening with the same kind of marker as the first, up to an article heading, the
    distribution list, or a line of another kind."""
    stop = list_end_pattern().search(text, pos, ceiling)
    limit = stop.start() if stop else ceiling
    kind, segments, at = None, [], _skip_blank(text, pos, limit)
    while at < limit:
        item = list_item_pattern().match(text, at)
        if item is None or kind not in (None, item.lastgroup):
            break
        kind = item.lastgroup
        line_end = text.find("\n", item.end(), limit)
        line_end = limit if line_end < 0 else line_end
        segments.append(Segment(item.end(), line_end, False))
        at = _skip_blank(text, line_end, limit)
    return segments


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def _skip_blank(text: str, pos: int, limit: int) -> int:
    while pos < limit and text[pos] == "\n":
        pos += 1
    return pos


def _partial_words(span: str) -> bool:
    return partial_pattern().search(span) is not None and whole_pattern().search(span) is None


def segment_targets(text: str, segment: Segment,
                    cited: Sequence[Citation]) -> Iterator[tuple[Citation, bool]]:
    """The targets in a segment, each with whether it is acted on in part: the first reference,
    then those coordinated with it (no title words in between); none inside quotation marks."""
    previous: Citation | None = None
    # Quotation marks from the segment's start, counted on from one target to the next.
    opened = closed = plain = 0
    counted = segment.start
    for c in cited:
        if not segment.start <= c.start < segment.end:
            continue
        opened += text.count("“", counted, c.start)
        closed += text.count("”", counted, c.start)
        plain += text.count('"', counted, c.start)
        counted = c.start
        if opened > closed or plain % 2 == 1:
            continue
        if previous is None:
            yield c, segment.partial or _partial_words(text[segment.start:c.start])
        elif title_words_pattern().search(text, previous.end, c.start) is None:
            yield c, segment.partial
        else:
            break
        previous = c


def introduces_list(text: str, start: int, end: int) -> bool:
    """Whether what follows the clause `text[start:end]` lists what it acts on: it ends with a
    colon (but not "như sau:", which introduces new wording), or it is an article heading
    ("Điều 1. Bãi bỏ toàn bộ một số văn bản …" with no full stop).

    >>> t = "5. Nghị quyết này bãi bỏ các Nghị quyết:"
    >>> introduces_list(t, 0, len(t))
    True
    >>> t = "Điều 1. Bãi bỏ toàn bộ một số văn bản của Thủ tướng Chính phủ"
    >>> introduces_list(t, 0, len(t))
    True
    >>> t = "1. Sửa đổi khoản 1 Điều 7 như sau:"
    >>> introduces_list(t, 0, len(t))
    False
    """
    while end > start and text[end - 1].isspace():
        end -= 1
    last = text[end - 1] if end > start else ""
    if last == ":":
        return new_wording_pattern().match(text, start, end) is None
    return last not in ".;" and clause_article_pattern().match(text, start, end) is not None


def _statement_segments(text: str, verb_end: int, start: int, ceiling: int,
                        scan: _Scan) -> list[Segment]:
    """The verb's own clause, plus the list it introduces when it ends with a colon."""
    end = scan.clause_end(verb_end)
    own = Segment(verb_end, end, False)
    # An article heading is read from its line start.
    if not introduces_list(text, scan.line_start(start), end):
        return [own]
    partial = _partial_words(text[verb_end:end])
    return [own, *(Segment(s.start, s.end, partial) for s in list_segments(text, end, ceiling))]


def _expiry_segments(text: str, verb: int, verb_end: int, start: int, ceiling: int,
                     scan: _Scan) -> tuple[list[Segment], PartialDate | None] | None:
    """For "hết hiệu lực": the clause before the verb (and a list after it), and the date given,
    or None when the statement is not the document's own."""
    if already_pattern().search(text[max(start, verb - 8):verb]):
        return None
    when = expiry_when_pattern().match(text, verb_end)
    if when is None and self_pattern().search(text, start, verb) is None:
        return None
    date = parse_date("ngày " + when.group("date")) if when and when.group("date") else None
    segments = [Segment(start, verb, False)]
    end = scan.clause_end(verb_end)
    if introduces_list(text, start, end):
        segments += list_segments(text, end, ceiling)
    return segments, date


def parent_plans(text: str, cited: Sequence[Citation], floor: int = 0) -> Iterator[Relation]:
    """The plans this document says it carries out ("Thực hiện Kế hoạch số …"), as
    ``implements`` relations.

    >>> from kehoach.extract.citations import find_citations
    >>> t = "Thực hiện Kế hoạch số 859/KH-UBND ngày 25/3/2024 của UBND tỉnh Tây Ninh về …"
    >>> [(r.relation, r.target_ref) for r in parent_plans(t, find_citations(t))]
    [('implements', '859/KH-UBND')]
    """
    seen: set[str] = set()
    for c in cited:
        if c.cited_type != "Kế hoạch" or not c.cited_ref or c.cited_ref in seen:
            continue
        lead = implements_pattern().search(text, max(floor, c.start - 48), c.start)
        if lead is None:
            continue
        seen.add(c.cited_ref)
        yield Relation(relation="implements", target_ref=c.cited_ref, target_date=c.cited_date,
                       target_issuer=c.cited_issuer, effective_date=None, partial=False,
                       start=lead.start(), end=c.end, evidence=text[lead.start():c.end])


def find_relations(text: str, citations: Sequence[Citation], start: int = 0,
                   end: int | None = None, signed: PartialDate | None = None
                   ) -> tuple[Relation, ...]:
    """The document's own relations to the documents it cites, one per (relation, target),
    then the plans it carries out (:func:`parent_plans`).

    >>> from kehoach.extract.citations import find_citations
    >>> t = ("Điều 2. Quyết định này có hiệu lực kể từ ngày ký và thay thế Quyết định số "
    ...      "35/2024/QĐ-UBND ngày 28 tháng 5 năm 2024 của Ủy ban nhân dân thành phố.")
    >>> [(r.relation, r.target_ref, r.effective_date.iso(), r.partial)
    ...  for r in find_relations(t, find_citations(t), signed=PartialDate(2025, 12, 1))]
    [('replaces', '35/2024/QĐ-UBND', '2025-12-01', False)]
    """
    end = len(text) if end is None else end
    cited = sorted((c for c in citations if c.cited_ref), key=lambda c: c.start)
    if not cited:
        return ()
    starts = [c.start for c in cited]
    # The verbs in order (their first words differ, so no two start at one place), those with a
    # citation where their targets are read: after them, or for "hết hiệu lực" in the clause
    # before them too, which starts at most LOOKBACK before; so none is looked for further on.
    reach = min(end, starts[-1] + LOOKBACK + max(len(word) for word, _ in trigger_patterns()))
    low = lowered(text, start, reach)
    verbs = sorted((m for word, p in trigger_patterns()
                    for m in word_matches(p, word, text, low, start, end)
                    if starts[-1] >= (m.start() - LOOKBACK if m.lastgroup == "expires"
                                      else m.end())),
                   key=regex.Match.start)
    found: dict[tuple[str, str], Relation] = {}
    if verbs:
        articled = has_articles(text, start, end)
        scan = _Scan(text, end)

    @cache
    def in_force() -> PartialDate | None:
        """When the document takes effect: read once a relation is found."""
        rest = lowered(text, reach, end)
        return effective_date(text, start, end, signed,
                              None if low is None or rest is None else low + rest)

    for verb in verbs:
        kind = verb.lastgroup
        first = clause_start(text, verb.start(), start)
        # Whose statement it is, first: most verbs are said of other documents, and the look
        # for quotation marks behind is the costlier one.
        if kind != "expires" and not is_own(text, first, verb.start(), articled):
            continue
        if _quoted(text, verb.start(), start):
            continue  # wording quoted from another document ("Điều 4. … 2. Thay thế …")
        stated = None
        if kind == "expires":
            expiry = _expiry_segments(text, verb.start(), verb.end(), first, end, scan)
            if expiry is None:
                continue
            segments, stated = expiry
        else:
            segments = _statement_segments(text, verb.end(), first, end, scan)
        for i, segment in enumerate(segments):
            inside = cited[bisect_left(starts, segment.start):bisect_left(starts, segment.end)]
            for c, partial in segment_targets(text, segment, inside):
                key = (kind, c.cited_ref)
                if key in found:
                    continue
                span_start = _skip_space(text, first if i == 0 else segment.start)
                span_end = max(c.end, verb.end()) if i == 0 else c.end
                found[key] = Relation(
                    relation=kind, target_ref=c.cited_ref, target_date=c.cited_date,
                    target_issuer=c.cited_issuer, effective_date=stated or in_force(),
                    partial=partial or kind == "amends", start=span_start, end=span_end,
                    evidence=text[span_start:span_end])
    return (*found.values(), *parent_plans(text, cited, start))
