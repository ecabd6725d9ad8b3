"""The grammar of what a document says about other documents' validity: the verbs that replace,
repeal, amend or end another document ("thay thế", "bãi bỏ", "sửa đổi, bổ sung", "hết hiệu
lực"), the words that make such a statement the document's own ("Quyết định này …", "Điều 1.
Bãi bỏ …", "… ban hành Thông tư bãi bỏ …"), its effective-date clause ("có hiệu lực kể từ ngày
ký"), and the plan → parent-plan link ("Thực hiện Kế hoạch số …").

Patterns are built on first use from the atoms and the type vocabulary, then cached.
"""

from __future__ import annotations

from functools import cache

import regex

from .atoms import DATE_NUMERIC, SP, WS, YEAR, compile_pattern
from .citations import alternation
from .vocab import type_names

# A verb that changes another document's validity, as a whole word; the name of its group is
# the relation. Each is a pattern of its own, with the word it starts with: its matches are
# looked for only where that word is printed, in any case (see
# :func:`kehoach.extract.relations.find_relations`).
# e.g. "thay thế" · "bãi bỏ" · "Sửa đổi, bổ sung" · "hết hiệu lực"
TRIGGERS = (
    ("thay", rf"(?P<replaces> (?i: thay {WS}+ thế ) )"),
    ("bãi", rf"(?P<repeals> (?i: bãi {WS}+ bỏ ) )"),
    ("sửa", rf"(?P<amends> (?i: sửa {WS}+ đổi (?: {SP}? , {SP}? {WS}* bổ {WS}+ sung )? ) )"),
    ("hết", rf"(?P<expires> (?i: hết {WS}+ hiệu {WS}+ lực ) )"),
)


@cache
def trigger_patterns() -> tuple[tuple[str, regex.Pattern[str]], ...]:
    """The verbs, one pattern each, with the word in lower case each match starts with. Their
    matches cannot overlap, as their first words differ, so together they find what an
    alternation of them finds.

    >>> [(word, m.lastgroup, m.group()) for word, p in trigger_patterns()
    ...  for m in p.finditer("2. Quyết định này bãi bỏ Quyết định số 21/2018/QĐ-UBND")]
    [('bãi', 'repeals', 'bãi bỏ')]
    """
    return tuple((word, compile_pattern(rf"(?<! \p{{L}} ) {verb} (?! \p{{L}} )"))
                 for word, verb in TRIGGERS)


# A type word, any case ("Quyết định", "NGHỊ ĐỊNH").
def _type() -> str:
    return f"(?i: {alternation(type_names())} )"


# What may stand before the verb, in the same clause, for the statement to be the document's
# own: nothing (an article or list item opens with the verb: "Điều 1. Bãi bỏ …"), the document
# naming itself ("Quyết định này", "Quyết định này có hiệu lực kể từ ngày ban hành và"), or the
# enacting formula ("Bộ trưởng Bộ Y tế ban hành Thông tư"). The clause has been stripped of list
# markers and markdown before it is matched.
# e.g. "" · "Nghị quyết này" · "Chính phủ ban hành Nghị định" (not "Bộ chưa ban hành Thông tư")
def _own_prefix() -> str:
    return rf"""
        (?:
            {_type()} {WS}+ này
            (?: {WS}+ (?i: có {WS}+ hiệu {WS}+ lực ) [^.;:]*? )?
            (?: {SP}? , )? (?: {WS}+ (?i: và | đồng {SP} thời ) )?
          | (?! (?i: căn {WS}+ cứ ) ) \p{{Lu}} [^.;:0-9]*?
            (?<! \p{{L}} | (?i: chưa | không | sẽ | đã | cần | đề{SP}nghị | đề{SP}xuất ) {WS}+ )
            (?i: ban {WS}+ hành ) {WS}+ {_type()}
        )?
    """


@cache
def own_prefix_pattern() -> regex.Pattern[str]:
    """Full-matches the clause before the verb when the statement is the document's own.

    >>> p = own_prefix_pattern()
    >>> [bool(p.fullmatch(s)) for s in ("", "Quyết định này", "Căn cứ Luật",
    ...                                  "Bộ trưởng Bộ Y tế ban hành Thông tư")]
    [True, True, False, True]
    """
    return compile_pattern(rf"{WS}* {_own_prefix()} {WS}*")


# The opening of a clause that is not part of it: list markers, "Điều 3.", stray punctuation.
# e.g. "Điều 1. " · "5. " · "a) " · "- "
CLAUSE_OPENER = rf"""
    \A [\s*_#>|\-+•]*
    (?: (?i: điều ) {SP}+ [0-9]+ {SP}* [.:] {SP}* )?
    (?: (?: [0-9]{{1,3}} (?: \. [0-9]{{1,3}} )* | [a-zđ] | [IVXL]{{1,5}} ) {SP}* [.)] {SP}+ )?
    [\s*_\-+•]*
"""


@cache
def clause_opener_pattern() -> regex.Pattern[str]:
    """Matches the opener at the start of a clause.

    >>> clause_opener_pattern().match("Điều 2. 1. Quyết định này").group()
    'Điều 2. 1. '
    """
    return compile_pattern(CLAUSE_OPENER)


# Where a clause ends: a full stop or semicolon before white space, a colon ending its line (a
# colon inside a line introduces what the clause acts on: "Bãi bỏ TTHC: “…” tại Quyết định số
# …"), or a line that opens a list item or an article.
# e.g. ". " · "; " · ":\n" · "\n5. " · "\nĐiều 3"
CLAUSE_BREAK = rf"""
    [.;] [”"')\]]* (?= \s | \Z )
  | : (?= {SP}* (?: \n | \Z ) )
  | \n (?= {SP}* (?: (?i: điều {SP}+ [0-9] ) | [0-9]{{1,3}} {SP}* [.)] {SP} | [a-zđ] {SP}* \) {SP}
                   | [\-+•] {SP} ) )
  | \n{{2,}}
"""


@cache
def clause_break_pattern() -> regex.Pattern[str]:
    """Finds clause ends.

    >>> [m.group() for m in clause_break_pattern().finditer("bãi bỏ:\\na) Nghị quyết số 1.")]
    [':', '\\n', '.']
    """
    return compile_pattern(CLAUSE_BREAK)


@cache
def last_clause_break_pattern() -> regex.Pattern[str]:
    """Finds the last clause end before a place, matching backwards from it (``REVERSE``): its
    end is that of the last match a forward scan finds, as no clause end starts inside another.

    >>> last_clause_break_pattern().search("Điều 1. Bãi bỏ; thay thế").end()
    15
    """
    return compile_pattern(CLAUSE_BREAK, regex.REVERSE)


# The start of a line that opens a list item, and which kind of marker it is.
# e.g. "1. " → number · "a) " → letter · "- " → dash
LIST_ITEM = rf"""
    (?m: ^ ) {SP}*
    (?: (?P<number> [0-9]{{1,3}} {SP}* [.)] ) | (?P<letter> [a-zđ] {SP}* \) ) | (?P<dash> [\-+•] ) )
    {SP}
"""


@cache
def list_item_pattern() -> regex.Pattern[str]:
    """Finds list markers at line starts.

    >>> list_item_pattern().search("bãi bỏ:\\nb) Nghị quyết").lastgroup
    'letter'
    """
    return compile_pattern(LIST_ITEM)


# A line that ends a list however it continues: an article heading or the distribution list.
# e.g. "Điều 2. Điều khoản thi hành" · "Nơi nhận:"
LIST_END = rf"(?m: ^ ) {SP}* (?: (?i: điều ) {SP}+ [0-9] | (?i: nơi {SP} nhận ) )"


@cache
def list_end_pattern() -> regex.Pattern[str]:
    """Finds the line that closes a list.

    >>> list_end_pattern().search("a) X\\nĐiều 2. Điều khoản thi hành").start()
    5
    """
    return compile_pattern(LIST_END)


# A clause that introduces new wording rather than the documents it acts on: what follows
# "như sau:" is the amended text, not a list of targets.
# e.g. "Sửa đổi khoản 1 Điều 7 như sau:"
NEW_WORDING = rf"(?i: như {SP} sau ) {SP}* : \s* \Z"


@cache
def new_wording_pattern() -> regex.Pattern[str]:
    """Matches at the end of a clause, backwards from it (``REVERSE``): ``match(text, start,
    end)`` tries the clause's end only, where a forward search would try every position.

    >>> t = "Sửa đổi khoản 1 Điều 7 như sau:"
    >>> new_wording_pattern().match(t, 0, len(t)) is not None
    True
    """
    return compile_pattern(NEW_WORDING, regex.REVERSE)


# Words between the verb and a target that say only part of the target is acted on: a part
# named, or something said to lie "in" the target.
# e.g. "Danh mục TTHC có số thứ tự 01,02 … tại" · "một số điều của" · "khoản 2 Điều 5 của" ·
#      "các quy định về công chức cấp xã tại"
PARTIAL = rf"""
    (?<! \p{{L}} )
    (?i: một {SP} số {SP} điều | điều | khoản | điểm | mục | phần | phụ {SP} lục | danh {SP} mục
       | nội {SP} dung | quy {SP} định | chương | thủ {SP} tục | TTHC | cụm {SP} từ )
    (?! \p{{L}} )
  | (?<! \p{{L}} ) (?i: tại | kèm {SP} theo | trong ) \s* \Z
"""


@cache
def partial_pattern() -> regex.Pattern[str]:
    """Finds words of a partial change.

    >>> partial_pattern().search("Danh mục TTHC có số thứ tự 01 tại ").group()
    'Danh mục'
    """
    return compile_pattern(PARTIAL)


# "toàn bộ" says the whole target is acted on, whatever else the clause says.
# e.g. "Bãi bỏ toàn bộ Thông tư số 31/2015/TT-BYT"
WHOLE = rf"(?<! \p{{L}} ) (?i: toàn {SP} bộ ) (?! \p{{L}} )"


@cache
def whole_pattern() -> regex.Pattern[str]:
    """Finds "toàn bộ".

    >>> whole_pattern().search("Bãi bỏ toàn bộ các Quyết định") is not None
    True
    """
    return compile_pattern(WHOLE)


# Between two references of one clause, words that start the first one's title or subject: a
# reference after them belongs to that title, not to the list of targets.
# e.g. " ngày 24/6/2025 của Bộ trưởng Bộ Y tế về việc công bố … theo "
TITLE_WORDS = rf"""
    (?<! \p{{L}} )
    (?i: về | quy {SP} định | hướng {SP} dẫn | ban {SP} hành | phê {SP} duyệt | theo
       | thực {SP} hiện | công {SP} bố | tại ) (?! \p{{L}} )
  | [“"]
"""


@cache
def title_words_pattern() -> regex.Pattern[str]:
    """Finds the start of a title between two references.

    >>> title_words_pattern().search(" ngày 24/6/2025 của Bộ Y tế về việc công bố").group()
    'về'
    """
    return compile_pattern(TITLE_WORDS)


# A date as printed in a validity clause.
# e.g. "15 tháng 01 năm 2026" (after "ngày") · "01/01/2026"
DATE = rf"""
    (?: {DATE_NUMERIC}
      | {WS}* (?: [0-9]{{1,2}} )? {WS}* tháng {WS}* [0-9]{{1,2}} {WS}* năm {WS}* {YEAR} )
"""

# The document's own effective-date clause: from signing, from adoption, or from a date. The
# type word is a lookbehind so that a match starts at "này" (EFFECTIVE_WORD), the only place it
# is looked for.
# e.g. "Quyết định này có hiệu lực thi hành kể từ ngày ký" ·
#      "Thông tư này có hiệu lực thi hành kể từ ngày 15 tháng 01 năm 2026"
EFFECTIVE_WORD = "này"
EFFECTIVE = rf"""
    (?<= {_type()} {WS}+ ) (?i: {EFFECTIVE_WORD} ) {WS}+
    (?i: có {WS}+ hiệu {WS}+ lực (?: {WS}+ (?: thi {WS}+ hành | thực {WS}+ hiện ) )? ) ,? {WS}+
    (?i: (?: kể {WS}+ )? từ {WS}+ ngày ) {WS}*
    (?:
        (?P<signed> (?i: ký | ban {WS}+ hành | (?: được {WS}+ )? thông {WS}+ qua ) )
      | (?P<date> (?i: {DATE} ) )
    )
"""


@cache
def effective_pattern() -> regex.Pattern[str]:
    """Finds the effective-date clause.

    >>> m = effective_pattern().search("Nghị định này có hiệu lực thi hành từ ngày 23 tháng 3 "
    ...                                "năm 2025.")
    >>> m.group("date")
    '23 tháng 3 năm 2025'
    """
    return compile_pattern(EFFECTIVE)


# What follows "hết hiệu lực" when the document ends another one: its own coming into force, or
# a date.
# e.g. " kể từ ngày Quyết định này có hiệu lực" · " thi hành từ ngày 01/01/2026"
EXPIRY_WHEN = rf"""
    (?: {WS}+ (?i: thi {WS}+ hành ) )? ,? {WS}+ (?i: (?: kể {WS}+ )? từ {WS}+ ngày ) {WS}*
    (?:
        (?P<own> {_type()} {WS}+ (?i: này ) )
      | (?P<date> (?i: {DATE} ) )
    )
"""


@cache
def expiry_when_pattern() -> regex.Pattern[str]:
    """Matches right after "hết hiệu lực" (use ``match`` at that position).

    >>> expiry_when_pattern().match(" kể từ ngày Quyết định này có hiệu lực").group("own")
    'Quyết định này'
    """
    return compile_pattern(EXPIRY_WHEN)


# The document naming itself.
# e.g. "Nghị định này" in "Kể từ ngày Nghị định này có hiệu lực thi hành, các Nghị định sau"
SELF = rf"(?<! \p{{L}} ) {_type()} {WS}+ (?i: này ) (?! \p{{L}} )"


@cache
def self_pattern() -> regex.Pattern[str]:
    """Finds the document naming itself.

    >>> self_pattern().search("kể từ ngày Quyết định này có hiệu lực").group()
    'Quyết định này'
    """
    return compile_pattern(SELF)


# A statement that another document has already expired is a fact it reports, not an act.
# e.g. "đã hết hiệu lực"
ALREADY = rf"(?i: đã ) {WS}+ \Z"


@cache
def already_pattern() -> regex.Pattern[str]:
    """Matches at the end of the text before "hết hiệu lực".

    >>> already_pattern().search("Kế hoạch số 12/KH-UBND đã ") is not None
    True
    """
    return compile_pattern(ALREADY)


# An article heading anywhere in the text: only documents divided into articles (Quyết định,
# Nghị định, Thông tư, Nghị quyết) open a statement with the bare verb ("Điều 1. Bãi bỏ …"); in a
# plan a bare verb is a task ("- Bãi bỏ các quy định …").
# e.g. "Điều 1." · "Điều 12:"
ARTICLE_INDENT = r"[\s*_#]*"
ARTICLE_LEAD = rf"(?m: ^ ) {ARTICLE_INDENT}"
ARTICLE_TAIL = rf"{SP}+ [0-9]{{1,3}} {SP}* [.:]"
ARTICLE = rf"{ARTICLE_LEAD} (?i: điều ) {ARTICLE_TAIL}"


@cache
def article_pattern() -> regex.Pattern[str]:
    """Finds article headings.

    >>> article_pattern().search("QUYẾT ĐỊNH:\\nĐiều 1. Bãi bỏ") is not None
    True
    """
    return compile_pattern(ARTICLE)


@cache
def clause_article_pattern() -> regex.Pattern[str]:
    """Matches an article heading at the start of a clause (``match(text, start, end)``): what
    :func:`article_pattern` matches at the start of ``text[start:end]``, without the slice.

    >>> t = "Theo đó, Điều 1. Bãi bỏ"
    >>> clause_article_pattern().match(t, t.index("Điều"), len(t)).group()
    'Điều 1.'
    """
    return compile_pattern(rf"{ARTICLE_INDENT} (?i: điều ) {ARTICLE_TAIL}")


@cache
def article_word_pattern() -> regex.Pattern[str]:
    """ARTICLE matched from its word "điều", with what comes before the word as a lookbehind: a
    search skips ahead to the word, while ARTICLE tries every position. It finds an ARTICLE
    wherever the search starts at a line's start.

    >>> article_word_pattern().search("QUYẾT ĐỊNH:\\n  Điều 1. Bãi bỏ").group()
    'Điều 1.'
    """
    return compile_pattern(rf"(?i: điều ) (?<= {ARTICLE_LEAD} (?i: điều ) ) {ARTICLE_TAIL}")


# Words just before a plan's reference (its type word may be part of the mention or not) that
# make it the plan this one carries out.
# e.g. "Thực hiện " · "Triển khai thực hiện Kế hoạch số "
IMPLEMENTS = rf"""
    (?<! \p{{L}} )
    (?i: thực {SP} hiện | triển {SP} khai (?: {SP} thực {SP} hiện )? ) {SP}+
    (?: (?i: kế {SP} hoạch ) {SP}* (?i: số )? {SP}* :? {SP}* )? \Z
"""


@cache
def implements_pattern() -> regex.Pattern[str]:
    """Matches at the end of the text before a plan's reference.

    >>> [bool(implements_pattern().search(s)) for s in ("Thực hiện ", "Căn cứ Kế hoạch số ")]
    [True, False]
    """
    return compile_pattern(IMPLEMENTS)
