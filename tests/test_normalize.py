"""The normalize stage's fast paths (issue #8) agree with the plain readings they replace: the
joining step decided in bulk with one run at a time, the map's flat offsets with the edits,
the first characters that may open a block with the block grammar."""

from __future__ import annotations

import re
import sys

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kehoach.extract.normalize import (_MAYBE_DANGLING, _UNDECIDED, BLOCK_FIRSTS, DANGLING,
                                       _break_run, _char_patterns, _decide, _is_caps,
                                       _join_lines, _markup_replacement, _patterns,
                                       _plain_spacing, _splice, _strip_markup, apply_edits,
                                       normalize, rewrite)

from .test_properties import FRAGMENTS, LINE_FRAGMENTS, line_documents

SETTINGS = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def _join_lines_one_run_at_a_time(text: str):
    """The first joining pass as it read before the bulk rewrite: each run decided in turn."""
    pattern, outcomes = _break_run()
    edits, unsettled = [], []
    shift, next_break, joined_end = 0, -1, -1
    for m in pattern.finditer(text):
        start, end = m.span()
        repl = outcomes[m.lastindex]
        if repl is _UNDECIDED or repl is _MAYBE_DANGLING:
            while start and text[start - 1] == " ":
                start -= 1
            line_start = text.rfind("\n", 0, start) + 1
            if repl is _MAYBE_DANGLING:
                before = text[line_start:start].strip()
                dangles = (before.rsplit(" ", 1)[-1].lower() in DANGLING
                           and not _is_caps(before))
                repl = " " if dangles else "\n\n"
            else:
                repl = _decide(text, start, end)
            if repl[:1] == "\n":
                unsettled.append([start + shift, joined_end >= line_start])
                next_break = text.find("\n", end)
                if end - start == len(repl):
                    continue
        if repl == " " or not repl:
            if start <= next_break < end:
                unsettled[-1][1] = True
            joined_end = end
        edits.append((start, end, repl))
        shift += len(repl) - (end - start)
    new_text, step = apply_edits(text, edits)
    return new_text, step, [pos for pos, changed in unsettled if changed]


@SETTINGS
@given(line_documents)
def test_bulk_joining_agrees_with_one_run_at_a_time(text: str) -> None:
    assert _join_lines(text) == _join_lines_one_run_at_a_time(text)


# Texts made of table rows, emphasis and breaks, as exports of the dev corpus are.
tables = st.lists(st.sampled_from([*FRAGMENTS, *LINE_FRAGMENTS, "\n|\n", "|", "**", " **",
                                   "** ", "\n\n\n\n", "## ", "\u2013", "&nbsp;", "\U0001F600"]),
                  max_size=80).map("".join)


@SETTINGS
@given(tables)
def test_bulk_joining_agrees_on_tables(text: str) -> None:
    assert _join_lines(text) == _join_lines_one_run_at_a_time(text)


# Texts of plain spacing (no double space, no line that starts with one), where step 2 cuts
# the text with one scan: emphasis after a space, after a heading mark, inside a run of marks.
plain_tables = st.lists(st.sampled_from(["Số", "a ", " b", "\n", "\n\n", "|", "**", "*", "** ",
                                         " **", "** **", "## ", "### **", "\\*", "\u2013",
                                         "&amp;", "-----", "<br>", "\U0001F600"]),
                        max_size=40).map("".join).filter(_plain_spacing)


@SETTINGS
@given(plain_tables)
def test_one_scan_markup_agrees_with_the_grammar_on_plain_tables(text: str) -> None:
    """The one scan of step 2, with the spaces before emphasis found by str.find, makes the
    edits the grammar makes, and finds the characters step 1 may edit."""
    expected = rewrite(text, _patterns()[0], lambda m: _markup_replacement(m[0]))
    new_text, step, suspects = _strip_markup(text, True)
    assert (new_text, step) == expected
    assert suspects == [m.start() for m in _char_patterns()[0].finditer(text)]


@SETTINGS
@given(tables)
def test_map_goes_back_through_each_edit(text: str) -> None:
    """The flat offsets of each step give what its edits say: an offset inside a replacement
    goes to the start of what it replaced, one past it moves with the edits before it."""
    norm = normalize(text)
    for step in norm.steps:
        edits = list(zip(step.new_starts, step.new_ends, step.old_starts, step.old_ends))
        for pos in range(step.new[-1] + 2):
            before = [e for e in edits if e[0] <= pos]
            if not before:
                expected = pos
            else:
                new_start, new_end, old_start, old_end = before[-1]
                expected = old_start if pos < new_end else old_end + pos - new_end
            assert step.back(pos) == expected


def test_splice_leaves_out_what_is_no_edit() -> None:
    text, step, ends = _splice(["a", "\n\n", "b", "\n", "c", "\n\n", "d"],
                               ["\n\n", " ", "\n"], same=[0])
    assert text == "a\n\nb c\nd"
    assert (step.new_starts, step.old_starts) == ((4, 6), (4, 6))
    assert ends == [1, 3, 4, 5, 6, 7, 8]


def test_block_firsts_hold_every_start_of_a_block() -> None:
    """A line whose first character is not in BLOCK_FIRSTS never matches BLOCK_START (as the
    `regex` module reads its case-insensitive words; its Unicode version may move on)."""
    block = _patterns()[1]
    tails = ["iều 5", "IỀU 5", "hương II", "HƯƠNG II", "ục 1", "ỤC 1", "hần 2", "HẦN 2",
             "hụ lục 3", "HỤ LỤC 3", " x", ") x", ". x", ".", "1) x", "I. x", "a) x", ""]
    every = (chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)
    starts = {c for c in every if any(block.match(c + tail) for tail in tails)}
    assert starts and starts <= BLOCK_FIRSTS
    assert re.fullmatch(r"[\w\-+•·*(]+", "".join(BLOCK_FIRSTS))
