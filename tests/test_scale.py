"""Scale: the streaming writer, the cache (hit, miss, resume after a killed run) and the Dask
engine give the same tables as the in-memory path."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

import kehoach
from kehoach.cache import Cache, entry_key
from kehoach.cli import EXIT_OK, EXIT_USAGE, main
from kehoach.corpus import extract_rows, run_rows
from kehoach.models import ExtractOptions
from kehoach.schema import TABLES
from kehoach.stream import TableStream

from .support import CORPUS, REPO

SEEDS = sorted((CORPUS / "seeds").glob("*.txt"))


def _csv_bytes(folder: Path) -> dict[str, bytes]:
    return {name: (folder / f"{name}.csv").read_bytes() for name in TABLES}


def _copies(folder: Path, n: int) -> list[Path]:
    """`n` files made from the seeds, each with different bytes (so none is a cache hit of
    another) and the same tables as its seed but for the doc_id."""
    folder.mkdir(parents=True)
    paths = []
    for i in range(n):
        seed = SEEDS[i % len(SEEDS)]
        path = folder / f"{i:04d}_{seed.name}"
        path.write_text(seed.read_text(encoding="utf-8") + "\n" * (1 + i // len(SEEDS)),
                        encoding="utf-8")
        paths.append(path)
    return paths


def _cache_entries(cache_dir: Path) -> dict[Path, tuple[int, int]]:
    """Every finished entry with its inode and mtime (rewritten entries change both)."""
    return {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in cache_dir.rglob("*.json")}


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds' tables written by the in-memory API (``Corpus.to_csv``)."""
    out = tmp_path_factory.mktemp("reference")
    kehoach.load_corpus(SEEDS, jobs=1).to_csv(out)
    return out


@pytest.mark.parametrize("batch_rows", [1, 7, 100_000])
def test_streamed_csv_is_byte_identical_to_corpus_csv(tmp_path: Path, reference: Path,
                                                      batch_rows: int) -> None:
    with TableStream(tmp_path, parquet=True, batch_rows=batch_rows) as stream:
        for result in run_rows(SEEDS, jobs=1):
            stream.add(result.rows)
        stream.commit()
    assert _csv_bytes(tmp_path) == _csv_bytes(reference)
    corpus = kehoach.load_corpus(SEEDS, jobs=1)
    for name, frame in corpus.tables().items():
        parts = sorted((tmp_path / "parquet" / name).glob("part-*.parquet"))
        assert parts
        back = pd.concat([pd.read_parquet(p) for p in parts], ignore_index=True)
        pd.testing.assert_frame_equal(back, frame.reset_index(drop=True))
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_stream_left_without_commit_leaves_no_table(tmp_path: Path) -> None:
    with pytest.raises(KeyboardInterrupt):
        with TableStream(tmp_path, parquet=True) as stream:
            stream.add(extract_rows(str(SEEDS[0]), "a").rows)
            raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []


def test_stream_refuses_a_column_the_schema_lacks(tmp_path: Path) -> None:
    with TableStream(tmp_path, batch_rows=1) as stream, pytest.raises(KeyError, match="bogus"):
        stream.add({"errors": [{"path": "x", "stage": "ingest", "error": "e", "bogus": 1}]})


def test_cache_hit_is_relabelled_for_a_copy_elsewhere(tmp_path: Path) -> None:
    cached = Cache.at(tmp_path / "cache")
    first = extract_rows(str(SEEDS[0]), "seed", cached=cached)
    copy = tmp_path / "renamed.txt"
    copy.write_bytes(SEEDS[0].read_bytes())
    second = extract_rows(str(copy), "renamed", cached=cached)
    fresh = extract_rows(str(copy), "renamed")
    assert (first.cached, second.cached, fresh.cached) == (False, True, False)
    assert second.rows == fresh.rows


def test_cache_misses_when_the_pipeline_version_or_options_change(tmp_path: Path) -> None:
    seed = str(SEEDS[1])
    Cache.at(tmp_path).store(entry_key(seed, ExtractOptions()), {"documents": []})
    assert Cache.at(tmp_path).load(entry_key(seed, ExtractOptions()), "d", seed) is not None
    assert Cache(str(tmp_path), "0.0.0-other").load(entry_key(seed, ExtractOptions()),
                                                    "d", seed) is None
    assert Cache.at(tmp_path).load(entry_key(seed, ExtractOptions(ocr="never")), "d",
                                   seed) is None


def test_cli_rerun_reads_unchanged_files_from_the_cache(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture) -> None:
    files = _copies(tmp_path / "in", 5)
    cache_dir, out = tmp_path / "cache", tmp_path / "out"
    args = ["extract", str(tmp_path / "in"), "-o", str(out), "-j", "1", "--cache", str(cache_dir)]
    assert main(args) == EXIT_OK
    first = _csv_bytes(out)
    files[2].write_text(files[2].read_text(encoding="utf-8") + "\nThêm một dòng.\n",
                        encoding="utf-8")
    capsys.readouterr()
    assert main(args) == EXIT_OK
    assert "4 from the cache" in capsys.readouterr().err
    files[2].write_bytes(SEEDS[2].read_bytes() + b"\n")  # back to the bytes of the first run
    assert main(args) == EXIT_OK
    assert "5 from the cache" in capsys.readouterr().err
    assert _csv_bytes(out) == first


def test_unusable_cache_folder_is_a_usage_error(tmp_path: Path,
                                                capsys: pytest.CaptureFixture) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    code = main(["extract", str(SEEDS[0]), "-o", str(tmp_path / "out"), "-q",
                 "--cache", str(blocker)])
    assert code == EXIT_USAGE
    assert "cannot use the cache folder" in capsys.readouterr().err
    assert not (tmp_path / "out" / "documents.csv").exists()


def test_killed_run_resumes_and_redoes_only_unfinished_files(tmp_path: Path) -> None:
    n = 150
    _copies(tmp_path / "in", n)
    cache_dir, out = tmp_path / "cache", tmp_path / "out"
    command = [sys.executable, "-m", "kehoach", "extract", str(tmp_path / "in"), "-o", str(out),
               "-j", "1", "--cache", str(cache_dir)]
    run = subprocess.Popen(command, cwd=REPO, start_new_session=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while len(_cache_entries(cache_dir)) < n // 5 and run.poll() is None:
        assert time.monotonic() < deadline, "the run made no progress"
        time.sleep(0.01)
    os.killpg(run.pid, signal.SIGKILL)
    run.wait()
    done = _cache_entries(cache_dir)
    assert n // 5 <= len(done) < n, "the run was not killed halfway"
    assert not (out / "documents.csv").exists()

    rerun = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    assert rerun.returncode == EXIT_OK, rerun.stderr
    assert f"{len(done)} from the cache" in rerun.stderr
    after = _cache_entries(cache_dir)
    assert len(after) == n
    assert {p: after[p] for p in done} == done  # finished entries were not redone

    main(["extract", str(tmp_path / "in"), "-o", str(tmp_path / "fresh"), "-j", "1", "-q"])
    assert _csv_bytes(out) == _csv_bytes(tmp_path / "fresh")
    assert len(pd.read_csv(out / "documents.csv")) == n


def test_dask_run_equals_local_run(tmp_path: Path, reference: Path) -> None:
    pytest.importorskip("distributed")
    out = tmp_path / "dask"
    code = main(["extract", *map(str, SEEDS), "-o", str(out), "-j", "2", "-q",
                 "--engine", "dask"])
    assert code == EXIT_OK
    assert _csv_bytes(out) == _csv_bytes(reference)
    for name, frame in kehoach.load_corpus(SEEDS, jobs=1).tables().items():
        back = pd.read_parquet(out / "parquet" / name)
        pd.testing.assert_frame_equal(back, frame.reset_index(drop=True))


def test_dask_ocrs_the_pages_of_a_scan_as_tasks_of_their_own(shared_dir: Path) -> None:
    distributed = pytest.importorskip("distributed")
    from kehoach.engine import extract_rows_on_worker
    from kehoach.extract import ocr
    from kehoach.extract.ingest import IngestError

    try:
        ocr.check_tesseract()
    except IngestError as exc:
        pytest.skip(str(exc))
    scan = str(shared_dir / "fixtures" / "vietadmin_congan_danang_2018_cv_imageonly.pdf")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as cluster, \
            distributed.Client(cluster) as client, \
            distributed.get_task_stream(client) as stream:
        on_cluster = client.submit(extract_rows_on_worker, scan, "scan", ExtractOptions(),
                                   None).result()
    pages = [task for task in stream.data if str(task["key"]).startswith("ocr_page")]
    assert on_cluster.rows["documents"][0]["source_kind"] == "ocr"
    assert len(pages) == on_cluster.rows["documents"][0]["pages"] == 2
    assert on_cluster.rows == extract_rows(scan, "scan").rows
