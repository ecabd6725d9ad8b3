"""The command-line contract: tables, exit codes, errors as rows, help for every command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from kehoach.cli import EXIT_OK, EXIT_SOME_ERRORS, build_parser, main
from kehoach.schema import TABLES, columns

from .support import CORPUS

SEED = CORPUS / "seeds" / "000_a863b09b55c419f3.txt"

BAD_FILES = [
    ("empty.txt", b"", "empty file"),
    ("blank.md", b"   \n\n  ", "empty file"),
    ("binary.txt", bytes(range(256)) * 4, "binary content"),
    ("nul.txt", "Số: 12/KH-UBND\x00\x00".encode(), "binary content"),
    ("latin1.txt", "Quy\xeat \xf0\xecnh".encode("latin-1"), "not UTF-8"),
    ("digits.txt", b"123 456 789", "no letters"),
    ("scan.xyz", b"whatever", "unsupported file type"),
]


def _run(args: list[str]) -> int:
    return main(args)


def test_all_tables_written_with_headers_even_when_empty(tmp_path: Path) -> None:
    assert _run(["extract", str(SEED), "--out", str(tmp_path), "-j", "1", "-q"]) == EXIT_OK
    for table in TABLES:
        frame = pd.read_csv(tmp_path / f"{table}.csv", dtype=str)
        assert list(frame.columns) == columns(table)
    assert len(pd.read_csv(tmp_path / "errors.csv")) == 0


@pytest.mark.parametrize("name,data,reason", BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_file_becomes_error_row_and_rest_is_processed(tmp_path: Path, name: str,
                                                         data: bytes, reason: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    bad = folder / name
    bad.write_bytes(data)
    (folder / "good.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    code = _run(["extract", str(folder), str(bad), "--out", str(out), "-j", "1", "-q"])
    assert code == EXIT_SOME_ERRORS
    errors = pd.read_csv(out / "errors.csv", dtype=str)
    assert list(errors["path"]) == [str(bad)]
    assert reason in errors["error"].iloc[0]
    docs = pd.read_csv(out / "documents.csv", dtype=str)
    assert list(docs["doc_id"]) == ["good"]


def test_doc_ids_are_stable_and_unique(tmp_path: Path) -> None:
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "plan.txt").write_text("Chỉ thị số 33/CT-TTg.", encoding="utf-8")
    out1, out2 = tmp_path / "o1", tmp_path / "o2"
    _run(["extract", str(tmp_path / "a"), str(tmp_path / "b"), "--out", str(out1), "-q"])
    _run(["extract", str(tmp_path / "a"), str(tmp_path / "b"), "--out", str(out2), "-q"])
    ids1 = list(pd.read_csv(out1 / "documents.csv", dtype=str)["doc_id"])
    ids2 = list(pd.read_csv(out2 / "documents.csv", dtype=str)["doc_id"])
    assert ids1 == ids2 and len(set(ids1)) == 2 and ids1[0] == "plan"


def test_parallel_run_equals_single_process(tmp_path: Path) -> None:
    _run(["extract", str(CORPUS), "--out", str(tmp_path / "one"), "-j", "1", "-q"])
    _run(["extract", str(CORPUS), "--out", str(tmp_path / "two"), "-j", "2", "-q"])
    for table in ("documents", "citations"):
        a = pd.read_csv(tmp_path / "one" / f"{table}.csv", dtype=str)
        b = pd.read_csv(tmp_path / "two" / f"{table}.csv", dtype=str)
        pd.testing.assert_frame_equal(a, b)


def test_no_segment_changes_only_assignments(tmp_path: Path) -> None:
    """Seeds 000 and 004 print "Phòng Hành chính tổ chức …": only segmentation tells where the
    unit's name ends."""
    _run(["extract", str(CORPUS), "--out", str(tmp_path / "seg"), "-j", "1", "-q"])
    _run(["extract", str(CORPUS), "--out", str(tmp_path / "fast"), "-j", "1", "-q",
          "--no-segment"])
    for table in ("documents", "citations", "targets", "sections"):
        pd.testing.assert_frame_equal(pd.read_csv(tmp_path / "seg" / f"{table}.csv", dtype=str),
                                      pd.read_csv(tmp_path / "fast" / f"{table}.csv", dtype=str))
    seg, fast = (pd.read_csv(tmp_path / name / "assignments.csv", dtype=str)
                 for name in ("seg", "fast"))
    assert len(fast) > 0 and set(fast["unit"]) != set(seg["unit"])


def _subcommands() -> list[str]:
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return sorted(action.choices)


@pytest.mark.parametrize("command", _subcommands())
def test_every_command_has_help(command: str) -> None:
    result = subprocess.run([sys.executable, "-m", "kehoach", command, "--help"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0
    assert "usage: kehoach" in result.stdout and "exit codes" in result.stdout
    assert len(result.stdout) > 300


def test_usage_error_exits_2_without_traceback() -> None:
    result = subprocess.run([sys.executable, "-m", "kehoach", "extract", "--jobs", "x"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_readme_documents_every_command() -> None:
    readme = (CORPUS.parent / "README.md").read_text(encoding="utf-8")
    for command in _subcommands():
        assert f"kehoach {command}" in readme


def test_a_reader_that_crashes_becomes_an_error_row(tmp_path: Path, monkeypatch) -> None:
    from kehoach.extract import ingest

    def broken_reader(path, options):
        raise TypeError("unexpected object in page tree")

    monkeypatch.setitem(ingest.READERS, ".pdf", broken_reader)
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "good.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    code = _run(["extract", str(tmp_path / "scan.pdf"), str(tmp_path / "good.txt"),
                 "--out", str(out), "-j", "1", "-q"])
    assert code == EXIT_SOME_ERRORS
    errors = pd.read_csv(out / "errors.csv", dtype=str)
    assert list(errors["stage"]) == ["ingest"]
    assert "TypeError: unexpected object in page tree" in errors["error"].iloc[0]
    assert list(pd.read_csv(out / "documents.csv", dtype=str)["doc_id"]) == ["good"]
