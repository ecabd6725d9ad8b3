"""Word segmentation scored on underthesea's model (kehoach/extract/wordseg.py) gives
underthesea's words, on real windows and on a sample of dev-corpus lines."""

from __future__ import annotations

import struct

import pytest
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
    assert sum(len(g.prefixes) for g in groups) == 43


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
    "UBND.\nNội vụ", "ð Ð  \u00a0\u2000x ʺy",
])
def test_tokens_found_run_by_run_are_the_grammars_tokens(text):
    """Syllables are matched once per run of non-space characters (issue #8): the spans are
    those of underthesea's grammar over the whole text."""
    normalized, spans = tokenize._syllable_spans(text)
    assert spans == [m.span() for m in tokenize._underthesea_tokens().finditer(normalized)]


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
