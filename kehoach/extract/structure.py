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
from operator import attrgetter

import regex

from ..models import Section
from ..patterns.atoms import compile_pattern
from ..patterns.citations import alternation
from ..patterns.header import MOTTO_LAST_WORD, motto_pattern, number_line_pattern
from ..patterns.sections import (at_line_starts, attachment_patterns, marker_after_break_pattern,
                                 marker_pattern, marker_style_pattern, outline_end_patterns)
from ..patterns.vocab import type_names

# Site material that follows the official text in portal exports: a notice anywhere, or a
# heading alone on its line.
# e.g. "Văn bản này chưa cập nhật nội dung Tiếng Anh" · "Văn bản liên quan"
TRAILER_NOTICES = ("Văn bản này chưa cập nhật nội dung Tiếng Anh", "Quý khách cần hỏi thêm")
TRAILER_HEADING = r"[ ]* (?: Văn[ ]bản[ ]liên[ ]quan | Lược[ ]đồ ) [ ]* (?m: $ )"


@cache
def _trailer_heading_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    return at_line_starts(TRAILER_HEADING)


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


def _search_lines(patterns: tuple[re.Pattern[str], re.Pattern[str]], text: str, pos: int,
                  endpos: int) -> tuple[int, int] | None:
    """Span of the first match in `text[pos:endpos]` of a line's pattern that must start at a
    line start (:func:`~kehoach.patterns.sections.at_line_starts` gives `patterns`).

    >>> _search_lines(_trailer_heading_patterns(), "a\\n  Lược đồ\\nb", 0, 14)
    (2, 11)
    """
    at_start, after_break = patterns
    if pos == 0:
        m = at_start.match(text, 0, endpos)
        if m is not None:
            return m.span()
    elif text[pos - 1] == "\n":
        pos -= 1  # the line at `pos` is found from its line break
    m = after_break.search(text, pos, endpos)
    return None if m is None else (m.start() + 1, m.end())


def _trailer_start(text: str, start: int, end: int) -> int | None:
    """Where the first of the trailer's notices or headings starts in `text[start:end]`.

    >>> _trailer_start("Nội dung.\\nLược đồ\\nQuý khách cần hỏi thêm", 0, 38)
    10
    """
    first = end
    for notice in TRAILER_NOTICES:
        # only a notice before the first found can come first
        at = text.find(notice, start, min(end, first + len(notice)))
        if 0 <= at < first:
            first = at
    # A heading before it lies on a line that ends by the end of its line.
    line_end = text.find("\n", first, end)
    heading = _search_lines(_trailer_heading_patterns(), text, start,
                            end if line_end < 0 else line_end)
    if heading is not None and heading[0] < first:
        first = heading[0]
    return None if first == end else first


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
    motto = motto_pattern().search(text) if MOTTO_LAST_WORD in text else None
    if motto is not None:
        start = _header_block_start(text, motto.start())
    else:
        number = number_line_pattern().search(text, 0, min(len(text), 6000))
        start = _header_block_start(text, number.start()) if number is not None else 0
    end = len(text)
    trailer = _trailer_start(text, start, end)
    if trailer is not None:
        end = trailer
        line_start = _line_start(text, end)
        if _summary_pattern().match(text, line_start, end):
            end = line_start
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# --- the section tree -------------------------------------------------------------------------

# What is read of a marker match, by group number (far faster than by name); marker_pattern() and
# marker_after_break_pattern() number their groups alike.
@cache
def _group_numbers() -> tuple[int, int, int]:
    """The numbers of the groups "marker", "title" and "part_title"."""
    index = marker_after_break_pattern().groupindex
    return index["marker"], index["title"], index["part_title"]


def _markers(text: str, start: int, end: int) -> Iterator[re.Match[str] | regex.Match[str]]:
    """The matches of marker_pattern() in `text[start:end]`, as ``finditer`` finds them, or
    matches of marker_after_break_pattern() with the same groups (from the line break before).
    That one is searched for, as the stdlib engine runs it faster, save at `start` and where it
    needs the check.

    >>> [m.group("marker") for m in _markers("1. A\\n - b\\nx", 0, 11)]
    ['1.', '-']
    """
    exact = marker_pattern()
    check = _group_numbers()[2]
    pos = start
    if start == 0 or text[start - 1] == "\n":
        first = exact.match(text, start, end)
        if first is not None:
            yield first
            pos = first.end()
    for m in marker_after_break_pattern().finditer(text, pos, end):
        if m.start(check) < 0:
            yield m
            continue
        # A part's label before a title: only a capital may start the title.
        checked = exact.match(text, m.start() + 1, end)
        if checked is not None:
            yield checked


def title_at(text: str, pos: int, end: int) -> tuple[int, int] | None:
    """Where the title of the marker at `pos` starts and ends: the span of the "title" group of
    ``marker_pattern().match(text, pos, end)``, None when it does not match. At a line start
    the faster stdlib engine tells.

    >>> text = "x\\n1.2. Yêu cầu\\nĐiều 5 của Luật"
    >>> title_at(text, 2, len(text)), title_at(text, 16, len(text))
    ((7, 14), None)
    """
    if pos > 0 and text[pos - 1] == "\n":
        m = marker_after_break_pattern().match(text, pos - 1, end)
        if m is None:
            return None
        if m.group("part_title") is None:
            return m.span("title")
    m = marker_pattern().match(text, pos, end)
    return None if m is None else m.span("title")


@lru_cache(maxsize=1024)
def _marker_style(marker: str) -> tuple[str, str, bool]:
    """(style, label, is it a bullet) of a marker's text: items of one style are siblings, a new
    style nests. Markers repeat across documents ("1.", "a)", "-"), so the answers are kept.

    The label is what the id prints for this level: "III", "2" (last part of "1.2"), "a", "(1)",
    and "-3" for the third dash of its parent (filled in by the caller).

    >>> _marker_style("1.2."), _marker_style("Điều 5")
    (('arabic2', '2', False), ('part:Điều', 'Điều5', False))
    """
    part, part_label, roman, arabic, letter, paren, bullet = (
        marker_style_pattern().fullmatch(marker).groups())
    if part:
        word = part.capitalize()
        return f"part:{word}", f"{word}{part_label}", False
    if roman:
        return "roman", roman, False
    if arabic:
        parts = arabic.split(".")
        return f"arabic{len(parts)}", parts[-1], False
    if letter:
        return "letter", letter, False
    if paren:
        return ("paren" if paren.isdigit() else "paren_letter"), f"({paren})", False
    return f"bullet{bullet}", bullet, True


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


TITLE_LIMIT = 200  # characters of a title, beyond which it is cut at a word


def _title(text: str, title: str, pos: int, limit: int = TITLE_LIMIT) -> str:
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
    # (a test for one character is far faster than for two)
    if ("." in head or ":" in head or ";" in head) and (
            ". " in head or ": " in head or "; " in head):
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
        stop = _search_lines(outline_end_patterns(), text, pos, end)
        if stop is None:
            ranges.append((pos, end))
            break
        ranges.append((pos, stop[0]))
        attached = _search_lines(attachment_patterns(), text, stop[1], end)
        if attached is None:
            break
        pos = attached[0]
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
    marker, title_group, _ = _group_numbers()
    bullets: dict[tuple[str | None, str], int] = {}
    seen: dict[str, int] = {}
    found: list[list] = []  # [id, parent, title, start, end] of each section
    for r_start, r_end in outline_ranges(text, start, end):
        # An attached document numbers its outline afresh.
        open_styles: list[str] = []
        open_ones: list[list] = []  # the open sections, outermost first
        # style → its place in open_styles when last opened (it is still open when found there)
        depth_of: dict[str, int] = {}
        for m in _markers(text, r_start, r_end):
            sec_start = m.start(marker)
            style, label, bullet = _marker_style(m.group(marker))
            depth = depth_of.get(style)
            if depth is not None and depth < len(open_styles) and open_styles[depth] == style:
                # a section ends where the next one of the same or a higher level starts, its
                # trailing white space left out
                closed_at = sec_start
                while text[closed_at - 1].isspace():
                    closed_at -= 1
                for closed in open_ones[depth:]:
                    closed[4] = closed_at
                del open_styles[depth:], open_ones[depth:]
            parent = open_ones[-1][0] if open_ones else None
            if bullet:
                key = (parent, style)
                bullets[key] = count = bullets.get(key, 0) + 1
                label = f"{label}{count}"
            section_id = f"{parent}.{label}" if parent else label
            count = seen[section_id] = seen.get(section_id, 0) + 1
            if count > 1:  # a list that restarts its numbering under the same parent
                section_id = f"{section_id}#{count}"
            title = m.group(title_group).strip()
            short = title.rstrip(" .:;")
            # Most titles are short, not in capitals, and hold no stop once the stops that end
            # them are cut: none but a stop can end a sentence, so they are done. (A test for
            # one character is far faster than for a stop and a space.)
            if "." in short or ":" in short or ";" in short or len(title) > TITLE_LIMIT \
                    or title.isupper():
                title = _title(text, title, m.end())
            else:
                title = short
            depth_of[style] = len(open_styles)
            open_styles.append(style)
            section = [section_id, parent, title, sec_start, None]
            open_ones.append(section)
            found.append(section)
        closed_at = r_end
        while closed_at > r_start and text[closed_at - 1].isspace():
            closed_at -= 1
        for closed in open_ones:
            closed[4] = closed_at
    return tuple(Section(*section) for section in found)


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
