"""Stage 3 — structure: where the official document lies in the text.

Exports of legal portals wrap the official text in site material: a metadata table and notices
before it, a summary line, "Văn bản liên quan" and related-document lists after it. Only the
official text (header, body, signature, recipients, annexes, footnotes) is searched for
citations.

Inside it, :func:`find_sections` builds the outline (section tree) every extracted record points
into with its ``section`` id ("III.2.a").
"""

from __future__ import annotations

from bisect import bisect_right
from functools import cache

import regex

from ..models import Section
from ..patterns.atoms import compile_pattern
from ..patterns.citations import alternation
from ..patterns.header import motto_pattern, number_line_pattern
from ..patterns.sections import attachment_pattern, marker_pattern, outline_end_pattern
from ..patterns.vocab import type_names

# Site material that follows the official text in portal exports.
# e.g. "Văn bản này chưa cập nhật nội dung Tiếng Anh" · "Văn bản liên quan"
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
    trailer = _trailer_pattern().search(text, start)
    if trailer is not None:
        end = trailer.start()
        line_start = _line_start(text, end)
        if _summary_pattern().match(text, line_start, end):
            end = line_start
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# --- the section tree -------------------------------------------------------------------------

def _marker_style(m: regex.Match[str]) -> tuple[str, str]:
    """(style, label) of a marker: items of one style are siblings, a new style nests.

    The label is what the id prints for this level: "III", "2" (last part of "1.2"), "a", "(1)",
    and "-3" for the third dash of its parent (filled in by the caller).
    """
    if m.group("part"):
        word = m.group("part").capitalize()
        return f"part:{word}", f"{word}{m.group('part_label')}"
    if m.group("roman"):
        return "roman", m.group("roman")
    if m.group("arabic"):
        parts = m.group("arabic").split(".")
        return f"arabic{len(parts)}", parts[-1]
    if m.group("letter"):
        return "letter", m.group("letter")
    if m.group("paren"):
        label = m.group("paren")
        return ("paren" if label.isdigit() else "paren_letter"), f"({label})"
    return f"bullet{m.group('bullet')}", m.group("bullet")


def _title(text: str, m: regex.Match[str], limit: int = 200) -> str:
    """The heading's title: its first sentence, and for a heading in capitals the capital lines
    a page break pushed below it."""
    title = m.group("title").strip()
    if title.isupper():
        pos = m.end()
        while True:
            nxt = regex.match(r"\n+[ ]*([^\n]+)", text[pos:])
            if nxt is None or not nxt.group(1).isupper() or marker_pattern().match(
                    text, pos + nxt.start(1)) is not None:
                break
            title = f"{title} {nxt.group(1).strip()}"
            pos += nxt.end()
    sentence = regex.search(r"[.:;](?=[ ]\p{Lu})", title)
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
    end = len(text) if end is None else end
    ranges, pos = [], start
    while pos < end:
        stop = outline_end_pattern().search(text, pos, end)
        if stop is None:
            ranges.append((pos, end))
            break
        ranges.append((pos, stop.start()))
        attached = attachment_pattern().search(text, stop.end(), end)
        if attached is None:
            break
        pos = attached.start()
    return ranges


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
    ranges = outline_ranges(text, start, end)
    stack: list[tuple[str, str, int]] = []  # (style, id, depth) of the open sections
    bullets: dict[tuple[str | None, str], int] = {}
    seen: dict[str, int] = {}
    # id, parent, title, start, depth, end of its outline range
    found: list[tuple[str, str | None, str, int, int, int]] = []
    markers = [(m, r_start, r_end) for r_start, r_end in ranges
               for m in marker_pattern().finditer(text, r_start, r_end)]
    current_range = start
    for m, r_start, r_end in markers:
        if r_start != current_range:  # an attached document numbers its outline afresh
            stack.clear()
            current_range = r_start
        style, label = _marker_style(m)
        if style in {s for s, _, _ in stack}:
            while stack and stack[-1][0] != style:
                stack.pop()
            stack.pop()
        parent = stack[-1][1] if stack else None
        if style.startswith("bullet"):
            key = (parent, style)
            bullets[key] = bullets.get(key, 0) + 1
            label = f"{label}{bullets[key]}"
        section_id = f"{parent}.{label}" if parent else label
        seen[section_id] = seen.get(section_id, 0) + 1
        if seen[section_id] > 1:  # a list that restarts its numbering under the same parent
            section_id = f"{section_id}#{seen[section_id]}"
        line_start = m.start() + len(m.group(0)) - len(m.group(0).lstrip(" "))
        found.append((section_id, parent, _title(text, m), line_start, len(stack), r_end))
        stack.append((style, section_id, len(stack)))
    sections = []
    for i, (section_id, parent, title, sec_start, depth, r_end) in enumerate(found):
        sec_end = min(next((f[3] for f in found[i + 1:] if f[4] <= depth), r_end), r_end)
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
    starts = [s.start for s in sections]
    i = bisect_right(starts, pos) - 1
    while i >= 0:
        if sections[i].start <= pos < sections[i].end:
            return sections[i].section
        i -= 1
    return None
