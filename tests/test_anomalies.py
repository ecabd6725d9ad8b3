"""The anomaly report: a table of real and realistic cases."""

from __future__ import annotations

import pytest

from kehoach.extract.anomalies import find_anomalies
from kehoach.extract.citations import find_citations, with_keys
from kehoach.models import PartialDate

from .support import case_id, load_cases

CASES = load_cases("anomalies.yaml")


@pytest.mark.parametrize("case", CASES, ids=[case_id(c) for c in CASES])
def test_anomaly_case(case: dict) -> None:
    signed = PartialDate.from_iso(case["signed"]) if case["signed"] else None
    found = find_anomalies(find_citations(case["text"]), signed)
    assert [[a.kind, a.cited_ref] for a in found] == case["expect"]


@pytest.mark.parametrize("text,home,key", [
    ("Quyết định số 490/QĐ-UBND ngày 05/3/2021 của UBND tỉnh", "tây ninh",
     "490/QĐ-UBND@2021|tây ninh"),
    ("Quyết định số 490/QĐ-UBND ngày 05/3/2021 của UBND tỉnh Gia Lai", "tây ninh",
     "490/QĐ-UBND@2021|gia lai"),
    ("Nghị quyết số 25-NQ/TW ngày 03/6/2013 của Ban Chấp hành Trung ương", "tây ninh",
     "25-NQ/TW@2013"),
    ("Nghị quyết số 25-NQ/TW ngày 24/10/2003 của Ban Chấp hành Trung ương", None,
     "25-NQ/TW@2003"),
    ("Nghị định số 04/2015/NĐ-CP của Chính phủ", "bắc kạn", "4/2015/NĐ-CP@2015"),
])
def test_cited_keys_do_not_collide(text: str, home: str | None, key: str) -> None:
    [c] = with_keys(find_citations(text), home)
    assert c.cited_key == key
