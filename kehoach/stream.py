"""Write the tables while the corpus is being extracted, so memory does not grow with it.

Each file's rows (:func:`kehoach.extract.tables.rows_of`) are buffered per table and appended,
a batch at a time, to a temporary CSV beside the final one; the batches go through the same
typed frames as every other writer (:func:`kehoach.schema.to_frame`), so the bytes are those of
``Corpus.to_csv``. :meth:`TableStream.commit` renames the temporary files into place: a crash
never leaves a half-written table, and an earlier table stays whole until the new one replaces
it. With ``parquet=True`` every batch is also a partition ``parquet/<table>/part-NNNNN.parquet``.
:func:`write_results` drives it from the results of a run and counts what the CLI reports.

>>> import tempfile, kehoach
>>> with tempfile.TemporaryDirectory() as out:
...     with TableStream(out) as stream:
...         for result in kehoach.corpus.run_rows([kehoach.BUNDLED_CORPUS], jobs=1):
...             stream.add(result.rows)
...         written = stream.commit()
...     [p.name for p in written][:2], stream.counts["documents"]
(['documents.csv', 'citations.csv'], 5)
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import pandas as pd

from . import export
from .corpus import FileRows
from .export import CSV_ENCODING
from .extract.tables import umask  # mkstemp's files are private; give them the usual mode
from .schema import TABLES, empty_frame, to_frame

Rows = Mapping[str, Sequence[Mapping[str, object]]]

# Rows held per table before they are written: enough for pandas to write fast, few enough
# that memory stays flat (a row is under a kilobyte).
BATCH_ROWS = 2000


class TableStream:
    """Appends rows to every declared table as they arrive; :meth:`commit` puts the files in
    place. Use it as a context manager: leaving the block without committing (an error, Ctrl-C)
    deletes the temporary files and leaves the output folder as it was."""

    def __init__(self, out_dir: str | Path, csv: bool = True, parquet: bool = False,
                 batch_rows: int = BATCH_ROWS) -> None:
        self.out = Path(out_dir)
        self.batch_rows = batch_rows
        self.counts = {name: 0 for name in TABLES}
        self._buffers: dict[str, list[Mapping[str, object]]] = {name: [] for name in TABLES}
        self._files: dict[str, tuple[str, IO[str]]] = {}
        self._parquet_dir: Path | None = None
        self._parts = {name: 0 for name in TABLES}
        self.out.mkdir(parents=True, exist_ok=True)
        try:
            for name in TABLES if csv else ():
                fd, tmp = tempfile.mkstemp(prefix=f".{name}.csv.", dir=self.out)
                handle = os.fdopen(fd, "w", encoding=CSV_ENCODING, newline="")
                self._files[name] = (tmp, handle)
                empty_frame(name).to_csv(handle, index=False)
            if parquet:
                self._parquet_dir = Path(tempfile.mkdtemp(prefix=".parquet.", dir=self.out))
        except BaseException:
            self.discard()
            raise

    def __enter__(self) -> TableStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.discard()

    def add(self, rows: Rows) -> None:
        """Append one file's rows (a dict table → row dicts, as from ``rows_of``)."""
        for name, table_rows in rows.items():
            if not table_rows:
                continue
            buffer = self._buffers[name]
            buffer.extend(table_rows)
            self.counts[name] += len(table_rows)
            if len(buffer) >= self.batch_rows:
                self._flush(name)

    def _flush(self, name: str) -> None:
        buffer = self._buffers[name]
        if not buffer:
            return
        frame = to_frame(name, buffer)
        buffer.clear()
        if name in self._files:
            frame.to_csv(self._files[name][1], header=False, index=False)
        self._write_part(name, frame)

    def _write_part(self, name: str, frame: pd.DataFrame) -> None:
        if self._parquet_dir is None:
            return
        folder = self._parquet_dir / name
        folder.mkdir(exist_ok=True)
        frame.to_parquet(folder / f"part-{self._parts[name]:05d}.parquet", index=False,
                         engine="pyarrow")
        self._parts[name] += 1

    def commit(self) -> list[Path]:
        """Write what is buffered and rename every file into place; returns the CSV paths and
        the Parquet folder."""
        written = []
        for name in TABLES:
            self._flush(name)
            if self._parts[name] == 0:  # an empty table still gets one part, for its schema
                self._write_part(name, empty_frame(name))
        mode = 0o666 & ~umask()
        for name, (tmp, handle) in self._files.items():
            handle.close()
            os.chmod(tmp, mode)
            target = self.out / f"{name}.csv"
            os.replace(tmp, target)
            written.append(target)
        self._files.clear()
        if self._parquet_dir is not None:
            written.append(self._replace_parquet())
        return written

    def _replace_parquet(self) -> Path:
        target = self.out / "parquet"
        old = None
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=".parquet.old.", dir=self.out))
            os.replace(target, old / "parquet")
        os.chmod(self._parquet_dir, 0o777 & ~umask())
        os.replace(self._parquet_dir, target)
        self._parquet_dir = None
        if old is not None:
            shutil.rmtree(old)
        return target

    def discard(self) -> None:
        """Close and delete whatever was not committed."""
        for tmp, handle in self._files.values():
            handle.close()
            if os.path.exists(tmp):
                os.unlink(tmp)
        self._files.clear()
        if self._parquet_dir is not None:
            shutil.rmtree(self._parquet_dir, ignore_errors=True)
            self._parquet_dir = None


@dataclass
class Summary:
    """What a run wrote, for the CLI's closing line."""

    written: list[Path] = field(default_factory=list)
    documents: int = 0
    citations: int = 0
    distinct_cited: int = 0  # (citing document, cited document) pairs
    cached: int = 0  # files whose rows came from the cache
    errors: list[Mapping[str, object]] = field(default_factory=list)


def write_results(results: Iterable[FileRows], out_dir: str | Path,
                  formats: Sequence[str] = ("csv",), parquet_parts: bool = False) -> Summary:
    """Write a run's results into `out_dir` as they arrive, in every format asked for.

    CSV (and the Parquet partitions) stream; the one-file formats and single-file Parquet of
    :mod:`kehoach.export` need every row at once, so their rows are kept until the end.
    """
    in_memory = [fmt for fmt in formats if fmt != "csv"]
    kept: dict[str, list[Mapping[str, object]]] = {name: [] for name in TABLES}
    summary = Summary()
    with TableStream(out_dir, csv="csv" in formats, parquet=parquet_parts) as stream:
        for result in results:
            rows = result.rows
            stream.add(rows)
            citations = rows.get("citations", ())
            summary.citations += len(citations)
            summary.distinct_cited += len({row["cited_id"] for row in citations})
            summary.errors.extend(rows.get("errors", ()))
            summary.cached += result.cached
            if in_memory:
                for name, table_rows in rows.items():
                    kept[name].extend(table_rows)
        summary.written = stream.commit()
        summary.documents = stream.counts["documents"]
    if in_memory:
        frames = {name: to_frame(name, table_rows) for name, table_rows in kept.items()}
        summary.written += export.write(frames, out_dir, in_memory)
    return summary
