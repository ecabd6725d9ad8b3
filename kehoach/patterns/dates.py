"""The grammar of a date written anywhere in running text (used to mark dates for spaCy).

Read a found date's parts with :func:`kehoach.extract.citations.parse_date`.
"""

from __future__ import annotations

from functools import cache

import regex

from .atoms import DATE_NUMERIC, DATE_WORDS, compile_pattern

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
