"""Stage 2 — normalize: one clean text to match against, with a map back to the source.

What changes (each step records its edits, so any offset maps back to the source):

1. characters: NFC composition, ``Ð`` (U+00D0, Icelandic eth) → ``Đ``, every dash → ``-``,
   no-break and zero-width spaces, tabs, carriage returns;
2. markup: markdown emphasis (``**``, ``*``), heading marks, escapes, ``<br>``, table pipes,
   rule lines (``-----``) left by exports;
3. lines: a line broken by a page break or a hard wrap is joined to the next when the break
   falls inside a sentence ("…trên địa bàn⏎⏎tỉnh;", "Luật⏎⏎Tiếp công dân"); paragraph breaks
   stay ``\\n\\n``, kept single breaks stay ``\\n``.

>>> normalize("Luật\\n\\nTiếp công dân").text
'Luật Tiếp công dân'
"""

from __future__ import annotations

import bisect
import html
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import regex

from ..patterns.atoms import compile_pattern


@dataclass(frozen=True, slots=True)
class StepMap:
    """The edits of one rewriting step: parallel lists of new and old spans, sorted."""

    new_starts: tuple[int, ...]
    new_ends: tuple[int, ...]
    old_starts: tuple[int, ...]
    old_ends: tuple[int, ...]

    def back(self, pos: int) -> int:
        """Map an offset of the rewritten text to the text before the step."""
        i = bisect.bisect_right(self.new_starts, pos) - 1
        if i < 0:
            return pos
        if pos < self.new_ends[i]:
            # Inside a replacement: the whole replaced span is the best answer we have.
            return self.old_starts[i]
        return self.old_ends[i] + (pos - self.new_ends[i])


@dataclass(frozen=True, slots=True)
class Normalized:
    """The normalized text and the steps that map its offsets back to the source."""

    text: str
    steps: tuple[StepMap, ...]

    def to_source(self, pos: int) -> int:
        """Source offset of a normalized offset.

        >>> n = normalize("**Số:** 12")
        >>> n.text, n.to_source(n.text.index("12"))
        ('Số: 12', 8)
        """
        for step in reversed(self.steps):
            pos = step.back(pos)
        return pos

    def span_to_source(self, start: int, end: int) -> tuple[int, int]:
        """Source span of a half-open normalized span (the end maps through its last char)."""
        if end <= start:
            src = self.to_source(start)
            return src, src
        return self.to_source(start), self.to_source(end - 1) + 1


def rewrite(text: str, pattern: regex.Pattern[str],
            replace: Callable[[regex.Match[str]], str]) -> tuple[str, StepMap | None]:
    """Apply `replace` to every match of `pattern`, recording the edits.

    >>> rewrite("a--b", compile_pattern("-+"), lambda m: "-")[0]
    'a-b'
    """
    pieces: list[str] = []
    edits: list[tuple[int, int, int, int]] = []  # new start, new end, old start, old end
    last = 0
    out_len = 0
    for m in pattern.finditer(text):
        repl = replace(m)
        start, end = m.span()
        if repl == text[start:end]:
            continue
        pieces.append(text[last:start])
        pieces.append(repl)
        out_len += start - last
        new_end = out_len + len(repl)
        edits.append((out_len, new_end, start, end))
        out_len = new_end
        last = end
    if not edits:
        return text, None
    pieces.append(text[last:])
    return "".join(pieces), StepMap(*zip(*edits))


# Characters to replace one by one, and HTML entities; Cyrillic and Greek capitals that look
# like Latin ones ("BТС" typed with Cyrillic Т and С).
# e.g. "Ð" → "Đ"; "–" → "-"; "&nbsp;" → " "; "С" (U+0421) → "C"
SINGLE_CHARS = r"""
    [\u00D0\u00F0\u2010-\u2015\u2212\u00A0\u2007\u202F\u200B-\u200D\uFEFF\t\r\f\v\u00AD]
  | [\u0410\u0412\u0415\u041A\u041C\u041D\u041E\u0420\u0421\u0422\u0425]
  | [\u0391\u0392\u0395\u0397\u0399\u039A\u039C\u039D\u039F\u03A1\u03A4\u03A7]
  | &(?: nbsp | amp | lt | gt | quot | \#[0-9]{1,5} );
"""

# A letter followed by combining marks, to compose (NFD → NFC).
# e.g. "a\u0301" → "á"
COMBINING = r"\P{M} \p{M}+"

# Both at once. The combining branch can start at any character, which stops the regex engine
# from skipping ahead, so :func:`normalize` uses SINGLE_CHARS alone (4× faster) when the text
# has no mark at all; the edits are the same, since then the branch cannot match.
CHARS = rf"(?: {SINGLE_CHARS} | {COMBINING} )"

_CHAR_MAP = {
    "\u00D0": "Đ", "\u00F0": "đ", "\u00A0": " ", "\u2007": " ", "\u202F": " ",
    "\u200B": "", "\u200C": "", "\u200D": "", "\uFEFF": "", "\t": " ", "\r": "\n", "\f": "\n",
    "\v": "\n", "\u00AD": "",
    # Cyrillic А В Е К М Н О Р С Т Х and Greek Α Β Ε Η Ι Κ Μ Ν Ο Ρ Τ Χ
    **dict(zip("\u0410\u0412\u0415\u041A\u041C\u041D\u041E\u0420\u0421\u0422\u0425",
               "ABEKMHOPCTX")),
    **dict(zip("\u0391\u0392\u0395\u0397\u0399\u039A\u039C\u039D\u039F\u03A1\u03A4\u03A7",
               "ABEHIKMNOPTX")),
}


def _fix_char(m: regex.Match[str]) -> str:
    s = m.group(0)
    if s in _CHAR_MAP:
        return _CHAR_MAP[s]
    if s.startswith("&"):
        out = html.unescape(s)
        return _CHAR_MAP.get(out, out)
    if len(s) == 1:  # a dash of any kind
        return "-"
    return unicodedata.normalize("NFC", s)


# Markdown and export debris.
# e.g. "**KẾ HOẠCH**" → "KẾ HOẠCH"; "### 3." → "3."; "| a |" → breaks; rules "-------" → ""
MARKUP = r"""
    [ ]* \*+ (?: [ ]* \*+ )* [ ]*
  | (?m: ^ ) [ ]* \#{1,6} [ ]+
  | \\ (?= [-*_\#.\[\]()!|+] )
  | <br [ ]* /? >
  | \|
  | [-_=]{4,}
  | \r\n
  | [ ]{2,}
"""


def _fix_markup(m: regex.Match[str]) -> str:
    s = m.group(0)
    if "*" in s:
        # Emphasis marks go and the spaces around them fold to one ("số ** và" → "số và");
        # none is added inside a word ("năm 202**5*" → "năm 2025").
        return " " if " " in s else ""
    if s == "|":
        return "\n\n"
    if s[0] in "-_=" and len(s) >= 4:
        return "\n"  # a rule separates blocks: "CHÍNH PHỦ_____ Số: 170/2025/NĐ-CP"
    if s.startswith("<"):
        return "\n"
    if s == "\r\n":
        return "\n"
    if s.startswith("  ") and s.strip(" ") == "":
        return " "
    return ""


# A line break with the blank lines and spaces around it.
# e.g. "  \n\n  "
BREAK = r"[ ]* \n (?: [ ]* \n )* [ ]*"

# What starts a new block: list and heading markers, articles and chapters.
# e.g. "- ", "II. ", "1. ", "1.2. ", "a) ", "(3) ", "Điều 5", "Chương II"
BLOCK_START = r"""
    (?: [-+•·] [ ] | \* [ ]
      | [IVXLC]{1,6} [.)] [ ] | [0-9]{1,3} (?: \.[0-9]{1,3} )* [.)] (?: [ ] | $ )
      | \( [0-9a-zđ]{1,3} \) [ ] | [a-zđ] \) [ ]
      | (?i: điều | chương | mục | phần | phụ[ ]lục ) [ ] [0-9IVXLC]+ )
"""

# Words that cannot end a sentence: a break after them is a broken line.
DANGLING = frozenset("""
    luật số của và hoặc theo về tại ngày tháng năm các những với cho đến từ trong là được có
    nhằm để mà thì như trên
""".split())


@cache
def _patterns() -> tuple[regex.Pattern[str], regex.Pattern[str], regex.Pattern[str],
                         regex.Pattern[str]]:
    return (compile_pattern(CHARS), compile_pattern(MARKUP), compile_pattern(BREAK),
            compile_pattern(BLOCK_START))


@cache
def _char_patterns() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    """A combining mark anywhere, and the character edits that apply when there is none."""
    return compile_pattern(r"\p{M}"), compile_pattern(SINGLE_CHARS)


def _chars_pattern(text: str) -> regex.Pattern[str]:
    """The character-edit pattern for `text`: the faster one when it has no combining mark.

    >>> _chars_pattern("Đà Nẵng") is _char_patterns()[1]
    True
    """
    mark, single = _char_patterns()
    return _patterns()[0] if mark.search(text) else single


def _is_caps(line: str) -> bool:
    """At least two letters and none lower case (tested first: it usually fails early).

    >>> _is_caps("KẾ HOẠCH 2024"), _is_caps("Kế hoạch"), _is_caps("A 1")
    (True, False, False)
    """
    if any(c.islower() and c.isalpha() for c in line):
        return False
    return sum(c.isalpha() for c in line) >= 2


def join_decision(before: str, after: str, breaks: int) -> str:
    """What a line break between two lines becomes: " " (joined), "\\n" or "\\n\\n".

    >>> join_decision("…trên địa bàn", "tỉnh; Kết luận số 114-KL/TW", 2)
    ' '
    >>> join_decision("1. Mục đích", "Phát huy vai trò", 2)
    '\\n\\n'
    """
    kept = "\n\n" if breaks > 1 else "\n"
    if not before or not after:
        return kept
    block = _patterns()[3]
    if block.match(after):
        return kept
    first = after[0]
    last_char = before[-1]
    if first.islower():
        return " "
    if first in ",;.:)”’%":
        return " "
    terminal = last_char in ".;:!?"
    if terminal:
        return kept
    last_word = before.rsplit(" ", 1)[-1]
    if last_word.lower() in DANGLING and not _is_caps(before):
        return " "
    if first == "(" and not _is_caps(before):
        return " "
    if breaks == 1 and not _is_caps(before):
        # A soft wrap; a capitals line after mixed case is a new block ("…\nCHỦ TỊCH"), unless
        # it is a lone short code finishing the sentence ("thuế suất thuế\nGTGT").
        if not _is_caps(after) or (" " not in after and len(after) <= 8):
            return " "
    return kept


def _join_breaks(text: str) -> tuple[str, StepMap | None]:
    size = len(text)

    def decide(m: regex.Match[str]) -> str:
        start, end = m.span()
        if start == 0 or end == size:
            return ""
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        before = text[line_start:start].strip()
        after = text[end:line_end if line_end >= 0 else size].strip()
        return join_decision(before, after, text.count("\n", start, end))

    return rewrite(text, _patterns()[2], decide)


def normalize(source: str) -> Normalized:
    """Normalize a document's text; see the module docstring for what changes.

    >>> normalize("Quyết định số 1717/QĐ\\u2013 UBND").text
    'Quyết định số 1717/QĐ- UBND'
    """
    markup = _patterns()[1]
    steps: list[StepMap] = []
    text = source
    for step_fn in (lambda t: rewrite(t, _chars_pattern(t), _fix_char),
                    lambda t: rewrite(t, markup, _fix_markup)):
        text, step = step_fn(text)
        if step is not None:
            steps.append(step)
    # A join can change the line a kept break looks at ("218-QĐ/TW⏎217-QĐ/TW" stays apart while
    # "217-QĐ/TW" is a line of capitals, not once "và" is joined to it): repeat until nothing
    # moves, so that normalizing twice changes nothing. Breaks only ever disappear, so it ends.
    for _ in range(MAX_JOIN_PASSES):
        text, step = _join_breaks(text)
        if step is None:
            break
        steps.append(step)
    return Normalized(text, tuple(steps))


MAX_JOIN_PASSES = 8
