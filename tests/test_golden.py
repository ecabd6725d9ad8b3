"""Golden tables: `kehoach extract corpus/` reproduces the hand-checked answers exactly."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from kehoach.cli import main

from .support import CORPUS

GOLD = CORPUS / "gold"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("golden")
    assert main(["extract", str(CORPUS), "--out", str(out), "--jobs", "1", "--quiet"]) == 0
    return out


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def test_documents_match_gold(out: Path) -> None:
    gold = _read(GOLD / "documents.csv").rename(columns={"doc": "doc_id"})
    got = _read(out / "documents.csv")[list(gold.columns)]
    assert_frame_equal(got.sort_values("doc_id").reset_index(drop=True),
                       gold.sort_values("doc_id").reset_index(drop=True))


def test_citations_match_gold(out: Path) -> None:
    gold = _read(GOLD / "citations.csv").rename(
        columns={"doc": "doc_id", "cited_symbol": "cited_ref"})
    cites = _read(out / "citations.csv")
    first = cites[(cites["mention_index"] == "0") & (cites["cited_ref"] != "")]
    got = first[list(gold.columns)]
    key = ["doc_id", "cited_ref"]
    assert_frame_equal(got.sort_values(key).reset_index(drop=True),
                       gold.sort_values(key).reset_index(drop=True))


def test_laws_match_gold(out: Path) -> None:
    gold = _read(GOLD / "laws.csv").rename(columns={"doc": "doc_id"})
    got = _read(out / "laws.csv")[list(gold.columns)]
    key = ["doc_id", "law_name"]
    assert_frame_equal(got.sort_values(key).reset_index(drop=True),
                       gold.sort_values(key).reset_index(drop=True))


def test_seed_002_keeps_the_printed_wrong_date(out: Path) -> None:
    cites = _read(out / "citations.csv")
    row = cites[(cites["doc_id"] == "002_01486d628d01352f") & (cites["cited_ref"] == "217-QĐ/TW")]
    assert set(row["cited_date"]) == {"2015-04-08"}


def test_every_mention_links_to_its_first(out: Path) -> None:
    cites = _read(out / "citations.csv")
    firsts = cites[cites["mention_index"] == "0"]
    assert not firsts.duplicated(["doc_id", "cited_id"]).any()
    later = cites[cites["mention_index"] != "0"]
    assert later.merge(firsts, on=["doc_id", "cited_id"]).shape[0] == len(later)
