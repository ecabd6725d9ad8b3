"""The outline grammar: the markers that open a heading or a numbered item at the start of a line.

A plan numbers its parts in a few printed styles, nested in the order the author chose:
Roman numerals ("I.", "II."), arabic numbers ("1.", "1.2."), letters ("a)", "b."), parenthesised
numbers ("(1)"), dashes and bullets ("-", "+", "•"). Decisions ("Điều 1.") and long plans
("Phần I", "Chương II", "Mục 3") add named parts. The structure stage nests them by style.
"""

from __future__ import annotations

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

# A marker at the start of a line, then the rest of the line (the title or the item's text).
# e.g. "II. NỘI DUNG THỰC HIỆN" · "1.2. Yêu cầu" · "a) Sở Y tế" · "(3) Tiếp tục" · "- Giao Ban"
# · "Điều 2. Tổ chức thực hiện"
MARKER = rf"""
    (?m: ^ ) {SP}*
    (?:
        (?P<part> {PART_WORD} ) {SP} (?P<part_label> {ROMAN} | [0-9]{{1,3}} )
        (?: [.:] | (?= {SP} \p{{Lu}} ) )  # not "Điều 5 của Nghị định …" (a wrapped sentence)
      | (?P<roman> {ROMAN} ) [.)]
      | (?P<arabic> {ARABIC} ) [.)]
      | (?P<letter> {LETTER} ) [).]
      | \( (?P<paren> [0-9]{{1,2}} | {LETTER} ) \)
      | (?P<bullet> [-+•*] )
    )
    (?: {SP}+ | {SP}* \n (?= [^\n] ) )  # the title may follow on the next line ("1.\nSở Y tế:")
    (?P<title> [^\n]* )
"""


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


# Where the outline stops: the closing sentence, the distribution list, the signature.
# e.g. "Trên đây là Kế hoạch …" · "Nơi nhận:"
OUTLINE_END = rf"""
    (?m: ^ ) {SP}* (?: Trên{SP}đây{SP}là | Nơi{SP}nhận | NƠI{SP}NHẬN )
"""


@cache
def outline_end_pattern() -> regex.Pattern[str]:
    """Example:

    >>> outline_end_pattern().search("a\\nNơi nhận:\\n- Sở Nội vụ;").start()
    2
    """
    return compile_pattern(OUTLINE_END)


# The title of a document attached after the signature, where the outline starts again.
# e.g. "KẾ HOẠCH" (kèm theo Quyết định …) · "QUY CHẾ" · "PHỤ LỤC"
ATTACHMENT = rf"""
    (?m: ^ ) {SP}* (?: KẾ{SP}HOẠCH | QUY{SP}CHẾ | QUY{SP}ĐỊNH | CHƯƠNG{SP}TRÌNH | ĐỀ{SP}ÁN
                     | PHỤ{SP}LỤC | HƯỚNG{SP}DẪN ) {SP}* (?m: $ )
"""


@cache
def attachment_pattern() -> regex.Pattern[str]:
    """Example:

    >>> attachment_pattern().search("Phạm Minh Chính\\nKẾ HOẠCH\\nTRIỂN KHAI").start()
    16
    """
    return compile_pattern(ATTACHMENT)
