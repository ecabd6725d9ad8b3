"""`kehoach show FILE`: the hand-checked answers for each seed are on screen, plain when piped."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
from rich.console import Console

import kehoach as kh
from kehoach.cli import EXIT_OK, EXIT_SOME_ERRORS, EXIT_USAGE, main
from kehoach.models import compose_ref
from kehoach.show import VIEWS, render_text, table_view

from .support import CORPUS

GOLD = CORPUS / "gold"
SEEDS = sorted(p.stem for p in (CORPUS / "seeds").glob("*.txt"))


def _gold(table: str, doc_id: str) -> pd.DataFrame:
    frame = pd.read_csv(GOLD / f"{table}.csv", dtype=str, keep_default_na=False)
    return frame[frame["doc"] == doc_id]


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture):
    """Run `kehoach show` as piped output 200 columns wide; returns (exit code, stdout)."""
    monkeypatch.setenv("COLUMNS", "200")

    def run(path: Path | str) -> tuple[int, str, str]:
        code = main(["show", str(path)])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


@pytest.mark.parametrize("doc_id", SEEDS)
def test_show_prints_the_gold_answers(doc_id: str, shown) -> None:
    code, out, _ = shown(CORPUS / "seeds" / f"{doc_id}.txt")
    assert code == EXIT_OK
    assert "\x1b[" not in out  # piped: no colour codes
    lines = out.splitlines()
    header = _gold("documents", doc_id).iloc[0]
    for value in (compose_ref(header["number"] or None, header["symbol"] or None),
                  header["date"], header["title"], header["issuer"], header["signer"]):
        if value:
            assert value in out
    for cite in _gold("citations", doc_id).itertuples():
        fields = [cite.cited_type, cite.cited_symbol, cite.cited_date, cite.cited_issuer]
        assert any(all(f in line for f in fields if f) for line in lines), fields
    for law in _gold("laws", doc_id).itertuples():
        assert law.law_name in out


@pytest.mark.parametrize("doc_id", SEEDS)
def test_only_tables_that_have_rows_are_shown(doc_id: str) -> None:
    doc = kh.extract_file(CORPUS / "seeds" / f"{doc_id}.txt")
    out = render_text(doc, width=160)
    present = {"citations": any(c.cited_name is None for c in doc.citations),
               "laws": any(c.cited_name for c in doc.citations),
               "targets": bool(doc.targets), "assignments": bool(doc.assignments)}
    for name, (title, _) in VIEWS.items():
        assert (title in out) == present[name], name


def test_missing_file_is_a_usage_error(shown, tmp_path: Path) -> None:
    code, out, err = shown(tmp_path / "absent.txt")
    assert code == EXIT_USAGE and out == ""
    assert "no such file" in err and "Traceback" not in err


@pytest.mark.parametrize("data,reason", [(b"", "empty file"), (b"\x00\x01\x02", "binary")])
def test_unreadable_file_says_why(shown, tmp_path: Path, data: bytes, reason: str) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(data)
    code, out, err = shown(bad)
    assert code == EXIT_SOME_ERRORS and out == ""
    assert reason in err and "Traceback" not in err


def test_brackets_in_a_document_are_text_not_markup() -> None:
    frame = pd.DataFrame({"unit": pd.array(["[bold]Phòng[/bold] [/Nội vụ]"], "string")})
    out = io.StringIO()
    Console(file=out, width=80, color_system=None).print(
        table_view("Assignments", frame, (("unit", "unit"),)))
    assert "[bold]Phòng[/bold] [/Nội vụ]" in out.getvalue()
