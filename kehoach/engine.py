"""Run the extraction on a Dask cluster: the same per-file function as a local run
(:func:`kehoach.corpus.extract_rows`), so the tables are the same.

Without a scheduler address a ``LocalCluster`` of `jobs` single-threaded worker processes is
started for the run; with one (``tcp://host:8786``) the files are sent to that cluster, whose
workers must have kehoach installed and see the files at the same paths (a shared folder).
Results come back in input order through a bounded window of tasks in flight, so neither the
cluster nor this process holds the whole corpus.

The pages of a scanned PDF are tasks of their own (:func:`ocr_page`, submitted from the
document's task), so one long scan spreads over the cluster instead of holding one worker.

>>> from kehoach import BUNDLED_CORPUS
>>> rows = list(run_dask([BUNDLED_CORPUS / "seeds" / "000_a863b09b55c419f3.txt"], jobs=1))
>>> rows[0].rows["documents"][0]["ref"]
'2602/KH-VP'
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from .cache import Cache, pipeline_version, relabel
from .corpus import FileRows, default_jobs, extract_rows, plan
from .extract import ocr
from .models import ExtractOptions

# Tasks in flight per worker: enough to keep every worker busy while results are written in
# order, few enough that finished results waiting their turn stay small.
IN_FLIGHT_PER_WORKER = 32


class EngineError(Exception):
    """Dask is missing, the scheduler cannot be reached, or its workers run other code."""


def _distributed():
    try:
        import distributed
    except ImportError as exc:
        raise EngineError("--engine dask needs dask.distributed: "
                          "pip install 'kehoach[dask]'") from exc
    return distributed


@contextmanager
def client_for(scheduler: str | None, jobs: int):
    """A client of the cluster at `scheduler`, or of a local cluster started for the run."""
    distributed = _distributed()
    if scheduler is not None:
        try:
            client = distributed.Client(scheduler, timeout="10s")
        except (OSError, TimeoutError) as exc:
            raise EngineError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
        with client:
            yield client
        return
    with distributed.LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                                  dashboard_address=":0", silence_logs=logging.ERROR) as cluster, \
            distributed.Client(cluster) as client:
        yield client


def ocr_page(pdf: str, page: int) -> ocr.OcrPage:
    """Render and OCR one page (1-based) of a PDF: one task on the cluster."""
    with tempfile.TemporaryDirectory(prefix="kehoach-ocr-") as tmp:
        return ocr.ocr_image(str(ocr.rasterize(Path(pdf), page, Path(tmp))))


def ocr_pages_as_tasks(pdf: Path, pages: Sequence[int]) -> list[ocr.OcrPage]:
    """:func:`kehoach.extract.ocr.ocr_pdf_pages` for a task running on a Dask worker: each page
    is submitted as a task, and the document's task leaves the worker's thread pool while it
    waits (``worker_client``), so the pages can run on this worker too."""
    ocr.check_tesseract()
    with _distributed().worker_client() as client:
        futures = client.map(ocr_page, [str(pdf)] * len(pages), list(pages), pure=False)
        return client.gather(futures)


def extract_rows_on_worker(path: str, doc_id: str, options: ExtractOptions,
                           cached: Cache | None) -> FileRows:
    """:func:`kehoach.corpus.extract_rows` on a Dask worker, with OCR pages as tasks.

    The PDF reader calls ``ocr.ocr_pdf_pages``. Only in a worker process is that name pointed
    at the task-submitting version, and there every kehoach task wants it.
    """
    ocr.ocr_pdf_pages = ocr_pages_as_tasks
    return extract_rows(path, doc_id, options, cached)


def check_versions(client) -> None:
    """Refuse a cluster whose workers would extract with other code than this machine's: their
    rows would differ from a local run's and be cached under the wrong version."""
    theirs = set(client.run(pipeline_version).values())
    if theirs - {pipeline_version()}:
        raise EngineError(f"the Dask workers run kehoach {', '.join(sorted(theirs))}, this "
                          f"machine {pipeline_version()}: install the same on every worker "
                          "(and restart them)")


def run_dask(paths: Iterable[str | Path], jobs: int | None = None, scheduler: str | None = None,
             progress: Callable[[int, int], None] | None = None,
             options: ExtractOptions = ExtractOptions(),
             cache_dir: str | Path | None = None) -> Iterator[FileRows]:
    """Like :func:`kehoach.corpus.run_rows`, on a Dask cluster.

    Workers get absolute paths (they do not share this process's working folder); the rows say
    the path as it was given, as a local run does.
    """
    items = plan(paths)
    jobs = default_jobs() if jobs is None else max(1, jobs)
    cached = Cache.at(cache_dir) if cache_dir is not None else None
    with client_for(scheduler, jobs) as client:
        check_versions(client)
        workers = len(client.scheduler_info().get("workers", {})) or jobs
        pending: deque = deque()
        queue = iter(items)

        def submit_next() -> None:
            item = next(queue, None)
            if item is not None:
                path, doc_id = item
                future = client.submit(extract_rows_on_worker, os.path.abspath(path), doc_id,
                                       options, cached, pure=False)
                pending.append((future, path, doc_id))

        for _ in range(workers * IN_FLIGHT_PER_WORKER):
            submit_next()
        done = 0
        while pending:
            future, path, doc_id = pending.popleft()
            result = future.result()
            future.release()
            submit_next()
            done += 1
            if progress:
                progress(done, len(items))
            yield FileRows(relabel(result.rows, doc_id, path), result.cached)
