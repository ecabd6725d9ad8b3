"""Writers: the declared tables (see :mod:`kehoach.schema`) on disk as CSV, Parquet, Excel,
SQLite or DuckDB.

Every writer takes the same frames (``tables.frames(...)`` or ``Corpus.tables()``), so a column
cannot exist in one format and not another, and every file goes through a temporary file that
is renamed at the end (:func:`kehoach.extract.tables.write_atomic`): a crash never leaves a
half-written table.

>>> import tempfile, kehoach
>>> corpus = kehoach.load_corpus(kehoach.BUNDLED_CORPUS, jobs=1)
>>> with tempfile.TemporaryDirectory() as out:
...     [path.name for path in write(corpus.tables(), out, "sqlite,xlsx")]
['kehoach.db', 'kehoach.xlsx']
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

import pandas as pd

from .extract.tables import write_atomic

Tables = Mapping[str, pd.DataFrame]

# Formats holding every table in one file, and that file's name inside the output folder.
SINGLE_FILE = {"xlsx": "kehoach.xlsx", "sqlite": "kehoach.db", "duckdb": "kehoach.duckdb"}
FORMATS = ("csv", "parquet", *SINGLE_FILE)

# Every CSV is UTF-8 with a byte-order mark: Excel then reads it as UTF-8 (Vietnamese stays
# legible); pandas, DuckDB and Python's csv module with encoding="utf-8-sig" skip the mark.
CSV_ENCODING = "utf-8-sig"

# Rows an Excel sheet holds below its header row.
XLSX_MAX_ROWS = 1_048_575

# Columns analysts join and filter on: indexed in SQLite and DuckDB wherever a table has them.
INDEXED = ("doc_id", "cited_ref")


class ExportError(Exception):
    """A format was asked for that is unknown or whose library is not installed."""


def parse_formats(spec: str | Iterable[str]) -> tuple[str, ...]:
    """The formats named in ``"csv,parquet"`` (or a list), checked, duplicates dropped.

    >>> parse_formats("csv, xlsx,csv")
    ('csv', 'xlsx')
    >>> parse_formats("pdf")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    kehoach.export.ExportError: unknown format 'pdf' (choose from csv, parquet, ...)
    """
    names = spec.split(",") if isinstance(spec, str) else list(spec)
    formats = tuple(dict.fromkeys(n.strip().lower() for n in names if n.strip()))
    for name in formats:
        if name not in FORMATS:
            raise ExportError(f"unknown format {name!r} (choose from {', '.join(FORMATS)})")
    if not formats:
        raise ExportError(f"no format given (choose from {', '.join(FORMATS)})")
    return formats


def write(tables: Tables, out_dir: str | Path,
          formats: str | Iterable[str] = "csv") -> list[Path]:
    """Write every table in each format into `out_dir`; returns the files written.

    ``csv`` and ``parquet`` give one file per table (``citations.csv``); ``xlsx``, ``sqlite``
    and ``duckdb`` one file holding every table (``kehoach.xlsx``, ``kehoach.db``,
    ``kehoach.duckdb``).
    """
    out = Path(out_dir)
    written: list[Path] = []
    for fmt in parse_formats(formats):
        if fmt in SINGLE_FILE:
            path = out / SINGLE_FILE[fmt]
            write_atomic(path, lambda tmp, fmt=fmt: _ONE_FILE_WRITERS[fmt](tables, tmp))
            written.append(path)
        else:
            written.extend(_per_table(tables, out, fmt))
    return written


def _per_table(tables: Tables, out: Path, fmt: str) -> list[Path]:
    writer = _csv if fmt == "csv" else _parquet
    written = []
    for name, frame in tables.items():
        path = out / f"{name}.{fmt}"
        write_atomic(path, lambda tmp, frame=frame: writer(frame, tmp))
        written.append(path)
    return written


def _csv(frame: pd.DataFrame, path: str) -> None:
    frame.to_csv(path, index=False, encoding=CSV_ENCODING)


def _parquet(frame: pd.DataFrame, path: str) -> None:
    frame.to_parquet(path, index=False, engine="pyarrow")


def sql_type(dtype: object, dialect: str) -> str:
    """The SQL column type for a pandas dtype in ``"sqlite"`` or ``"duckdb"``.

    >>> sql_type(pd.Int64Dtype(), "sqlite"), sql_type(pd.StringDtype(), "duckdb")
    ('INTEGER', 'VARCHAR')
    """
    if pd.api.types.is_bool_dtype(dtype):
        kind = "boolean"
    elif pd.api.types.is_integer_dtype(dtype):
        kind = "integer"
    elif pd.api.types.is_float_dtype(dtype):
        kind = "float"
    else:
        kind = "text"
    return _SQL_TYPES[dialect][kind]


_SQL_TYPES = {
    # SQLite stores BOOLEAN as 0/1 integers; the declared name tells readers what it holds.
    "sqlite": {"boolean": "BOOLEAN", "integer": "INTEGER", "float": "REAL", "text": "TEXT"},
    "duckdb": {"boolean": "BOOLEAN", "integer": "BIGINT", "float": "DOUBLE", "text": "VARCHAR"},
}


def _quote(name: str) -> str:
    # Identifiers are quoted because the tables have columns named like SQL keywords ("end").
    return '"' + name.replace('"', '""') + '"'


def schema_sql(name: str, frame: pd.DataFrame, dialect: str) -> list[str]:
    """CREATE TABLE and CREATE INDEX statements for one table.

    >>> frame = pd.DataFrame({"doc_id": pd.array(["a"], "string"), "end": pd.array([3], "Int64")})
    >>> for statement in schema_sql("laws", frame, "sqlite"):
    ...     print(statement)
    CREATE TABLE "laws" ("doc_id" TEXT, "end" INTEGER)
    CREATE INDEX "ix_laws_doc_id" ON "laws" ("doc_id")
    """
    cols = ", ".join(f"{_quote(col)} {sql_type(frame[col].dtype, dialect)}" for col in frame)
    statements = [f"CREATE TABLE {_quote(name)} ({cols})"]
    statements += [f"CREATE INDEX {_quote(f'ix_{name}_{col}')} ON {_quote(name)} ({_quote(col)})"
                   for col in INDEXED if col in frame.columns]
    return statements


def _python_rows(frame: pd.DataFrame) -> Iterator[tuple[object, ...]]:
    """Rows as Python values (int, float, str, bool, None) that database drivers accept."""
    values = frame.astype(object).where(frame.notna(), None)
    return values.itertuples(index=False, name=None)


def _sqlite(tables: Tables, path: str) -> None:
    con = sqlite3.connect(path)
    try:
        with con:
            for name, frame in tables.items():
                for statement in schema_sql(name, frame, "sqlite"):
                    con.execute(statement)
                marks = ", ".join("?" * len(frame.columns))
                con.executemany(f"INSERT INTO {_quote(name)} VALUES ({marks})",
                                _python_rows(frame))
    finally:
        con.close()


def _duckdb(tables: Tables, path: str) -> None:
    duckdb = _require("duckdb", "duckdb")
    import pyarrow as pa

    os.unlink(path)  # DuckDB refuses the empty placeholder file; it creates its own
    con = duckdb.connect(path)
    try:
        for name, frame in tables.items():
            for statement in schema_sql(name, frame, "duckdb"):
                con.execute(statement)
            con.register("incoming", pa.Table.from_pandas(frame, preserve_index=False))
            con.execute(f"INSERT INTO {_quote(name)} SELECT * FROM incoming")
            con.unregister("incoming")
        con.execute("CHECKPOINT")
    finally:
        con.close()


def _xlsx(tables: Tables, path: str) -> None:
    """One sheet per table, named after it, with a frozen header row and an autofilter."""
    openpyxl = _require("openpyxl", "xlsx")
    from openpyxl.utils import get_column_letter

    for name, frame in tables.items():
        if len(frame) > XLSX_MAX_ROWS:
            raise ExportError(f"--format xlsx: table {name} has {len(frame):,} rows, more than "
                              f"an Excel sheet holds ({XLSX_MAX_ROWS:,}); use csv, parquet, "
                              "sqlite or duckdb")
    book = openpyxl.Workbook(write_only=True)
    for name, frame in tables.items():
        sheet = book.create_sheet(title=name[:31])  # Excel's limit on sheet names
        last = get_column_letter(max(1, len(frame.columns)))
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = f"A1:{last}{len(frame) + 1}"
        for i, col in enumerate(frame.columns, 1):
            sheet.column_dimensions[get_column_letter(i)].width = _column_width(frame[col])
        sheet.append([_text_cell(sheet, col) for col in frame.columns])
        for row in _python_rows(frame):
            sheet.append([_text_cell(sheet, v) if isinstance(v, str) else v for v in row])
    book.save(path)


def _column_width(column: pd.Series) -> int:
    """A readable width: the header or the longest of the first values, at most 60."""
    longest = column.head(200).dropna().astype(str).str.len().max()
    return min(60, max(len(str(column.name)), 0 if pd.isna(longest) else int(longest)) + 2)


def _text_cell(sheet: object, value: str) -> object:
    """A value that Excel shows as the text itself: never read as a formula ("=…"), and
    without the control characters the XLSX format cannot hold."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if not value.startswith("="):
        return value  # a plain str is written as text already, and is much cheaper
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell


def _require(module: str, fmt: str):
    """Import an optional library, or say which extra installs it."""
    try:
        return __import__(module)
    except ImportError as exc:
        raise ExportError(f"--format {fmt} needs {module}: pip install 'kehoach[export]'") \
            from exc


_ONE_FILE_WRITERS: dict[str, Callable[[Tables, str], None]] = {
    "xlsx": _xlsx, "sqlite": _sqlite, "duckdb": _duckdb,
}
