"""Stage 2 — normalize: one clean text to match against, with a map back to the source.

What changes (each step records its edits, so any offset maps back to the source):

1. characters: NFC composition, ``Ð`` (U+00D0, Icelandic eth) → ``Đ``, every dash → ``-``,
   no-break and zero-width spaces, tabs, carriage returns;
2. markup: markdown emphasis (``**``, ``*``), heading marks, escapes, ``<br>``, table pipes,
   rule lines (``-----``) left by exports;
3. lines: a line broken by a page break or a hard wrap is joined to the next when the break
   falls inside a sentence ("…trên địa bàn⏎⏎tỉnh;", "Luật⏎⏎Tiếp công dân"); paragraph breaks
   stay ``\\n\\n``, kept single breaks stay ``\\n``.

Speed (issue #8): the scans use the stdlib engine with patterns that start with one character,
or one of a set, so that it skips ahead to them; one scan finds both the markup and the
characters step 1 may edit; most line breaks are decided inside the scan from the characters
around them, and Python (:func:`join_decision`) decides only the rest. Markup and breaks are
cut out with ``re.split`` and their edits are made in bulk (:func:`_splice`): the text and the
map come from the pieces and running sums of their lengths, with no Python code run once a
match.

>>> normalize("Luật\\n\\nTiếp công dân").text
'Luật Tiếp công dân'
"""

from __future__ import annotations

import bisect
import html
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import accumulate, chain

import regex

from ..patterns.atoms import compile_pattern


@dataclass(frozen=True, slots=True)
class StepMap:
    """The edits of one rewriting step: where each starts and ends, in turn, in the rewritten
    text (`new`) and in the text before it (`old`): (start, end, start, end, …), in order. Two
    flat sequences rather than four parallel ones: running sums of the pieces' lengths give
    them as they are (see :func:`_splice`)."""

    new: tuple[int, ...]
    old: tuple[int, ...]

    @property
    def new_starts(self) -> tuple[int, ...]:
        return self.new[0::2]

    @property
    def new_ends(self) -> tuple[int, ...]:
        return self.new[1::2]

    @property
    def old_starts(self) -> tuple[int, ...]:
        return self.old[0::2]

    @property
    def old_ends(self) -> tuple[int, ...]:
        return self.old[1::2]

    def back(self, pos: int) -> int:
        """Map an offset of the rewritten text to the text before the step.

        >>> step = StepMap((2, 4, 6, 6), (2, 3, 5, 7))  # "ab[c→xy]d[ef→]g"
        >>> [step.back(pos) for pos in range(8)]
        [0, 1, 2, 2, 3, 4, 7, 8]
        """
        k = bisect.bisect_right(self.new, pos)
        if not k:
            return pos
        if k % 2:
            # Inside a replacement: the whole replaced span is the best answer we have.
            return self.old[k - 1]
        return self.old[k - 1] + (pos - self.new[k - 1])


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


def _step(text: str, pieces: list[str], edits: list[tuple[int, int, int, int]],
          last: int) -> tuple[str, StepMap | None]:
    """The new text and the map of a step, from the pieces of the new text up to `last` (the
    end of the last edit) and the edits (new start, new end, old start, old end)."""
    if not edits:
        return text, None
    pieces.append(text[last:])
    return "".join(pieces), StepMap(tuple(chain.from_iterable(edit[:2] for edit in edits)),
                                    tuple(chain.from_iterable(edit[2:] for edit in edits)))


def _splice(pieces: list[str], repls: list[str], same: Sequence[int] = (),
            ends: list[int] | None = None) -> tuple[str, StepMap | None, list[int]]:
    """The new text and the map of a step, from `pieces`, the text cut as ``re.split`` cuts it
    (the text between the matches, then each match: gap, match, gap, …, gap), and `repls`, what
    each match becomes; `same` lists the matches (their indices, in order) that are no edit and
    stay out of the map; `ends`, the running sums of the pieces' lengths, when the caller has
    them. Also where each piece ends in the new text.

    Every offset comes from running sums of the pieces' lengths, in bulk: no Python code runs
    once a match (issue #8: a text holds tens of thousands of them).

    >>> text, step, _ = _splice(["a", "--", "b ", "|", ""], ["-", "\\n\\n"])
    >>> text, step.old_starts, step.new_ends
    ('a-b \\n\\n', (1, 5), (2, 6))
    """
    if len(pieces) == 1:
        return pieces[0], None, [len(pieces[0])]
    lengths = list(map(len, pieces))
    old = list(accumulate(lengths)) if ends is None else ends
    lengths[1::2] = map(len, repls)
    new = list(accumulate(lengths))
    pieces[1::2] = repls
    text = "".join(pieces)
    if len(same) == len(repls):
        return text, None, new
    # The last offsets are the ends of the texts, no edit's.
    bounds = new[:-1], old[:-1]
    if same:
        # Leave out the start and end of each match that is no edit (a few in a text).
        # (Slices made and dropped in turn: a list of them would have the garbage collector
        # walk every young list, the longest ones included.)
        starts = [0, *(2 * i + 2 for i in same)]
        ends = [2 * i for i in same] + [len(bounds[0])]
        bounds = tuple([*chain.from_iterable(map(column.__getitem__, map(slice, starts, ends)))]
                       for column in bounds)
    return text, StepMap(*map(tuple, bounds)), new


def apply_edits(text: str, edits: Iterable[tuple[int, int, str]]) -> tuple[str, StepMap | None]:
    """Replace each (start, end) span of `text` by its string, in order, recording the edits;
    a span replaced by itself is no edit.

    >>> apply_edits("a--b c", [(1, 3, "-"), (4, 5, " ")])[0]
    'a-b c'
    """
    pieces: list[str] = []
    recorded: list[tuple[int, int, int, int]] = []  # new start, new end, old start, old end
    last = out = 0
    for start, end, repl in edits:
        if repl == text[start:end]:
            continue
        pieces.append(text[last:start])
        pieces.append(repl)
        out += start - last
        recorded.append((out, out + len(repl), start, end))
        out += len(repl)
        last = end
    return _step(text, pieces, recorded, last)


def rewrite(text: str, pattern: regex.Pattern[str],
            replace: Callable[[regex.Match[str]], str]) -> tuple[str, StepMap | None]:
    """Apply `replace` to every match of `pattern`, recording the edits.

    >>> rewrite("a--b", compile_pattern("-+"), lambda m: "-")[0]
    'a-b'
    """
    return apply_edits(text, ((m.start(), m.end(), replace(m)) for m in pattern.finditer(text)))


# --- step 1: characters ------------------------------------------------------------------------

# Characters to replace one by one, and HTML entities; Cyrillic and Greek capitals that look
# like Latin ones ("BТС" typed with Cyrillic Т and С).
# e.g. "Ð" → "Đ"; "–" → "-"; "&nbsp;" → " "; "С" (U+0421) → "C"
SINGLE_CHARS = r"""
    [\u00D0\u00F0\u2010-\u2015\u2212\u00A0\u2007\u202F\u200B-\u200D\uFEFF\t\r\f\v\u00AD]
  | [\u0410\u0412\u0415\u041A\u041C\u041D\u041E\u0420\u0421\u0422\u0425]
  | [\u0391\u0392\u0395\u0397\u0399\u039A\u039C\u039D\u039F\u03A1\u03A4\u03A7]
  | &(?: nbsp | amp | lt | gt | quot | \#[0-9]{1,5} );
"""

# Combining marks: the character before a run of them starts a sequence to compose (NFD → NFC),
# unless SINGLE_CHARS takes that character (as in one alternation SINGLE_CHARS | \P{M}\p{M}+).
# e.g. "a\u0301" → "á"
MARK_RUN = r"\p{M}+"

# Where a character edit may start: a character of SINGLE_CHARS, "&", or any character of a
# block that holds combining marks (a superset of \p{M}, which the stdlib engine lacks; a test
# checks it against the `regex` module). Most texts hold none of them.
# e.g. "–" in "QĐ–UBND"; "&" in "&nbsp;"; U+0301 in "a\u0301"
CHAR_SUSPECTS = r"""[
    \u00D0\u00F0\u2010-\u2015\u2212\u00A0\u2007\u202F\u200B-\u200D\uFEFF\t\r\f\v\u00AD
    \u0410\u0412\u0415\u041A\u041C\u041D\u041E\u0420\u0421\u0422\u0425
    \u0391\u0392\u0395\u0397\u0399\u039A\u039C\u039D\u039F\u03A1\u03A4\u03A7&
    \u0300-\u036F\u0483-\u1DFF\u20D0-\u20FF\u2CEF-\uABFF\uFB1E\uFE00-\uFE2F\U00010000-\U0010FFFF
]""".replace("\n", "").replace(" ", "")

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


def _char_replacement(s: str) -> str:
    """What a SINGLE_CHARS match or a combining sequence becomes.

    >>> _char_replacement("\\u2013"), _char_replacement("&amp;"), _char_replacement("e\\u0301")
    ('-', '&', 'é')
    """
    if s in _CHAR_MAP:
        return _CHAR_MAP[s]
    if s.startswith("&"):
        out = html.unescape(s)
        return _CHAR_MAP.get(out, out)
    if len(s) == 1:  # a dash of any kind
        return "-"
    return unicodedata.normalize("NFC", s)


@cache
def _char_patterns() -> tuple[re.Pattern[str], re.Pattern[str], regex.Pattern[str]]:
    """CHAR_SUSPECTS, SINGLE_CHARS (it reads the same in both engines) and MARK_RUN."""
    return (re.compile(CHAR_SUSPECTS), re.compile(SINGLE_CHARS, re.VERBOSE),
            compile_pattern(MARK_RUN))


def _fix_chars(text: str, suspects: list[int]) -> tuple[str, StepMap | None]:
    """Step 1, given where the CHAR_SUSPECTS characters are: no edit starts anywhere else.

    >>> text = "QĐ\\u2013UBND e\\u0301"
    >>> _fix_chars(text, [m.start() for m in _char_patterns()[0].finditer(text)])[0]
    'QĐ-UBND é'
    """
    _, single, marks = _char_patterns()
    sequences: dict[int, int] = {}  # start of a combining sequence → its end
    # A suspect that SINGLE_CHARS does not take may be a combining mark.
    odd = next((p for p in suspects if text[p] != "&" and not single.match(text, p)), None)
    if odd is not None:
        for run in marks.finditer(text, odd):
            if run.start():
                sequences[run.start() - 1] = run.end()
    return apply_edits(text, _char_edits(text, suspects, single, sequences))


def _char_edits(text: str, suspects: list[int], single: re.Pattern[str],
                sequences: dict[int, int]):
    """(start, end, replacement) of each SINGLE_CHARS match or combining sequence, in order."""
    done = 0  # end of the last match (an edit or not)
    for start in sorted({*suspects, *sequences}):
        if start < done:
            continue
        m = single.match(text, start)
        if m is not None:
            done = m.end()
        elif start in sequences:
            done = sequences[start]
        else:
            continue
        yield start, done, _char_replacement(text[start:done])


# --- step 2: markup ----------------------------------------------------------------------------

# Markdown and export debris. (No "\r\n": step 1 has turned every "\r" into "\n".)
# e.g. "**KẾ HOẠCH**" → "KẾ HOẠCH"; "### 3." → "3."; "| a |" → breaks; rules "-------" → ""
MARKUP = r"""
    [ ]* \*+ (?: [ ]* \*+ )* [ ]*
  | (?m: ^ ) [ ]* \#{1,6} [ ]+
  | \\ (?= [-*_\#.\[\]()!|+] )
  | <br [ ]* /? >
  | \|
  | [-_=]{4,}
  | [ ]{2,}
"""

# MARKUP in a text with no double space and no line that starts with a space, together with
# CHAR_SUSPECTS: every match then starts with one of a few characters (the class in front),
# which lets the engine skip ahead to them; the branch is chosen by that character, tried
# in the order of their counts in the dev corpus ("|", "*", then "-", most of which start no
# rule and fail at once the branches after theirs). Left out: the space before an emphasis
# mark, which :func:`_strip_markup` takes back: the one group (empty) marks an emphasis mark
# after a space. A run of "-_=" is matched from its first character only. A suspect is
# matched alone (the last branch).
# e.g. "**" in "a **b**"; "## " at a line start; "|"; "-----"; "–" (a suspect)
MARKUP_OR_SUSPECT = rf"""
    [*\#\\<|\-_={CHAR_SUSPECTS[1:-1]}]
    (?: (?<= \| )
      | (?<= \* ) (?: (?<= [ ]\* ) () )? \** (?: [ ]* \*+ )* [ ]*
      | (?<= [-_=] ) (?<! [-_=]. ) [-_=]{{3,}}
      | (?<! [-_=] )
        (?: (?<= \# ) (?<! [^\n]\# ) \#{{0,5}} [ ]+
          | (?<= \\ ) (?= [-*_\#.\[\]()!|+] )
          | (?<= < ) br [ ]* /? >
          | (?<! [*\#\\<|] ) ) )
"""


def _markup_replacement(s: str) -> str:
    """What a MARKUP match becomes.

    >>> _markup_replacement(" ** "), _markup_replacement("|"), _markup_replacement("-----")
    (' ', '\\n\\n', '\\n')
    """
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
    if s.startswith("  ") and s.strip(" ") == "":
        return " "
    return ""


class _Replacements(dict[str, str | None]):
    """What each MARKUP_OR_SUSPECT match becomes (None: a suspect), filled as they come: the
    same few strings ("|", "**", " *") make most of the matches."""

    def __missing__(self, s: str) -> str | None:
        repl = self[s] = _markup_replacement(s) if s[0] in "*#\\<|-_= " else None
        return repl


_REPLACEMENTS = _Replacements()


# Characters past U+FFFF, which the engine tests range by range after its table of the others:
# a scan of a text without any is a third faster with the table alone.
ASTRAL = r"\U00010000-\U0010FFFF"


@cache
def _markup_or_suspect(astral: bool) -> re.Pattern[str]:
    """MARKUP_OR_SUSPECT in a group, so that ``re.split`` keeps the matches, each followed by
    its own group (None, or "" for an emphasis mark after a space); for a text without
    characters past U+FFFF unless `astral`."""
    pattern = MARKUP_OR_SUSPECT if astral else MARKUP_OR_SUSPECT.replace(ASTRAL, "")
    return re.compile(f"({pattern})", re.VERBOSE)


def _has_astral(text: str) -> bool:
    """Whether `text` holds a character past U+FFFF (two UTF-16 units; a quick test).

    >>> _has_astral("Số 12"), _has_astral("Số 12 \\U0001F600")
    (False, True)
    """
    return len(text.encode("utf-16-le", "surrogatepass")) != 2 * len(text)


@cache
def _line_start_space() -> re.Pattern[str]:
    """A line that starts with a space: the engine skips ahead to each break, where ``in``
    stops at each space."""
    return re.compile("\n ")


def _plain_spacing(text: str) -> bool:
    """No double space and no line that starts with a space (see MARKUP_OR_SUSPECT)."""
    return ("  " not in text and not _line_start_space().search(text)
            and not text.startswith(" "))


def _strip_markup(text: str, plain: bool | None = None) -> tuple[str, StepMap | None, list[int]]:
    """Step 2; with a text of plain spacing (`plain`, when the caller knows it), also where its
    CHAR_SUSPECTS characters are.

    >>> _strip_markup("**Số:** 12 | a **b**")[:3:2]
    ('Số: 12 \\n\\n a b', [])
    """
    if not (_plain_spacing(text) if plain is None else plain):
        new_text, step = rewrite(text, _patterns()[0], lambda m: _markup_replacement(m[0]))
        return new_text, step, []
    pieces = _markup_or_suspect(_has_astral(text)).split(text)
    after_space = pieces[2::3]
    del pieces[2::3]
    ends = list(accumulate(map(len, pieces)))
    # An emphasis mark takes the space before it (one at most: the spacing is plain), unless
    # that space ends the match before ("## **"), which would have taken it: then the gap
    # between them is empty. The scan flags the marks after a space, a few in a text: no
    # Python code runs for the others.
    for i in _indices(after_space, ""):
        if pieces[2 * i]:
            pieces[2 * i] = pieces[2 * i][:-1]
            pieces[2 * i + 1] = " " + pieces[2 * i + 1]
            ends[2 * i] -= 1
    repls = list(map(_REPLACEMENTS.__getitem__, pieces[1::2]))
    if None not in repls:
        return (*_splice(pieces, repls, ends=ends)[:2], [])
    # Suspects are no markup: they stay, and their offsets go to step 1.
    same = list(_indices(repls, None))
    for i in same:
        repls[i] = pieces[2 * i + 1]
    return (*_splice(pieces, repls, same, ends)[:2], [ends[2 * i] for i in same])


def _indices(items: list, value: object) -> Iterator[int]:
    """Where `value` is in `items`, found by ``list.index`` (a scan in C) rather than by a loop
    over every item: the value sought is a rare one.

    >>> list(_indices(["a", None, "b", None], None))
    [1, 3]
    """
    i = -1
    try:
        while True:
            i = items.index(value, i + 1)
            yield i
    except ValueError:
        return


# --- step 3: lines -----------------------------------------------------------------------------

# What starts a new block: list and heading markers, articles and chapters.
# e.g. "- ", "II. ", "1. ", "1.2. ", "a) ", "(3) ", "Điều 5", "Chương II"
BLOCK_START = r"""
    (?: [-+•·] [ ] | \* [ ]
      | [IVXLC]{1,6} [.)] [ ] | [0-9]{1,3} (?: \.[0-9]{1,3} )* [.)] (?: [ ] | $ )
      | \( [0-9a-zđ]{1,3} \) [ ] | [a-zđ] \) [ ]
      | (?i: điều | chương | mục | phần | phụ[ ]lục ) [ ] [0-9IVXLC]+ )
"""

# What a BLOCK_START match can start with (the words are đ, c, m, p in either case; a test
# checks the set against the grammar): a line that starts with anything else opens no block.
BLOCK_FIRSTS = frozenset("-+•·*(IVXLC0123456789abcdefghijklmnopqrstuvwxyzđĐCMP")

# Words that cannot end a sentence: a break after them is a broken line.
DANGLING = frozenset("""
    luật số của và hoặc theo về tại ngày tháng năm các những với cho đến từ trong là được có
    nhằm để mà thì như trên
""".split())

# The scan of step 3 (BREAK_RUN) classes each run of line breaks by P, the character before it
# (the last of the line before), and F, the one after it (the first of the line after), in
# join_decision's order; a class only claims what join_decision would say. Its character
# classes are built from the str predicates join_decision uses (str.islower, str.isalpha,
# str.isspace) over U+0000–U+2FFF, so a rarer character never lets the scan decide.

# A line that joins the one before: it starts with a lower-case letter (not one that opens a
# block: "a) ", "điều 5"), or with punctuation that goes on with a sentence.
# e.g. "tỉnh; Kết luận" after "…địa bàn"; ", ngày 5/3/2024"
JOINS = r"""
    (?= [{lower}] )
    (?! [a-zđ]\) | (?: đ[iIİ][ềỀ][uU] | c[hH][ưƯ][ơƠ][nN][gG] | m[ụỤ][cC] | p[hH][ầẦ][nN]
                     | p[hH][ụỤ][ ][lL][ụỤ][cC] ) [ ] )
  | [,;.:)”’%]
"""

# A line that surely opens a block, as BLOCK_START reads it (whose case-insensitive words
# accept these spellings and more).
# e.g. "- Sở", "II. MỤC", "1.2.", "(3) Tiếp", "a) Sở", "Điều 5"
BLOCK_SURE = r"""
    [-+•·*] [ ] (?= \S )
  | [IVXLC]{1,6} [.)] [ ] (?= \S )
  | [0-9]{1,3} (?: \.[0-9]{1,3} )* [.)] (?: [ ] (?= \S ) | (?= \n ) | \Z )
  | \( [0-9a-zđ]{1,3} \) [ ] (?= \S )
  | [a-zđ] \) [ ] (?= \S )
  | (?: [đĐ][iI][ềỀ][uU] | [cC][hH][ưƯ][ơƠ][nN][gG] | [mM][ụỤ][cC] | [pP][hH][ầẦ][nN]
      | [pP][hH][ụỤ][ ][lL][ụỤ][cC] ) [ ] [0-9IVXLC]
"""

# A line that may open a block, as BLOCK_START reads it (a superset of it).
# e.g. "1.", "a)", "Chương "
BLOCK_MAYBE = r"""
    [-+•·*] [ ] | [IVXLC]{1,6} [.)] | [0-9]{1,3} (?: \.[0-9]{1,3} )* [.)] | \( [0-9a-zđ]{1,3} \)
  | [a-zđ] \) | (?: [đĐ][iIİ][ềỀ][uU] | [cC][hH][ưƯ][ơƠ][nN][gG] | [mM][ụỤ][cC] | [pP][hH][ầẦ][nN]
                 | [pP][hH][ụỤ][ ][lL][ụỤ][cC] ) [ ]
"""

# A run of line breaks with the spaces in it, matched from its first break (so that the engine
# skips ahead to it). Every test looks from there: at P through a look-behind, at F past the
# run through a look-ahead, at the run itself ("[ ]* \n": two breaks and more). The run is:
# - joined ("…địa bàn⏎⏎tỉnh"): the next line JOINS; or ("…trên địa bàn⏎Tỉnh ủy giao") one
#   break after a lower-case letter, before a line with a lower-case letter or that starts
#   with "(" (and does not open a block), which is never a kept run;
# - kept ("…năm 2024.⏎⏎Căn cứ", "…sau:⏎a) Sở", "…(khóa XI)⏎⏎Bộ Chính trị"): after a full stop
#   before a line that does not join; before a block; or two breaks and more after a character
#   no DANGLING word ends with (but a full stop) before a line that starts neither with "(" nor
#   with what joins. Kept as it is, it is no edit and does not match at all (unchanged);
# - maybe_dangling: two breaks and more after another word, before a line that starts neither
#   with "(" nor with what joins, nor opens a block: kept unless that word dangles;
# - anything else goes to join_decision (undecided).
# The outcome is the one group that takes part in the match, none for an undecided run (few
# groups: each costs re.split an entry per match).
# e.g. "\n\n" in "Luật\n\nTiếp công dân" (joined)
BREAK_RUN = r"""
    \n (?<! \n\n )
    (?>
        (?<= \S \n )
        (?: (?: (?= [ \n]*+ (?: {joins} ) )
              | (?! [ ]* \n ) (?<= [{lower}] \n )
                (?= [ \n]*+ (?= \S ) (?! {block_maybe} ) (?= \( | [^\n]*? [{lower}] ) ) )
            (?P<joined> )
          | (?: (?<= [.;:!?] \n ) (?= [ \n]*+ [{keeps}] )
              | (?= [ \n]*+ (?: {block_sure} ) )
              | (?= [ ]* \n ) (?<= [{plain}] \n ) (?= [ \n]*+ (?! \( ) [{keeps}] ) )
            (?: (?= \n? (?! [ \n] ) ) (?P<unchanged> ) | (?= [ ]* \n ) (?P<kept_paragraph> )
              | (?P<kept> ) )
          | (?= [ ]* \n ) (?= [ \n]*+ (?! \( | {block_maybe} ) [{keeps}] ) (?P<maybe_dangling> ) )
        [ \n]*
      | [ \n]*
    )
    (?(unchanged) (?!) )
"""
_UNDECIDED, _MAYBE_DANGLING = object(), object()
_RUN_OUTCOMES = {"joined": " ", "kept": "\n", "kept_paragraph": "\n\n",
                 "maybe_dangling": _MAYBE_DANGLING}


def _char_class(chars: set[str]) -> str:
    """`chars` as the inside of a character class.

    >>> _char_class(set("zabc"))
    'a-cz'
    """
    ranges: list[str] = []
    codes = sorted(map(ord, chars))
    i = 0
    while i < len(codes):
        j = i
        while j + 1 < len(codes) and codes[j + 1] == codes[j] + 1:
            j += 1
        first = re.escape(chr(codes[i]))
        ranges.append(first if j == i else f"{first}-{re.escape(chr(codes[j]))}")
        i = j + 1
    return "".join(ranges)


@cache
def _chars() -> dict[str, set[str]]:
    """The characters up to U+2FFF that the character classes of step 3 are built from."""
    every = "".join(map(chr, range(0x3000)))
    finals = {word[-1] for word in DANGLING}
    lower = set(filter(str.islower, every))
    letters = set(filter(str.isalpha, every))
    spaces = set(filter(str.isspace, every))
    may_dangle = {c for c, low in zip(every, map(str.lower, every)) if low[-1:] in finals}
    return {"lower": lower, "letters": letters, "lower_letters": lower & letters,
            "plain": set(every) - spaces - may_dangle,
            "keeps": set(every) - lower - spaces - set(",;.:)”’%")}


@cache
def _break_run_source() -> str:
    """BREAK_RUN with its character classes filled in."""
    chars = _chars()
    classes = {
        "lower": _char_class(chars["lower_letters"]),
        "plain": _char_class(chars["plain"] - set(".;:!?")),
        "keeps": _char_class(chars["keeps"]),
    }
    joins = JOINS.format(lower=_char_class(chars["lower"]))
    return BREAK_RUN.format(joins=joins, block_sure=BLOCK_SURE, block_maybe=BLOCK_MAYBE,
                            **classes)


@cache
def _break_run() -> tuple[re.Pattern[str], dict[int | None, object]]:
    """BREAK_RUN compiled, and what each group index (``m.lastindex``) means: None, no group,
    is a run left undecided ("unchanged" never ends a match).

    >>> pattern, _ = _break_run()
    >>> [m.lastgroup for m in pattern.finditer("a\\nb. C.\\n\\n\\nD\\n\\n1. x\\nĐiều 5")]
    ['joined', 'kept_paragraph']
    """
    pattern = re.compile(_break_run_source(), re.VERBOSE)
    return pattern, {None: _UNDECIDED, **{index: _RUN_OUTCOMES.get(name, _UNDECIDED)
                                          for name, index in pattern.groupindex.items()}}


@cache
def _break_split() -> tuple[re.Pattern[str], int, tuple[int, ...], dict[tuple, object]]:
    """BREAK_RUN in one group, for ``re.split``, whose list then holds for each run the text
    before it, the run, and each of BREAK_RUN's groups (a group left out: None): the pattern,
    the stride of that list, where in a stride the groups that name an outcome are, and the
    outcome of each tuple of their values (one of them at most takes part in a match; none:
    a run left undecided).

    >>> pattern, stride, where, outcome = _break_split()
    >>> pieces = pattern.split("trên địa bàn\\n\\ntỉnh")
    >>> pieces[0::stride], outcome[tuple(pieces[k] for k in where)]
    (['trên địa bàn', 'tỉnh'], ' ')
    """
    pattern = re.compile(f"({_break_run_source()})", re.VERBOSE)
    named = {name: index for name, index in pattern.groupindex.items() if name in _RUN_OUTCOMES}
    where = tuple(named.values())
    outcome = {tuple("" if k == index else None for k in where): _RUN_OUTCOMES[name]
               for name, index in named.items()}
    outcome[(None,) * len(where)] = _UNDECIDED
    return pattern, pattern.groups + 1, where, outcome


@cache
def _patterns() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    return compile_pattern(MARKUP), compile_pattern(BLOCK_START)


@cache
def _letter_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """A lower-case letter, a letter (both up to U+2FFF, by str.islower and str.isalpha), and
    a character past U+2FFF."""
    chars = _chars()
    return (re.compile(f"[{_char_class(chars['lower_letters'])}]"),
            re.compile(f"[{_char_class(chars['letters'])}]"), re.compile("[\u3000-\U0010FFFF]"))


def _is_caps(line: str) -> bool:
    """At least two letters and none lower case.

    >>> _is_caps("KẾ HOẠCH 2024"), _is_caps("Kế hoạch"), _is_caps("A 1")
    (True, False, False)
    """
    lower, letter, rare = _letter_patterns()
    if lower.search(line):
        return False
    if rare.search(line):  # a character the classes do not cover: ask str itself
        if any(c.islower() and c.isalpha() for c in line):
            return False
        return sum(c.isalpha() for c in line) >= 2
    first = letter.search(line)
    return first is not None and letter.search(line, first.end()) is not None


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
    first = after[0]
    if first in BLOCK_FIRSTS and _patterns()[1].match(after):
        return kept
    last_char = before[-1]
    if first.islower():
        return " "
    if first in ",;.:)”’%":
        return " "
    terminal = last_char in ".;:!?"
    if terminal or _is_caps(before):  # what follows joins only to a line not in capitals
        return kept
    last_word = before.rsplit(" ", 1)[-1]
    if last_word.lower() in DANGLING:
        return " "
    if first == "(":
        return " "
    if breaks == 1:
        # A soft wrap; a capitals line after mixed case is a new block ("…\nCHỦ TỊCH"), unless
        # it is a lone short code finishing the sentence ("thuế suất thuế\nGTGT").
        if not _is_caps(after) or (" " not in after and len(after) <= 8):
            return " "
    return kept


def _decide(text: str, start: int, end: int) -> str:
    """join_decision for the run of breaks text[start:end] ("" at either end of the text)."""
    if start == 0 or end == len(text):
        return ""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    before = text[line_start:start].strip()
    after = text[end:line_end if line_end >= 0 else len(text)].strip()
    return join_decision(before, after, text.count("\n", start, end))


# What a joined run becomes ("": at either end of the text).
_JOINS = frozenset({" ", ""})


def _join_lines(text: str) -> tuple[str, StepMap | None, list[int]]:
    """Step 3, first pass: every run of breaks, decided on `text`.

    Also returns where, in the new text, the runs are that may read differently now: those kept
    by a decision that looked past the characters next to them (the last word or the case of
    the line before, the case of the line after) and whose line before or after was joined to
    another line. Every other run would be decided the same again: a join changes neither the
    last character of a line, nor the start of the next, nor a run's count of breaks.

    >>> _join_lines("Luật\\n\\nTiếp công dân\\n\\nĐiều 1.")[0]
    'Luật Tiếp công dân\\n\\nĐiều 1.'
    """
    pattern, stride, where, outcome_of = _break_split()
    pieces = pattern.split(text)
    if len(pieces) == 1:
        return text, None, []
    gaps, runs = pieces[0::stride], pieces[1::stride]
    repls = list(map(outcome_of.__getitem__, zip(*(pieces[k::stride] for k in where))))
    del pieces  # the longest list here by far: no garbage collection should walk it
    last = len(runs) - 1
    todo = [i for i, repl in enumerate(repls) if repl is _UNDECIDED or repl is _MAYBE_DANGLING]
    # The spaces before a run the scan leaves undecided go with it.
    for i in [i for i in todo if gaps[i][-1:] == " "]:
        gap = gaps[i]
        gaps[i] = gap.rstrip(" ")
        runs[i] = gap[len(gaps[i]):] + runs[i]
    for i, before in zip(todo, [gaps[i].rpartition("\n")[2].strip() for i in todo]):
        if repls[i] is _MAYBE_DANGLING:
            dangles = before.rpartition(" ")[2].lower() in DANGLING and not _is_caps(before)
            repls[i] = " " if dangles else "\n\n"
        elif (i == 0 and not gaps[0]) or (i == last and not gaps[-1]):
            repls[i] = ""  # at either end of the text
        else:
            after = gaps[i + 1].partition("\n")[0].strip()
            repls[i] = join_decision(before, after, runs[i].count("\n"))
    wider = [i for i in todo if repls[i][:1] == "\n"]  # runs kept by a wider decision
    # A run kept as it is makes no edit.
    same = [i for i in wider if len(runs[i]) == len(repls[i])]
    for i in same:
        repls[i] = runs[i]
    # A run kept by a wider decision may read differently once the line before or after it is
    # joined to another: the run before or after it is a join, with no other break between.
    unsettled = [i for i in wider
                 if (i and repls[i - 1] in _JOINS and "\n" not in gaps[i])
                 or (i < last and repls[i + 1] in _JOINS and "\n" not in gaps[i + 1])]
    parts = [""] * (2 * len(runs) + 1)
    parts[0::2], parts[1::2] = gaps, runs
    new_text, step, ends = _splice(parts, repls, same)
    return new_text, step, [ends[2 * i] for i in unsettled]


def _joins(text: str, runs: list[int]):
    """(start, end, replacement) of each run at `runs` that is joined now."""
    for start in runs:
        end = start + 2 if text.startswith("\n\n", start) else start + 1
        repl = _decide(text, start, end)
        if repl[:1] != "\n":
            yield start, end, repl


def _join_again(text: str, runs: list[int]) -> tuple[str, StepMap | None, list[int]]:
    """Step 3, a later pass: decide again the runs at `runs` (kept ones: "\\n" or "\\n\\n");
    return where the runs next to the ones joined are in the new text.

    >>> text, step, around = _join_again("Số 5\\n\\nLuật\\nTiếp", [4, 10])
    >>> text, step.old_starts, around
    ('Số 5\\n\\nLuật Tiếp', (10,), [4])
    """
    new_text, step = apply_edits(text, _joins(text, runs))
    around: set[int] = set()
    for new_start in step.new_starts if step else ():
        before = new_text.rfind("\n", 0, new_start)
        if before >= 0:
            around.add(before - 1 if before and new_text[before - 1] == "\n" else before)
        after = new_text.find("\n", new_start)
        if after >= 0:
            around.add(after)
    return new_text, step, sorted(around)


# What step 1 swaps one for one without changing what step 2 finds around it: a look-alike
# capital (→ a Latin letter), and a dash (→ "-") that is not next to "-", "_", "=" or a dash,
# nor after a backslash (which would make a rule or an escape).
_LOOKALIKES = frozenset(c for c, repl in _CHAR_MAP.items() if len(c) == len(repl) == 1
                        and repl.isalpha())
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"


def _only_swaps(source: str, chars: StepMap) -> bool:
    """Whether step 1 only swapped characters that step 2 does not see.

    >>> text = "QĐ\u2013UBND, ВТС"
    >>> _only_swaps(text, _fix_chars(text, [2, 9, 10, 11])[1])
    True
    >>> _only_swaps("--\u2013--", _fix_chars("--\u2013--", [2])[1])
    False
    """
    runs = {"-", "_", "=", *_DASHES}
    for start, end, new_start, new_end in zip(chars.old_starts, chars.old_ends,
                                              chars.new_starts, chars.new_ends):
        if end - start != 1 or new_end - new_start != 1:
            return False
        c = source[start]
        if c in _DASHES:
            if start and (source[start - 1] in runs or source[start - 1] == "\\"):
                return False
            if end < len(source) and source[end] in runs:
                return False
        elif c not in _LOOKALIKES:
            return False
    return True


def _swap_in(text: str, markup: StepMap | None, fixed: str, chars: StepMap) -> str:
    """Step 2's output `text` with the characters step 1 swapped (in `fixed`) put in."""
    pieces: list[str] = []
    last = 0
    for pos in chars.old_starts:
        at = pos
        if markup is not None:
            i = bisect.bisect_right(markup.old_starts, pos) - 1
            if i >= 0:
                at = markup.new_ends[i] + pos - markup.old_ends[i]
        pieces.append(text[last:at])
        pieces.append(fixed[pos])
        last = at + 1
    pieces.append(text[last:])
    return "".join(pieces)


def normalize(source: str) -> Normalized:
    """Normalize a document's text; see the module docstring for what changes.

    >>> normalize("Quyết định số 1717/QĐ\\u2013 UBND").text
    'Quyết định số 1717/QĐ- UBND'
    """
    steps: list[StepMap] = []
    # With plain spacing, one scan finds the markup and the characters step 1 may edit; the
    # markup found stands unless step 1 changes what step 2 sees.
    plain = _plain_spacing(source)
    if plain:
        text, markup, suspects = _strip_markup(source, plain)
    else:
        suspects = [m.start() for m in _char_patterns()[0].finditer(source)]
    fixed, chars = _fix_chars(source, suspects) if suspects else (source, None)
    if chars is not None:
        steps.append(chars)
    if chars is not None and plain and _only_swaps(source, chars):
        text = _swap_in(text, markup, fixed, chars)
    elif chars is not None or not plain:
        text, markup, _ = _strip_markup(fixed)
    if markup is not None:
        steps.append(markup)
    # A join can change the line a kept break looks at ("218-QĐ/TW⏎217-QĐ/TW" stays apart while
    # "217-QĐ/TW" is a line of capitals, not once "và" is joined to it): repeat until nothing
    # moves, so that normalizing twice changes nothing. Breaks only ever disappear, so it ends.
    text, step, unsettled = _join_lines(text)
    for _ in range(MAX_JOIN_PASSES - 1):
        if step is None:
            break
        steps.append(step)
        text, step, unsettled = _join_again(text, unsettled)
    else:
        if step is not None:
            steps.append(step)
    return Normalized(text, tuple(steps))


MAX_JOIN_PASSES = 8
