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

import pandas as pd

from .extract import ingest, pipeline, tables
from .models import Document, ErrorRecord, ExtractOptions

BUNDLED_CORPUS = Path(__file__).resolve().parent.parent / "corpus"


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


def run(paths: Iterable[str | Path], jobs: int | None = None,
        progress: Callable[[int, int], None] | None = None,
        options: ExtractOptions = ExtractOptions()) -> Iterator[Document | ErrorRecord]:
    """Process every document, yielding results in input order.

    `jobs` processes work in parallel (default: all cores; 1 runs in this process).
    """
    items = [(path, doc_id, options) for path, doc_id in plan(paths)]
    jobs = default_jobs() if jobs is None else max(1, jobs)
    total = len(items)
    if jobs == 1 or total <= 1:
        results: Iterable[Document | ErrorRecord] = map(_work, items)
        for done, result in enumerate(results, 1):
            if progress:
                progress(done, total)
            yield result
        return
    chunk = max(1, min(16, total // (jobs * 4) or 1))
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for done, result in enumerate(pool.map(_work, items, chunksize=chunk), 1):
            if progress:
                progress(done, total)
            yield result


@dataclass(frozen=True)
class Corpus:
    """The extraction of a set of documents, one typed DataFrame per table."""

    documents: pd.DataFrame
    citations: pd.DataFrame
    laws: pd.DataFrame
    sections: pd.DataFrame
    targets: pd.DataFrame
    assignments: pd.DataFrame
    errors: pd.DataFrame

    @classmethod
    def from_results(cls, results: Iterable[Document | ErrorRecord]) -> Corpus:
        return cls(**tables.frames(results))

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table by name, in the declared order."""
        return {name: getattr(self, name) for name in tables.TABLE_NAMES}

    def to_csv(self, out_dir: str | Path) -> list[Path]:
        """Write every table as CSV into `out_dir`."""
        return tables.write_csv(self.tables(), out_dir)

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
