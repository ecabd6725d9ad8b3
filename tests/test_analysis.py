"""Cross-plan analysis on the sample plans: outdated citations at two dates, conflicting dates,
the citation graph, stale years and renamed localities."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from kehoach.analysis import (
    conflicts, document_tables, graph_edges, judge, localities, most_cited, outdated_on,
)
from kehoach.cli import main
from kehoach.corpus import load_corpus
from kehoach.extract.pipeline import extract_text
from kehoach.models import PartialDate
from kehoach.registry import COLUMNS, Entry

from .support import CORPUS

SEED_000, SEED_001, SEED_002, SEED_003, SEED_004 = (
    "000_a863b09b55c419f3", "001_6c74f44c9c07e9cc", "002_01486d628d01352f",
    "003_b88cd6016f9f002f", "004_4f57c44d3ce82da0")

# The test registry of the brief: 16/CT-TTg replaced on 2021-11-26 (by 33/CT-TTg), 04/2015/NĐ-CP
# ended on 2023-07-01.
TEST_REGISTRY = ",".join(COLUMNS) + "\n" + "\n".join([
    "16/CT-TTg,Chỉ thị,2016-05-16,Thủ tướng Chính phủ,replaced,33/CT-TTg,,2021-11-26,false,test",
    "04/2015/NĐ-CP,Nghị định,2015-01-09,Chính phủ,replaced,10/2022/QH15,,2023-07-01,false,test",
]) + "\n"


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(CORPUS, jobs=1)


@pytest.fixture(scope="module")
def judged(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    tmp = tmp_path_factory.mktemp("outdated")
    registry = tmp / "registry.csv"
    registry.write_text(TEST_REGISTRY, encoding="utf-8")
    code = main(["outdated", str(CORPUS), "--registry", str(registry), "--as-of", "2025-06-01",
                 "--out", str(tmp / "out"), "-j", "1", "-q"])
    assert code == 0
    return pd.read_csv(tmp / "out" / "outdated.csv", dtype=str, keep_default_na=False)


def _row(frame: pd.DataFrame, doc: str, ref: str) -> pd.Series:
    rows = frame[(frame["doc_id"] == doc) & (frame["cited_ref"] == ref)]
    assert len(rows) == 1, f"{doc} does not cite {ref} once"
    return rows.iloc[0]


def test_directive_replaced_before_the_2024_plan_is_outdated_at_issue(judged) -> None:
    row = _row(judged, SEED_000, "16/CT-TTg")
    assert (row["doc_date"], row["status"], row["replaced_by"]) == ("2024-03-29", "replaced",
                                                                     "33/CT-TTg")
    assert row["outdated_at_issue"] == "True" and row["outdated_now"] == "True"
    assert row["basis"].startswith("registry ") and "test" in row["basis"]


def test_undated_plan_gets_no_judgement_at_issue(judged) -> None:
    row = _row(judged, SEED_001, "16/CT-TTg")
    assert row["doc_date"] == "" and row["outdated_at_issue"] == ""
    assert row["outdated_now"] == "True"


def test_decree_ended_after_the_plan_is_outdated_now_only(judged) -> None:
    row = _row(judged, SEED_003, "04/2015/NĐ-CP")
    assert row["doc_date"] == "2023-05-09"
    assert (row["outdated_at_issue"], row["outdated_now"]) == ("False", "True")


def test_unknown_status_is_never_called_in_force(judged) -> None:
    unknown = judged[judged["status"] == "unknown"]
    assert len(unknown) > 0
    assert (unknown["outdated_at_issue"] == "").all() and (unknown["outdated_now"] == "").all()


def test_every_judged_row_names_its_basis(judged) -> None:
    known = judged[judged["status"] != "unknown"]
    assert (known["basis"] != "").all()


REPLACED = Entry("16/CT-TTg", None, PartialDate(2016, 5, 16), None, "replaced", "33/CT-TTg",
                 None, PartialDate(2022, 4, 15), False, "test")
PARTIAL_DATES = [
    ("month-straddles-end", PartialDate(2022, 4), None),
    ("month-before-end", PartialDate(2022, 3), False),
    ("month-after-end", PartialDate(2022, 5), True),
    ("year-straddles-end", PartialDate(2022), None),
    ("day-of-end", PartialDate(2022, 4, 15), True),
    ("no-date", None, None),
]


@pytest.mark.parametrize("name,day,want", PARTIAL_DATES, ids=[p[0] for p in PARTIAL_DATES])
def test_partial_dates_are_not_guessed(name: str, day, want) -> None:
    assert outdated_on(REPLACED, day) is want


def test_amendment_does_not_make_a_document_outdated() -> None:
    amended = Entry("42/2013/QH13", None, None, None, "amended", "136/2025/QH15", None, None,
                    True, "test")
    assert outdated_on(amended, PartialDate(2027)) is False


def test_local_document_needs_its_issuer() -> None:
    entry = Entry("21/2018/QĐ-UBND", None, PartialDate(2018, 8, 9), "UBND tỉnh Bắc Giang",
                  "repealed", "x", None, PartialDate(2025, 12, 10), False, "test")
    day, now = PartialDate(2026, 1, 1), PartialDate(2026, 1, 1)
    same = judge("21/2018/QĐ-UBND", None, "Ủy ban nhân dân tỉnh Bắc Giang", day, now, [entry])
    other = judge("21/2018/QĐ-UBND", None, "UBND tỉnh Bắc Ninh", day, now, [entry])
    assert (same.status, same.at_issue) == ("repealed", True)
    assert (other.status, other.at_issue, other.basis) == ("unknown", None, None)


def test_corpus_relation_is_a_basis(tmp_path: Path) -> None:
    (tmp_path / "qd.txt").write_text(
        "Số: 30/2024/QĐ-UBND\n\nBắc Giang, ngày 02 tháng 01 năm 2024\n\nQUYẾT ĐỊNH\n\n"
        "Điều 1. Quyết định này có hiệu lực kể từ ngày 15 tháng 01 năm 2024 và thay thế Quyết "
        "định số 12/2020/QĐ-UBND ngày 03/02/2020 của UBND tỉnh Bắc Giang.\n", encoding="utf-8")
    (tmp_path / "kh.txt").write_text(
        "Số: 77/KH-UBND\n\nBắc Giang, ngày 20 tháng 3 năm 2024\n\nKẾ HOẠCH\n\nCăn cứ Quyết "
        "định số 12/2020/QĐ-UBND ngày 03/02/2020 của UBND tỉnh Bắc Giang về quy chế.\n",
        encoding="utf-8")
    frame = load_corpus(tmp_path, jobs=1).outdated(as_of="2024-06-01")
    row = frame[(frame["doc_id"] == "kh") & (frame["cited_ref"] == "12/2020/QĐ-UBND")].iloc[0]
    assert row["status"] == "replaced" and row["valid_until"] == "2024-01-15"
    assert not pd.isna(row["outdated_at_issue"]) and bool(row["outdated_at_issue"])
    assert row["basis"].startswith("corpus: ")
    assert "thay thế Quyết định số 12/2020/QĐ-UBND" in row["basis"]


def test_conflicting_dates_of_217(corpus) -> None:
    table = conflicts(corpus.citations)
    rows = table[(table["cited_ref"] == "217-QĐ/TW") & (table["field"] == "date")]
    assert dict(zip(rows["value"], rows["n_docs"])) == {"2013-12-12": 2, "2015-04-08": 1}
    assert rows[rows["value"] == "2015-04-08"]["doc_ids"].iloc[0] == SEED_002
    pd.testing.assert_frame_equal(table, corpus.conflicts())


def test_graph_has_citations_and_parent_plans(corpus) -> None:
    edges = graph_edges(corpus.citations, corpus.documents, corpus.relations)
    parents = edges[edges["kind"] == "implements"]
    assert set(zip(parents["source"], parents["cited_ref"])) >= {
        (SEED_000, "859/KH-UBND"), (SEED_004, "89/KH-UBND"), (SEED_002, "688/KH-UBND")}
    graph = corpus.graph()
    assert graph.is_directed() and graph.has_edge(SEED_000, "33/CT-TTg")
    assert "implements" in graph[SEED_000]["859/KH-UBND @ ubnd tỉnh tây ninh"]["kinds"]


def test_most_cited(corpus) -> None:
    top = most_cited(corpus.citations)
    assert list(top["n_docs"]) == sorted(top["n_docs"], reverse=True)
    assert top.set_index("cited_ref").loc["33/CT-TTg", "n_docs"] == 4


def test_stale_year_in_seed_004_purpose(corpus) -> None:
    from kehoach.corpus import run

    docs = [d for d in run([CORPUS], jobs=1)]
    stale = document_tables(docs)["stale_years"]
    assert list(zip(stale["doc_id"], stale["plan_year"], stale["mentioned_year"])) == [
        (SEED_004, 2024, 2023)]
    assert "“Dân vận khéo” năm 2023" in stale["sentence"].iloc[0]


LOCALITIES = [
    ("province-merged", "UBND tỉnh Tiền Giang (nay là tỉnh Đồng Tháp) ban hành Kế hoạch.",
     [("tỉnh Tiền Giang", "tỉnh Đồng Tháp")]),
    ("commune", "xã Hoa Lộc, huyện Hậu Lộc (nay là xã Hoa Lộc) tỉnh Thanh Hóa",
     [("huyện Hậu Lộc", "xã Hoa Lộc")]),
    ("no-level-word", "Tổng cục Hải quan (nay là Cục Hải quan).", []),
]


@pytest.mark.parametrize("name,text,want", LOCALITIES, ids=[c[0] for c in LOCALITIES])
def test_localities(name: str, text: str, want: list) -> None:
    got = [(r["former"], r["current"]) for r in localities(extract_text(text))]
    assert got == want


def test_analyze_writes_every_table(tmp_path: Path) -> None:
    assert main(["analyze", str(CORPUS), "--out", str(tmp_path), "-j", "1", "-q"]) == 0
    for name in ("conflicts", "graph_edges", "most_cited", "stale_years", "localities",
                 "errors"):
        assert (tmp_path / f"{name}.csv").is_file()
    assert len(pd.read_csv(tmp_path / "conflicts.csv")) == 2


def test_bad_as_of_is_a_usage_error(tmp_path: Path) -> None:
    assert main(["outdated", str(CORPUS), "--as-of", "yesterday", "--out", str(tmp_path),
                 "-q"]) == 2
