"""The target grammar (chỉ tiêu): a value with its unit, the word that commits to it, a rating.

Numbers are printed the Vietnamese way: "." groups thousands ("1.500"), "," is the decimal mark
("97,00"); :func:`kehoach.extract.targets.number` reads them.
"""

from __future__ import annotations

from functools import cache

import regex

from .atoms import SP, YEAR, compile_pattern

# A number in Vietnamese notation. e.g. "100", "1.500", "97,00", "01"
VI_NUMBER = r"[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?|[0-9]+(?:,[0-9]+)?"

# Words that say how the plan commits to a value.
# e.g. "phấn đấu", "ít nhất", "tối thiểu", "trên", "đạt", "duy trì", "giữ vững"
COMPARATOR = rf"""
    (?: phấn {SP} đấu | phần {SP} đầu | ít {SP} nhất | tối {SP} thiểu | tối {SP} đa
      | không {SP} dưới | không {SP} quá | trên | dưới | đạt | duy {SP} trì | giữ {SP} vững )
"""

# Words that make a statement a target outside a "CHỈ TIÊU" section. "ít nhất" alone is not
# enough: regulations are full of requirements ("có ít nhất 03 thành viên").
# e.g. "phấn đấu", "mục tiêu … đạt", "chỉ tiêu"
COMMITMENT_WORDS = (rf"phấn {SP} đấu", rf"phần {SP} đầu", rf"mục {SP} tiêu", rf"chỉ {SP} tiêu")
COMMITMENT = rf"(?i: {' | '.join(COMMITMENT_WORDS)} )"

# A value and its unit: a share, a rank "of N", a sum of money, a count after a comparator.
# Every alternative begins with a digit or with x, t, đ, í or k ("xếp hạng", "thứ hạng", "đứng
# thứ", "ít nhất", "tối thiểu", "không dưới", "trên", "từ"): the lookahead says so up front, so a
# search skips every other position at once (several times faster over a sentence).
# e.g. "100%" · "60 %" · "mức xếp hạng 02/19" · "1,5 tỷ đồng" · "ít nhất 01 mô hình"
VALUE = rf"""
    (?= [0-9xtđík] )
    (?: (?P<percent> {VI_NUMBER} ) {SP}? (?: % | phần {SP} trăm )
      | (?: xếp {SP} hạng | thứ {SP} hạng | xếp {SP} thứ | đứng {SP} thứ ) {SP} (?: thứ {SP} )?
        (?P<rank> [0-9]{{1,3}} ) {SP}? / {SP}? (?P<rank_of> [0-9]{{1,3}} ) (?! [0-9/] )
      | (?P<money> {VI_NUMBER} ) {SP} (?P<scale> nghìn | triệu | tỷ )? {SP}? đồng
      | (?P<count_cmp> ít {SP} nhất | tối {SP} thiểu | không {SP} dưới | trên | từ ) {SP}
        (?P<count> {VI_NUMBER} ) (?! [0-9/.,\-] ) {SP} (?! (?: nghìn | triệu | tỷ | đồng ) )
        (?P<noun> \p{{Ll}}[\p{{L}}\p{{M}}]* (?: {SP} \p{{Ll}}[\p{{L}}\p{{M}}]* )? ) )
"""


@cache
def value_pattern() -> regex.Pattern[str]:
    """Example:

    >>> value_pattern().search("giữ vững mức xếp hạng 02/19 xã").group("rank", "rank_of")
    ('02', '19')
    >>> value_pattern().search("xây dựng ít nhất 01 mô hình").group("count", "noun")
    ('01', 'mô hình')
    >>> value_pattern().search("Nghị định số 145/2020/NĐ-CP") is None
    True
    """
    return compile_pattern(VALUE)


@cache
def comparator_pattern() -> regex.Pattern[str]:
    """Example:

    >>> comparator_pattern().search("Năm 2024, phấn đấu cải thiện").group()
    'phấn đấu'
    """
    return compile_pattern(rf"(?i: {COMPARATOR} ) (?![\p{{L}}\p{{M}}])")


@cache
def commitment_pattern() -> regex.Pattern[str]:
    """Example:

    >>> commitment_pattern().search("phấn đấu mỗi cơ quan xây dựng ít nhất 01 mô hình") is not None
    True
    >>> commitment_pattern().search("Ban Chỉ đạo có ít nhất 03 thành viên") is None
    True
    """
    return compile_pattern(COMMITMENT)


@cache
def commitment_word_patterns() -> tuple[regex.Pattern[str], ...]:
    """The words of COMMITMENT, those that end in the same word together ("mục tiêu", "chỉ
    tiêu"): such a pattern is found in a whole document far faster than the alternation of
    all (the regex engine searches for its last word as a literal), so documents are scanned
    with these. They find what the words alone find.

    >>> [bool(p.search("PHẤN ĐẤU đạt 100%")) for p in commitment_word_patterns()]
    [True, False, False]
    """
    ends: dict[str, list[str]] = {}
    for word in COMMITMENT_WORDS:
        head, last = word.rsplit(SP, 1)
        ends.setdefault(last, []).append(head)
    return tuple(compile_pattern(rf"(?i: (?: {' | '.join(heads)} ) {SP} {last} )")
                 for last, heads in ends.items())


# Where a line splits into sentences: after ".", "!" or "?" before a capital.
# e.g. the space in "… đạt 90%. Phấn đấu …"
SENTENCE_BREAK = r"(?<= [.!?] ) [ ]+ (?= \p{Lu} )"


@cache
def sentence_break_pattern() -> regex.Pattern[str]:
    """Example:

    >>> sentence_break_pattern().search("đạt 90%. Phấn đấu").span()
    (8, 9)
    """
    return compile_pattern(SENTENCE_BREAK)


# A rating the plan aims at. e.g. "xếp loại Tốt" · "xếp loại Hoàn thành xuất sắc nhiệm vụ"
RATING = rf"""
    xếp {SP} loại {SP}
    (?P<rating> (?i: hoàn {SP} thành {SP} xuất {SP} sắc (?: {SP} nhiệm {SP} vụ )?
                   | hoàn {SP} thành {SP} tốt (?: {SP} nhiệm {SP} vụ )?
                   | xuất {SP} sắc | tốt | khá | vững {SP} mạnh ) )
    (?![\p{{L}}\p{{M}}])
"""


@cache
def rating_pattern() -> regex.Pattern[str]:
    """Example:

    >>> rating_pattern().search("được đánh giá, xếp loại Tốt trong").group("rating")
    'Tốt'
    """
    return compile_pattern(RATING)


# The year or period a target is for. e.g. "năm 2024" · "giai đoạn 2021-2025" · "đến năm 2030"
PERIOD = rf"""
    (?: giai {SP} đoạn {SP} (?P<from> {YEAR} ) {SP}? - {SP}? (?P<to> {YEAR} )
      | (?i: năm ) {SP} (?P<year> {YEAR} ) )
"""


@cache
def period_pattern() -> regex.Pattern[str]:
    """Example:

    >>> period_pattern().search("CHỈ TIÊU CỤ THỂ NĂM 2024").group("year")
    '2024'
    """
    return compile_pattern(PERIOD)


# A title that opens the targets of a plan. e.g. "MỘT SỐ CHỈ TIÊU CỤ THỂ" · "MỤC TIÊU, CHỈ TIÊU"
# (the shared "tiêu" factored out: the search over every section's title runs several times
# faster)
TARGET_SECTION = r"(?i: (?: chỉ | mục ) [ ] tiêu )"


@cache
def target_section_pattern() -> regex.Pattern[str]:
    """Example:

    >>> target_section_pattern().search("III. MỘT SỐ CHỈ TIÊU CỤ THỂ NĂM 2024") is not None
    True
    """
    return compile_pattern(TARGET_SECTION)


# Where a target's subject ends: the verb of the statement, or the next value.
# e.g. "được", "có", "cùng với", "thực hiện", "và 90%"
SUBJECT_END = r"""
    (?: \G [ ]? (?: vào | đến | trong ) [ ] năm [ ] [0-9]{4} .*
      | [ ] (?: được | có | cùng [ ] với | thực [ ] hiện | tham [ ] gia | đạt | phải | xây [ ] dựng
              | hoàn [ ] thành | sử [ ] dụng [ ] dịch | trở [ ] lên ) (?![\p{L}\p{M}])
      | [ ]? và [ ] [0-9] | [;:.(] )
"""


@cache
def subject_end_pattern() -> regex.Pattern[str]:
    """Example:

    >>> subject_end_pattern().search("công chức, viên chức được học tập").start()
    20
    """
    return compile_pattern(SUBJECT_END)


# A time phrase that opens a commitment before its subject. e.g. "trong năm", "đến năm 2025, "
TIME_LEAD = r"(?: (?: trong | đến | đến [ ] hết | hết ) [ ] )? năm (?: [ ] [0-9]{4} )? [ ,]*"


@cache
def time_lead_pattern() -> regex.Pattern[str]:
    """Example:

    >>> time_lead_pattern().match("đến năm 2025, 95% hồ sơ").end()
    14
    """
    return compile_pattern(TIME_LEAD)
