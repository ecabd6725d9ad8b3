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


# The type word and "số" just before a reference, read backwards from the reference:
# e.g. "Quyết định số " → type "Quyết định"; "CHỈ THỊ SỐ " → type "CHỈ THỊ"; "Công văn " → "Công văn"
@cache
def type_before_pattern() -> regex.Pattern[str]:
    """Matches at the end of the text that precedes a reference.

    >>> type_before_pattern().search("thực hiện Nghị định số ").group("type")
    'Nghị định'
    """
    names = tuple(dict.fromkeys(type_names() + tuple(fold_diacritics(n) for n in type_names())))
    return compile_pattern(rf"""
        (?<! \p{{L}} ) (?P<type> (?i: {alternation(names)} ) )
        (?: {SP}* (?P<so> (?i: {SO} ) ) )? {SP}* :? {SP}* \Z
    """)


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
    """Example:

    >>> so_before_pattern().search("và số ") is not None
    True
    """
    return compile_pattern(SO_BEFORE)


# A form or annex number, not a document: "Mẫu số 01/BC-UBND", "Biểu số 02/KH", "Phụ lục 03/TT".
# e.g. "theo Mẫu số "
FORM_BEFORE = rf"(?i: mẫu | biểu | phụ{SP}lục | phiếu | ô{SP}tô ) {SP}* (?i: số )? {SP}* :? {SP}* \Z"


@cache
def form_before_pattern() -> regex.Pattern[str]:
    """Example:

    >>> form_before_pattern().search("ban hành kèm theo Mẫu số ") is not None
    True
    """
    return compile_pattern(FORM_BEFORE)


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
ISSUER_BEFORE = rf"""
    (?<! \p{{L}} ) (?i: của ) {SP} (?P<of> [^\n;:()“”"]{{3,160}}? ) {SP} (?i: tại ) {SP}? \Z
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
@cache
def plural_list_pattern() -> regex.Pattern[str]:
    """Example:

    >>> plural_list_pattern().search("Các Công điện: số 007/CĐ-UBND").group("type")
    'Công điện'
    """
    return compile_pattern(rf"""
        (?<! \p{{L}} ) (?: Các | các ) {SP} (?P<type> {alternation(type_names())} )
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
# "LUẬT ĐẤT ĐAI". Only the capitalized word: "pháp luật", "luật định" are not citations.
# e.g. "Luật Tiếp công dân" → kind "Luật"
LAW_WORD = rf"""
    (?<! \p{{L}} ) (?P<kind> Bộ{SP}luật | BỘ{SP}LUẬT | Luật | LUẬT | Hiến{SP}pháp | HIẾN{SP}PHÁP )
    (?= {WS} \p{{L}} | {SP}? số )
"""


@cache
def law_word_pattern() -> regex.Pattern[str]:
    """Example:

    >>> law_word_pattern().search("theo quy định của Luật Tiếp công dân").group("kind")
    'Luật'
    """
    return compile_pattern(LAW_WORD)


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
