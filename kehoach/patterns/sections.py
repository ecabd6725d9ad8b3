"""The outline grammar: the markers that open a heading or a numbered item at the start of a line.

A plan numbers its parts in a few printed styles, nested in the order the author chose:
Roman numerals ("I.", "II."), arabic numbers ("1.", "1.2."), letters ("a)", "b."), parenthesised
numbers ("(1)"), dashes and bullets ("-", "+", "•"). Decisions ("Điều 1.") and long plans
("Phần I", "Chương II", "Mục 3") add named parts. The structure stage nests them by style.
"""

from __future__ import annotations

import re
from functools import cache

import regex

from .atoms import SP, compile_pattern

# A Roman numeral up to 39, capital letters only (a lower-case "i." is a letter item).
# e.g. "III", "IV", "XII"
ROMAN = r"(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})"

# An arabic item number, possibly dotted ("1.2"), two digits a level so that a year
# ("2024.") or a thousands group ("1.500") never reads as a marker.
# e.g. "3", "1.2", "2.1.3"
ARABIC = r"[0-9]{1,2}(?:\.[0-9]{1,2}){0,3}"

# A lower-case item letter (Vietnamese adds "đ" after "d").
# e.g. "a", "đ"
LETTER = r"[a-zđ]"

# A named part of a long document or a decision.
# e.g. "Điều", "Chương", "Phần", "Mục"
PART_WORD = r"(?:Phần|PHẦN|Chương|CHƯƠNG|Mục|MỤC|Điều)"

# A marker's own text, one group for each style; PART_END stands for what closes the label of a
# named part.
# e.g. "II." · "1.2." · "a)" · "(3)" · "-" · "Điều 2."
MARKER_STYLES = rf"""
    (?P<part> {PART_WORD} ) {SP} (?P<part_label> {ROMAN} | [0-9]{{1,3}} ) PART_END
  | (?P<roman> {ROMAN} ) [.)]
  | (?P<arabic> {ARABIC} ) [.)]
  | (?P<letter> {LETTER} ) [).]
  | \( (?P<paren> [0-9]{{1,2}} | {LETTER} ) \)
  | (?P<bullet> [-+•*] )
"""

# A marker, after the spaces that open its line, and the rest of the line (the title or the
# item's text). The marker's own text (group "marker") says its style: the structure stage reads
# each text's style once (marker_style_pattern()).
# e.g. "II. NỘI DUNG THỰC HIỆN" · "1.2. Yêu cầu" · "a) Sở Y tế" · "(3) Tiếp tục" · "- Giao Ban"
# · "Điều 2. Tổ chức thực hiện"
MARKER_AND_TITLE = rf"""
    (?P<marker> {MARKER_STYLES} )
    (?: {SP}+ | {SP}* \n (?= [^\n] ) )  # the title may follow on the next line ("1.\nSở Y tế:")
    (?P<title> [^\n]* )
"""

# A marker at the start of a line, then the rest of the line. (The empty part_title group,
# which says nothing here, numbers the groups as in MARKER_AFTER_BREAK.)
# e.g. "II. NỘI DUNG THỰC HIỆN" at a line start
MARKER = rf"(?m: ^ ) {SP}*" + MARKER_AND_TITLE.replace(
    "PART_END",
    rf"(?: [.:] | (?= {SP} \p{{Lu}} ) (?P<part_title> ) )"
    "  # not \"Điều 5 của Nghị định …\" (a wrapped sentence)")

# The characters a marker may start with (of PART_WORD, ROMAN, ARABIC, LETTER, "(" and the
# bullets); keep in step with MARKER_AND_TITLE. Checked first, it turns most lines away at once.
# e.g. "I" in "II. NỘI DUNG", "(" in "(3) Tiếp tục"
MARKER_FIRST = r"[PCMĐIVX0-9a-zđ(\-+•*]"

# MARKER for the stdlib engine, matched from the line break before it, which lets the engine
# skip ahead to line breaks. That engine has no \p{Lu}: a part's label followed by a title
# takes any non-space there and says so (part_title), for marker_pattern() to check. Its groups
# are numbered as MARKER's.
# e.g. "\nII. NỘI DUNG" · "\nĐiều 2 Tổ chức" (part_title)
MARKER_AFTER_BREAK = rf"\n {SP}* (?= {MARKER_FIRST} )" + MARKER_AND_TITLE.replace(
    "PART_END", rf"(?: [.:] | (?= {SP} \S ) (?P<part_title> ) )")


@cache
def marker_pattern() -> regex.Pattern[str]:
    """Example:

    >>> m = marker_pattern().search("x\\nIII. MỘT SỐ CHỈ TIÊU")
    >>> m.group("roman"), m.group("title")
    ('III', 'MỘT SỐ CHỈ TIÊU')
    >>> marker_pattern().search("1.500 người") is None
    True
    >>> marker_pattern().search("Điều 5 của Nghị định số 272/2025/NĐ-CP") is None
    True
    >>> marker_pattern().search("1.\\nSở Y tế:").group("arabic", "title")
    ('1', 'Sở Y tế:')
    """
    return compile_pattern(MARKER)


@cache
def marker_after_break_pattern() -> re.Pattern[str]:
    """Example:

    >>> marker_after_break_pattern().search("x\\nĐiều 2 Tổ chức").group("part", "part_title")
    ('Điều', '')
    """
    return re.compile(MARKER_AFTER_BREAK, re.VERBOSE)


@cache
def marker_style_pattern() -> re.Pattern[str]:
    """MARKER_STYLES alone, to read the style of a marker's text (the "marker" group of
    marker_pattern()): on that text it takes the alternative the marker's match took (one before
    it that matched the same text would have been taken there), so its groups are the match's.
    A named part's label ends where the text does. Example:

    >>> marker_style_pattern().fullmatch("Điều 2").group("part", "part_label")
    ('Điều', '2')
    """
    return re.compile(MARKER_STYLES.replace("PART_END", "[.:]?"), re.VERBOSE)


def at_line_starts(line: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A line's pattern `line` (stdlib syntax, verbose) compiled to match at a line start, and
    from the line break before it: searching for that one lets the stdlib engine skip ahead to
    line breaks, where a pattern anchored at line starts ("^") is tried at every position.

    >>> at_start, after_break = at_line_starts("[ ]* Nơi[ ]nhận")
    >>> at_start.match(" Nơi nhận:").end(), after_break.search("a\\nNơi nhận:").span()
    (9, (1, 10))
    """
    return re.compile(line, re.VERBOSE), re.compile(rf"\n {line}", re.VERBOSE)


# Where the outline stops: the closing sentence, the distribution list, the signature, at the
# start of a line (after its spaces).
# e.g. "Trên đây là Kế hoạch …" · "Nơi nhận:"
OUTLINE_END_WORDS = ("Trên đây là", "Nơi nhận", "NƠI NHẬN")
OUTLINE_END = rf"""
    {SP}* (?: {" | ".join(w.replace(" ", SP) for w in OUTLINE_END_WORDS)} )
"""


@cache
def outline_end_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """OUTLINE_END, :func:`at_line_starts`. Example:

    >>> outline_end_patterns()[1].search("a\\nNơi nhận:\\n- Sở Nội vụ;").start()
    1
    """
    return at_line_starts(OUTLINE_END)


# The title of a document attached after the signature, where the outline starts again: a line
# that holds nothing else.
# e.g. "KẾ HOẠCH" (kèm theo Quyết định …) · "QUY CHẾ" · "PHỤ LỤC"
ATTACHMENT_WORDS = ("KẾ HOẠCH", "QUY CHẾ", "QUY ĐỊNH", "CHƯƠNG TRÌNH", "ĐỀ ÁN", "PHỤ LỤC",
                    "HƯỚNG DẪN")
ATTACHMENT = rf"""
    {SP}* (?: {" | ".join(w.replace(" ", SP) for w in ATTACHMENT_WORDS)} ) {SP}* (?m: $ )
"""


@cache
def attachment_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """ATTACHMENT, :func:`at_line_starts`. Example:

    >>> attachment_patterns()[1].search("Phạm Minh Chính\\nKẾ HOẠCH\\nTRIỂN KHAI").start()
    15
    """
    return at_line_starts(ATTACHMENT)
