"""Damaged text still yields its citations: diacritics lost, decomposed Unicode, Đ as Ð,
dashes of every kind, Cyrillic look-alikes, markdown debris."""

from __future__ import annotations

import re
import unicodedata
from itertools import chain

import pandas as pd
import pytest
import regex

from kehoach.corpus import Corpus
from kehoach.evaluate import score_citations
from kehoach.extract.normalize import CHAR_SUSPECTS
from kehoach.extract.pipeline import extract_text
from kehoach.patterns.vocab import fold_diacritics

from .support import CORPUS

SEEDS = sorted((CORPUS / "seeds").glob("*.txt"))
GOLD = pd.read_csv(CORPUS / "gold" / "citations.csv", dtype=str, keep_default_na=False)

DAMAGES = {
    "diacritics lost": fold_diacritics,
    "decomposed (NFD)": lambda t: unicodedata.normalize("NFD", t),
    "eth for Đ": lambda t: t.replace("Đ", "\u00D0"),
    "en and em dashes": lambda t: t.replace("-", "\u2013").replace(" \u2013 ", " \u2014 "),
    "bold markers everywhere": lambda t: t.replace(" ", "** ").replace("/", "/**"),
}
FLOORS = {"diacritics lost": 0.95}


def _score(damage) -> float:
    docs = [extract_text(damage(p.read_text(encoding="utf-8")), doc_id=p.stem) for p in SEEDS]
    score, _ = score_citations(Corpus.from_results(docs).citations, GOLD)
    return score


@pytest.mark.parametrize("name", DAMAGES)
def test_damaged_seeds_keep_their_citations(name: str) -> None:
    score = _score(DAMAGES[name])
    assert score.f1 >= FLOORS.get(name, 1.0), score.summary()


def test_diacritics_lost_keywords_and_central_issuers() -> None:
    doc = extract_text("Chi thi so 16/CT-TTg ngay 16/5/2016 cua Thu tuong Chinh phu ve tang cuong")
    [c] = doc.citations
    assert (c.cited_ref, c.cited_type, c.cited_date.iso(), c.cited_issuer) == (
        "16/CT-TTg", "Chỉ thị", "2016-05-16", "Thủ tướng Chính phủ")


def test_repaired_symbols_are_flagged() -> None:
    doc = extract_text("Quyet dinh so 12/QD-UBND ngay 05/3/2024 va Nghi dinh 59/2023/ND-CP")
    assert [(c.cited_ref, c.repaired) for c in doc.citations] == [
        ("12/QĐ-UBND", True), ("59/2023/NĐ-CP", True)]


def test_one_ocr_error_in_a_type_word() -> None:
    [c] = extract_text("theo Quyết đinh số 12/QĐ-UBND ngày 1/2/2024").citations
    assert c.cited_type == "Quyết định" and c.repaired


def test_every_combining_mark_is_a_suspect() -> None:
    """Step 1 of normalize looks only at CHAR_SUSPECTS characters for marks to compose: they
    must cover \\p{M} as the `regex` module knows it (its Unicode version may move on)."""
    every = "".join(map(chr, chain(range(0xD800), range(0xE000, 0x110000))))
    suspects = re.compile(CHAR_SUSPECTS)
    marks = regex.findall(r"\p{M}", every)
    assert marks and [hex(ord(c)) for c in marks if not suspects.match(c)] == []
