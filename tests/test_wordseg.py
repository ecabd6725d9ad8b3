"""Word segmentation scored on underthesea's model (kehoach/extract/wordseg.py) gives
underthesea's words, on real windows and on a sample of dev-corpus lines."""

from __future__ import annotations

import re
import struct
import sys
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from underthesea import word_tokenize

from kehoach.extract import tokenize, wordseg
from kehoach.extract.normalize import normalize

from .support import SHARED, case_id, load_cases

CASES = load_cases("wordseg.yaml")


def _words(text: str) -> list[str]:
    return [t.text for t in tokenize.words(text)]


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_words_are_underthesea_words(case):
    expected = case["words"].split("|")
    assert _words(case["text"]) == expected
    assert word_tokenize(case["text"], use_token_normalize=False) == expected


def test_model_is_read():
    model = wordseg.load()
    assert model is not None, "underthesea's model was not found or not read"
    groups = [g for reading in model.readings for g in reading.groups]
    assert len(groups) == 12  # unigrams -2…2, bigrams -2…1, trigrams -2…0
    assert sum(len(g.templates) for g in groups) == 43


def test_dev_lines_match_underthesea():
    """Every 20th line of the dev corpus (first 60 files), cut to a 120-character window."""
    files = sorted((SHARED / "corpus" / "tnt305").glob("*.md"))[:60]
    if not files:
        pytest.skip("shared dev corpus not present")
    lines = [line[:120] for f in files
             for line in normalize(f.read_text("utf-8")).text.splitlines()[::20] if line.strip()]
    model = wordseg.load()
    differing = []
    for line in lines:
        syllables = tokenize._syllables_of(line)
        if wordseg.join(syllables, wordseg.tag(model, syllables)) != word_tokenize(
                line, use_token_normalize=False):
            differing.append(line)
    assert len(lines) > 500 and differing == []


@pytest.mark.parametrize("text", [
    "Sở Y tế, UBND. tỉnh", "UBND.", "Th sở", "ThS. Nguyễn", "Th\u2028s", "x :D", "x :D y",
    "a@b.vn, www.gov.vn/x (1) 1.600m-2.000m", "H'Mông H&M T.Ư 43H-0530 02/05/2014 v.v...",
    "UBND.\nNội vụ", "ð Ð  \u00a0\u2000x ʺy", "Thus ThuS Thes thử Thủy ThS x_y e\u0301 Ⅳ ²",
])
def test_tokens_found_run_by_run_are_the_grammars_tokens(text):
    """Syllables are matched once per run of non-space characters (issue #8): the spans are
    those of underthesea's grammar over the whole text."""
    normalized, spans = tokenize._syllable_spans(text)
    assert spans == [m.span() for m in tokenize._underthesea_tokens().finditer(normalized)]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["T", "h", "s", "S", "ủ", "Đ", "x", "e", "\u0301", "_", "1", "²",
                                 "Ⅳ", ".", "-", "'", "&", "@", ":", "D", "v", "ð", "ʺ", " "]),
                max_size=12).map("".join))
def test_runs_of_letters_are_one_token(text):
    """A run in group "letters" (issue #8: read without the grammar) is one grammar token."""
    normalized, spans = tokenize._syllable_spans(text)
    assert spans == [m.span() for m in tokenize._underthesea_tokens().finditer(normalized)]
    for run in tokenize._run_pattern().finditer(text):
        if run.lastgroup == "letters":
            assert [m.span() for m in tokenize._underthesea_tokens().finditer(
                run.group())] == [(0, len(run.group()))]


def test_every_letter_is_read_in_one_token_but_at_the_excluded_starts():
    """All of Unicode: a letter that begins, continues or ends a run in group "letters" leaves
    it one token ("Th.s" inside a run too); at the starts left to the grammar, "ʺ" and "Th.s",
    it need not."""
    letter, grammar = re.compile(r"[^\W\d_]"), tokenize._underthesea_tokens()
    for char in map(chr, range(sys.maxunicode + 1)):
        if letter.fullmatch(char) is None:
            continue
        for run in (char, char + "a", "a" + char, "aTh" + char + "s"):
            if tokenize._run_pattern().fullmatch(run).lastgroup == "letters":
                assert [m.span() for m in grammar.finditer(run)] == [(0, len(run))], run
    for run in ("ʺa", "Thuss"):
        assert tokenize._run_pattern().fullmatch(run).lastgroup is None
        assert len(list(grammar.finditer(run))) == 2


def test_dev_lines_tokens_found_run_by_run_are_the_grammars_tokens():
    files = sorted((SHARED / "corpus" / "tnt305").glob("*.md"))[:60]
    if not files:
        pytest.skip("shared dev corpus not present")
    grammar = tokenize._underthesea_tokens()
    for f in files:
        for line in normalize(f.read_text("utf-8")).text.splitlines():
            normalized, spans = tokenize._syllable_spans(line[:200])
            assert spans == [m.span() for m in grammar.finditer(normalized)], line


def test_small_memo_gives_the_same_words(monkeypatch):
    monkeypatch.setattr(wordseg, "MEMO_LIMIT", 3)
    for reading in wordseg.load().readings:
        reading.memo.clear()
    for case in CASES[:6]:
        syllables = tokenize._syllables_of(case["text"])
        assert wordseg.join(syllables, wordseg.tag(wordseg.load(), syllables)) == \
            case["words"].split("|")
    assert all(len(r.memo) <= 3 for r in wordseg.load().readings)


def test_underthesea_segments_when_its_model_cannot_be_read(monkeypatch):
    monkeypatch.setattr(wordseg, "load", lambda: None)
    tokenize._segment.cache_clear()
    try:
        case = CASES[0]
        assert _words(case["text"]) == case["words"].split("|")
    finally:
        tokenize._segment.cache_clear()


@pytest.mark.parametrize("data, error, reason", [
    (b"", struct.error, "buffer"),  # shorter than a header
    (b"PK\x03\x04" + bytes(60), ValueError, "not a CRFsuite"),  # another kind of file
    (b"lCRF" + bytes(4) + b"FOMC" + bytes(36), ValueError, "CQDB"),  # a header pointing nowhere
])
def test_other_files_are_refused(data, error, reason):
    with pytest.raises(error, match=reason):
        wordseg.read_crfsuite(data)


# The folded scoring (issue #8) against the plain one: the feature strings underthesea's
# featurizer builds ("T[-1,0].lower=ủy ban", "T[0].istitle=True", "T[-2]=BOS" …), each looked up.


@cache
def _parts():
    return wordseg.read_model(wordseg.model_folder())


@cache
def _template(template: str) -> tuple[int, int, str | None]:
    m = wordseg.TEMPLATE.fullmatch(template)
    return int(m["first"]), int(m["last"] or m["first"]), m["function"]


def _feature_value(template: str, syllables: list[str], i: int) -> str:
    first, last, function = _template(template)
    first, last = i + first, i + last
    if first < 0:
        return "BOS"
    if last >= len(syllables):
        return "EOS"
    text = " ".join(syllables[first:last + 1])
    if function is None:
        return text
    if function == "lower":
        return text.lower()
    if function == "is_in_dict":
        return str(text.lower() in _parts()[4])
    if function == "istitle":
        return str(all(part[:1] == part[:1].upper() for part in text.split(" ")))
    assert function == "isdigit"
    return str(re.fullmatch(r"[+-]?[0-9]+", text) is not None and -2**31 <= int(text) < 2**31)


def _plain_scores(syllables: list[str]) -> list[tuple[float, float]]:
    """(B-W, I-W) score of each position: the weights of its feature strings, summed."""
    _, _, weights, templates, _ = _parts()
    scores = []
    for i in range(len(syllables)):
        b = inside = 0.0
        for template in templates:
            w = weights.get(f"{template}={_feature_value(template, syllables, i)}")
            if w is not None:
                b, inside = b + w[0], inside + w[1]
        scores.append((b, inside))
    return scores


def _plain_tags(syllables: list[str]) -> list[str]:
    """Viterbi over both labels' scores; on a tie the lower label wins."""
    transitions = _parts()[1]
    scores = _plain_scores(syllables)
    best, back = list(scores[0]), []
    for state in scores[1:]:
        step = [max(range(2), key=lambda p: (best[p] + transitions[p][y], -p)) for y in range(2)]
        best = [best[p] + transitions[p][y] + state[y] for y, p in enumerate(step)]
        back.append(step)
    y = max(range(2), key=lambda y: (best[y], -y))
    path = [y]
    for step in reversed(back):
        y = step[y]
        path.append(y)
    return [wordseg.LABELS[y] for y in reversed(path)]


def _assert_scored_plainly(syllables: list[str]) -> None:
    model = wordseg.load()
    plain = [inside - b for b, inside in _plain_scores(syllables)]
    assert wordseg.scores(model, syllables) == pytest.approx(plain, rel=1e-12, abs=1e-9)
    assert wordseg.tag(model, syllables) == _plain_tags(syllables)


def test_folded_scores_are_the_feature_strings_scores_on_dev_windows():
    """Windows as the assignment stage cuts them (56 and 120 characters from a word), cold
    memo and warm."""
    files = sorted((SHARED / "corpus" / "tnt305").glob("*.md"))[:40]
    if not files:
        pytest.skip("shared dev corpus not present")
    windows = [line[m.start():m.start() + size] for f in files
               for line in normalize(f.read_text("utf-8")).text.splitlines()[::25]
               for m in list(re.finditer(r"\S+", line))[::11] for size in (56, 120)]
    assert len(windows) > 800
    for reading in wordseg.load().readings:
        reading.memo.clear()
    for window in windows + windows[::5]:
        _assert_scored_plainly(tokenize._syllables_of(window))


SYLLABLES = st.sampled_from([
    "Ủy", "ủy", "ban", "Ban", "nhân", "dân", "tỉnh", "Sở", "Tài", "chính", "TÀI", "UBND", "y",
    "tế", "2024", "-7", "+12", "3000000000", "007", "1.5", ",", ".", "(", "/", "%", "KH-VP",
    "29/3/2024", "BOS", "EOS", "bos", "True", "x", "ǅ", "ß", "Đ", "đ", "ð"])


@settings(max_examples=400, deadline=None)
@given(st.lists(SYLLABLES, min_size=1, max_size=9))
def test_folded_scores_are_the_feature_strings_scores(syllables):
    """Any syllables, including those that spell BOS, EOS or a flag's value, numbers at the
    edge of i32, title-case letters, and windows shorter than the templates read."""
    _assert_scored_plainly(syllables)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(SYLLABLES, st.sampled_from(wordseg.LABELS), st.sampled_from(" \t ")),
                max_size=8))
def test_word_spans_are_the_joined_words(tagged):
    """Words found from tags on offsets (:func:`tokenize._word_spans`) are the syllables joined
    as underthesea joins them, with offsets that hold."""
    segment, spans = "", []
    for syllable, _, space in tagged:
        spans.append((len(segment), len(segment) + len(syllable)))
        segment += syllable + space
    syllables, tags = [s for s, _, _ in tagged], [t for _, t, _ in tagged]
    found = tokenize._word_spans(segment, spans, tags)
    assert all(segment[a:b] == word for word, a, b in found)
    assert [" ".join(word.split()) for word, _, _ in found] == wordseg.join(syllables, tags)
