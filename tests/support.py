"""Paths and case-table loading shared by the tests."""

from __future__ import annotations

from pathlib import Path

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
