"""Citation grammar: a table of real cases (tests/cases/citations.yaml)."""

from __future__ import annotations

import pytest

from kehoach.extract.citations import find_citations
from kehoach.extract.normalize import normalize
from kehoach.extract.structure import find_body

from .support import case_params, load_cases

CASES = load_cases("citations.yaml")


def _distinct(text: str, own: str | None, body: bool = False) -> list[dict]:
    norm = normalize(text)
    start, end = find_body(norm.text) if body else (0, len(norm.text))
    out: dict[str, dict] = {}
    for c in find_citations(norm.text, start, end, own_ref=own):
        out.setdefault(c.cited_id, {
            "ref": c.cited_ref, "type": c.cited_type,
            "date": c.cited_date.iso() if c.cited_date else None,
            "issuer": c.cited_issuer, "name": c.cited_name,
            "year": c.cited_date.year if c.cited_date else None,
        })
    return list(out.values())



@pytest.mark.parametrize(
    "case", case_params(CASES))
def test_citation_case(case: dict) -> None:
    got = _distinct(case["text"], case.get("own"), case.get("body", False))
    want = case["expect"]
    assert len(got) == len(want), f"got {got}"
    for g, w in zip(got, want):
        for field, value in w.items():
            expected = str(value) if field == "date" and value is not None else value
            assert g[field] == expected, f"{field}: got {g[field]!r}, want {expected!r} in {g}"


def test_case_table_is_large_and_sourced() -> None:
    assert len(CASES) >= 60
    assert all(c.get("source") and c.get("id") for c in CASES)
    assert len({c["id"] for c in CASES}) == len(CASES)


def test_offsets_hold_for_every_case() -> None:
    for case in CASES:
        norm = normalize(case["text"])
        for c in find_citations(norm.text, offsets=norm.span_to_source):
            assert norm.text[c.start:c.end] == c.mention
            assert 0 <= c.src_start <= c.src_end <= len(case["text"])


def test_amending_laws_nested_without_end_are_read_not_recursed() -> None:
    """A hostile text nesting "Luật sửa đổi, bổ sung … của Luật sửa đổi …" a thousand times
    used to raise RecursionError and lose the document; the law it ends on is still found."""
    text = "Căn cứ " + "Luật sửa đổi, bổ sung một số điều của " * 1000 + "Luật Đất đai năm 2013."
    found = find_citations(text)
    assert found and all(text[c.start:c.end] == c.mention for c in found)
    assert any(c.cited_name == "Luật Đất đai" for c in found)
