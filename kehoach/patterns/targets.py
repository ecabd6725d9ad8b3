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

# A share printed as a range: the low end may carry its own sign. A number is read from its
# first digit only (a run of digits is tried once, not from each of its digits: linear time).
# e.g. "10 - 13" · "85%-90"
PERCENT_RANGE = rf"""
    (?<! [0-9] ) (?P<percent> {VI_NUMBER} )
    (?: {SP}? %? {SP}? [-–] {SP}? (?P<percent_to> {VI_NUMBER} ) )?
"""

# Units of money and measures a plan sets amounts in: a length, an area, a volume, power and
# energy, a concentration in air ("µ" is printed as the micro sign or the Greek letter).
# e.g. "đồng", "USD", "tấn", "ha", "km", "m2", "MW", "µg/m3"
AMOUNT_UNIT = r"""(?: đồng | USD | tấn | ha | km | m2 | m² | m3 | m³ | MW | GW | kWh
                    | [µμ]g/m3 | [µμ]g/m³ )"""

# A quantity of money or of a measure, from the first digit; "km" may be glued to the number
# ("1.700km"), no other unit ("2m2" in "quy đổi 2m2" is no quantity committed to).
# e.g. "1,5 tỷ đồng" · "400 triệu USD" · "18.000 tấn" · "trên 3.000 km" · "dưới 40 μg/m3"
AMOUNT = rf"""
    (?<! [0-9] ) (?P<amount> {VI_NUMBER} ) (?: {SP} | (?= km ) ) (?P<scale> nghìn | triệu | tỷ )?
    {SP}? (?P<amount_unit> {AMOUNT_UNIT} ) (?![\p{{L}}\p{{M}}0-9])
"""

# Words a number before which is not a count committed to: nouns of time, age, frequency and
# level (a date, a duration, an age, the rate of an activity, "chính quyền địa phương 02 cấp"),
# and words that cannot begin a noun phrase ("đưa Nhà máy Nhơn Trạch 4 vào vận hành").
# e.g. "24 tháng", "15 tuổi", "02 đợt", "02 cấp", "4 vào"
NOT_COUNTED = r"""
    (?: năm | tháng | ngày | giờ | phút | tuần | quý | tuổi | lần | đợt | kỳ | cấp
      | và | vào | của | cho | theo | trong | tại | là | đến | với | so ) (?![\p{L}\p{M}])
"""

# A counted noun: one or two lower-case words (the rest of the phrase is the subject), not the
# unit of a rate ("40 μg/m3").
COUNTED = r"\p{Ll}[\p{L}\p{M}]* (?: [ ] \p{Ll}[\p{L}\p{M}]* )? (?! [\p{L}\p{M}/] )"

# Words that number a part, a round, a level or a document rather than count things. e.g.
# "khoản 2", "số 15", "vòng 2", "cấp độ 4", "Đề án 06", "Nghị quyết 57"
NUMBERED_BY = r"""(?i: số | khoản | điểm | mục | điều | tiết | chương | phần | năm | ngày | tháng
                     | thứ | độ | án | quyết | định | thị | tư | vòng | đoạn | đợt | lần | khóa
                     | loại | hạng | cấp | kỳ | nhóm )"""

# A count printed alone before a noun ("Lắp đặt mới trạm 3G/4G: 58 trạm"), read only under a
# target heading or list: never inside brackets, where a breakdown goes ("(Trong đó: VNPT: 25
# trạm)": a ")" ends the line before a "("), nor after a word that numbers a part, nor before a
# noun of time, nor a year (a count of thousands groups its digits, "2.030", so "đến 2030 của
# tỉnh" is a year). e.g. "3.000 lượt nhân lực", "58 trạm"
COUNT_ALONE = rf"""
    (?<! [\p{{L}}\p{{M}}0-9/.,\-] ) (?! {YEAR} [^0-9] ) (?P<bare> {VI_NUMBER} ) (?! [0-9/.,\-] )
    {SP} (?<! {NUMBERED_BY} {SP} [0-9.,]+ {SP} ) (?! {NOT_COUNTED} | nghìn | triệu | tỷ )
    (?P<bare_noun> {COUNTED} ) (?! [^()\n]{{0,80}} \) )
"""

# In its place where a statement is not a target: the same groups, never matched.
NO_COUNT_ALONE = r"(?!) (?P<bare> ) (?P<bare_noun> )"


def value_grammar(counts_alone: bool) -> str:
    """A value and its unit: a share (or a range of shares), a rank ("of N", or among the first
    N), an amount of money or of a measure, a count after a comparator, and (`counts_alone`) a
    count printed alone. Every alternative begins with a digit or with x, t, đ, í or k ("xếp
    hạng", "thứ hạng", "đứng thứ", "top", "ít nhất", "tối thiểu", "không dưới", "trên", "từ"):
    the lookahead says so up front, so a search skips every other position at once (several
    times faster over a sentence). e.g. "100%" · "60 %" · "10 - 13%/năm" · "mức xếp hạng 02/19"
    · "top 03" · "nhóm 50 nước dẫn đầu" · "1,5 tỷ đồng" · "ít nhất 01 mô hình" · "58 trạm"
    """
    return rf"""
    (?= [0-9xtđík] )
    (?: {PERCENT_RANGE} {SP}? (?: % | phần {SP} trăm )
      | (?: xếp {SP} hạng | thứ {SP} hạng | xếp {SP} thứ | đứng {SP} thứ ) {SP} (?: thứ {SP} )?
        (?P<rank> [0-9]{{1,3}} ) {SP}? / {SP}? (?P<rank_of> [0-9]{{1,3}} ) (?! [0-9/] )
      | (?: (?i: top ) {SP} | (?<= nhóm {SP} ) (?= [0-9]{{1,3}} [^\n]{{0,40}} dẫn {SP} đầu ) )
        (?P<top> [0-9]{{1,3}} ) (?! [0-9/.,] )
      | {AMOUNT}
      | (?P<count_cmp> ít {SP} nhất | tối {SP} thiểu | không {SP} dưới | trên | từ ) {SP}
        (?P<count> {VI_NUMBER} ) (?! [0-9/.,\-] ) {SP} (?! {NOT_COUNTED} )
        (?! nghìn | triệu | tỷ | {AMOUNT_UNIT} ) (?P<noun> {COUNTED} )
      | {COUNT_ALONE if counts_alone else NO_COUNT_ALONE} )
    """


@cache
def value_pattern(counts_alone: bool = True) -> regex.Pattern[str]:
    """The values of a statement; `counts_alone` reads a number printed alone before a noun
    ("58 trạm"), as a target heading or list does. Example:

    >>> value_pattern().search("giữ vững mức xếp hạng 02/19 xã").group("rank", "rank_of")
    ('02', '19')
    >>> value_pattern().search("xây dựng ít nhất 01 mô hình").group("count", "noun")
    ('01', 'mô hình')
    >>> value_pattern().search("tăng bình quân 10 - 13%/năm").group("percent", "percent_to")
    ('10', '13')
    >>> value_pattern().search("đạt 400 triệu USD").group("amount", "scale", "amount_unit")
    ('400', 'triệu', 'USD')
    >>> [value_pattern().search(t).group("amount_unit") for t in ("trên 1.700km đường ven biển",
    ...     "dưới 40 μg/m3", "đạt 500 MW")]
    ['km', 'μg/m3', 'MW']
    >>> value_pattern().search("Lắp đặt mới trạm 3G/4G: 58 trạm").group("bare", "bare_noun")
    ('58', 'trạm')
    >>> value_pattern(counts_alone=False).search("Lắp đặt mới trạm 3G/4G: 58 trạm") is None
    True
    >>> [value_pattern().search(t) for t in (
    ...     "Nghị định số 145/2020/NĐ-CP", "khoản 2 điều 9", "ngày 24 tháng 9 năm 2025",
    ...     "dân số từ 15 tuổi", "định hướng đến 2030 của tỉnh", "(Trong đó: VNPT: 25 trạm)",
    ...     "điểm vòng 2 cao hơn", "quy đổi 2m2 tương đương")]
    [None, None, None, None, None, None, None, None]
    """
    return compile_pattern(value_grammar(counts_alone))


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
    (?: (?i: giai {SP} đoạn ) {SP} (?P<from> {YEAR} ) {SP}? [-–] {SP}? (?P<to> {YEAR} )
      | (?i: năm ) {SP} (?P<year> {YEAR} ) )
"""


@cache
def period_pattern() -> regex.Pattern[str]:
    """Example:

    >>> period_pattern().search("CHỈ TIÊU CỤ THỂ NĂM 2024").group("year")
    '2024'
    >>> period_pattern().search("- Giai đoạn 2028–2030").group("from", "to")
    ('2028', '2030')
    """
    return compile_pattern(PERIOD)


# A title that opens the targets of a plan. e.g. "MỘT SỐ CHỈ TIÊU CỤ THỂ" · "MỤC TIÊU, CHỈ TIÊU";
# not one that names a transfer "bổ sung có mục tiêu" (earmarked) or a "chương trình mục tiêu
# quốc gia": a statement there is a target only when it commits in words.
# (the shared "tiêu" factored out: the search over every section's title runs several times
# faster)
TARGET_SECTION = rf"(?i: (?: chỉ | (?<! có {SP} | trình {SP} ) mục ) {SP} tiêu )"


@cache
def target_section_pattern() -> regex.Pattern[str]:
    """Example:

    >>> target_section_pattern().search("III. MỘT SỐ CHỈ TIÊU CỤ THỂ NĂM 2024") is not None
    True
    >>> target_section_pattern().search("Bổ sung có mục tiêu từ ngân sách trung ương") is None
    True
    """
    return compile_pattern(TARGET_SECTION)


# Where a target's subject ends: the verb of the statement, or the next value; a subject never
# begins with punctuation, a rate or a place (the subject was printed before the value then).
# e.g. "được", "có" (not "chưa có", "không có": the subject goes on), "cùng với", "thực hiện",
# "và trên 70%", "và khoảng trên 1.700km", ", 50 doanh nghiệp" · "%/năm", "% trên toàn Tỉnh"
SUBJECT_END = rf"""
    (?: \G [ ]? (?: vào | đến | trong ) [ ] năm [ ] [0-9]{{4}} .*
      | \G [ ]? (?: [/,] | (?: trên | tại | trong | của | và ) [ ] )
      | [ ] (?: được | (?<! chưa [ ] | không [ ] ) có | cùng [ ] với | thực [ ] hiện | tham [ ] gia
              | đạt | phải | xây [ ] dựng | hoàn [ ] thành | sử [ ] dụng [ ] dịch | trở [ ] lên )
        (?![\p{{L}}\p{{M}}])
      | (?: [ ]? và | , ) [ ] (?: khoảng [ ] )? (?: {COMPARATOR} [ ] )? [0-9] | [;:.(] )
"""


@cache
def subject_end_pattern() -> regex.Pattern[str]:
    """Example:

    >>> subject_end_pattern().search("công chức, viên chức được học tập").start()
    20
    """
    return compile_pattern(SUBJECT_END)


# A clause that opens a list of targets: "chỉ tiêu" or "phấn đấu", then a short clause that ends
# its line with ":" (a long one announces tasks: "phấn đấu hoàn thành … Trong đó, lưu ý một số
# nội dung trọng tâm như sau:"). e.g. "… các chỉ tiêu cụ thể như sau:", "phấn đấu triển khai phát
# triển trạm 4G, 5G, cụ thể như sau:"
LIST_INTRO_WORDS = (rf"chỉ {SP} tiêu", rf"phấn {SP} đấu", rf"phần {SP} đầu")
LIST_INTRO = rf"(?i: {' | '.join(LIST_INTRO_WORDS)} ) [^\n.;:]{{0,100}} : [ *_]* (?= \n | \Z )"


@cache
def list_intro_pattern() -> regex.Pattern[str]:
    """Example:

    >>> list_intro_pattern().match("chỉ tiêu cụ thể như sau:\\n(1) 100%") is not None
    True
    >>> [list_intro_pattern().match(t) for t in ("chỉ tiêu cụ thể; 100% …\\n", "mục tiêu sau:",
    ...                                          "phấn đấu xong. Lưu ý các nội dung như sau:")]
    [None, None, None]
    """
    return compile_pattern(LIST_INTRO)


# How a sentence that states the present begins: what a plan finds is not what it commits to.
# e.g. "Hiện nay, tổng số trạm … khoảng 180 trạm", "Hiện tại", "Hiện có"
PRESENT_STATE = rf"(?i: hiện {SP} (?: nay | tại | có ) ) (?![\p{{L}}\p{{M}}])"


@cache
def present_state_pattern() -> regex.Pattern[str]:
    """Example:

    >>> present_state_pattern().match("Hiện nay, tổng số trạm khoảng 180 trạm") is not None
    True
    """
    return compile_pattern(PRESENT_STATE)


# A time phrase that opens a commitment before its subject. e.g. "trong năm", "đến năm 2025, "
TIME_LEAD = r"(?: (?: trong | đến | đến [ ] hết | hết ) [ ] )? năm (?: [ ] [0-9]{4} )? [ ,]*"


@cache
def time_lead_pattern() -> regex.Pattern[str]:
    """Example:

    >>> time_lead_pattern().match("đến năm 2025, 95% hồ sơ").end()
    14
    """
    return compile_pattern(TIME_LEAD)
