"""The citation grammar: references (số, ký hiệu), the type word before them, the date and
issuer after them, and laws cited by name.

Patterns are built on first use from the atoms and the vocabulary tables, then cached; nothing
is compiled at import time.
"""

from __future__ import annotations

from functools import cache

import regex

from .atoms import (
    CODE, CUA, DASH_JOIN, DATE_WORDS, LEVEL, NAM, NGAY, NUMBER, SO, SP, THANG, WS, YEAR,
    compile_pattern,
)
from .dates import PRINTED_NUMERIC, PRINTED_WORDS
from .vocab import fold_diacritics, issuer_heads, laws, type_names


def alternation(words: tuple[str, ...]) -> str:
    """A verbose-safe alternation of literal phrases, spaces matching any inline white space.

    >>> alternation(("Quyết định", "Luật"))
    '(?:Quyết\\\\s+định|Luật)'
    """
    parts = [r"\s+".join(regex.escape(w) for w in phrase.split()) for phrase in words]
    return "(?:" + "|".join(parts) + ")"


# A reference (số, ký hiệu) in its State form "33/CT-TTg", "59/2023/NĐ-CP", "245/UBND",
# "575/UBND-NC", "5786/SNV-XDCQ&TCBC", or its Party form "114-KL/TW", "01-CTr/BDVHU-UBND",
# with stray spaces around the separators ("120 -KL/TW", "1717/QĐ- UBND", "439 /KH - LĐLĐ"),
# numbered units ("01/CV-01") and a trailing year ("1025/PLYK/2025"). It may not start inside
# another token ("14/7/2015", "QCVN 01:2021/BYT"), except glued to "số" ("số347/TTr-CP").
# e.g. "59/2023/NĐ-CP" → number "59", year "2023", state "NĐ-CP"
# Where a number may start. e.g. after " " or "số"; not after "14/", "QCVN 01:"
REF_BEFORE = r"(?: (?<= [Ss]ố | SỐ ) | (?<! [\p{L}0-9/.\-] | [0-9]: ) )"
# What follows the slash after a State number. e.g. "2023/NĐ-CP" · " CT-TTg" · "PLYK/2025"
REF_STATE = rf"""
    {SP}? (?: (?P<year> {YEAR} ) {SP}? / {SP}? )?
    (?P<state> {CODE} (?: {DASH_JOIN} {CODE} | -[0-9]{{1,3}} (?! [0-9/] ) )*
               (?: / {YEAR} (?! [0-9/] ) )? )
"""
# What follows the dash after a Party number. e.g. "KL/TW" · " CTr/BDVHU-UBND"
REF_PARTY = rf"{SP}? (?P<party> {CODE} {SP}? / {SP}? {CODE} (?: {DASH_JOIN} {CODE} )* )"
# Where a reference ends: no letter or digit follows. e.g. "33/CT-TTg" before " ngày"
REF_END = r"(?! [\p{L}0-9] )"
REF = rf"""
    {REF_BEFORE} (?P<number> {NUMBER} ) (?: {SP}? / {REF_STATE} | {SP}? - {REF_PARTY} ) {REF_END}
"""


@cache
def ref_pattern() -> regex.Pattern[str]:
    """Finds references.

    >>> ref_pattern().search("theo Kết luận số 120 -KL/TW ngày").group("party")
    'KL/TW'
    """
    return compile_pattern(REF)


# REF in two patterns that start at the separator after the number, the number being read in a
# lookbehind (group ``number``): the engine skips ahead to a literal character ("/", "-"), where
# REF, which starts with lookbehinds and a digit, is tried at every position. A number is
# followed by one separator only, so each match of REF is a match of one of them, from its
# separator on; see :func:`kehoach.extract.citations.iter_refs`.
# e.g. "/2023/NĐ-CP" of "59/2023/NĐ-CP" (number "59") · " -KL/TW" of "120 -KL/TW" (number "120")
REF_NUMBER = rf"(?<= {REF_BEFORE} (?P<number> {NUMBER} ) {SP}? )"
REF_AT_SLASH = rf"{REF_NUMBER} / {REF_STATE} {REF_END}"
REF_AT_DASH = rf"{REF_NUMBER} - {REF_PARTY} {REF_END}"


@cache
def ref_at_separator_patterns() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    """REF_AT_SLASH and REF_AT_DASH, compiled.

    >>> slash, dash = ref_at_separator_patterns()
    >>> [m.group("number", "state") for m in slash.finditer("ngày 14/7/2015, 59/2023/NĐ-CP")]
    [('59', 'NĐ-CP')]
    >>> dash.search("số 120 -KL/TW ngày").group("number", "party")
    ('120', 'KL/TW')
    """
    return compile_pattern(REF_AT_SLASH), compile_pattern(REF_AT_DASH)


# The type word and "số" just before a reference, read backwards from the reference:
# e.g. "Quyết định số " → type "Quyết định"; "CHỈ THỊ SỐ " → type "CHỈ THỊ"; "Công văn " → "Công văn"
def _type_before() -> str:
    names = tuple(dict.fromkeys(type_names() + tuple(fold_diacritics(n) for n in type_names())))
    return rf"""
        (?<! \p{{L}} ) (?P<type> (?i: {alternation(names)} ) )
        (?: {SP}* (?i: {SO} ) )? {SP}* :? {SP}* \Z
    """


@cache
def type_before_pattern() -> regex.Pattern[str]:
    """Matches at the end of the text that precedes a reference.

    It is compiled to match backwards (``REVERSE``): a match ends at the end, so the engine tries
    that one place instead of every start. The match is the one a forward search finds: all
    candidates end at the same place (no type word ends in "số"), so their spans nest, and the
    names are tried longest first (a folded name is never a suffix of a name with diacritics).

    >>> type_before_pattern().search("thực hiện Nghị định số ").group("type")
    'Nghị định'
    >>> type_before_pattern().search("theo Bộ luật số ").group("type")
    'Bộ luật'
    """
    return compile_pattern(_type_before(), regex.REVERSE)


# The names a type word with one OCR error is read as: long enough that one error cannot turn
# one word into another.
def _fuzzy_names() -> tuple[str, ...]:
    return tuple(n for n in type_names() if len(n) >= 7)


@cache
def fuzzy_type_before_pattern() -> regex.Pattern[str]:
    """A type word with one OCR error ("Quyết đinh số "), tried when the exact one fails.

    >>> fuzzy_type_before_pattern().search("theo Quyêt định số ").group("type")
    'Quyêt định'
    """
    return compile_pattern(rf"""
        (?<! \p{{L}} ) (?P<type> (?e) (?: {alternation(_fuzzy_names())} ){{s<=1}} )
        {SP}+ (?P<so> (?i: {SO} ) ) {SP}* :? {SP}* \Z
    """)


@cache
def fuzzy_type_clues() -> tuple[tuple[str, ...], dict[int, tuple[str, ...]]]:
    """What the text before "số" shows wherever :func:`fuzzy_type_before_pattern` can match, so
    that the costly fuzzy search is run only there. With its one error (a substitution) outside a
    name's last word, that word is printed whole just before the spaces ("… định số "); with the
    error inside it, the words before it are printed whole (white space between them aside),
    then white space and as many characters as the last word has. Returns the last words, and
    the words before them by the length of the last word.

    >>> last, heads = fuzzy_type_clues()
    >>> "định" in last, "Quyết" in heads[4]
    (True, True)
    """
    last_words: dict[str, None] = {}
    heads: dict[int, dict[str, None]] = {}
    for name in _fuzzy_names():
        *head, last = name.split()
        last_words[last] = None
        heads.setdefault(len(last), {})[" ".join(head)] = None
    return tuple(last_words), {k: tuple(v) for k, v in heads.items()}


# A form or annex number, not a document: "Mẫu số 01/BC-UBND", "Biểu số 02/KH", "Phụ lục 03/TT".
# e.g. "theo Mẫu số "
FORM_BEFORE = rf"(?i: mẫu | biểu | phụ{SP}lục | phiếu | ô{SP}tô ) {SP}* (?i: số )? {SP}* :? {SP}* \Z"

# "số" alone just before a reference ("và số 218-QĐ/TW", "Công văn của UBND huyện số 245/UBND").
# e.g. "và số "
SO_BEFORE = rf"(?<! \p{{L}} ) (?P<so> (?i: {SO} ) ) {SP}* :? {SP}* \Z"


@cache
def before_ref_pattern() -> regex.Pattern[str]:
    """What stands just before a reference, in one match at the end of the text before it: a
    form's number (group ``form``: not a document), else a type word with or without "số"
    (group ``type``), else "số" alone (group ``so``). Matched backwards, like
    :func:`type_before_pattern`: every alternative ends at the end, so the engine tries them, in
    this order, at that one place.

    >>> [before_ref_pattern().search(s).group("form", "type", "so")
    ...  for s in ("theo Mẫu số ", "thực hiện Nghị định số ", "và số ")]
    [('Mẫu số ', None, None), (None, 'Nghị định', None), (None, None, 'số')]
    """
    return compile_pattern(rf"(?P<form> {FORM_BEFORE} ) | {_type_before()} | {SO_BEFORE}",
                           regex.REVERSE)


# The date after a reference, numeric or in words (its day or month possibly impossible: the
# date is passed over, what of it holds kept), or a bare year:
# e.g. ", ngày 14/7/2015" · " ngày 12 tháng 12 năm 2013" · " năm 2024" · " ngày 31/02/2024"
DATE_AFTER = rf"""
    {SP}? ,? {WS}{{0,3}} (?: \( {SP}? )?
    (?: (?i: được{SP}ban{SP}hành | ban{SP}hành | ký ) {SP} )?
    (?:
        (?i: {NGAY} ) {WS}{{1,3}} (?P<numeric> {PRINTED_NUMERIC} )
      | (?P<words> (?i: {DATE_WORDS} | {PRINTED_WORDS} ) )
      | (?i: {NAM} ) {SP} (?P<year_only> {YEAR} ) (?! [0-9/.\-] )
    )
    (?! [0-9] )
"""


@cache
def date_after_pattern() -> regex.Pattern[str]:
    """Matches where a reference ends (use ``match`` at that position).

    >>> date_after_pattern().match("số 114-KL/TW, ngày 14/7/2015 của", 12).group("numeric")
    '14/7/2015'
    """
    return compile_pattern(DATE_AFTER)


# Any date in numeric or word form, to read its parts once found.
# e.g. "14/7/2015" · "ngày 12 tháng 12 năm 2013" · "ngày tháng 4 năm 2022"
DATE_PARTS = rf"""
    (?P<d1> [0-9]{{1,2}} ) [/.\-] (?P<m1> [0-9]{{1,2}} ) [/.\-] (?P<y1> [0-9]{{4}} )
  | (?i: {NGAY} ) {WS}* (?P<d2> [0-9]{{1,2}} )? [^0-9]*? (?i: {THANG} ) {WS}*
    (?P<m2> [0-9]{{1,2}} )? [^0-9]*? (?i: {NAM} ) {WS}* (?P<y2> [0-9]{{4}} )
  | (?P<y3> [0-9]{{4}} )
"""


@cache
def date_parts_pattern() -> regex.Pattern[str]:
    """Example:

    >>> date_parts_pattern().match("ngày tháng 4 năm 2022").group("m2", "y2")
    ('4', '2022')
    """
    return compile_pattern(DATE_PARTS)


# What introduces the issuer after a reference and its date.
# e.g. " của " · ", của " · " do " · " giữa "
ISSUER_INTRO = rf"{SP}? ,? {SP}? (?P<kw> (?i: {CUA} | do | giữa ) ) {SP}"


@cache
def issuer_intro_pattern() -> regex.Pattern[str]:
    """Matches where a reference or its date ends (use ``match`` at that position).

    >>> issuer_intro_pattern().match(" của Bộ Chính trị").group("kw")
    'của'
    """
    return compile_pattern(ISSUER_INTRO)


# The date and what introduces the issuer after a reference, in one match (either may be
# missing); the issuer's introduction is cut short where the date's window ends, which
# :func:`kehoach.extract.citations._read_after` makes up for.
# e.g. ", ngày 14/7/2015 của " → numeric "14/7/2015", kw "của" · " của " → kw "của"
AFTER_REF = rf"(?P<date> {DATE_AFTER} )? (?: {ISSUER_INTRO} )?"


@cache
def after_ref_pattern() -> regex.Pattern[str]:
    """Matches where a reference ends (use ``match`` at that position), the empty string at
    least.

    >>> after_ref_pattern().match(", ngày 14/7/2015 của Bộ Chính trị").group("numeric", "kw")
    ('14/7/2015', 'của')
    """
    return compile_pattern(AFTER_REF)


# The issuer printed before the reference: "đề nghị của Sở Y tế tại Tờ trình số …",
# "của Bộ Chính trị tại Kết luận số …". Read backwards from the type word.
# e.g. "Xét đề nghị của Giám đốc Sở Y tế tại " → of "Giám đốc Sở Y tế"
ISSUER_BEFORE_END = "tại"
ISSUER_BEFORE = rf"""
    (?<! \p{{L}} ) (?i: của ) {SP} (?P<of> [^\n;:()“”"]{{3,160}}? )
    {SP} (?i: {ISSUER_BEFORE_END} ) {SP}? \Z
"""


@cache
def issuer_before_pattern() -> regex.Pattern[str]:
    """Example:

    >>> issuer_before_pattern().search("Xét đề nghị của Giám đốc Sở Y tế tại ").group("of")
    'Giám đốc Sở Y tế'
    """
    return compile_pattern(ISSUER_BEFORE)


# The clause before a reference that says who issued it and when: "Ngày 05/3/2024, UBND tỉnh
# ban hành Quyết định số …", "Thủ tướng Chính phủ đã ban hành Công điện số …", "Ngày 22/10/2025,
# tại Thông báo số …". It starts a clause (a line, or after a sentence mark, a bracket, a quote
# or a comma), with a linking word at most before it; its subject is checked apart
# (:func:`subject_shape_pattern`); it ends with an issuing verb just before the type word.
# Read backwards from the reference's start (type word or "số").
# e.g. "Theo đó ngày 21 tháng 11 năm 2011, Ban Bí thư ra " → words "ngày 21 tháng 11 năm 2011",
#      subject "Ban Bí thư"

# Where a clause starts. e.g. a line start and "- " or "**"; after ". " · "; " · "(" · ", "
CLAUSE_START = r"(?: ^ [-+*•>\s]* | (?<= [.;:!?(\[\]“”\",] ) [*\s]* )"
# Linking words that may open the clause. e.g. "Theo đó" · "Sau khi"
CLAUSE_LEAD = rf"""
    (?i: theo{SP}đó | trước{SP}đó | tiếp{SP}đó | sau{SP}đó | đồng{SP}thời | sau{SP}khi | khi ) ,? {SP}
"""
# The date the clause opens with, and its comma. e.g. "Ngày 05/3/2024, " · "ngày 7 tháng 10 năm 2005, "
DATE_LEAD = rf"""
    (?: (?i: vào ) {SP} )?
    (?: (?i: {NGAY} ) {SP} (?P<numeric> {PRINTED_NUMERIC} )
      | (?P<words> (?i: {DATE_WORDS} | {PRINTED_WORDS} ) ) )
    {SP}? , {SP}
"""
# The subject: no sentence mark, bracket or comma; a parenthesis may follow it.
# e.g. "Bộ Nông nghiệp và Phát triển nông thôn (nay là Bộ Nông nghiệp và Môi trường)"
SUBJECT = r"(?P<subject> \p{L} [^\n.;:!?()\[\],“”\"]{0,100}? ) (?: [ ] \( [^()\n]{1,80} \) )?"
# The verb that says the subject issued the document, with its adverb.
# e.g. "đã ban hành" · "ký ban hành" · "đã có" · "ra" · "thông qua"
ISSUING_VERB = rf"""
    (?i: (?: (?: đã | vừa | cũng | tiếp{SP}tục ) {SP} )?
         (?: ký{SP}ban{SP}hành | ban{SP}hành | ký | có | ra | thông{SP}qua ) )
"""
ISSUED_BEFORE = rf"""
    {CLAUSE_START} (?: {CLAUSE_LEAD} )? (?: {DATE_LEAD} )?
    (?: (?P<at> (?i: tại ) ) | {SUBJECT} {SP} {ISSUING_VERB} )
    {SP} (?: (?i: các ) {SP} )? \Z
"""
# What the text before a reference ends with wherever ISSUED_BEFORE can match, looked at
# before the pattern is tried (lower-cased, "các " dropped).
ISSUED_BEFORE_ENDS = (" hành ", " ký ", " có ", " ra ", " qua ", "tại ")


@cache
def issued_before_pattern() -> regex.Pattern[str]:
    """Matches at the end of the text before a reference (use ``search`` with `endpos` at the
    reference; line starts are those of the text). Compiled backwards, like
    :func:`type_before_pattern`.

    >>> m = issued_before_pattern().search("Ngày 05/3/2024, UBND tỉnh đã ban hành ")
    >>> m.group("numeric", "subject")
    ('05/3/2024', 'UBND tỉnh')
    >>> issued_before_pattern().search("Ngày 22/10/2025, tại ").group("numeric", "at")
    ('22/10/2025', 'tại')
    """
    return compile_pattern(ISSUED_BEFORE, regex.REVERSE | regex.MULTILINE)


# What an issuer printed as a subject looks like, when it is not a known name: a head word
# ("Bộ", "UBND", "Ban"), capitalized fields of one or two words ("Tài chính", "Y tế", joined by
# "và" or "-"), and a level with its place ("tỉnh Tây Ninh"). A title ("Bộ trưởng", "Thủ tướng
# Phạm Minh Chính") or a verb ("Sở Y tế tham mưu UBND tỉnh") does not fit it.
# e.g. "Cục Thuế tỉnh Vĩnh Phúc" · "Ban Thường vụ Tỉnh ủy" · "Ủy ban nhân dân tỉnh"
CAPITALIZED = r"\p{Lu} \p{L}*"
FIELD = rf"{CAPITALIZED} (?: {SP} \p{{Ll}}+ )?"
FIELDS = rf"{FIELD} (?: {SP} (?: và {SP} | - {SP} )? {FIELD} )*"
PLACE = rf"{LEVEL} (?: {SP} {CAPITALIZED} )*"


@cache
def subject_shape_pattern() -> regex.Pattern[str]:
    """Use ``fullmatch`` on the subject.

    >>> [subject_shape_pattern().fullmatch(s) is not None for s in (
    ...     "Cục Thuế tỉnh Vĩnh Phúc", "Sở Y tế tham mưu UBND tỉnh", "Bộ trưởng Bộ Xây dựng")]
    [True, False, False]
    """
    heads = alternation(tuple(head.head for head in issuer_heads()))
    return compile_pattern(rf"""
        (?= \p{{Lu}} ) (?i: {heads} ) (?: {SP} {FIELDS} )? (?: {SP} {PLACE} )?
    """)


# A plural list whose items share what its last item prints: "Các Công điện: số 007/CĐ-UBND
# ngày …, số 008/CĐ-UBND …; số 010/CĐ-UBND ngày … của UBND tỉnh", or the issuer it names
# before its colon: "các Nghị định của Chính phủ: số 78/2025/NĐ-CP …".
# e.g. "Các Công điện:" · "các Quyết định số" · "các Nghị định của Chính phủ:"
# ("[Cc]ác", not "Các|các": the engine skips ahead to the literal "ác" after a class, but tries
# an alternation at every position, ten times slower. The first letters of the type words are
# looked at before they are tried one by one, as most "các" are followed by a lower-case word.)
@cache
def plural_list_pattern() -> regex.Pattern[str]:
    """Example:

    >>> plural_list_pattern().search("Các Công điện: số 007/CĐ-UBND").group("type")
    'Công điện'
    """
    first_letters = "".join(sorted({regex.escape(name[0]) for name in type_names()}))
    return compile_pattern(rf"""
        (?<! \p{{L}} ) [Cc]ác {SP} (?= [{first_letters}] ) (?P<type> {alternation(type_names())} )
        (?: {SP} (?i: của ) {SP} (?P<of> [^\n:;]{{3,80}}? ) )? {SP}? (?: : | (?=(?i: số )) )
    """)


# A list whose items share one issuer: "Thực hiện các văn bản của UBND huyện tại: Công văn …".
# e.g. "các văn bản của " (the issuer is read after it, then a colon must follow)
LIST_ISSUER = rf"(?i: văn{SP}bản ) {SP} (?i: của | do ) {SP}"


@cache
def list_issuer_pattern() -> regex.Pattern[str]:
    """Example:

    >>> list_issuer_pattern().search("Thực hiện các văn bản của UBND huyện tại:") is not None
    True
    """
    return compile_pattern(LIST_ISSUER)


# A law or code cited by name: "Luật Tiếp công dân năm 2013", "Bộ luật Lao động",
# "LUẬT ĐẤT ĐAI". Only the capitalized word: "pháp luật", "luật định" are not citations, and
# "BỘ Luật" is "Luật". The Constitution (Hiến pháp), cited by every decree, is not a law of
# interest.
# e.g. "Luật Tiếp công dân" → kind "Luật"; "BỘ LUẬT LAO ĐỘNG" → kind "BỘ LUẬT"
LAW_WORDS = (rf"Bộ{SP}luật", "Luật", rf"(?: BỘ{SP} )? LUẬT")
LAW_WORD_AFTER = rf"(?= {WS} \p{{L}} | {SP}? số )"
LAW_WORD = rf"(?<! \p{{L}} ) (?P<kind> {' | '.join(LAW_WORDS)} ) {LAW_WORD_AFTER}"


@cache
def law_word_pattern() -> regex.Pattern[str]:
    """Example:

    >>> law_word_pattern().search("theo quy định của Luật Tiếp công dân").group("kind")
    'Luật'
    """
    return compile_pattern(LAW_WORD)


@cache
def law_word_patterns() -> tuple[regex.Pattern[str], ...]:
    """LAW_WORD, one pattern for each of its words, to find them: the engine skips ahead to one
    word, but tries an alternation at every position. Their matches cannot overlap (the words
    differ in case), so together they find what LAW_WORD finds.

    >>> [m.group("kind") for p in law_word_patterns()
    ...  for m in p.finditer("BỘ Luật Dân sự, pháp luật Việt Nam, BỘ LUẬT LAO ĐỘNG")]
    ['Luật', 'BỘ LUẬT']
    """
    return tuple(compile_pattern(rf"(?<! \p{{L}} ) (?P<kind> {word} ) {LAW_WORD_AFTER}")
                 for word in LAW_WORDS)


@cache
def known_law_pattern() -> regex.Pattern[str] | None:
    """The known law names (without their leading "Luật"/"Bộ luật"), longest first, anchored at
    with ``.match`` just after the law word; None when the vocabulary is empty.

    >>> known_law_pattern().match(" tiếp công dân năm 2013") is not None
    True
    """
    names = tuple(law.name.split(" ", 2)[2] if law.name.startswith("Bộ luật ")
                  else law.name.split(" ", 1)[1] for law in laws()
                  if " " in law.name)
    if not names:
        return None
    return compile_pattern(rf"{WS}+ (?P<name> (?i: {alternation(names)} ) ) (?! \p{{L}} )")


# The title of an amending law after its law word, up to the first law it amends (the laws are
# read one by one after it).
# e.g. " sửa đổi, bổ sung một số điều của Luật Đất đai" → title "sửa đổi, bổ sung một số điều của"
AMENDING = r"""
    (?i) \s+
    (?P<title> sửa \s+ đổi ,? \s+ bổ \s+ sung (?: \s [^\n;.()]{1,120}? )??
               (?: \s+ của )? (?: \s+ các )? )
    \s+ (?= Luật \s )
"""


@cache
def amending_pattern() -> regex.Pattern[str]:
    """Matches just after the law word (use ``match``; see :data:`AMENDING_START`).

    >>> amending_pattern().match(" sửa đổi, bổ sung một số điều của Luật Đất đai").group("title")
    'sửa đổi, bổ sung một số điều của'
    """
    return compile_pattern(AMENDING)


# What an amending title starts with, after the white space: looked at before AMENDING is tried,
# since the engine, to fail, would first look for the title's words as far as it is allowed to.
# e.g. "sửa" (in any case)
AMENDING_START = "sửa"


# The laws an amending title joins.
# e.g. ", " · " và " before "Luật"
LAW_JOINER = r"(?: , | [ ]và ) [ ] (?= Luật \s )"


@cache
def law_joiner_pattern() -> regex.Pattern[str]:
    """Example:

    >>> law_joiner_pattern().match(" và Luật Đất đai").group()
    ' và '
    """
    return compile_pattern(LAW_JOINER)


# The year or number printed after a law's name; "số" may be missing when the name itself ends
# in "số" ("Luật Công nghiệp công nghệ số 71/2025/QH15").
# e.g. " năm 2013" → year; " số 97/2025/QH15" → the reference follows; " 2024" → year
LAW_TAIL = rf"""
    (?: {SP}? (?i: năm ) {SP} (?P<year> {YEAR} ) | {SP} (?P<bare_year> {YEAR} ) ) (?! [0-9/] )
  | {SP}? ,? {SP}? (?P<so> (?i: số ) )? {SP}? (?= [0-9] )
"""


@cache
def law_tail_pattern() -> regex.Pattern[str]:
    """Matches where a law's name ends (use ``match`` at that position).

    >>> law_tail_pattern().match(" năm 2013 và").group("year")
    '2013'
    """
    return compile_pattern(LAW_TAIL)


# Small patterns the citation stage splits, checks and joins with, by name; each is plain (not
# verbose) and has its example beside it.
HELPERS = {
    # white space inside a printed reference. e.g. "59/2023/ NĐ-CP" → "59/2023/NĐ-CP"
    "spaces": r"\s+",
    # the separators of a reference, kept when splitting. e.g. "59/2023/NĐ-CP" → 59 / 2023 / NĐ - CP
    "separators": r"([/\-])",
    # the separators of a symbol, dropped when splitting. e.g. "QĐ-UBND" → QĐ, UBND
    "parts": r"[/\-]",
    # the National Assembly's term code in a law's number. e.g. "QH14" in "59/2020/QH14"
    "national_assembly": r"QH[0-9]{1,2}",
    # what stands between the items of a list of references. e.g. ", " · " và " · "; và các "
    "list_gap": r"[ ]?(?:[,;]|và|[,;] và)[ ]?(?:các )?",
    # the colon that opens a list after its plural type word. e.g. " sau:" · " tại:" · ":"
    "list_colon": r"[ ]?(?:tại|như sau|sau đây|sau)?[ ]?:",
    # one white-space-delimited word. e.g. "Tiếp" in "Luật Tiếp công dân"
    "word": r"\S+",
    # all that stands between two coordinated references. e.g. ", " · " và " · " hoặc "
    "coordination": r"\A[ ]?(?:,[ ]?|[ ]và[ ]|[ ]?,[ ]và[ ]|[ ]hoặc[ ])\Z",
    # the place after a level word in an issuer's name. e.g. "tỉnh Tây Ninh" → "Tây Ninh"
    "locality": (r"(?:tỉnh|thành phố|huyện|xã|phường|quận|thị xã|thị trấn|Tỉnh ủy|Huyện ủy|"
                 r"Thành ủy)\s+((?:\p{Lu}[\p{L}\-]*\s?){1,4})"),
}


@cache
def helper(name: str) -> regex.Pattern[str]:
    """One of HELPERS, compiled on first use.

    >>> helper("parts").split("QĐ-UBND"), helper("locality").search("UBND tỉnh Tây Ninh")[1]
    (['QĐ', 'UBND'], 'Tây Ninh')
    """
    return regex.compile(HELPERS[name])
