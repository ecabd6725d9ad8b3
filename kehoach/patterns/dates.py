"""The grammar of a date written anywhere in running text (used to mark dates for spaCy).

Read a found date's parts with :func:`kehoach.extract.citations.parse_date`.
"""

from __future__ import annotations

from functools import cache

import regex

from .atoms import DATE_NUMERIC, DATE_WORDS, NAM, NGAY, THANG, WS, YEAR, compile_pattern

# A date as printed, its day or month possibly one no calendar has ("ngày 31/02/2024", "ngày 00
# tháng 5 năm 2024"), which DATE_NUMERIC and DATE_WORDS leave out: a cited date is passed over
# whole, and what of it holds is kept (:func:`kehoach.extract.citations.printed_date`).
# e.g. "00" in "ngày 00 tháng 5 năm 2024"
PRINTED_PART = r"[0-9]{1,2}"
# e.g. "31/02/2024" · "32.5.2024" · "12/13/2024"
PRINTED_NUMERIC = rf"""
    (?: {PRINTED_PART} / {PRINTED_PART} / {YEAR} | {PRINTED_PART} \. {PRINTED_PART} \. {YEAR}
      | {PRINTED_PART} - {PRINTED_PART} - {YEAR} )
"""
# e.g. "ngày 00 tháng 5 năm 2024"
PRINTED_WORDS = rf"""
    {NGAY} {WS}* {PRINTED_PART} {WS}* {THANG} {WS}* {PRINTED_PART} {WS}* {NAM} {WS}* {YEAR}
"""


# A date in words ("ngày 12 tháng 12 năm 2013", "ngày tháng 4 năm 2022") or a numeric date
# ("14/7/2015", "25.02.2021") not glued to other digits or slashes, so "14/7/2015" inside
# "1/14/7/2015" or a reference such as "59/2023/NĐ-CP" is not a date.
# e.g. "ngày 14/7/2015" → "14/7/2015"
DATE_IN_TEXT = rf"""
    (?P<date>
        (?i: {DATE_WORDS} )
      | (?<! [0-9/.\-] ) {DATE_NUMERIC} (?! [0-9/.\-]*[0-9] | / )
    )
"""


@cache
def date_in_text_pattern() -> regex.Pattern[str]:
    """Finds dates.

    >>> [m.group("date") for m in date_in_text_pattern().finditer(
    ...     "ngày 14/7/2015 và Nghị định 59/2023/NĐ-CP, ngày tháng 4 năm 2022")]
    ['14/7/2015', 'ngày tháng 4 năm 2022']
    """
    return compile_pattern(DATE_IN_TEXT)
