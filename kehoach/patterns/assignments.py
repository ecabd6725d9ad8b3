"""The assignment grammar: who is given a task (phân công), in what role, by when.

The units themselves are vocabulary (``data/units.tsv``): the words that begin a unit's name, the
lower-case nouns a group of units is made of, and spellings folded together for ``unit_key``.
Where a unit's name *ends* is decided on words (see :mod:`kehoach.extract.assignments`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import regex

from .atoms import DAY, MONTH, SP, YEAR, compile_pattern
from .citations import alternation
from .sections import ROMAN
from .vocab import read_tsv


@dataclass(frozen=True, slots=True)
class UnitVocabulary:
    heads: tuple[str, ...]  # longest first
    groups: frozenset[str]  # group nouns and administrative levels
    levels: frozenset[str]  # administrative levels only
    aliases: tuple[tuple[str, str], ...]  # (spelling, key form), longest spelling first
    not_heads: tuple[str, ...]  # words that begin with a head but name no unit


@cache
def unit_vocabulary() -> UnitVocabulary:
    """The rows of ``units.tsv`` by kind.

    >>> "Sở" in unit_vocabulary().heads, "xã" in unit_vocabulary().groups
    (True, True)
    """
    rows = read_tsv("units.tsv")
    heads = sorted({r["text"] for r in rows if r["kind"] == "head"}, key=lambda h: -len(h))
    levels = frozenset(r["text"] for r in rows if r["kind"] == "level")
    groups = frozenset(r["text"] for r in rows if r["kind"] == "group") | levels
    aliases = sorted(((r["text"], r["canonical"]) for r in rows if r["kind"] == "alias"),
                     key=lambda a: -len(a[0]))
    not_heads = tuple(r["text"] for r in rows if r["kind"] == "not_head")
    return UnitVocabulary(tuple(heads), groups, levels, tuple(aliases), not_heads)


def _as_printed(words: tuple[str, ...]) -> str:
    """An alternation of `words` as printed at a sentence's start or in capitals."""
    return alternation(tuple(dict.fromkeys([*words, *(w.upper() for w in words)])))


@cache
def head_pattern() -> regex.Pattern[str]:
    """The beginning of a unit's name, as a whole word, unless it begins a common word instead.

    >>> head_pattern().match("Sở Y tế chủ trì").group()
    'Sở'
    >>> head_pattern().match("Tăng cường") is None, head_pattern().match("Trường hợp cần") is None
    (True, True)
    """
    vocabulary = unit_vocabulary()
    return compile_pattern(rf"""
        (?! (?: {_as_printed(vocabulary.not_heads)} ) (?![\p{{L}}\p{{M}}]) )
        (?: {_as_printed(vocabulary.heads)} ) (?![\p{{L}}\p{{M}}])""")


@cache
def head_first_words() -> dict[str, tuple[str, ...]]:
    """The first words of the heads as printed, by their first two letters: head_pattern() can
    only match where one of them is printed, which a literal test tells far faster.

    >>> head_first_words()["Sở"], "UBND" in head_first_words()["UB"]
    (('Sở',), True)
    """
    printed = {*unit_vocabulary().heads, *(h.upper() for h in unit_vocabulary().heads)}
    firsts: dict[str, set[str]] = {}
    for head in printed:
        first = head.split()[0]
        firsts.setdefault(first[:2], set()).add(first)
    return {key: tuple(sorted(words)) for key, words in firsts.items()}


# What may stand before the unit at the start of a task: the verb that gives it, after a lead-in
# naming the basis ("Căn cứ kế hoạch này, …").
# e.g. "Giao Phòng Hành chính …" · "Giao cho Công chức …" · "Đề nghị: Hội Nông dân tỉnh"
PREFIX = rf"""
    (?P<prefix> (?i: giao (?: {SP} cho )? | (?: kính {SP} )? đề {SP} nghị | yêu {SP} cầu ) )
    :? {SP}+
"""


# The basis a task sentence may open with before its unit. e.g. "Căn cứ kế hoạch này, "
LEAD_IN = rf"(?i: căn {SP} cứ | trên {SP} cơ {SP} sở ) [^,\n]{{0,80}} , {SP}"

# How LEAD_IN and PREFIX begin, in lower case: either can match only where the lower case of
# the text begins so (keep in step). No "i": the engine takes "İ" for it, whose lower case is
# two characters.
# e.g. "căn" of "Căn cứ", "g" of "Giao", "đề" of "Đề nghị"
LEAD_IN_STARTS = ("căn", "trê")
PREFIX_STARTS = ("g", "kín", "đề", "yêu")


@cache
def lead_in_pattern() -> regex.Pattern[str]:
    """Example:

    >>> lead_in_pattern().match("Căn cứ kế hoạch này, Giám đốc các Sở").end()
    21
    """
    return compile_pattern(LEAD_IN)


@cache
def prefix_pattern() -> regex.Pattern[str]:
    """Example:

    >>> prefix_pattern().match("Giao Cho Công chức").group("prefix")
    'Giao Cho'
    >>> prefix_pattern().match("Đề nghị: Hội Nông dân tỉnh").end()
    9
    """
    return compile_pattern(PREFIX)


# A title that opens the part of a plan where units are given their tasks.
# e.g. "TỔ CHỨC THỰC HIỆN" · "Phân công nhiệm vụ" · "TRÁCH NHIỆM THỰC HIỆN"
# · "Trách nhiệm của các cơ quan" · "Nhiệm vụ của thành viên Ban Chỉ đạo"
IMPLEMENTATION = r"""
    (?i: tổ [ ] chức [ ] thực [ ] hiện | phân [ ] công
       | trách [ ] nhiệm (?: [ ] thực [ ] hiện | [ ] của ) | tổ [ ] chức [ ] triển [ ] khai
       | nhiệm [ ] vụ [ ] (?: cụ [ ] thể [ ] )? của )
"""


# How IMPLEMENTATION begins, in lower case (keep in step).
IMPLEMENTATION_STARTS = ("tổ", "phâ", "trá", "nh")


@cache
def implementation_pattern() -> regex.Pattern[str]:
    """Example:

    >>> implementation_pattern().match("IV. TỔ CHỨC THỰC HIỆN"[4:]) is not None
    True
    """
    return compile_pattern(IMPLEMENTATION)


# A sentence that introduces a list of tasks, in a directive or an official telegram: the items
# after it are assignments as in a "TỔ CHỨC THỰC HIỆN" part.
# e.g. "…, Thủ tướng Chính phủ yêu cầu:" · "Bộ trưởng chỉ thị:" · "yêu cầu các Bộ trưởng …
# tập trung thực hiện ngay các nhiệm vụ, giải pháp sau:"
TASK_INTRO = rf"""
    (?: yêu {SP} cầu | chỉ {SP} thị | đề {SP} nghị | giao ) (?: [^\n:]{{0,240}} [ ] sau )?
    {SP}? : {SP}* $
"""


# The colon that ends a line, which every TASK_INTRO ends with: the stdlib engine finds these
# far faster than `regex` the whole of TASK_INTRO, which then is asked only on their lines.
# e.g. ":" in "Thủ tướng Chính phủ yêu cầu:"
LINE_END_COLON = r": [ ]* $"


@cache
def line_end_colon_pattern() -> re.Pattern[str]:
    """Example:

    >>> line_end_colon_pattern().search("a: b\\nyêu cầu: \\nc").start()
    12
    """
    return re.compile(LINE_END_COLON, re.VERBOSE | re.MULTILINE)


@cache
def task_intro_pattern() -> regex.Pattern[str]:
    """Example:

    >>> task_intro_pattern().search("để chuẩn bị tốt, Thủ tướng Chính phủ yêu cầu:") is not None
    True
    """
    return compile_pattern(TASK_INTRO, regex.MULTILINE)


# A labelled list of units, as in a plan's task tables.
# e.g. "Cơ quan chủ trì: Sở Nội vụ, Sở Tài chính." · "Đơn vị phối hợp: …" · "Cơ quan thực hiện: …"
LABEL = rf"""
    (?: Cơ {SP} quan | Đơn {SP} vị ) {SP}
    (?P<label> chủ {SP} trì | phối {SP} hợp | thực {SP} hiện | thực {SP} hiện {SP} chính )
    {SP}? : {SP}*
"""


# The words LABEL begins with (keep in step). e.g. "Cơ quan"
LABEL_WORDS = ("Cơ quan", "Đơn vị")


@cache
def label_pattern() -> regex.Pattern[str]:
    """Example:

    >>> label_pattern().match("Cơ quan chủ trì: Sở Nội vụ").group("label")
    'chủ trì'
    """
    return compile_pattern(LABEL)


# The words before the units a lead works with.
# e.g. "phối hợp với" · "phối hợp chặt chẽ với" · "cùng"
COORDINATE = rf"""
    (?: [pP]hối {SP} hợp (?: {SP} chặt {SP} chẽ )? | [cC]ùng ) {SP} (?: với {SP} )?
"""


@cache
def coordinate_pattern() -> regex.Pattern[str]:
    """The words before the units a lead works with.

    >>> coordinate_pattern().search("chủ trì, phối hợp với Sở Y tế").end()
    22
    """
    return compile_pattern(COORDINATE)


# A deadline: a cue, then a date with or without its year, a month, or a year.
# e.g. "chậm nhất ngày 01/11/2023" · "trước ngày 15/12" · "trong tháng 6/2024"
# · "trước ngày 30 tháng 6 năm 2025" · "hoàn thành trong quý III/2024"
DEADLINE = rf"""
    (?P<cue> (?i: chậm {SP} nhất | trước | hạn {SP} chót | thời {SP} hạn
                | hoàn {SP} thành {SP} trong | trong ) ) {SP}
    (?: (?: ngày {SP} )? (?P<day> {DAY} ) [/.\-] (?P<month> {MONTH} )
        (?: [/.\-] (?P<year> {YEAR} ) )? (?! [0-9/] )
      | ngày {SP} (?P<wday> {DAY} ) {SP} tháng {SP} (?P<wmonth> {MONTH} )
        (?: {SP} năm {SP} (?P<wyear> {YEAR} ) )?
      | tháng {SP} (?P<mmonth> {MONTH} ) (?: / | {SP} năm {SP} ) (?P<myear> {YEAR} )
      | quý {SP} (?P<quarter> {ROMAN} ) (?: / | {SP} năm {SP} ) (?P<qyear> {YEAR} )
      | năm {SP} (?P<yyear> {YEAR} ) (?! {SP}? [\-–] )
    )
"""


# Every DEADLINE holds a digit (of its day, month or year): a task without one has none, which
# the stdlib engine tells far faster.
# e.g. "0" in "chậm nhất ngày 01/11/2023"
@cache
def digit_pattern() -> re.Pattern[str]:
    """Example:

    >>> digit_pattern().search("trong quý III/2024").start()
    14
    """
    return re.compile("[0-9]")


@cache
def deadline_pattern() -> regex.Pattern[str]:
    """Example:

    >>> deadline_pattern().search("chậm nhất ngày 01/11/2023.").group("day", "month", "year")
    ('01', '11', '2023')
    >>> deadline_pattern().search("trong tháng 6/2024").group("mmonth", "myear")
    ('6', '2024')
    """
    return compile_pattern(DEADLINE)


# How often a task recurs, with the dates printed after each period.
# e.g. "định kỳ 6 tháng (10/5), một năm (30/10)" · "hằng quý"
# · "định kỳ quý, 6 tháng, 9 tháng và năm"
PERIOD = rf"""
    (?: (?: hằng | hàng | mỗi | một ) {SP} )? (?: [0-9]{{1,2}} {SP} )?
    (?: ngày | tuần | tháng | quý | năm )
"""
RECURRENCE = rf"""
    (?: định {SP} kỳ (?: {SP} (?: hằng | hàng ) )? {SP} (?: theo {SP} )?
        {PERIOD} (?: {SP} \( [0-9/ ]+ \) )?
        (?: (?: , {SP} | {SP} và {SP} ) {PERIOD} (?: {SP} \( [0-9/ ]+ \) )? )*
      | (?: hằng | hàng ) {SP} (?: ngày | tuần | tháng | quý | năm ) )
"""


# Words every RECURRENCE holds, one of them (keep in step): a task without any has none.
# e.g. "định kỳ" · "hằng " in "hằng quý"
RECURRENCE_WORDS = ("định kỳ", "hằng ", "hàng ")


@cache
def recurrence_pattern() -> regex.Pattern[str]:
    """Example:

    >>> recurrence_pattern().search("định kỳ 6 tháng (10/5), một năm (30/10) các cơ quan").group()
    'định kỳ 6 tháng (10/5), một năm (30/10)'
    >>> recurrence_pattern().search("báo cáo hằng quý về").group()
    'hằng quý'
    """
    return compile_pattern(RECURRENCE)


# Verbs that follow a unit's name and so end it, even inside a name joined by a dash
# ("Phòng Hành chính tổ chức - Quản trị tài vụ theo dõi"); "_" joins the syllables of a word.
# e.g. "chủ trì", "tham mưu"
_VERBS = """
    chủ_trì phối_hợp theo_dõi tham_mưu tổ_chức thực_hiện chịu có căn_cứ chỉ_đạo hướng_dẫn
    xây_dựng triển_khai báo_cáo đôn_đốc kiểm_tra rà_soát phụ_trách theo là được giao tiếp_tục
    chủ_động nghiên_cứu tăng_cường quản_lý bố_trí cân_đối đảm_bảo bảo_đảm làm định_kỳ
    phổ_biến tuyên_truyền đẩy_mạnh hỗ_trợ tiếp_nhận thẩm_định định_hướng tổng_hợp cung_cấp
    ban_hành trình đề_xuất đề_nghị tiến_hành rà_soát sửa_đổi bổ_sung hoàn_thiện vận_động
    quán_triệt chấp_hành thi_hành xử_lý giải_quyết cử phân_công gửi phản_ánh
"""


@cache
def verbs() -> frozenset[str]:
    """Example:

    >>> "theo dõi" in verbs()
    True
    """
    return frozenset(w.replace("_", " ") for w in _VERBS.split())


# A request in the middle of a sentence of the implementation part; REQUEST_WORDS are what it
# holds (keep in step).
# e.g. "… nếu có khó khăn, vướng mắc, đề nghị các sở, ban, ngành …"
REQUEST = r"(?<![\p{L}]) (?: đề [ ] nghị | yêu [ ] cầu ) [ ]"
REQUEST_WORDS = ("đề nghị ", "yêu cầu ")


@cache
def request_pattern() -> regex.Pattern[str]:
    """Example:

    >>> request_pattern().search("nếu có vướng mắc, đề nghị các sở phản ánh").start()
    18
    """
    return compile_pattern(REQUEST)


# Elsewhere, only a sentence that opens with a request; SENTENCE_REQUEST_WORDS are what it holds
# (keep in step).
# e.g. "… mùa mưa bão. Đề nghị các sở, …"
SENTENCE_REQUEST = r"(?<=[.!?][ ]) (?: Kính [ ] )? Đề [ ] nghị [ ]"
SENTENCE_REQUEST_WORDS = ("Đề nghị ",)


@cache
def sentence_request_pattern() -> regex.Pattern[str]:
    """Example:

    >>> sentence_request_pattern().search("là nhiệm vụ cấp bách. Đề nghị các sở").start()
    22
    """
    return compile_pattern(SENTENCE_REQUEST)


# A relative clause that says which units of a group are meant.
# e.g. "(các cơ quan) được giao chủ trì" · "được phân công chủ trì"
QUALIFIER = rf"""
    được {SP} (?: giao | phân {SP} công ) (?: {SP} nhiệm {SP} vụ )? {SP}
    (?: chủ {SP} trì | phối {SP} hợp )
"""


QUALIFIER_WORD = "được"  # how QUALIFIER begins (keep in step)


@cache
def qualifier_pattern() -> regex.Pattern[str]:
    """Example:

    >>> qualifier_pattern().match("được phân công chủ trì thực hiện").group()
    'được phân công chủ trì'
    """
    return compile_pattern(QUALIFIER)


# What follows a unit that is made responsible, leads, or passes the task on to the units after.
# e.g. " có trách nhiệm" · ", chủ trì" · " tiếp tục chủ trì" · " yêu cầu"
RESPONSIBLE = rf"[ ,]+ (?: có | chịu ) {SP} trách {SP} nhiệm"
LEADS = rf"[ ,]+ (?: (?: tiếp {SP} tục | làm ) {SP} )? chủ {SP} trì"
PASSES_ON = rf"[ ,]+ (?= (?: yêu {SP} cầu | đề {SP} nghị | giao ) {SP} )"


@cache
def responsible_pattern() -> regex.Pattern[str]:
    """Example:

    >>> responsible_pattern().match(" chịu trách nhiệm thi hành") is not None
    True
    """
    return compile_pattern(RESPONSIBLE)


@cache
def leads_pattern() -> regex.Pattern[str]:
    """Example:

    >>> leads_pattern().match(" tiếp tục chủ trì theo dõi").group()
    ' tiếp tục chủ trì'
    """
    return compile_pattern(LEADS)


@cache
def passes_on_pattern() -> regex.Pattern[str]:
    """Example:

    >>> passes_on_pattern().match(" yêu cầu các Sở").end()
    1
    """
    return compile_pattern(PASSES_ON)


# The words one of RESPONSIBLE, LEADS or PASSES_ON needs, wherever they stand: a clause outside
# the implementation part that holds none of them gives no row, so its units need not be read.
# e.g. ", chủ trì" · " chịu trách nhiệm" · " yêu cầu "
TASKED = rf"""
    [ ,] (?: chủ {SP} trì | (?: có | chịu ) {SP} trách {SP} nhiệm
           | (?: yêu {SP} cầu | đề {SP} nghị | giao ) {SP} )
"""


@cache
def tasked_pattern() -> regex.Pattern[str]:
    """Example:

    >>> tasked_pattern().search("Sở Y tế tiếp tục chủ trì theo dõi").group()
    ' chủ trì'
    """
    return compile_pattern(TASKED)


# The document a decision or resolution closes on, as its closing clause names it.
# e.g. "Quyết định này" · "Nghị quyết này" · "Thông tư này"
THIS_DOCUMENT = rf"""
    (?i: quyết {SP} định | nghị {SP} quyết | nghị {SP} định | thông {SP} tư | chỉ {SP} thị
       | kế {SP} hoạch | quy {SP} định ) {SP} này
"""


# The predicate of that closing clause: the officials and units before it are responsible for
# carrying the document out, which is the lead role. Its words include RESPONSIBLE's ("trách
# nhiệm", a cue), so the lines that hold it are read.
# e.g. " chịu trách nhiệm thi hành Quyết định này" · " có trách nhiệm tổ chức thi hành Nghị
# quyết này" · ", chịu trách nhiệm tổ chức triển khai thực hiện Kế hoạch này"
EXECUTES = rf"""
    [ ,]+ (?: chịu | có ) {SP} trách {SP} nhiệm {SP} (?: tổ {SP} chức {SP} )?
    (?: triển {SP} khai {SP} )? (?: thi {SP} hành | thực {SP} hiện ) {SP} {THIS_DOCUMENT}
"""


@cache
def executes_pattern() -> regex.Pattern[str]:
    """Example:

    >>> executes_pattern().search("Sở Y tế chịu trách nhiệm thi hành Quyết định này./.").start()
    7
    >>> executes_pattern().search("Sở Y tế có trách nhiệm tổ chức thi hành Nghị quyết này").end()
    54
    """
    return compile_pattern(EXECUTES)


# What may open the closing clause before its list: the title of the article run into it, or
# the address to the people listed.
# e.g. "Trách nhiệm thi hành " · "Các ông, bà: " · "Các ông (bà): "
EXECUTORS_INTRO = rf"""
    (?: Trách {SP} nhiệm {SP} thi {SP} hành {SP}+
      | Các {SP} ông {SP}? (?: , {SP}? | \( ) bà \)? {SP}? : {SP}+ )
"""


@cache
def executors_intro_pattern() -> regex.Pattern[str]:
    """Example:

    >>> executors_intro_pattern().match("Các ông, bà: Chánh Văn phòng Bộ").end()
    13
    """
    return compile_pattern(EXECUTORS_INTRO)


# Where a sentence ends before the closing clause on its line.
# e.g. ". " in "Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng …"
SENTENCE_END = r"[.!?] [ ]+ (?= \p{Lu} )"


@cache
def sentence_end_pattern() -> regex.Pattern[str]:
    """Example:

    >>> sentence_end_pattern().search("kể từ ngày ký. Chánh Văn phòng").end()
    15
    """
    return compile_pattern(SENTENCE_END)


# Where the closing clause's list breaks into parts, a line break after ";" included (each part
# of "Chánh Văn phòng UBND tỉnh;\nGiám đốc Sở Nội vụ" is read on its own).
# e.g. "; " · ";\n"
LIST_BREAK = r"[ ]* ; \s*"


@cache
def list_break_pattern() -> regex.Pattern[str]:
    """Example:

    >>> list_break_pattern().split("Chánh Văn phòng UBND tỉnh;\\nGiám đốc Sở Nội vụ")
    ['Chánh Văn phòng UBND tỉnh', 'Giám đốc Sở Nội vụ']
    """
    return compile_pattern(LIST_BREAK)


# The addressees at large a closing clause ends its list with: organizations and individuals
# concerned are the public the document binds, not units given a task, so they give no row (a
# group of units alone, "các cơ quan, đơn vị có liên quan", is kept as a unit, as the gold
# does). Only at the end of the list, after "và" or ";", or after "," when it opens with "các"
# or lists with commas up to "và cá nhân" (", đơn vị và tổ chức, cá nhân" leaves "đơn vị" to
# the unit before), with what says which ones after it.
# e.g. " và các tổ chức, cá nhân có liên quan" · ", các cơ quan, tổ chức và cá nhân liên quan"
# · " và cơ quan, tổ chức cá nhân liên quan" · ", cá nhân, tổ chức có liên quan" · " và các
# tổ chức, cá nhân trong nước và nước ngoài hoạt động trong lĩnh vực …"
# Every match holds "cá nhân": a list without it is not searched (keep in step).
ADDRESSEE_KIND = rf"""
    (?: cơ {SP} quan | tổ {SP} chức | đơn {SP} vị | doanh {SP} nghiệp | tập {SP} thể )
"""
ADDRESSEE_JOINT = rf"(?: , {SP} | {SP} và {SP} | {SP} hoặc {SP} | {SP} )"
ADDRESSEES = rf"""
    (?: [ ]* (?: [ ] và | ; ) \s+ (?: các {SP} )? | [ ]* , \s+ các {SP}
      | [ ]* , \s+ (?= (?: {ADDRESSEE_KIND} , {SP} )* (?: {ADDRESSEE_KIND} {SP} và {SP} )?
                       cá {SP} nhân ) )
    (?: {ADDRESSEE_KIND} {ADDRESSEE_JOINT} )* cá {SP} nhân
    (?: {ADDRESSEE_JOINT} {ADDRESSEE_KIND} )* [^,;\n]* $
"""


@cache
def addressees_pattern() -> regex.Pattern[str]:
    """Example:

    >>> text = "Giám đốc Sở Y tế và các tổ chức, cá nhân có liên quan"
    >>> text[:addressees_pattern().search(text).start()]
    'Giám đốc Sở Y tế'
    """
    return compile_pattern(ADDRESSEES)


# A blank of a template, to be filled with a unit's name: a list that holds one names none.
# e.g. "…" · "....(B)...." · "[đơn vị quản lý nhiệm vụ]"
TEMPLATE_GAP = r"… | \.\. | \["


@cache
def template_gap_pattern() -> regex.Pattern[str]:
    """Example:

    >>> template_gap_pattern().search("Chánh Văn phòng .…, …..(B)…….") is not None
    True
    """
    return compile_pattern(TEMPLATE_GAP)


# What a line outside the implementation part must hold to give a row: the start of a label
# (LABEL), a word of TASKED or of a request (REQUEST, SENTENCE_REQUEST); keep them in step.
# Literal words: a document is scanned for each with ``str.find``, several times faster than one
# alternation.
# e.g. "Cơ quan chủ trì:" · "chủ trì" · "Đề nghị" · "yêu cầu"
CUES = ("Cơ quan", "Đơn vị", "chủ trì", "trách nhiệm", "yêu cầu", "đề nghị", "Đề nghị", "giao")


# What joins one unit to the next in a list, with a note in brackets after a unit.
# e.g. ", " · " và " · " (nếu có), " · "; "
JOINT = r"[ ]? (?: \( [^)\n]{0,60} \) [ ]? )? (?: , | ; | và ) [ ]+"


@cache
def joint_pattern() -> regex.Pattern[str]:
    """Example:

    >>> joint_pattern().match(" (nếu có), Sở Y tế").end()
    11
    """
    return compile_pattern(JOINT)


# The predicate after a subject's units: spaces, commas or a colon, then a lower-case word.
# e.g. " chủ trì" · ", phối hợp" · ": hướng dẫn" in "Sở Xây dựng: hướng dẫn các cơ quan …"
PREDICATE = r"(?: [ ,]+ | [ ]? : [ ]+ ) \p{Ll}"


@cache
def predicate_pattern() -> regex.Pattern[str]:
    """Example:

    >>> predicate_pattern().match(", phối hợp").end()
    3
    """
    return compile_pattern(PREDICATE)


# Where a line splits into clauses (each may name its own unit): at "; ", at ": " before a word
# that gives the task ("1. Về dự án …: giao Bộ Xây dựng chủ trì"), at the end of a sentence;
# and where a heading splits into its units.
# e.g. "; " in "Sở Y tế chủ trì; Sở Tài chính bố trí kinh phí" · ": " in "…: giao Bộ X" ·
# ". " in "… trong năm 2025. Bộ Xây dựng chủ trì" · " ; " in "Sở A ; Sở B"
CLAUSE_BREAK = r"""
    (?: ; | : (?= [ ]+ (?: giao | đề [ ] nghị | yêu [ ] cầu ) [ ] ) | \. (?= [ ]+ \p{Lu} ) ) [ ]+
"""
HEADING_BREAK = r"[ ]* ; [ ]*"


@cache
def clause_break_pattern() -> regex.Pattern[str]:
    """Example:

    >>> clause_break_pattern().search("Sở Y tế chủ trì; Sở Tài chính").span()
    (15, 17)
    """
    return compile_pattern(CLAUSE_BREAK)


@cache
def heading_break_pattern() -> regex.Pattern[str]:
    """Example:

    >>> heading_break_pattern().split("Sở A ; Sở B")
    ['Sở A', 'Sở B']
    """
    return compile_pattern(HEADING_BREAK)


# What a unit's printed name is tidied of: a note in brackets at its end, spacing around a dash,
# trailing punctuation or "và".
# e.g. "Công chức Văn phòng- Thống kê ( DVCQ)" → "Công chức Văn phòng - Thống kê"
TRAILING_NOTE = r"\s* \( [^)]* \)? \s* $"
DASH = r"\s* - \s*"
TRAILING_JOINER = r"(?: [ ,;:.]+ | [ ]và )+ $"


@cache
def tidy_patterns() -> tuple[tuple[regex.Pattern[str], str], ...]:
    """(pattern, replacement) in the order they apply.

    >>> name = "Công chức Văn phòng- Thống kê ( DVCQ)"
    >>> for pattern, repl in tidy_patterns():
    ...     name = pattern.sub(repl, name)
    >>> name
    'Công chức Văn phòng - Thống kê'
    """
    return tuple((compile_pattern(p), r) for p, r in (
        (TRAILING_NOTE, ""), (DASH, " - "), (TRAILING_JOINER, "")))


# What a unit's key leaves out: anything but letters, marks, digits and spaces.
# e.g. "-" and "()" in "Phòng Văn hoá - Thông tin (VHTT)"
KEY_PUNCTUATION = r"[^\p{L}\p{M}0-9[ ]]+"


@cache
def key_punctuation_pattern() -> regex.Pattern[str]:
    """Example:

    >>> key_punctuation_pattern().sub(" ", "Văn hoá - Thông tin (VHTT)")
    'Văn hoá   Thông tin  VHTT '
    """
    return compile_pattern(KEY_PUNCTUATION)


# A joining word left at the start of a unit cut from a heading. e.g. "và " in "và Sở Y tế"
LEADING_JOINER = r"^ (?: và | , ) \s+"


@cache
def leading_joiner_pattern() -> regex.Pattern[str]:
    """Example:

    >>> leading_joiner_pattern().sub("", "và Sở Y tế")
    'Sở Y tế'
    """
    return compile_pattern(LEADING_JOINER)
