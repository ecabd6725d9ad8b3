"""Run the pipeline over many files and hold the results as DataFrames.

>>> import kehoach
>>> corpus = kehoach.load_corpus(kehoach.BUNDLED_CORPUS, jobs=1)
>>> len(corpus.documents)
5
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pandas as pd

from . import export
from .cache import Cache, entry_key
from .extract import ingest, pipeline, tables
from .models import Document, ErrorRecord, ExtractOptions

BUNDLED_CORPUS = Path(__file__).resolve().parent.parent / "corpus"

T = TypeVar("T")
R = TypeVar("R")


def default_jobs() -> int:
    """All cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _work(item: tuple[str, str, ExtractOptions]) -> Document | ErrorRecord:
    path, doc_id, options = item
    return pipeline.process_file(path, doc_id, options)


def plan(paths: Iterable[str | Path]) -> list[tuple[str, str]]:
    """(path, doc_id) for every document under `paths`, ids made unique."""
    taken: set[str] = set()
    return [(str(p), ingest.doc_id_for(p, taken)) for p in ingest.discover(paths)]


def _in_order(work: Callable[[T], R], items: list[T], jobs: int | None,
              progress: Callable[[int, int], None] | None) -> Iterator[R]:
    """``map(work, items)`` over `jobs` processes, yielding each result in input order as soon
    as it and those before it are done."""
    jobs = default_jobs() if jobs is None else max(1, jobs)
    total = len(items)
    if jobs == 1 or total <= 1:
        for done, result in enumerate(map(work, items), 1):
            if progress:
                progress(done, total)
            yield result
        return
    chunk = max(1, min(16, total // (jobs * 4) or 1))
    pool = ProcessPoolExecutor(max_workers=jobs)
    try:
        for done, result in enumerate(pool.map(work, items, chunksize=chunk), 1):
            if progress:
                progress(done, total)
            yield result
    finally:
        # When the consumer stops early (a write error, Ctrl-C), do not finish the queue first.
        pool.shutdown(wait=True, cancel_futures=True)


def run(paths: Iterable[str | Path], jobs: int | None = None,
        progress: Callable[[int, int], None] | None = None,
        options: ExtractOptions = ExtractOptions()) -> Iterator[Document | ErrorRecord]:
    """Process every document, yielding results in input order.

    `jobs` processes work in parallel (default: all cores; 1 runs in this process).
    """
    items = [(path, doc_id, options) for path, doc_id in plan(paths)]
    return _in_order(_work, items, jobs, progress)


@dataclass(frozen=True, slots=True)
class FileRows:
    """The rows one file contributes to each table, and whether they came from the cache."""

    rows: dict[str, list[dict[str, object]]]
    cached: bool = False


def extract_rows(path: str, doc_id: str, options: ExtractOptions = ExtractOptions(),
                 cached: Cache | None = None) -> FileRows:
    """One file's table rows, from the cache when its bytes were seen by this pipeline version
    (see :mod:`kehoach.cache`), else extracted and then cached. Rows travel between processes
    far lighter than a :class:`Document`, which holds the whole text.

    >>> seed = str(BUNDLED_CORPUS / "seeds" / "000_a863b09b55c419f3.txt")
    >>> extract_rows(seed, "seed").rows["documents"][0]["ref"]
    '2602/KH-VP'
    """
    key = entry_key(path, options) if cached is not None else None
    if key is not None:
        rows = cached.load(key, doc_id, path)
        if rows is not None:
            return FileRows(rows, cached=True)
    rows = tables.rows_of(pipeline.process_file(path, doc_id, options))
    if key is not None:
        cached.store(key, rows)
    return FileRows(rows)


def _rows_work(item: tuple[str, str, ExtractOptions, Cache | None]) -> FileRows:
    return extract_rows(*item)


def run_rows(paths: Iterable[str | Path], jobs: int | None = None,
             progress: Callable[[int, int], None] | None = None,
             options: ExtractOptions = ExtractOptions(),
             cache_dir: str | Path | None = None) -> Iterator[FileRows]:
    """Like :func:`run`, but yields each file's table rows (what the streaming writer takes),
    reusing and filling the cache in `cache_dir` when one is given."""
    cached = Cache.at(cache_dir) if cache_dir is not None else None
    items = [(path, doc_id, options, cached) for path, doc_id in plan(paths)]
    return _in_order(_rows_work, items, jobs, progress)


@dataclass(frozen=True)
class Corpus:
    """The extraction of a set of documents, one typed DataFrame per table (pandas nullable
    dtypes; dates as the ISO string at the precision printed plus year/month/day columns).

    >>> corpus = load_corpus(BUNDLED_CORPUS, jobs=1)
    >>> corpus.documents[["date", "date_year", "date_month", "date_day"]].head(3)
             date  date_year  date_month  date_day
    0  2024-03-29       2024           3        29
    1        <NA>       <NA>        <NA>      <NA>
    2     2022-04       2022           4      <NA>
    >>> corpus.cited_documents().value_counts("cited_ref").head(3)
    cited_ref
    114-KL/TW    4
    33/CT-TTg    4
    76/NQ-CP     3
    Name: count, dtype: int64
    """

    documents: pd.DataFrame
    citations: pd.DataFrame
    laws: pd.DataFrame
    sections: pd.DataFrame
    targets: pd.DataFrame
    assignments: pd.DataFrame
    relations: pd.DataFrame
    anomalies: pd.DataFrame
    errors: pd.DataFrame

    @classmethod
    def from_results(cls, results: Iterable[Document | ErrorRecord]) -> Corpus:
        return cls(**tables.frames(results))

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table by name, in the declared order."""
        return {name: getattr(self, name) for name in tables.TABLE_NAMES}

    def to(self, out_dir: str | Path, format: str | Iterable[str] = "csv") -> list[Path]:
        """Write every table into `out_dir` in one or more formats (``"csv,parquet"`` or a
        list): csv and parquet give one file per table; xlsx, sqlite and duckdb one file
        holding every table (``kehoach.xlsx``, ``kehoach.db``, ``kehoach.duckdb``).

        >>> import tempfile
        >>> corpus = load_corpus(BUNDLED_CORPUS, jobs=1)
        >>> with tempfile.TemporaryDirectory() as out:
        ...     [path.name for path in corpus.to(out, format="parquet")][:2]
        ['documents.parquet', 'citations.parquet']
        """
        return export.write(self.tables(), out_dir, format)

    def to_csv(self, out_dir: str | Path) -> list[Path]:
        """Write every table as CSV (UTF-8 with a byte-order mark, for Excel) into `out_dir`."""
        return self.to(out_dir, "csv")

    def outdated(self, as_of=None, registry=None) -> pd.DataFrame:
        """Per cited document, whether it was outdated at the citing document's date and on
        `as_of` (ISO string, date or PartialDate; default today), judged from `registry` (a
        file or entries, read on top of the shipped registry) and the corpus's relations."""
        from . import analysis
        from .registry import load_registry

        day = analysis.as_partial_date(as_of) if as_of is not None else None
        return analysis.outdated(self.citations, self.documents, self.relations,
                                 load_registry(registry), day)

    def conflicts(self) -> pd.DataFrame:
        """Cited documents given different dates or types by different documents."""
        from . import analysis

        return analysis.conflicts(self.citations)

    def graph(self):
        """The citation graph (networkx DiGraph): document → cited, plan → parent plan."""
        from . import analysis

        return analysis.to_graph(analysis.graph_edges(self.citations, self.documents,
                                                      self.relations))

    def cited_documents(self) -> pd.DataFrame:
        """One row per distinct cited document per citing document (the first mention)."""
        first = self.citations[self.citations["mention_index"] == 0]
        return first.reset_index(drop=True)


def load_corpus(path: str | Path | Iterable[str | Path] = BUNDLED_CORPUS,
                jobs: int | None = None, options: ExtractOptions = ExtractOptions()) -> Corpus:
    """Extract every document under `path` (a file, a folder, or several) into a Corpus."""
    paths = [path] if isinstance(path, (str, Path)) else list(path)
    return Corpus.from_results(run(paths, jobs=jobs, options=options))


def extract_file(path: str | Path) -> Document:
    """Extract one file; raises :class:`kehoach.extract.ingest.IngestError` if unreadable.

    >>> doc = extract_file(BUNDLED_CORPUS / "seeds" / "000_a863b09b55c419f3.txt")
    >>> doc.header.ref
    '2602/KH-VP'
    """
    result = pipeline.process_file(path)
    if isinstance(result, ErrorRecord):
        raise ingest.IngestError(f"{result.path}: {result.stage}: {result.error}")
    return result
