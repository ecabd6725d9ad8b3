"""The citation grammar: references (số, ký hiệu), the type word before them, the date and
issuer after them, and laws cited by name.

Patterns are built on first use from the atoms and the vocabulary tables, then cached; nothing
is compiled at import time.
"""

from __future__ import annotations

from functools import cache

import regex

from .atoms import (
    CODE, CUA, DASH_JOIN, DATE_NUMERIC, DATE_WORDS, NAM, NGAY, NUMBER, SO, SP, THANG, WS, YEAR,
    compile_pattern,
)
from .vocab import fold_diacritics, laws, type_names


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
REF = rf"""
    (?: (?<= [Ss]ố | SỐ ) | (?<! [\p{{L}}0-9/.\-] | [0-9]: ) )
    (?P<number> {NUMBER} )
    (?:
        {SP}? / {SP}? (?: (?P<year> {YEAR} ) {SP}? / {SP}? )?
        (?P<state> {CODE} (?: {DASH_JOIN} {CODE} | -[0-9]{{1,3}} (?! [0-9/] ) )*
                   (?: / {YEAR} (?! [0-9/] ) )? )
      | {SP}? - {SP}?
        (?P<party> {CODE} {SP}? / {SP}? {CODE} (?: {DASH_JOIN} {CODE} )* )
    )
    (?! [\p{{L}}0-9] )
"""


@cache
def ref_pattern() -> regex.Pattern[str]:
    """Finds references.

    >>> ref_pattern().search("theo Kết luận số 120 -KL/TW ngày").group("party")
    'KL/TW'
    """
    return compile_pattern(REF)


# Where a reference may start: what REF demands of its number and of the first letter of its
# symbol, as one flat pattern the engine scans some 30 times faster than REF, whose leading
# lookbehinds defeat the engine's skip-ahead. Every match of REF starts at a match of REF_ANCHOR
# (a weaker condition), and REF_ANCHOR consumes only the digits, so no start is skipped; see
# :func:`kehoach.extract.citations.iter_refs`.
# e.g. "59" in "Nghị định 59/2023/NĐ-CP" · "120" in "số 120 -KL/TW" · not "7" in "14/7/2015"
REF_ANCHOR = rf"""
    (?<! [A-Za-z0-9/.\-] | [0-9]: ) {NUMBER}
    (?= {SP}? (?: / {SP}? (?: [0-9]{{4}} {SP}? / {SP}? )? | - {SP}? ) \p{{Lu}} )
"""


@cache
def ref_anchor_pattern() -> regex.Pattern[str]:
    """Example:

    >>> [m.group() for m in ref_anchor_pattern().finditer("số 120 -KL/TW ngày 14/7/2015")]
    ['120']
    """
    return compile_pattern(REF_ANCHOR)


# The type word and "số" just before a reference, read backwards from the reference:
# e.g. "Quyết định số " → type "Quyết định"; "CHỈ THỊ SỐ " → type "CHỈ THỊ"; "Công văn " → "Công văn"
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
    names = tuple(dict.fromkeys(type_names() + tuple(fold_diacritics(n) for n in type_names())))
    return compile_pattern(rf"""
        (?<! \p{{L}} ) (?P<type> (?i: {alternation(names)} ) )
        (?: {SP}* (?P<so> (?i: {SO} ) ) )? {SP}* :? {SP}* \Z
    """, regex.REVERSE)


@cache
def fuzzy_type_before_pattern() -> regex.Pattern[str]:
    """A type word with one OCR error ("Quyết đinh số "), tried when the exact one fails.

    >>> fuzzy_type_before_pattern().search("theo Quyêt định số ").group("type")
    'Quyêt định'
    """
    names = tuple(n for n in type_names() if len(n) >= 7)
    return compile_pattern(rf"""
        (?<! \p{{L}} ) (?P<type> (?e) (?: {alternation(names)} ){{s<=1}} )
        {SP}+ (?P<so> (?i: {SO} ) ) {SP}* :? {SP}* \Z
    """)


# "số" alone just before a reference ("và số 218-QĐ/TW", "Công văn của UBND huyện số 245/UBND").
# e.g. "và số "
SO_BEFORE = rf"(?<! \p{{L}} ) (?P<so> (?i: {SO} ) ) {SP}* :? {SP}* \Z"


@cache
def so_before_pattern() -> regex.Pattern[str]:
    """Matched backwards, like :func:`type_before_pattern` (the one match ends at the end).

    >>> so_before_pattern().search("và số ").span("so")
    (3, 5)
    """
    return compile_pattern(SO_BEFORE, regex.REVERSE)


# A form or annex number, not a document: "Mẫu số 01/BC-UBND", "Biểu số 02/KH", "Phụ lục 03/TT".
# e.g. "theo Mẫu số "
FORM_BEFORE = rf"(?i: mẫu | biểu | phụ{SP}lục | phiếu | ô{SP}tô ) {SP}* (?i: số )? {SP}* :? {SP}* \Z"


@cache
def form_before_pattern() -> regex.Pattern[str]:
    """Matched backwards, like :func:`type_before_pattern` (only whether it matches is used).

    >>> form_before_pattern().search("ban hành kèm theo Mẫu số ") is not None
    True
    """
    return compile_pattern(FORM_BEFORE, regex.REVERSE)


# The date after a reference, numeric or in words, or a bare year:
# e.g. ", ngày 14/7/2015" · " ngày 12 tháng 12 năm 2013" · " năm 2024"
DATE_AFTER = rf"""
    \A {SP}? ,? {WS}{{0,3}} (?: \( {SP}? )?
    (?: (?i: được{SP}ban{SP}hành | ban{SP}hành | ký ) {SP} )?
    (?:
        (?i: {NGAY} ) {WS}{{1,3}} (?P<numeric> {DATE_NUMERIC} )
      | (?P<words> (?i: {DATE_WORDS} ) )
      | (?i: {NAM} ) {SP} (?P<year_only> {YEAR} ) (?! [0-9/.\-] )
    )
    (?! [0-9] )
"""


@cache
def date_after_pattern() -> regex.Pattern[str]:
    """Matches at the start of the text after a reference.

    >>> date_after_pattern().match(", ngày 14/7/2015 của").group("numeric")
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
ISSUER_INTRO = rf"\A {SP}? ,? {SP}? (?P<kw> (?i: {CUA} | do | giữa ) ) {SP}"


@cache
def issuer_intro_pattern() -> regex.Pattern[str]:
    """Example:

    >>> issuer_intro_pattern().match(" của Bộ Chính trị").group("kw")
    'của'
    """
    return compile_pattern(ISSUER_INTRO)


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


# A plural list whose items share what its last item prints: "Các Công điện: số 007/CĐ-UBND
# ngày …, số 008/CĐ-UBND …; số 010/CĐ-UBND ngày … của UBND tỉnh", or the issuer it names
# before its colon: "các Nghị định của Chính phủ: số 78/2025/NĐ-CP …".
# e.g. "Các Công điện:" · "các Quyết định số" · "các Nghị định của Chính phủ:"
# ("[Cc]ác", not "Các|các": the engine skips ahead to the literal "ác" after a class, but tries
# an alternation at every position, ten times slower.)
@cache
def plural_list_pattern() -> regex.Pattern[str]:
    """Example:

    >>> plural_list_pattern().search("Các Công điện: số 007/CĐ-UBND").group("type")
    'Công điện'
    """
    return compile_pattern(rf"""
        (?<! \p{{L}} ) [Cc]ác {SP} (?P<type> {alternation(type_names())} )
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
    \A (?: {SP}? (?i: năm ) {SP} (?P<year> {YEAR} ) | {SP} (?P<bare_year> {YEAR} ) ) (?! [0-9/] )
  | \A {SP}? ,? {SP}? (?P<so> (?i: số ) )? {SP}? (?= [0-9] )
"""


@cache
def law_tail_pattern() -> regex.Pattern[str]:
    """Example:

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
