"""Relation statements: a table of real cases (tests/cases/relations.yaml), the offsets
invariant, "never raises", and precision/recall on the annotated dev sample."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kehoach.corpus import load_corpus
from kehoach.evaluate import ref_key
from kehoach.extract.citations import find_citations
from kehoach.extract.pipeline import extract_text
from kehoach.extract.relations import find_relations
from kehoach.models import PartialDate

from .support import DEVSAMPLE, best_seconds, case_params, load_cases

CASES = load_cases("relations.yaml")
VALIDITY = ("replaces", "repeals", "amends", "expires")



def _extract(case: dict):
    doc = extract_text(case["text"])
    if case.get("signed"):
        # The header of a two-line excerpt holds no date: give the statement its own.
        signed = PartialDate.from_iso(case["signed"])
        return doc, find_relations(doc.text, doc.citations, signed=signed)
    return doc, doc.relations


@pytest.mark.parametrize(
    "case", case_params(CASES))
def test_relation_case(case: dict) -> None:
    _, found = _extract(case)
    got = [{"relation": r.relation, "target": r.target_ref, "partial": r.partial,
            "effective": r.effective_date.iso() if r.effective_date else None,
            "target_date": r.target_date.iso() if r.target_date else None} for r in found]
    want = case["expect"]
    assert len(got) == len(want), f"got {got}"
    for g, w in zip(got, want):
        for field, value in w.items():
            assert g[field] == value, f"{field}: got {g[field]!r}, want {value!r} in {g}"


def test_case_table_is_sourced_and_has_negatives() -> None:
    assert len(CASES) >= 20
    assert all(c.get("source") and c.get("id") for c in CASES)
    assert len({c["id"] for c in CASES}) == len(CASES)
    assert sum(1 for c in CASES if not c["expect"]) >= 6


def test_evidence_is_the_text_at_its_offsets() -> None:
    for case in CASES:
        doc, found = _extract(case)
        for r in found:
            assert doc.text[r.start:r.end] == r.evidence
            assert r.target_ref in r.evidence.replace("- ", "-")


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="Điều 1.2:;\n “”bãi bỏ thay thế sửa đổi hết hiệu lực Quyết định này số "
                        "12/2020/QĐ-UBND ngày 01/02/2021 a) - ", max_size=300))
def test_never_raises_and_offsets_hold(text: str) -> None:
    doc = extract_text(text)
    for r in doc.relations:
        assert doc.text[r.start:r.end] == r.evidence


def _relations_seconds(statements: int) -> float:
    """Best of three timings of the relations stage on `statements` articles run on one line."""
    text = "".join(f"Điều {i}. Bãi bỏ Quyết định số {i}/2020/QĐ-UBND ngày 05/3/2020 của UBND "
                   "tỉnh Gia Lai. " for i in range(1, statements + 1))
    cited = find_citations(text)
    assert len(find_relations(text, cited)) == statements
    return best_seconds(lambda: find_relations(text, cited))


def test_one_line_text_stays_linear() -> None:
    # Each look-back once ran to the start of the line: sixteen times the statements took some
    # seventy times as long. Linear is sixteen; the bound leaves room for a loaded machine.
    assert _relations_seconds(4000) < 40 * _relations_seconds(250)


def _gold() -> tuple[pd.DataFrame, list[str]]:
    gold = pd.concat([pd.read_csv(DEVSAMPLE / f"sample_{x}_relations.csv", dtype=str)
                      for x in "ab"])
    files = pd.concat([pd.read_csv(DEVSAMPLE / f"sample_{x}_documents.csv", dtype=str)
                       for x in "ab"])["file"].tolist()
    return gold, files


def test_dev_sample_precision_and_recall(shared_dir: Path) -> None:
    gold, files = _gold()
    corpus = load_corpus([shared_dir / "corpus" / "tnt305" / f"{f}.md" for f in files], jobs=2)
    rel = corpus.relations[corpus.relations["relation"].isin(VALIDITY)]
    got = {(d, r, ref_key(t)) for d, r, t in zip(rel["doc_id"], rel["relation"],
                                                 rel["target_ref"])}
    want = {(d, r, ref_key(t)) for d, r, t in zip(gold["file"], gold["relation"],
                                                  gold["target_symbol"])}
    hits = got & want
    precision, recall = len(hits) / len(got), len(hits) / len(want)
    assert len(files) == 50 and len(want) == 50
    assert precision >= 0.95, f"precision {precision:.3f}; false: {sorted(got - want)}"
    assert recall >= 0.90, f"recall {recall:.3f}; missed: {sorted(want - got)}"
