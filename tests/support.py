"""Paths and case-table loading shared by the tests."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
SHARED = REPO.parent / "shared"
CASES = Path(__file__).resolve().parent / "cases"
DEVSAMPLE = Path(__file__).resolve().parent / "data" / "devsample"


def load_cases(name: str) -> list[dict]:
    """Rows of a YAML case table in tests/cases."""
    return yaml.safe_load((CASES / name).read_text(encoding="utf-8"))


def case_id(case: dict) -> str:
    return case.get("id") or case.get("text", "")[:40]


def case_params(cases: list[dict]) -> list:
    """`cases` as pytest parameters named by :func:`case_id`; a case with ``xfail`` (its reason)
    is a known failure, strict: it fails the run once it passes."""
    return [pytest.param(c, id=case_id(c), marks=[pytest.mark.xfail(reason=c["xfail"], strict=True)]
                         if c.get("xfail") else []) for c in cases]


def best_seconds(run: Callable[[], object], repeats: int = 3) -> float:
    """The fastest of `repeats` timings of ``run()``, the least disturbed by other load: for
    tests that a stage stays linear (sixteen times the input within forty times the time)."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best
