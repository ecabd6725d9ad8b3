"""Stage 3 — structure: where the official document lies in the text.

Exports of legal portals wrap the official text in site material: a metadata table and notices
before it, a summary line, "Văn bản liên quan" and related-document lists after it. Only the
official text (header, body, signature, recipients, annexes, footnotes) is searched for
citations.

Inside it, :func:`find_sections` builds the outline (section tree) every extracted record points
into with its ``section`` id ("III.2.a").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from functools import cache, lru_cache
from operator import attrgetter, itemgetter

import regex

from ..models import Section
from ..patterns.atoms import compile_pattern
from ..patterns.citations import alternation
from ..patterns.header import motto_pattern, number_line_pattern
from ..patterns.sections import (ATTACHMENT_WORDS, OUTLINE_END_WORDS, attachment_pattern,
                                 marker_after_break_pattern, marker_pattern, outline_end_pattern)
from ..patterns.vocab import type_names

# Site material that follows the official text in portal exports.
# e.g. "Văn bản này chưa cập nhật nội dung Tiếng Anh" · "Văn bản liên quan"
TRAILER_WORDS = ("Văn bản này chưa cập nhật nội dung Tiếng Anh", "Quý khách cần hỏi thêm",
                 "Văn bản liên quan", "Lược đồ")
TRAILER = r"""
    Văn[ ]bản[ ]này[ ]chưa[ ]cập[ ]nhật[ ]nội[ ]dung[ ]Tiếng[ ]Anh
  | Quý[ ]khách[ ]cần[ ]hỏi[ ]thêm
  | (?m: ^ ) [ ]* (?: Văn[ ]bản[ ]liên[ ]quan | Lược[ ]đồ ) [ ]* (?m: $ )
"""


@cache
def _trailer_pattern() -> regex.Pattern[str]:
    return compile_pattern(TRAILER)


# The portal's one-line summary just before its trailer, maybe joined to it on one line:
# "<Type> <ref> năm 2025 … ban hành".
# e.g. "Công văn 5348/CT-CS năm 2025 hướng dẫn góp vốn điều lệ do Cục Thuế ban hành"
@cache
def _summary_pattern() -> regex.Pattern[str]:
    return compile_pattern(rf"""
        [ ]* (?: {alternation(type_names())} ) [ ] [0-9]{{1,6}} [/\-] [^\n ]+
        [ ] (?: năm | ngày ) [ ]
    """)


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def word_offsets(text: str, words: tuple[str, ...], start: int, end: int) -> list[int]:
    """Where any of `words` occurs in `text[start:end]`, in order (a literal scan, far
    faster than a pattern that must be tried at every position).

    >>> word_offsets("Sở Y tế chủ trì; giao Sở Tài chính", ("giao", "chủ trì"), 0, 34)
    [8, 17]
    """
    found = []
    for word in words:
        at = text.find(word, start, end)
        while at >= 0:
            found.append(at)
            at = text.find(word, at + 1, end)
    return sorted(found)


def _search_by_words(pattern: regex.Pattern[str], words: tuple[str, ...], text: str, pos: int,
                     endpos: int) -> regex.Match[str] | None:
    """``pattern.search(text, pos, endpos)`` for a pattern whose every match holds one of
    `words` and starts at it or at the start of its line: the engine is only asked there (a
    pattern anchored at line starts otherwise makes it try every position). The places are
    tried in order, so the first match is the leftmost.

    >>> _search_by_words(_trailer_pattern(), TRAILER_WORDS, "a\\n  Lược đồ\\nb", 0, 14).span()
    (2, 11)
    """
    tried = -1
    for at in word_offsets(text, words, pos, endpos):
        for place in (_line_start(text, at), at):
            if place > tried and place >= pos:
                tried = place
                m = pattern.match(text, place, endpos)
                if m is not None:
                    return m
    return None


def _header_block_start(text: str, anchor: int) -> int:
    """Walk back from the line at `anchor` over the issuer column: up to four lines in
    capitals (blank lines between them are passed over)."""
    start = _line_start(text, anchor)
    cursor = start
    taken = 0
    while cursor > 0 and taken < 4:
        prev_start = _line_start(text, cursor - 1)
        line = text[prev_start:cursor].strip()
        cursor = prev_start
        if not line:
            continue
        if not (line.isupper() or number_line_pattern().match(line)):
            break
        start = prev_start
        taken += 1
    return start


def find_body(text: str) -> tuple[int, int]:
    """Offsets of the official document within a normalized text.

    >>> text = "Số hiệu: 1\\nỦY BAN NHÂN DÂN\\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\\nNội dung."
    >>> start, end = find_body(text)
    >>> text[start:start + 15]
    'ỦY BAN NHÂN DÂN'
    """
    motto = motto_pattern().search(text)
    if motto is not None:
        start = _header_block_start(text, motto.start())
    else:
        number = number_line_pattern().search(text, 0, min(len(text), 6000))
        start = _header_block_start(text, number.start()) if number is not None else 0
    end = len(text)
    trailer = _search_by_words(_trailer_pattern(), TRAILER_WORDS, text, start, end)
    if trailer is not None:
        end = trailer.start()
        line_start = _line_start(text, end)
        if _summary_pattern().match(text, line_start, end):
            end = line_start
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# --- the section tree -------------------------------------------------------------------------

# What `_marker_style` reads of a marker match, in this order: ``Match.groups()`` and indexing are
# much faster than asking the `regex` module for groups by name.
_MARKER_GROUPS = ("part", "part_label", "roman", "arabic", "letter", "paren", "bullet", "title")


@cache
def _marker_groups(pattern: regex.Pattern[str] | re.Pattern[str]) -> itemgetter:
    """Picks _MARKER_GROUPS out of the ``Match.groups()`` of `pattern`."""
    return itemgetter(*(pattern.groupindex[name] - 1 for name in _MARKER_GROUPS))


def _markers(text: str, start: int, end: int) -> Iterator[tuple[tuple[str | None, ...], int, int]]:
    """The matches of marker_pattern() in `text[start:end]` (as ``finditer`` finds them): their
    _MARKER_GROUPS, line start and end. They are found with marker_after_break_pattern(), which
    the stdlib engine runs faster, save at `start` and where it needs the check.

    >>> [(groups[3], at) for groups, at, _ in _markers("1. A\\n- b\\nx", 0, 10)]
    [('1', 0), (None, 5)]
    """
    exact, scan = marker_pattern(), marker_after_break_pattern()
    pick_exact, pick_scan = _marker_groups(exact), _marker_groups(scan)
    check = scan.groupindex["part_title"] - 1
    pos = start
    if start == 0 or text[start - 1] == "\n":
        first = exact.match(text, start, end)
        if first is not None:
            yield pick_exact(first.groups()), first.start(), first.end()
            pos = first.end()
    for m in scan.finditer(text, pos, end):
        groups = m.groups()
        if groups[check] is None:
            yield pick_scan(groups), m.start() + 1, m.end()
            continue
        # A part's label before a title: only a capital may start the title.
        checked = exact.match(text, m.start() + 1, end)
        if checked is not None:
            yield pick_exact(checked.groups()), checked.start(), checked.end()


def _marker_style(groups: tuple[str | None, ...]) -> tuple[str, str]:
    """(style, label) of a marker, given its groups in _MARKER_GROUPS order: items of one style
    are siblings, a new style nests.

    The label is what the id prints for this level: "III", "2" (last part of "1.2"), "a", "(1)",
    and "-3" for the third dash of its parent (filled in by the caller).

    >>> _marker_style((None, None, None, "1.2", None, None, None, "Yêu cầu"))
    ('arabic2', '2')
    """
    part, part_label, roman, arabic, letter, paren, bullet, _ = groups
    if part:
        word = part.capitalize()
        return f"part:{word}", f"{word}{part_label}"
    if roman:
        return "roman", roman
    if arabic:
        parts = arabic.split(".")
        return f"arabic{len(parts)}", parts[-1]
    if letter:
        return "letter", letter
    if paren:
        return ("paren" if paren.isdigit() else "paren_letter"), f"({paren})"
    return f"bullet{bullet}", bullet


# The next non-blank line, for a heading in capitals that a page break split.
# e.g. "\n\nTHỰC HIỆN" after "II. NỘI DUNG"
NEXT_LINE = r"\n+ [ ]* (?P<line> [^\n]+ )"

# Where a title's first sentence ends: a stop before a capital.
# e.g. ". S" in "Mục đích. Sở Y tế chủ trì"
SENTENCE_END = r"[.:;] (?= [ ] \p{Lu} )"


@cache
def _title_patterns() -> tuple[re.Pattern[str], regex.Pattern[str]]:
    """NEXT_LINE (plain enough for the faster stdlib engine) and SENTENCE_END."""
    return re.compile(NEXT_LINE, re.VERBOSE), compile_pattern(SENTENCE_END)


def _title(text: str, title: str, pos: int, limit: int = 200) -> str:
    """The heading's title, from the rest of its line (`title`, ending at `pos`): its first
    sentence, and for a heading in capitals the capital lines a page break pushed below it."""
    title = title.strip()
    next_line, sentence_end = _title_patterns()
    if title.isupper():
        while True:
            nxt = next_line.match(text, pos)
            line = nxt.group("line") if nxt is not None else ""
            if not line.isupper() or marker_pattern().match(text, nxt.start("line")) is not None:
                break
            title = f"{title} {line.strip()}"
            pos = nxt.end()
    # A stop past the limit changes nothing: the title is cut there anyway.
    head = title[:limit + 3]
    if ". " in head or ": " in head or "; " in head:
        sentence = sentence_end.search(head)
        if sentence is not None:
            title = title[:sentence.start()]
    if len(title) > limit:
        title = title[:limit].rsplit(" ", 1)[0] + " …"
    return title.rstrip(" .:;")


def outline_ranges(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """The parts of `text[start:end]` that hold the outline: each runs to a closing sentence or
    the distribution list, and another starts at the title of an attached document.

    >>> text = "I. A\\nNơi nhận:\\n- Sở Y tế;\\nKẾ HOẠCH\\nI. B"
    >>> [text[a:b] for a, b in outline_ranges(text)]
    ['I. A\\n', 'KẾ HOẠCH\\nI. B']
    """
    return list(_outline_ranges(text, start, len(text) if end is None else end))


# Several stages ask for the ranges of the document at hand: the last few are kept.
@lru_cache(maxsize=4)
def _outline_ranges(text: str, start: int, end: int) -> tuple[tuple[int, int], ...]:
    ranges, pos = [], start
    while pos < end:
        stop = _search_by_words(outline_end_pattern(), OUTLINE_END_WORDS, text, pos, end)
        if stop is None:
            ranges.append((pos, end))
            break
        ranges.append((pos, stop.start()))
        attached = _search_by_words(attachment_pattern(), ATTACHMENT_WORDS, text, stop.end(), end)
        if attached is None:
            break
        pos = attached.start()
    return tuple(ranges)


def find_sections(text: str, start: int = 0, end: int | None = None) -> tuple[Section, ...]:
    """The outline of `text[start:end]`: headings and items, nested by marker style.

    A style seen for the first time nests under the current item; a style already open closes
    everything opened after it. Offsets span a section's heading and everything up to the next
    item of the same or a higher level; the outline stops at "Trên đây là …" or "Nơi nhận" and
    starts again at an attached document (:func:`outline_ranges`).

    >>> text = "I. MỤC TIÊU\\n1. Chỉ tiêu\\na) Một\\nb) Hai\\nII. TỔ CHỨC\\n- Sở Y tế"
    >>> [(s.section, s.parent, s.title) for s in find_sections(text)][:3]
    [('I', None, 'MỤC TIÊU'), ('I.1', 'I', 'Chỉ tiêu'), ('I.1.a', 'I.1', 'Một')]
    >>> [(s.section, s.parent, s.title) for s in find_sections(text)][3:]
    [('I.1.b', 'I.1', 'Hai'), ('II', None, 'TỔ CHỨC'), ('II.-1', 'II', 'Sở Y tế')]
    """
    bullets: dict[tuple[str | None, str], int] = {}
    seen: dict[str, int] = {}
    # id, parent, title, start, depth, end of its outline range
    found: list[tuple[str, str | None, str, int, int, int]] = []
    for r_start, r_end in outline_ranges(text, start, end):
        # An attached document numbers its outline afresh.
        stack: list[tuple[str, str]] = []  # (style, id) of the open sections
        depth_of: dict[str, int] = {}  # style → its place in the stack
        for groups, line_start, title_end in _markers(text, r_start, r_end):
            style, label = _marker_style(groups)
            depth = depth_of.get(style)
            if depth is not None:
                for closed, _ in stack[depth:]:
                    del depth_of[closed]
                del stack[depth:]
            parent = stack[-1][1] if stack else None
            if style.startswith("bullet"):
                key = (parent, style)
                bullets[key] = bullets.get(key, 0) + 1
                label = f"{label}{bullets[key]}"
            section_id = f"{parent}.{label}" if parent else label
            seen[section_id] = seen.get(section_id, 0) + 1
            if seen[section_id] > 1:  # a list that restarts its numbering under the same parent
                section_id = f"{section_id}#{seen[section_id]}"
            while text[line_start] == " ":
                line_start += 1
            title = _title(text, groups[-1], title_end)
            found.append((section_id, parent, title, line_start, len(stack), r_end))
            depth_of[style] = len(stack)
            stack.append((style, section_id))
    # A section ends where the next one of the same or a higher level starts.
    ends = [r_end for *_, r_end in found]
    open_sections: list[int] = []  # of strictly increasing depth
    for i, (_, _, _, sec_start, depth, _) in enumerate(found):
        while open_sections and found[open_sections[-1]][4] >= depth:
            closed = open_sections.pop()
            ends[closed] = min(sec_start, ends[closed])
        open_sections.append(i)
    sections = []
    for (section_id, parent, title, sec_start, _, _), sec_end in zip(found, ends):
        while sec_end > sec_start and text[sec_end - 1].isspace():
            sec_end -= 1
        sections.append(Section(section_id, parent, title, sec_start, sec_end))
    return tuple(sections)


def section_at(sections: tuple[Section, ...], pos: int) -> str | None:
    """The id of the deepest section holding offset `pos` (None outside the outline).

    >>> secs = find_sections("I. A\\n1. B\\ntext\\nII. C")
    >>> section_at(secs, 10), section_at(secs, 0), section_at(secs, 100)
    ('I.1', 'I', None)
    """
    i = bisect_right(sections, pos, key=attrgetter("start")) - 1
    while i >= 0:
        if sections[i].start <= pos < sections[i].end:
            return sections[i].section
        i -= 1
    return None
