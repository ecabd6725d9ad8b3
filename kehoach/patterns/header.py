"""The header and signature grammar: number line, place and date, national motto, type line,
signing authority, recipients, and the closing sentence that names the issuer."""

from __future__ import annotations

import re
from functools import cache

import regex

from .atoms import (CODE, DASH_JOIN, DATE_WORDS, MONTH, NAM, NGAY, NUMBER, SP, THANG, WS,
                    YEAR, compile_pattern)
from .citations import alternation
from .vocab import type_names

# The document's own number line; the number may be left blank in a draft.
# e.g. "Số: 2602 /KH-VP" · "Số: /KH-UBND" · "Số 1147-QĐ/BTGDVTW" · "Số: 12/2025/NĐ-CP"
NUMBER_LINE = rf"""
    (?m: ^ ) {SP}* (?: Số | SỐ | So | SO ) {SP}? :? {SP}* (?: \.{{2,}} | …+ | _+ )? {SP}*
    (?P<number> {NUMBER} )? {SP}?
    (?:
        / {SP}? (?P<state> (?: {YEAR} {SP}? / {SP}? )? {CODE} (?: {DASH_JOIN} {CODE} )* )
      | - {SP}? (?P<party> {CODE} {SP}? / {SP}? {CODE} (?: {DASH_JOIN} {CODE} )* )
    )
    (?! [\p{{L}}0-9] )
"""


@cache
def number_line_pattern() -> regex.Pattern[str]:
    """Example:

    >>> number_line_pattern().search("Số: 2602 /KH-VP").group("number", "state")
    ('2602', 'KH-VP')
    """
    return compile_pattern(NUMBER_LINE)


# A date of issue whose printed day no month has, which DATE_WORDS leaves out: the header stage
# keeps its month and year (``citations.printed_date``: the day printed is lost, the rest is not).
# e.g. "ngày 00 tháng 5 năm 2024" · "ngày 32 tháng 12 năm 2023"
DATE_BAD_DAY = rf"{NGAY} {WS}* [0-9]{{1,2}} {WS}* {THANG} {WS}* {MONTH} {WS}* {NAM} {WS}* {YEAR}"

# Place and date of issue: up to six words before ", ngày …" (the comma may be missing); the
# header stage keeps the capitalized run of them as the place.
# e.g. "Tây Ninh, ngày 29 tháng 3 năm 2024" · "Ia Pa, ngày tháng 4 năm 2022"
# · "Thành phố Hồ Chí Minh, ngày 5 tháng 6 năm 2025" · "Hà Nội ngày 01 tháng 12 năm 2025"
PLACE_CHAR = r"[\p{L}.'\-]"
PLACE_WORD = rf"{PLACE_CHAR}+"
PLACE_DATE = rf"""
    (?P<place> (?: {PLACE_WORD} {SP} ){{0,5}} {PLACE_WORD} ) {SP}? ,? {SP}*
    (?P<date> (?i: {DATE_WORDS} | {DATE_BAD_DAY} ) )
"""


@cache
def place_date_pattern() -> regex.Pattern[str]:
    """Example:

    >>> place_date_pattern().search("Tây Ninh, ngày 29 tháng 3 năm 2024").group("place")
    'Tây Ninh'
    """
    return compile_pattern(PLACE_DATE)


@cache
def place_date_at_word_pattern() -> regex.Pattern[str]:
    """PLACE_DATE where a word starts: a match that starts inside a word has one from the word's
    start, so matching there is enough, but where a search itself starts inside a word.

    >>> text = "Tây Ninh, ngày 29 tháng 3 năm 2024"
    >>> place_date_pattern().search(text, 1).group("place")
    'ây Ninh'
    >>> place_date_at_word_pattern().search(text, 1).group("place")
    'Ninh'
    """
    return compile_pattern(rf"(?<! {PLACE_CHAR} ) {PLACE_DATE}")


@cache
def place_word_start_pattern() -> regex.Pattern[str]:
    """Where a word of a place starts.

    >>> [m.start() for m in place_word_start_pattern().finditer("TP. Hà Nội, ngày")]
    [0, 4, 7, 12]
    """
    return compile_pattern(rf"(?<! {PLACE_CHAR} ) {PLACE_CHAR}")


# The word that starts a PLACE_DATE's date. PLACE_DATE itself, which may start at any letter, is
# tried only before this word on its line: its place cannot cross a line.
# e.g. "ngày" in "Tây Ninh, ngày 29 tháng 3 năm 2024"
@cache
def date_word_pattern() -> regex.Pattern[str]:
    """Example:

    >>> date_word_pattern().search("Tây Ninh, NGÀY 29").group()
    'NGÀY'
    """
    return compile_pattern(rf"(?i: {NGAY} )")


# A date of issue printed without a place.
# e.g. "ngày 20 tháng 11 năm 2025" at the start of a line
BARE_DATE = rf"(?m: ^ ) {SP}* (?P<date> (?i: {DATE_WORDS} ) )"


@cache
def bare_date_pattern() -> regex.Pattern[str]:
    """Example:

    >>> bare_date_pattern().search("x\\nngày 20 tháng 11 năm 2025").group("date")
    'ngày 20 tháng 11 năm 2025'
    """
    return compile_pattern(BARE_DATE)


# The national motto, or the Party's, which closes the issuer column of a header: in capitals,
# as headers print it ("nước Cộng hòa xã hội chủ nghĩa Việt Nam" in a sentence is not it), its
# diacritics possibly lost.
# e.g. "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" · "ĐẢNG CỘNG SẢN VIỆT NAM"
MOTTO = rf"""
    (?: C[OỘ]NG {WS}+ H[OÒ][AÀ]? {WS}+ X[AÃ] {WS}+ H[OỘ]I {WS}+ CH[UỦ] {WS}+ NGH[IĨ]A {WS}+ VI[EỆ]T {WS}+ NAM
      | Đ[AẢ]NG {WS}+ C[OỘ]NG {WS}+ S[AẢ]N {WS}+ VI[EỆ]T {WS}+ NAM )
"""


# The word every motto ends with: a text that does not print it holds no motto, which a literal
# scan tells far faster than the pattern.
MOTTO_LAST_WORD = "NAM"


@cache
def motto_pattern() -> regex.Pattern[str]:
    """Example:

    >>> motto_pattern().search("CỘNG HÒA XÃ HỘI\\nCHỦ NGHĨA VIỆT NAM") is not None
    True
    """
    return compile_pattern(MOTTO)


# The type line of the header, in capitals, possibly followed by the title on the same line;
# an export that dropped the break between two bold runs glues the title to the type word
# ("**NGHỊ ĐỊNH****Về …**"): a capital then a small letter starts a word of its own.
# e.g. "KẾ HOẠCH" · "QUYẾT ĐỊNH" · "KẾ HOẠCH Thực hiện phong trào “Dân vận khéo” năm 2024"
#      · "NGHỊ ĐỊNHQuy định về chính sách hỗ trợ"
def _type_line() -> str:
    upper = tuple(name.upper() for name in type_names())
    return rf"""
        {SP}* (?P<type> {alternation(upper)} ) (?: (?! \p{{L}} ) | (?= \p{{Lu}} \p{{Ll}} ) )
        (?: {SP}* (?: SỐ | Số ) [^\n]* | {SP}* (?P<rest> [^\n]* ) )? (?m: $ )
    """


@cache
def type_line_pattern() -> regex.Pattern[str]:
    """Example:

    >>> type_line_pattern().search("\\nKẾ HOẠCH\\n").group("type")
    'KẾ HOẠCH'
    """
    return compile_pattern(rf"(?m: ^ ) {_type_line()}")


@cache
def type_line_break_pattern() -> regex.Pattern[str]:
    """A type line with the line break before it, which the engine skips ahead to; at the start
    of a line, it tries the type words at every position.

    >>> type_line_break_pattern().search("Số: 12/QĐ\\nQUYẾT ĐỊNH\\n").group("type")
    'QUYẾT ĐỊNH'
    """
    return compile_pattern(rf"\n {_type_line()}")


# "V/v" (về việc), which introduces the subject of a Công văn.
# e.g. "V/v hướng dẫn góp vốn điều lệ"
SUBJECT = rf"(?<! \p{{L}} ) (?i: V/v | V\.v ) :? {SP}* (?P<subject> [^\n]+ )"


@cache
def subject_pattern() -> regex.Pattern[str]:
    """Example:

    >>> subject_pattern().search("V/v hướng dẫn góp vốn").group("subject")
    'hướng dẫn góp vốn'
    """
    return compile_pattern(SUBJECT)


# A signing authority at the start of a signature line (thẩm quyền ký).
# e.g. "TM. ỦY BAN NHÂN DÂN" · "KT. CHỦ TỊCH" · "TL. BỘ TRƯỞNG" · "Q. GIÁM ĐỐC"
AUTHORITY_MARK = r"(?: TM | KT | TL | TUQ | PP | Q ) \."
AUTHORITY = rf"(?<! \p{{L}} ) (?P<authority> TM | KT | TL | TUQ | PP | Q ) \. {SP}?"


@cache
def authority_pattern() -> regex.Pattern[str]:
    """Example:

    >>> [m.group("authority") for m in authority_pattern().finditer("TM. ỦY BAN KT. CHỦ TỊCH")]
    ['TM', 'KT']
    """
    return compile_pattern(AUTHORITY)


# The recipients' block (nơi nhận) and the addressee of a Công văn (kính gửi).
# e.g. "Nơi nhận:" · "Kính gửi: Thuế tỉnh Quảng Trị."
RECIPIENT_WORDS = (rf"nơi{SP}nhận", rf"kính{SP}gửi")
RECIPIENTS = rf"(?m: ^ ) {SP}* (?P<kind> (?i: {' | '.join(RECIPIENT_WORDS)} ) ) {SP}* :? {SP}*"


@cache
def recipients_pattern() -> regex.Pattern[str]:
    """Example:

    >>> recipients_pattern().search("\\nNơi nhận:\\n- UBND tỉnh;").group("kind")
    'Nơi nhận'
    """
    return compile_pattern(RECIPIENTS)


# The characters RECIPIENT_WORDS may begin with, in any case ("K" is the Kelvin sign, which
# case-insensitive matching takes for "k"), and the second ones, in any case (no other
# character matches them case-insensitively); keep in step.
RECIPIENT_INITIALS = "nNkK\u212a"
RECIPIENT_SECONDS = "ơƠíÍ"


@cache
def recipient_line_pattern() -> re.Pattern[str]:
    """Where RECIPIENTS may match: the line break before a line that begins with one of
    RECIPIENT_INITIALS, then one of RECIPIENT_SECONDS (the stdlib engine skips ahead to line
    breaks, where `regex` would try RECIPIENTS at every position; the second letter leaves it
    to try at one line in seven of those the first would).

    >>> recipient_line_pattern().search("a\\nNội dung\\n Nơi nhận:").start()
    10
    """
    return re.compile(rf"\n [ ]* [{RECIPIENT_INITIALS}] [{RECIPIENT_SECONDS}]", re.VERBOSE)


# The closing sentence that names the issuer when the header does not.
# e.g. "Trên đây là Kế hoạch thực hiện … năm 2024 của Văn phòng UBND tỉnh Tây Ninh./."
CLOSING = rf"(?i: trên{SP}đây{SP}là ) (?P<body> [^\n]{{0,400}} )"


@cache
def closing_pattern() -> regex.Pattern[str]:
    """Example:

    >>> closing_pattern().search("Trên đây là Kế hoạch của UBND xã Ba Nam./.") is not None
    True
    """
    return compile_pattern(CLOSING)


# The mark a copy prints in place of the signature. e.g. "(Đã ký)" · "( đã ký)"
SIGNED_MARK = rf"\( {SP}? (?i: đã{SP}ký ) {SP}? \)"

# A person's name on the signature block: two to six capitalized words, no digits, perhaps
# after "(đã ký)".
# e.g. "Đoàn Minh Long" · "Ksor Suy" · "Phạm Thị Minh Hiền" · "(Đã ký) Lê Văn A"
SIGNER = rf"""
    (?: {SIGNED_MARK} {SP}* )?
    (?P<name> \p{{Lu}} \p{{Ll}}+ (?: {SP} \p{{Lu}} \p{{Ll}}* ){{1,5}} )
"""
PERSON = rf"\A {SP}* {SIGNER} {SP}* \Z"


@cache
def person_pattern() -> regex.Pattern[str]:
    """Example:

    >>> person_pattern().match("Phạm Văn Đìn").group("name")
    'Phạm Văn Đìn'
    """
    return compile_pattern(PERSON)


# A signature block whose line breaks the export lost (a table cell flattened to one line): the
# authority lines in capitals glued one to the next, then the signer's name; or the name after
# the "signed" mark, glued to whatever line came before (the recipients, in the other cell).
# e.g. "TM. CHÍNH PHỦKT. THỦ TƯỚNGPHÓ THỦ TƯỚNG(Đã ký)Hồ Đức Phớc"
# · "- Lưu: VT, NC (02). MC ( Đã ký) Lê Thành Long"
GLUED_SIGNATURE = rf"""
    (?m: ^ ) {SP}*
    (?: (?P<title> {AUTHORITY_MARK} [^\n]*? \p{{Lu}} ) {SP}* | [^\n]*? (?= {SIGNED_MARK} ) )
    {SIGNER} {SP}* (?m: $ )
"""


@cache
def glued_signature_pattern() -> regex.Pattern[str]:
    """Example:

    >>> m = glued_signature_pattern().search("TM. CHÍNH PHỦKT. THỦ TƯỚNG(Đã ký)Hồ Đức Phớc")
    >>> m.group("title", "name")
    ('TM. CHÍNH PHỦKT. THỦ TƯỚNG', 'Hồ Đức Phớc')
    >>> glued_signature_pattern().search("- Lưu: VT. ( Đã ký) Lê Thành Long").group("title", "name")
    (None, 'Lê Thành Long')
    """
    return compile_pattern(GLUED_SIGNATURE)


@cache
def glued_signature_clues() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """What every line GLUED_SIGNATURE matches holds, as two patterns: an authority after the
    line break, or the "signed" mark (keep in step). The stdlib engine skips ahead to their first
    character, where `regex` would try GLUED_SIGNATURE at each position.

    >>> text = "KT. X\\n KT. Y\\n- Lưu (Đã ký) Lê A"
    >>> [[m.start() for m in clue.finditer(text)] for clue in glued_signature_clues()]
    [[5], [19]]
    """
    return (re.compile(r"\n[ ]*(?:TM|KT|TL|TUQ|PP|Q)\."),
            re.compile(r"\([ ]?(?i:đã[ ]ký)[ ]?\)"))


# Where two lines of a signature block were glued: an authority, or an office that opens a line
# ("PHÓ …", "CHỦ TỊCH"), right after a capital letter.
# e.g. "PHỦ|KT. THỦ TƯỚNG" · "THỦ TƯỚNG|PHÓ THỦ TƯỚNG" · "QUỐC HỘI|CHỦ TỊCH"
TITLE_GLUE = rf"""
    (?<= \p{{Lu}} )
    (?= {AUTHORITY_MARK} | PHÓ {SP} | CHỦ {SP} TỊCH | THỦ {SP} TƯỚNG | BỘ {SP} TRƯỞNG
      | THỨ {SP} TRƯỞNG | GIÁM {SP} ĐỐC | CỤC {SP} TRƯỞNG | TRƯỞNG {SP} BAN | CHÁNH {SP} )
"""


@cache
def title_glue_pattern() -> regex.Pattern[str]:
    """Example:

    >>> title_glue_pattern().sub(" ", "TM. CHÍNH PHỦKT. THỦ TƯỚNGPHÓ THỦ TƯỚNG")
    'TM. CHÍNH PHỦ KT. THỦ TƯỚNG PHÓ THỦ TƯỚNG'
    """
    return compile_pattern(TITLE_GLUE)


@cache
def person_line_pattern() -> regex.Pattern[str]:
    """A whole line that PERSON matches once stripped (of ``str.strip``'s white space), with the
    line break before it, which the engine skips ahead to.

    >>> lines = person_line_pattern().finditer("\\nLê Văn A\\n1. Xét\\n Ksor Suy ")
    >>> [m.group("name") for m in lines]
    ['Lê Văn A', 'Ksor Suy']
    """
    # What str.strip removes, but the line break: str.isspace, unlike \s, holds for \x1c-\x1f.
    # All of it lies in the Basic Multilingual Plane.
    blank = "".join(f"\\u{code:04x}" for code in range(0x10000)
                    if chr(code).isspace() and code != ord("\n"))
    return compile_pattern(rf"\n [{blank}]* {SIGNER} [{blank}]* (?= \n | \Z )")


# Small patterns the header stage reads its lines with, by name; each is plain (verbose only
# where it says "(?x)") and has its example beside it.
HELPERS = {
    # an issuer line that is only its level. e.g. "UBND tỉnh"
    "level_only": r"(?:^|\s)(?:tỉnh|huyện|xã|thành phố|thị xã|phường|quận)$",
    # the start of a body sentence, not of a title. e.g. "Căn cứ Luật …", "II. ", "Điều 1"
    "not_title_start": (r"^(?:Căn cứ|CĂN CỨ|Kính gửi|Xét|Theo đề nghị|[IVX]{1,5}\.\s"
                        r"|Điều\s+[0-9]|Chương\s|PHẦN\s)"),
    # the authority line that follows the title of a Quyết định or Nghị quyết, or
    # opens a Công điện. e.g. "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …", "BỘ TRƯỞNG BỘ TÀI CHÍNH",
    # "CHÍNH PHỦ"
    "authority_line": r"""(?x)^(?:
      (?:PHÓ\s)?(?:CHỦ\sTỊCH|BỘ\sTRƯỞNG|THỦ\sTƯỚNG|CỤC\sTRƯỞNG|TỔNG\sCỤC\sTRƯỞNG|GIÁM\sĐỐC
       |TỔNG\sGIÁM\sĐỐC|CHÁNH\s|TRƯỞNG\sBAN|VIỆN\sTRƯỞNG|THỐNG\sĐỐC|TỔNG\sKIỂM\sTOÁN)
  | (?:ỦY|UỶ)\sBAN\s | HỘI\sĐỒNG\sNHÂN\sDÂN | BAN\sTHƯỜNG\sVỤ | BAN\sCHẤP\sHÀNH | ĐOÀN\sCHỦ\sTỊCH
  | (?:CHÍNH\sPHỦ|QUỐC\sHỘI)\s*$ )""",
    # a line that names an issuer's locality. e.g. "TỈNH TÂY NINH", "HUYỆN"
    "locality_start": r"^(?:TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|[^\s]+$)",
    # an official's title before the body it heads. e.g. "CHỦ TỊCH ỦY BAN …"
    "official_title": (r"^(?:PHÓ\s)?(?:CHỦ\sTỊCH|BỘ\sTRƯỞNG|CỤC\sTRƯỞNG|GIÁM\sĐỐC|"
                       r"TỔNG\sCỤC\sTRƯỞNG|TRƯỞNG\sBAN|THỐNG\sĐỐC)\s+"),
    # the "về việc" mark before a Công văn's subject. e.g. "V/v: " in "V/v: họp"
    "v_v": r"^(?i:V/v|V\.v)[:.]?\s*",
    # what a place name never holds: digits, "/" or a code. e.g. "12/UBND", "UBND-"
    "not_a_place": r"[0-9/]|\p{Lu}{2,}-",
    # the word before an issuer. e.g. "của " in "Kế hoạch của UBND"
    "of_or_by": r"(?<!\p{L})(?:của|do)\s",
    # the long form of UBND. e.g. "Ủy ban nhân dân tỉnh"
    "ubnd_long": r"(?i)^(?:Ủy|Uỷ) ban nhân dân\b",
    # the long form of HĐND. e.g. "Hội đồng nhân dân huyện"
    "hdnd_long": r"(?i)^Hội đồng nhân dân\b",
    # the "signed" mark of a copy. e.g. "(Đã ký)"
    "signed_mark": r"\(?\s*(?:đã ký|Đã ký|ĐÃ KÝ)[^)]*\)?",
    # an authority phrase printed on the title's last line. e.g. "… TỈNH CÀ MAU
    # CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH"
    "trailing_authority": (r"\s(?:PHÓ\s)?(?:CHỦ\sTỊCH|BỘ\sTRƯỞNG|CỤC\sTRƯỞNG|GIÁM\sĐỐC"
                           r"|TỔNG\sCỤC\sTRƯỞNG|THỐNG\sĐỐC)(?:\s\p{Lu}+){1,8}$"),
}


@cache
def helper(name: str) -> regex.Pattern[str]:
    """One of HELPERS, compiled on first use.

    >>> helper("v_v").sub("", "V/v: họp giao ban"), bool(helper("level_only").search("UBND tỉnh"))
    ('họp giao ban', True)
    """
    return regex.compile(HELPERS[name])
