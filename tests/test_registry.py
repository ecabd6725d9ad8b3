"""The validity registry: the shipped rows are well-formed and sourced; a user's file is
checked row by row and wins over the shipped one."""

from __future__ import annotations

from pathlib import Path

import pytest

from kehoach.cli import main
from kehoach.registry import (
    COLUMNS, ENDED, STATUSES, RegistryError, load_registry, parse_registry, read_registry,
    same_document, shipped_registry,
)

from .support import CORPUS, REPO

REGISTRY = REPO / "kehoach" / "patterns" / "data" / "registry.csv"
HEADER = ",".join(COLUMNS)
ROWS = shipped_registry()


def test_shipped_registry_has_the_known_rows() -> None:
    refs = {e.ref for e in ROWS}
    for ref in ("10/2022/QH15", "34/2007/PL-UBTVQH11", "55/1998/NQ-UBTVQH10", "25/2018/QH14",
                "03/2011/QH13", "64/2025/QH15", "80/2015/QH13", "42/2013/QH13", "02/2011/QH13",
                "11-QĐi/TW"):
        assert ref in refs
    assert len(refs) == len(ROWS), "one row per document"


@pytest.mark.parametrize("entry", ROWS, ids=[e.ref for e in ROWS])
def test_every_row_is_well_formed_and_sourced(entry) -> None:
    assert entry.status in STATUSES
    source = entry.source.split(" ", 1)[0]
    # A source a reader can follow: a public address, or a file of this repository.
    assert source.startswith(("https://", "http://")) or (REPO / source).is_file(), source
    if entry.status in ENDED:
        assert entry.replaced_by and entry.valid_until, "an ended document says by what, when"
    if entry.status == "amended":
        assert entry.partial and entry.replaced_by and entry.valid_until is None
    if entry.status == "unknown":
        assert entry.valid_until is None and entry.replaced_by is None
    if entry.valid_from and entry.valid_until:
        assert entry.valid_from.sort_key() < entry.valid_until.sort_key()


def test_known_facts_of_the_brief() -> None:
    by_ref = {e.ref: e for e in ROWS}
    assert by_ref["34/2007/PL-UBTVQH11"].valid_until.iso() == "2023-07-01"
    assert by_ref["34/2007/PL-UBTVQH11"].replaced_by == "10/2022/QH15"
    assert by_ref["03/2011/QH13"].replaced_by == "25/2018/QH14"
    assert by_ref["80/2015/QH13"].valid_until.iso() == "2025-04-01"
    assert by_ref["11-QĐi/TW"].replaced_by == "215-KL/TW"


BAD = [
    ("missing-column", "ref,status,source\n33/CT-TTg,unknown,x", "missing column"),
    ("bad-status", f"{HEADER}\n33/CT-TTg,,,,gone,,,,false,x", "status 'gone'"),
    ("no-source", f"{HEADER}\n33/CT-TTg,,,,unknown,,,,false,", "needs a source"),
    ("bad-date", f"{HEADER}\n33/CT-TTg,,2021-13,,unknown,,,,false,x", "not an ISO date"),
    ("extra-cell", f"{HEADER}\n33/CT-TTg,,,,unknown,,,,false,x,y", "expected the columns"),
    ("bad-partial", f"{HEADER}\n33/CT-TTg,,,,unknown,,,,maybe,x", "partial must be"),
]


@pytest.mark.parametrize("name,text,reason", BAD, ids=[b[0] for b in BAD])
def test_malformed_user_rows_are_refused_with_their_line(name: str, text: str,
                                                         reason: str) -> None:
    with pytest.raises(RegistryError, match=reason):
        parse_registry(text, "mine.csv")


def test_user_rows_come_first_and_comments_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "mine.csv"
    path.write_text(f"# my rows\n{HEADER}\n"
                    "16/CT-TTg,Chỉ thị,2016-05-16,Thủ tướng Chính phủ,replaced,33/CT-TTg,,"
                    "2021-11-26,false,my office\n", encoding="utf-8")
    entries = load_registry(path)
    assert entries[0].ref == "16/CT-TTg" and entries[0].origin == str(path)
    assert entries[1:] == ROWS
    assert read_registry(path)[0].valid_until.iso() == "2021-11-26"


def test_unreadable_registry_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(RegistryError, match="cannot read"):
        read_registry(tmp_path / "absent.csv")
    bad = tmp_path / "bad.csv"
    bad.write_text(f"{HEADER}\nx,,,,gone,,,,false,y\n", encoding="utf-8")
    code = main(["outdated", str(CORPUS / "seeds" / "000_a863b09b55c419f3.txt"),
                 "--registry", str(bad), "--out", str(tmp_path / "o"), "-j", "1", "-q"])
    assert code == 2
    assert not (tmp_path / "o").exists()


IDENTITY = [
    ("year-in-symbol", ("04/2015/NĐ-CP", None, None), ("4/2015/NĐ-CP", 2015, None), True),
    ("yearless-same-year", ("16/CT-TTg", 2016, None), ("16/CT-TTg", 2016, "TTg"), True),
    ("yearless-other-year", ("16/CT-TTg", 2016, None), ("16/CT-TTg", 2020, None), False),
    ("yearless-no-date", ("16/CT-TTg", 2016, None), ("16/CT-TTg", None, None), False),
    ("local-other-province", ("21/2018/QĐ-UBND", 2018, "UBND tỉnh Bắc Giang"),
     ("21/2018/QĐ-UBND", 2018, "UBND tỉnh Bắc Ninh"), False),
    ("local-no-issuer", ("21/2018/QĐ-UBND", 2018, "UBND tỉnh Bắc Giang"),
     ("21/2018/QĐ-UBND", 2018, None), False),
    ("party-local", ("392-CV/TU", 2021, "Ban Thường vụ Tỉnh ủy"),
     ("392-CV/TU", 2021, "Ban Thường vụ Tỉnh ủy"), True),
]


@pytest.mark.parametrize("name,a,b,same", IDENTITY, ids=[i[0] for i in IDENTITY])
def test_same_document(name: str, a: tuple, b: tuple, same: bool) -> None:
    assert same_document(*a, *b) is same
