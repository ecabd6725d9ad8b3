"""Every export loads back, with the library an analyst would use, as the same tables: same
columns, same values, dtypes that cast losslessly to the declared ones."""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal

import kehoach as kh
from kehoach import export
from kehoach.cli import EXIT_OK, EXIT_USAGE, main
from kehoach.schema import TABLES, to_frame

from .support import CORPUS

Frames = dict[str, pd.DataFrame]


def _csv(out: Path) -> Frames:
    # keep_default_na=False: a value printed "NA" or "null" is text, only an empty field is blank.
    return {name: pd.read_csv(out / f"{name}.csv", dtype=spec, keep_default_na=False,
                              na_values=[""])
            for name, spec in TABLES.items()}


def _parquet(out: Path) -> Frames:
    return {name: pd.read_parquet(out / f"{name}.parquet") for name in TABLES}


def _xlsx(out: Path) -> Frames:
    # Text columns are read as text, else pandas turns "04" (a document number) into 4.0;
    # the others are cast afterwards (read_excel cannot read a blank cell as a nullable bool).
    with pd.ExcelFile(out / "kehoach.xlsx") as book:
        return {name: pd.read_excel(book, sheet_name=name, keep_default_na=False,
                                    na_values=[""], dtype={col: dtype for col, dtype
                                                           in spec.items() if dtype == "string"})
                for name, spec in TABLES.items()}


def _sqlite(out: Path) -> Frames:
    with sqlite3.connect(out / "kehoach.db") as con:
        return {name: pd.read_sql_query(f'SELECT * FROM "{name}"', con) for name in TABLES}


def _duckdb(out: Path) -> Frames:
    with duckdb.connect(str(out / "kehoach.duckdb"), read_only=True) as con:
        return {name: con.sql(f'SELECT * FROM "{name}"').df() for name in TABLES}


READERS: dict[str, Callable[[Path], Frames]] = {
    "csv": _csv, "parquet": _parquet, "xlsx": _xlsx, "sqlite": _sqlite, "duckdb": _duckdb,
}


def assert_same_tables(fmt: str, got: Frames, expected: Frames) -> None:
    assert list(got) == list(expected)
    for name, frame in expected.items():
        back = got[name]
        assert list(back.columns) == list(frame.columns), (fmt, name)
        if fmt != "parquet":  # Parquet keeps pandas' dtypes; the others need a cast
            back = back.astype(TABLES[name])  # raises if a value does not fit the declared type
        assert_frame_equal(back.reset_index(drop=True), frame, obj=f"{fmt} {name}")


@pytest.fixture(scope="module")
def corpus() -> kh.Corpus:
    return kh.load_corpus(CORPUS, jobs=1)


@pytest.fixture(scope="module")
def exported(corpus: kh.Corpus, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export")
    corpus.to(out, format=",".join(export.FORMATS))
    return out


@pytest.mark.parametrize("fmt", export.FORMATS)
def test_export_loads_back_as_the_same_tables(fmt: str, corpus: kh.Corpus,
                                              exported: Path) -> None:
    assert_same_tables(fmt, READERS[fmt](exported), corpus.tables())


def test_csv_has_a_byte_order_mark_for_excel(exported: Path) -> None:
    raw = (exported / "citations.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfdoc_id,")
    assert "Thủ tướng Chính phủ".encode() in raw


@pytest.mark.parametrize("dialect", ["sqlite", "duckdb"])
def test_database_columns_are_typed_and_keys_indexed(dialect: str, exported: Path,
                                                     corpus: kh.Corpus) -> None:
    if dialect == "sqlite":
        with sqlite3.connect(exported / "kehoach.db") as con:
            types = {(t, r[1]): r[2] for t in TABLES
                     for r in con.execute(f'PRAGMA table_info("{t}")')}
            indexes = {(r[0], r[1]) for r in con.execute(
                "SELECT tbl_name, name FROM sqlite_master WHERE type = 'index'")}
    else:
        with duckdb.connect(str(exported / "kehoach.duckdb"), read_only=True) as con:
            types = {(t, c): ty for t, c, ty in con.execute(
                "SELECT table_name, column_name, data_type FROM information_schema.columns"
            ).fetchall()}
            indexes = set(con.execute("SELECT table_name, index_name FROM duckdb_indexes()")
                          .fetchall())
    for name, frame in corpus.tables().items():
        for col in frame.columns:
            assert types[(name, col)] == export.sql_type(frame[col].dtype, dialect)
    assert {("documents", "ix_documents_doc_id"), ("citations", "ix_citations_doc_id"),
            ("citations", "ix_citations_cited_ref"), ("laws", "ix_laws_cited_ref")} <= indexes
    assert not [i for i in indexes if i[0] == "errors"]  # no doc_id, no cited_ref there


def test_xlsx_sheets_are_named_frozen_and_filtered(exported: Path, corpus: kh.Corpus) -> None:
    book = openpyxl.load_workbook(exported / "kehoach.xlsx", read_only=False)
    assert book.sheetnames == list(TABLES)
    for sheet in book.worksheets:
        frame = corpus.tables()[sheet.title]
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref.startswith("A1:")
        assert sheet.auto_filter.ref.endswith(str(len(frame) + 1))
        assert [c.value for c in sheet[1]] == list(frame.columns)


def test_xlsx_never_turns_text_into_a_formula(tmp_path: Path) -> None:
    tables = {"errors": to_frame("errors", [
        {"path": "=HYPERLINK(\"x\")", "stage": "ingest", "error": "bell\x07 removed"}])}
    export.write(tables, tmp_path, "xlsx")
    cell = openpyxl.load_workbook(tmp_path / "kehoach.xlsx")["errors"]["A2"]
    assert (cell.data_type, cell.value) == ("s", "=HYPERLINK(\"x\")")
    assert openpyxl.load_workbook(tmp_path / "kehoach.xlsx")["errors"]["C2"].value \
        == "bell removed"


def test_a_second_export_replaces_the_first(tmp_path: Path, corpus: kh.Corpus) -> None:
    export.write(corpus.tables(), tmp_path, "sqlite,duckdb,xlsx")
    export.write({"errors": to_frame("errors", [])}, tmp_path, "sqlite,duckdb,xlsx")
    assert _sqlite_tables(tmp_path / "kehoach.db") == ["errors"]
    assert not list(tmp_path.glob(".*"))  # no temporary file left behind
    assert openpyxl.load_workbook(tmp_path / "kehoach.xlsx").sheetnames == ["errors"]


def _sqlite_tables(path: Path) -> list[str]:
    with sqlite3.connect(path) as con:
        return [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]


@pytest.mark.parametrize("spec,expected", [
    ("csv", ("csv",)), ("CSV, parquet", ("csv", "parquet")), (["xlsx", "xlsx"], ("xlsx",)),
])
def test_parse_formats(spec, expected) -> None:
    assert export.parse_formats(spec) == expected


@pytest.mark.parametrize("spec", ["pdf", "", "csv,json"])
def test_unknown_format_is_an_error(spec: str) -> None:
    with pytest.raises(export.ExportError):
        export.parse_formats(spec)


def test_cli_format_option(tmp_path: Path) -> None:
    seed = CORPUS / "seeds" / "000_a863b09b55c419f3.txt"
    code = main(["extract", str(seed), "-o", str(tmp_path), "-j", "1", "-q",
                 "--format", "csv,sqlite"])
    assert code == EXIT_OK
    assert (tmp_path / "kehoach.db").is_file() and (tmp_path / "citations.csv").is_file()
    assert not (tmp_path / "citations.parquet").exists()


def test_cli_unknown_format_is_a_usage_error(tmp_path: Path, capsys) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["extract", "-o", str(tmp_path), "--format", "csv,pdf"])
    assert stop.value.code == EXIT_USAGE
    assert "unknown format 'pdf'" in capsys.readouterr().err


# Text the tables really hold: Vietnamese, separators, quotes, newlines, look-alikes of numbers,
# booleans and blanks. No "\r" (normalize turns it into "\n" before any table sees the text)
# and no other control characters (XLSX cannot hold them; tested above). Never "": a CSV
# cannot tell it from a blank, and the pipeline writes blanks as <NA>.
TEXT = st.lists(st.sampled_from(list("aăâđêôơưAĐẾỮ ệ,;\"'\n=/-.0123456789 ") +
                                ["NA", "null", "True", "nan", "Số: 04/KH-UBND"]),
                min_size=1, max_size=8).map("".join)
VALUES = {"string": TEXT, "Int64": st.integers(-(2**31), 2**31), "boolean": st.booleans(),
          "Float64": st.floats(-1e6, 1e6, allow_nan=False)}


def _row(spec: dict[str, str]) -> st.SearchStrategy[dict[str, object]]:
    """A row with any value, or none, in each column but the first (the key: doc_id, path),
    which every real row has; a row of blanks is no row at all in a spreadsheet."""
    key, *rest = spec
    return st.fixed_dictionaries({key: VALUES[spec[key]], **{
        col: st.one_of(st.none(), VALUES[spec[col]]) for col in rest}})


@st.composite
def any_tables(draw) -> Frames:
    return {name: to_frame(name, draw(st.lists(_row(spec), max_size=3)))
            for name, spec in TABLES.items()}


# Each example writes and reads five files: few examples, no deadline. tmp_path is shared by
# the examples, which is fine as every write replaces the files whole.
@settings(max_examples=6, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(tables=any_tables())
def test_awkward_values_survive_every_format(tables: Frames, tmp_path: Path) -> None:
    export.write(tables, tmp_path, export.FORMATS)
    for fmt, reader in READERS.items():
        assert_same_tables(fmt, reader(tmp_path), tables)


@pytest.mark.parametrize("fmt,module", [("xlsx", "openpyxl"), ("duckdb", "duckdb")])
def test_missing_library_is_a_usage_error(fmt: str, module: str, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # what an absent package looks like
    seed = CORPUS / "seeds" / "000_a863b09b55c419f3.txt"
    assert main(["extract", str(seed), "-o", str(tmp_path), "-j", "1", "-f", fmt]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert f"--format {fmt} needs {module}" in err and "kehoach[export]" in err
    assert "Traceback" not in err


def test_table_too_long_for_a_sheet_is_refused(tmp_path: Path, corpus: kh.Corpus,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    name, frame = max(corpus.tables().items(), key=lambda item: len(item[1]))
    monkeypatch.setattr(export, "XLSX_MAX_ROWS", len(frame) - 1)
    with pytest.raises(export.ExportError, match=f"table {name} has {len(frame):,} rows"):
        export.write(corpus.tables(), tmp_path, "xlsx")
    assert not list(tmp_path.iterdir())  # nothing half-written
