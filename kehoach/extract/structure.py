"""Stage 3 — structure: where the official document lies in the text.

Exports of legal portals wrap the official text in site material: a metadata table and notices
before it, a summary line, "Văn bản liên quan" and related-document lists after it. Only the
official text (header, body, signature, recipients, annexes, footnotes) is searched for
citations.
"""

from __future__ import annotations

from functools import cache

import regex

from ..patterns.atoms import compile_pattern
from ..patterns.citations import alternation
from ..patterns.header import motto_pattern, number_line_pattern
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
