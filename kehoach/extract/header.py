"""Stage 4 — header: the document's own identity (type, number, place and date, title, issuer,
signer, recipients).

A Vietnamese header has two columns: the issuer and "Số: …" on the left, the national motto and
"<place>, ngày … tháng … năm …" on the right; then the type in capitals and the title (trích
yếu). The signature block (TM./KT./TL. lines in capitals, then the signer's name) and the
recipients (Nơi nhận) close the document. Text exports put the columns one after the other.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from functools import cache

import regex

from ..models import Header
from ..patterns.header import (
    authority_pattern, closing_pattern, date_word_pattern, glued_signature_clues,
    glued_signature_pattern, helper, motto_pattern, number_line_pattern, person_line_pattern,
    person_pattern, place_date_at_word_pattern, place_date_pattern, place_word_start_pattern,
    recipient_line_pattern, recipients_pattern, subject_pattern, title_glue_pattern,
    type_line_break_pattern, type_line_pattern,
)
from ..patterns.citations import ref_pattern
from ..patterns.vocab import IssuerHead, canonical_type_names, issuer_heads, issuer_names
from .citations import canonical_symbol, infer_type, printed_date
from .issuers import canonical_issuer, fold_tones, read_issuer, recase_caps

HEADER_SPAN = 3000  # the header lies within the first characters of the official text
SIGNATURE_SPAN = 4000  # the signature is searched for this much text at a time, from the end


def _not_title(line: str, caps: bool) -> bool:
    """A body sentence rather than a title: "Căn cứ …", an authority line, a heading, or a
    mixed-case sentence that cites or goes on."""
    if helper("not_title_start").match(line):
        return True
    if caps:
        return False
    return line.endswith((":", ";", ",")) or len(line) > 400 \
        or ref_pattern().search(line) is not None


def _lines(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """(start, end) of each non-empty line in text[start:end], read as far as the caller goes.

    >>> list(_lines("a\\n\\n b \\nc", 0, 8))
    [(0, 1), (3, 6), (7, 8)]
    """
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        if text[pos:stop].strip():
            yield pos, stop
        pos = stop + 1


def _lines_back(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The lines of :func:`_lines`, last first.

    >>> list(_lines_back("a\\n\\n b \\nc", 0, 8))
    [(7, 8), (3, 6), (0, 1)]
    """
    stop = end
    while stop > start:
        nl = text.rfind("\n", start, stop)
        pos = start if nl < 0 else nl + 1
        if text[pos:stop].strip():
            yield pos, stop
        stop = nl


def _is_caps(line: str) -> bool:
    """At least two letters, none in lower case (the first in lower case ends the look).

    >>> _is_caps("ỦY BAN NHÂN DÂN"), _is_caps("Ủy ban"), _is_caps("A 1")
    (True, False, False)
    """
    if any(map(str.islower, filter(str.isalpha, line))):
        return False
    return sum(map(str.isalpha, line)) >= 2


def _number(text: str, start: int, end: int) -> tuple[str | None, str | None, int]:
    m = number_line_pattern().search(text, start, min(end, start + HEADER_SPAN))
    if m is None:
        return None, None, -1
    raw = m.group("party") or m.group("state")
    symbol = canonical_symbol(raw)[0]
    return m.group("number"), symbol, m.start()


def _type_and_title(text: str, start: int, end: int) -> tuple[str | None, str | None, int]:
    """Type, title, and where the type line starts (`end` when there is none)."""
    limit = min(end, start + HEADER_SPAN)
    for line_start, m in _type_lines(text, start, limit):
        if motto_pattern().match(text, line_start):
            continue
        doc_type = canonical_type_names()[" ".join(m.group("type").lower().split())]
        rest = (m.group("rest") or "").strip()
        if rest and not rest.upper().startswith("SỐ"):
            return doc_type, _clean_title(rest), line_start
        return doc_type, _title_after(text, m.end(), end), line_start
    return None, None, end


def _type_lines(text: str, start: int, end: int) -> Iterator[tuple[int, regex.Match[str]]]:
    """The matches of :func:`type_line_pattern` in text[start:end], as its ``finditer`` gives
    them, with the start of each line: but for a first line at `start`, found from their line
    breaks."""
    pos = start
    if start == 0 or text[start - 1] == "\n":
        first = type_line_pattern().match(text, start, end)
        if first is not None:
            yield start, first
            pos = first.end()
    for m in type_line_break_pattern().finditer(text, pos, end):
        yield m.start() + 1, m


def _title_after(text: str, pos: int, end: int) -> str | None:
    """The title after the type line: consecutive lines in capitals (blank lines between them
    allowed), or a mixed-case paragraph; it ends at an authority line ("CHỦ TỊCH ỦY BAN NHÂN
    DÂN TỈNH …"), "Căn cứ", a heading, or a change of case."""
    parts: list[str] = []
    caps_title = None
    cursor = pos
    while cursor < end and len(parts) < 8:
        nl = text.find("\n", cursor, end)
        stop = end if nl < 0 else nl
        line = text[cursor:stop].strip()
        blank_after = text.startswith("\n\n", stop)
        cursor = stop + 1
        if not line:
            continue
        caps = _is_caps(line) or not any(c.isalpha() for c in line)
        if _not_title(line, caps) or (caps_title is not None and caps != caps_title):
            break
        caps_title = caps
        parts.append(line)
        if blank_after and not caps:
            break
    if caps_title:
        parts = parts[:_authority_index(parts)]
    return _clean_title(" ".join(parts)) if parts else None


def _authority_index(lines: list[str]) -> int:
    """Where the authority line after a capitals title starts ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH
    THANH HÓA", maybe wrapped), or len(lines) when there is none."""
    for i in range(len(lines) - 1, 0, -1):
        if helper("authority_line").match(lines[i]):
            rest = lines[i + 1:]
            if len(rest) <= 1 and all(helper("locality_start").match(r) for r in rest):
                return i
            break
    return len(lines)


def _authority_issuer(text: str, start: int, end: int) -> str | None:
    """The body named by the authority line under the title ("ỦY BAN THƯỜNG VỤ QUỐC HỘI",
    "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH X" → the committee), for headers without an issuer column."""
    for a, b in _lines(text, start, min(end, start + HEADER_SPAN)):
        line = text[a:b].strip()
        if _is_caps(line) and helper("authority_line").match(line) \
                and not motto_pattern().search(line):
            body = helper("official_title").sub("", line)
            if _head_of(body) is not None or body.lower() in issuer_names():
                return recase_caps(body)
        if line.startswith(("Căn cứ", "CĂN CỨ")):
            break
    return None


def _clean_title(title: str) -> str | None:
    title = helper("v_v").sub("", title.strip())
    title = " ".join(title.split())
    if title.isupper():
        title = helper("trailing_authority").sub("", title)
    return title or None


PLACE_WORDS_LOWER = frozenset({"phố", "xã", "trấn", "thị"})

# Issuers read from a column that printed a council or a committee without its place.
BARE_BODIES = frozenset({"UBND", "HĐND"})


def _place_dates(text: str, start: int, end: int) -> Iterator[regex.Match[str]]:
    """The matches of :func:`place_date_pattern` in text[start:end], as its ``finditer`` gives
    them."""
    pos = start
    while (m := _first_place_date(text, pos, end)) is not None:
        yield m
        pos = m.end()


def _first_place_date(text: str, pos: int, end: int) -> regex.Match[str] | None:
    """The first match of :func:`place_date_pattern` from `pos`. One holds a date word and starts
    on its line, before it: at `pos`, or where a word starts (one that starts inside a word has
    one from the word's start), so only there is it tried."""
    m = place_date_pattern().match(text, pos, end)
    if m is not None:
        return m
    tried = pos + 1  # no match starts before
    for word in date_word_pattern().finditer(text, pos, end):
        line_start = text.rfind("\n", 0, word.start()) + 1
        for at in place_word_start_pattern().finditer(text, max(tried, line_start), word.start()):
            m = place_date_at_word_pattern().match(text, at.start(), end)
            if m is not None:
                return m
        tried = max(tried, word.start())
    return None


def _place_date(text: str, start: int, end: int):
    """Place and date of issue; the place is the run of capitalized words just before the date
    ("Thành phố Hồ Chí Minh", "TP. Hà Nội", "Ia Pa")."""
    for m in _place_dates(text, start, min(end, start + HEADER_SPAN)):
        date = printed_date(m.group("date"))  # a day no month has is dropped, not the date
        line_start = text.rfind("\n", 0, m.start("date")) + 1
        lead = text[line_start:m.start("date")]
        # The date follows its place: after a comma, or alone on the line with it; one after
        # other words ("Căn cứ Luật …, Luật … ngày 22 tháng 11 năm 2019") is a cited one.
        if date is None or (not lead.rstrip().endswith(",")
                            and lead.strip() != m.group("place").strip()):
            continue
        if helper("not_a_place").search(m.group("place")):
            continue
        words = m.group("place").split()
        place: list[str] = []
        for word in reversed(words):
            if word[:1].isupper() or (place and word in PLACE_WORDS_LOWER):
                place.insert(0, word)
            else:
                break
        while place and place[0] in PLACE_WORDS_LOWER:
            place.pop(0)
        if place and place[0].upper().startswith(("SỐ", "V/V")):
            place = []
        return (" ".join(place) or None), date
    return None, None


def _header_issuer(text: str, start: int, end: int) -> str | None:
    """The issuer column: the lines before the motto (or before "Số:")."""
    motto = motto_pattern().search(text, start, min(end, start + HEADER_SPAN))
    number = number_line_pattern().search(text, start, min(end, start + HEADER_SPAN))
    stops = [m.start() for m in (motto, number) if m is not None]
    if not stops:
        return None
    lines = [text[a:b].strip() for a, b in _lines(text, start, min(stops))]
    lines = [ln for ln in lines if _is_caps(ln) and not motto_pattern().search(ln)]
    if not lines:
        return None
    return compose_issuer(lines)


@cache
def _heads_by_text() -> dict[str, IssuerHead]:
    """The issuer heads by their text (the first listed of each), and their texts in order."""
    by_text: dict[str, IssuerHead] = {}
    for head in issuer_heads():
        by_text.setdefault(head.head, head)
    return by_text


@cache
def _sorted_head_texts() -> list[str]:
    return sorted(_heads_by_text())


def _head_of(line: str) -> IssuerHead | None:
    """The longest issuer head that `line` begins with as whole words (the first of
    :func:`issuer_heads`, longest first, to do so).

    >>> _head_of("ỦY BAN NHÂN DÂN TỈNH").head, _head_of("ỦY BANG")
    ('ỦY BAN NHÂN DÂN', None)
    """
    upper = fold_tones(line.upper())
    by_text = _heads_by_text()
    end = len(upper)
    while end > 0:  # each beginning that ends with a word, longest first
        head = by_text.get(upper[:end])
        if head is not None:
            return head
        end = upper.rfind(" ", 0, end)
    return None


def _completes_head(previous: str, line: str) -> bool:
    """Does `line` finish a head word broken across lines ("ỦY" + "BAN NHÂN DÂN")?"""
    prev = fold_tones(previous.upper()) + " "
    joined = fold_tones(f"{previous} {line}".upper())
    heads = _sorted_head_texts()
    i = bisect_left(heads, prev)  # the heads that begin with `prev` come one after the other
    while i < len(heads) and heads[i].startswith(prev):
        if joined.startswith(heads[i]):
            return True
        i += 1
    return False


def compose_issuer(lines: list[str]) -> str:
    """The issuing unit from the header's issuer lines (printed in capitals).

    A line that starts a new unit ("CỤC THUẾ" under "BỘ TÀI CHÍNH") names the issuer; a
    sub-unit such as "VĂN PHÒNG" is named with its parent; a line that goes on with a
    locality ("TỈNH TÂY NINH") belongs to the line before.

    >>> compose_issuer(["ỦY BAN NHÂN DÂN", "TỈNH TÂY NINH"])
    'UBND tỉnh Tây Ninh'
    >>> compose_issuer(["BỘ TÀI CHÍNH", "CỤC THUẾ"])
    'Cục Thuế'
    """
    whole = recase_caps(" ".join(lines))
    if whole.lower() in issuer_names():
        return whole
    units: list[str] = []
    roles: list[str] = []
    for line in lines:
        head = _head_of(line)
        if units and _completes_head(units[-1], line):
            units[-1] = f"{units[-1]} {line}"
            head = _head_of(units[-1])
            roles[-1] = head.role if head else "unit"
            continue
        if units and head is None:
            units[-1] = f"{units[-1]} {line}"
        else:
            units.append(line)
            roles.append(head.role if head else "unit")
    if len(units) >= 2 and roles[-1] == "sub":
        return f"{recase_caps(units[-1])} {recase_caps(units[-2])}"
    return recase_caps(units[-1])


def _closing_issuer(text: str, start: int, end: int) -> str | None:
    """The issuer named by the closing sentence "Trên đây là … của <issuer>"."""
    for m in closing_pattern().finditer(text, start, end):
        body_start = m.start("body")
        for cua in helper("of_or_by").finditer(m.group("body")):
            pos = body_start + cua.end()
            if _head_of(text[pos:pos + 40]) is None and not text[pos:pos + 12].startswith(
                    ("Ủy ban", "Uỷ ban", "UBND", "Văn phòng", "Ban ", "Sở ")):
                continue
            phrase = read_issuer(text, pos)
            if phrase is not None:
                return phrase.name
    return None


def complete_issuer(issuer: str | None, place: str | None) -> str | None:
    """Write "Ủy ban nhân dân" as UBND and complete a bare locality level with the place.

    >>> complete_issuer("Ủy ban nhân dân huyện", "Ia Pa")
    'UBND huyện Ia Pa'
    """
    if not issuer:
        return None
    issuer = helper("ubnd_long").sub("UBND", issuer)
    issuer = helper("hdnd_long").sub("HĐND", issuer)
    if place and helper("level_only").search(issuer):
        issuer = f"{issuer} {place}"
    return canonical_issuer(issuer)


def _signature(text: str, start: int, end: int) -> tuple[str | None, str | None]:
    """Signer and signer title: the last name line preceded by capitals lines, or a later
    signature block flattened to one line (see :func:`glued_signature_pattern`); lines the export
    glued in the title are parted.

    >>> text = "Lưu: VT.\\nTM. CHÍNH PHỦKT. THỦ TƯỚNGPHÓ THỦ TƯỚNG(Đã ký)Hồ Đức Phớc"
    >>> _signature(text, 0, len(text))
    ('Hồ Đức Phớc', 'TM. CHÍNH PHỦ KT. THỦ TƯỚNG PHÓ THỦ TƯỚNG')
    """
    after, name, title = _stacked_signature(text, start, end)
    glued = _glued_signature(text, after, end)
    if glued is not None:
        name, title = glued
    return name, title_glue_pattern().sub(" ", title) if title else None


def _glued_signature(text: str, start: int, end: int) -> tuple[str, str | None] | None:
    """Name and title (None when only the "signed" mark precedes the name) of the last signature
    block flattened to one line in text[start:end]."""
    found = None
    for line_start in _glued_signature_lines(text, start, end):
        m = glued_signature_pattern().match(text, line_start, end)
        if m is not None and (m.group("title") is None or _is_caps(m.group("title"))):
            found = m.group("name"), m.group("title")
    return found


def _glued_signature_lines(text: str, start: int, end: int) -> list[int]:
    """The starts, in order, of the lines in text[start:end] that :func:`glued_signature_clues`
    finds; the first line counts when `start` begins one.

    >>> _glued_signature_lines("a\\nKT. B\\nc (đã ký) D\\nKT. E", 2, 25)
    [2, 8, 20]
    """
    from_break = start - 1 if start > 0 and text[start - 1] == "\n" else start
    authority, signed = glued_signature_clues()
    starts = {m.start() + 1 for m in authority.finditer(text, from_break, end)}
    line_end = -1  # the end of the line of the last mark seen: its other marks add nothing
    for m in signed.finditer(text, start, end):
        if m.start() > line_end:
            starts.add(text.rfind("\n", 0, m.start()) + 1)
            line_end = text.find("\n", m.end(), end)
            line_end = end if line_end < 0 else line_end
    return sorted(a for a in starts if a >= start)


def _stacked_signature(text: str, start: int, end: int) -> tuple[int, str | None, str | None]:
    """Where the signer's name line ends, the name, and the capitals lines above it joined: the
    last name line that has some (`start` and None twice when none has)."""
    for line_start, m in _name_lines_back(text, start, end):
        title_lines: list[str] = []
        for prev_start, prev_end in _lines_back(text, start, line_start):
            if len(title_lines) >= 5:
                break
            prev = text[prev_start:prev_end].strip()
            if helper("signed_mark").fullmatch(prev):
                continue
            if not _is_caps(prev) or motto_pattern().search(prev) or prev.upper().startswith(
                    ("NƠI NHẬN", "KÍNH GỬI")) or any(c.isdigit() for c in prev):
                break
            title_lines.insert(0, prev)
        if title_lines:
            line_end = text.find("\n", line_start, end)
            return (end if line_end < 0 else line_end), m.group("name"), " ".join(title_lines)
    return start, None, None


def _name_lines_back(text: str, start: int, end: int) -> Iterator[tuple[int, regex.Match[str]]]:
    """The lines of text[start:end] that hold a person's name alone (:func:`person_pattern`),
    last first, with where each starts: found a stretch of SIGNATURE_SPAN at a time from the
    end, as the signature is usually near it."""
    first_end = text.find("\n", start, end)
    stop = end
    while first_end >= 0 and stop > first_end:
        # Stretches are cut at line breaks, which the line pattern starts with.
        cut = max(first_end, text.rfind("\n", first_end, max(first_end, stop - SIGNATURE_SPAN)))
        found = list(person_line_pattern().finditer(text, cut, stop))
        for m in reversed(found):
            yield m.start() + 1, m
        stop = cut
    # The first line has no line break before it inside the text.
    first = person_pattern().match(text[start:end if first_end < 0 else first_end].strip())
    if first is not None:
        yield start, first


def _recipient_lines(text: str, start: int, end: int) -> Iterator[regex.Match[str]]:
    """The matches of :func:`recipients_pattern` in text[start:end], as its ``finditer`` gives
    them, tried only at the line starts where one of its words may begin.

    >>> [m.group("kind") for m in _recipient_lines("a\\n Nơi nhận:\\n- Sở", 0, 17)]
    ['Nơi nhận']
    """
    pattern = recipients_pattern()
    resume = start
    if start == 0 or text[start - 1] == "\n":
        m = pattern.match(text, start, end)
        if m is not None:
            resume = m.end()
            yield m
    for line in recipient_line_pattern().finditer(text, resume, end):
        if line.start() + 1 < resume:
            continue
        m = pattern.match(text, line.start() + 1, end)
        if m is not None:
            resume = m.end()
            yield m


def _recipients(text: str, start: int, end: int) -> tuple[str, ...]:
    out: list[str] = []
    for m in _recipient_lines(text, start, end):
        pos = m.end()
        first_line_end = text.find("\n", pos)
        first = text[pos:first_line_end if first_line_end >= 0 else end].strip()
        if first:
            out.append(first.strip(" -;.,"))
        for a, b in _lines(text, first_line_end + 1 if first_line_end >= 0 else end, end):
            line = text[a:b].strip()
            if not line.startswith(("-", "+", "•")):
                break
            out.append(line.lstrip("-+• ").rstrip(" ;.,"))
    return tuple(item for item in out if item)


def extract_header(text: str, start: int = 0, end: int | None = None) -> Header:
    """The header of the official text in `text[start:end]`.

    >>> h = extract_header("Số: 2602 /KH-VP\\n\\nTây Ninh, ngày 29 tháng 3 năm 2024\\n\\n"
    ...                    "KẾ HOẠCH\\nThực hiện công tác dân vận\\n\\nNội dung.")
    >>> h.number, h.symbol, h.place, h.date.iso(), h.doc_type, h.title
    ('2602', 'KH-VP', 'Tây Ninh', '2024-03-29', 'Kế hoạch', 'Thực hiện công tác dân vận')
    """
    end = len(text) if end is None else end
    number, symbol, _ = _number(text, start, end)
    doc_type, title, type_at = _type_and_title(text, start, end)
    place, date = _place_date(text, start, type_at)
    if doc_type is None:
        subject = subject_pattern().search(text, start, min(end, start + 1500))
        if subject is not None:
            doc_type = "Công văn"
            title = _clean_title(subject.group("subject"))
        elif symbol:
            doc_type = infer_type(symbol, "party" if "/" in symbol and not symbol[:4].isdigit()
                                  else "state")
    issuer = _header_issuer(text, start, end)
    if issuer is None or issuer in BARE_BODIES or _head_of(issuer) is None:
        # a web export that kept "ỦY BAN NHÂN DÂN" of the column but lost its level and place,
        # or kept only the place: the authority line under the title names the body whole
        issuer = complete_issuer(_authority_issuer(text, min(type_at, end), end), None) \
            or complete_issuer(_authority_issuer(text, start, end), None) or issuer
    issuer = issuer or complete_issuer(_closing_issuer(text, start, end), place)
    signer, signer_title = _signature(text, start, end)
    authority = None
    if signer_title:
        found = [m.group("authority") + "." for m in authority_pattern().finditer(signer_title)]
        authority = " ".join(found) or None
    return Header(doc_type=doc_type, number=number, symbol=symbol, place=place, date=date,
                  title=title, issuer=issuer, signer=signer, signer_title=signer_title,
                  signing_authority=authority, recipients=_recipients(text, start, end))
