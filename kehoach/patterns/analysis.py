"""Grammars of the cross-plan analysis: the year a plan is for, its purpose section, years it
mentions, and a locality renamed by the 2025 mergers ("tỉnh Tiền Giang (nay là tỉnh Đồng
Tháp)").

Patterns are built on first use from the atoms, then cached.
"""

from __future__ import annotations

from functools import cache

import regex

from .atoms import LEVEL, SP, WS, YEAR, compile_pattern

# A horizon rather than a period: "đến năm 2030", "từ năm 2021", "giai đoạn … năm".
HORIZON = rf"(?<! (?i: đến | tới | từ | sau | trước | tầm{SP}nhìn ) {SP}+ )"

# The year a plan is for, as its title says it (not the horizon of a long-term plan).
# e.g. "THỰC HIỆN PHONG TRÀO “DÂN VẬN KHÉO” NĂM 2024" → 2024; "ĐẾN NĂM 2030" → none
PLAN_YEAR = rf"{HORIZON} (?<! \p{{L}} ) (?i: năm ) {SP}+ (?P<year> {YEAR} ) (?! [0-9] )"


@cache
def plan_year_pattern() -> regex.Pattern[str]:
    """Finds "năm YYYY".

    >>> plan_year_pattern().search("phong trào “Dân vận khéo” năm 2024").group("year")
    '2024'
    >>> plan_year_pattern().search("chuyển đổi số đến năm 2030") is None
    True
    """
    return compile_pattern(PLAN_YEAR)


# The heading of the purpose section, and the heading that closes it.
# e.g. "1. Mục đích" · "I. MỤC ĐÍCH, YÊU CẦU" ... "2. Yêu cầu" · "II. NỘI DUNG"
PURPOSE = rf"""
    (?m: ^ ) [\s*_#]* (?: (?: [0-9]{{1,2}} | [IVX]{{1,4}} ) {SP}* [.)] {SP}* )?
    (?P<heading> (?i: mục {SP} đích ) ) [^\n]* \n
"""
PURPOSE_END = rf"""
    (?m: ^ ) [\s*_#]* (?: (?: [0-9]{{1,2}} | [IVX]{{1,4}} ) {SP}* [.)] {SP}* )
    (?i: yêu {SP} cầu | nội {SP} dung | nhiệm {SP} vụ | tổ {SP} chức {SP} thực {SP} hiện )
"""


@cache
def purpose_pattern() -> regex.Pattern[str]:
    """Finds the purpose heading line.

    >>> purpose_pattern().search("I. MỤC ĐÍCH, YÊU CẦU\\n1. Mục đích\\nNhằm").group("heading")
    'MỤC ĐÍCH'
    """
    return compile_pattern(PURPOSE)


@cache
def purpose_end_pattern() -> regex.Pattern[str]:
    """Finds the heading after the purpose.

    >>> purpose_end_pattern().search("Nhằm …\\n2. Yêu cầu\\nTriển khai").group()
    '2. Yêu cầu'
    """
    return compile_pattern(PURPOSE_END)


# A year spoken of in the text as a period ("năm 2023"), not as the year of a date ("ngày 20
# tháng 02 năm 2024"), a horizon ("đến năm 2025") nor of a named law or document ("Luật … năm
# 2022" is read by the caller).
# e.g. "phong trào “Dân vận khéo” năm 2023"
YEAR_MENTION = rf"""
    {HORIZON}
    (?<! (?i: tháng ) {WS}* [0-9]{{1,2}} {WS}* )
    (?<! \p{{L}} ) (?i: năm ) {SP}+ (?P<year> {YEAR} ) (?! [0-9/] )
"""


@cache
def year_mention_pattern() -> regex.Pattern[str]:
    """Finds period years, not date years.

    >>> [m.group("year") for m in year_mention_pattern().finditer(
    ...     "ngày 20 tháng 02 năm 2024 … phong trào năm 2023, mục tiêu đến năm 2025")]
    ['2023']
    """
    return compile_pattern(YEAR_MENTION)


# A locality and what it is now, as the text says it.
# e.g. "tỉnh Tiền Giang (nay là tỉnh Đồng Tháp)" · "huyện Hậu Lộc (nay là xã Hoa Lộc)" · "huyện
# Lý Sơn (nay là đặc khu Lý Sơn)"
_NAME = rf"\p{{Lu}}[\p{{L}}]* (?: {SP} \p{{Lu}}[\p{{L}}]* ){{0,3}}"
LOCALITY = rf"""
    (?<! \p{{L}} )
    (?P<former> (?i: {LEVEL} ) {SP} {_NAME} )
    {SP}* [(,] {SP}* (?i: nay {SP} là | nay {SP} thuộc ) {SP}
    (?P<current> (?i: {LEVEL} ) {SP} {_NAME} )
"""


@cache
def locality_pattern() -> regex.Pattern[str]:
    """Finds a former locality and its present name.

    >>> m = locality_pattern().search("UBND tỉnh Tiền Giang (nay là tỉnh Đồng Tháp) ban hành")
    >>> m.group("former"), m.group("current")
    ('tỉnh Tiền Giang', 'tỉnh Đồng Tháp')
    >>> locality_pattern().search("huyện Lý Sơn (nay là đặc khu Lý Sơn)").group("current")
    'đặc khu Lý Sơn'
    """
    return compile_pattern(LOCALITY)
