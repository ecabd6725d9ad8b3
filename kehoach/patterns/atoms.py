"""Named regex atoms, the bricks of every grammar in :mod:`kehoach.patterns`.

Atoms are plain strings in verbose syntax for the ``regex`` module (Unicode properties such as
``\\p{Lu}``), without capturing groups, so they compose freely with f-strings. Digits are
``[0-9]``: ``\\d`` would also match Arabic-Indic and other digits. Only top-level patterns name
their groups.
"""

from __future__ import annotations

import regex

FLAGS = regex.VERBOSE | regex.VERSION1

# Inline space: the normalizer has already folded runs of spaces and tabs to one space.
SP = r"[ ]"
# Any run of white space, line breaks included (a reference may be split by a wrapped line).
WS = r"\s"

# Levels of local government (cấp hành chính), each followed by its place's name; longer
# spellings first ("thị xã" before "xã"). e.g. "tỉnh" in "tỉnh Tây Ninh", "đặc khu" in "đặc khu
# Lý Sơn"
LEVELS = ("thành phố", "thị xã", "thị trấn", "tỉnh", "huyện", "xã", "phường", "quận", "đặc khu")
LEVEL = "(?: " + " | ".join(level.replace(" ", SP) for level in LEVELS) + " )"

# A document number: "2602", "04", "1147". Six digits is more than any register holds.
# e.g. "2602" in "Số: 2602/KH-VP"
NUMBER = r"[0-9]{1,6}"

# A year of the modern State (1945 on): "2024".
YEAR = r"(?:19[4-9][0-9]|20[0-9][0-9])"

# Day and month, with or without a leading zero: "09", "9", "31"; "02", "12".
DAY = r"(?:0?[1-9]|[12][0-9]|3[01])"
MONTH = r"(?:0?[1-9]|1[0-2])"

# A numeric date "14/7/2015", "25.02.2021", "09-01-2015" (the separator must repeat).
# e.g. "14/7/2015"
DATE_NUMERIC = rf"""
    (?: {DAY} / {MONTH} / {YEAR} | {DAY} \. {MONTH} \. {YEAR} | {DAY} - {MONTH} - {YEAR} )
"""

# Keywords, with or without their diacritics (text whose marks were lost by OCR or a bad
# conversion: "Quyet dinh so 12/QD-UBND ngay 5 thang 3 nam 2024 cua UBND tinh").
# e.g. "ngày" / "ngay"
NGAY = r"(?: ngày | ngay )"
THANG = r"(?: tháng | thang )"
NAM = r"(?: năm | nam )"
SO = r"(?: số | so )"
CUA = r"(?: của | cua )"

# A date in words, day or month possibly left blank for a draft:
# e.g. "ngày 12 tháng 12 năm 2013", "ngày tháng 4 năm 2022", "ngày … tháng 02 năm 2024"
BLANK = r"(?:[.…_]{1,12}|" + SP + r"?)"
DATE_WORDS = rf"""
    {NGAY} {WS}* (?:{DAY})? {WS}* {BLANK} {WS}* {THANG} {WS}* (?:{MONTH})? {WS}* {BLANK} {WS}*
    {NAM} {WS}* {YEAR}
"""

# A part of a symbol (ký hiệu): a capital letter, then letters, digits or "&"; a dotted
# sub-unit in capitals may follow ("V.I").
# e.g. "KH", "UBND", "TTg", "QĐi", "QH15", "XDCQ&TCBC", "KTr2", "V.I"
CODE = r"\p{Lu}[\p{L}0-9&]* (?: \. \p{Lu}[\p{Lu}0-9]* (?! \p{Ll} ) )*"

# A part that may follow a dash separated by spaces ("1717/QĐ- UBND"): capitals only, or one of
# the official mixed-case parts, so that "12/QĐ-UBND - Về việc" does not swallow "Về".
# e.g. "UBND", "CP", "TTg"
CODE_SPACED = r"(?:\p{Lu}[\p{Lu}0-9&]*(?![\p{Ll}])|TTg|QĐi|CTr|TTr)"

# Joins the parts of a symbol: a dash, or a dash with spaces either side when a capitals-only
# part follows ("NĐ- CP", "KH – LĐLĐ" once dashes are normalized).
# e.g. "-", " - "
DASH_JOIN = rf"(?: -(?={CODE}) | {SP}{{0,2}}-{SP}{{0,2}}(?={CODE_SPACED}) )"

# Upper-case and lower-case Vietnamese letters, as classes.
UPPER = r"\p{Lu}"
LOWER = r"\p{Ll}"
LETTER = r"\p{L}"


def compile_pattern(pattern: str, flags: int = 0) -> regex.Pattern[str]:
    """Compile a grammar in verbose mode (the one place patterns are compiled).

    >>> compile_pattern(NUMBER).fullmatch("2602") is not None
    True
    """
    return regex.compile(pattern, FLAGS | flags)
