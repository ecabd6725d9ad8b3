"""The output tables, declared once: name → ordered columns → pandas nullable dtype.

Every writer (CSV, and the DataFrames of :class:`kehoach.Corpus`) is fed from frames built with
:func:`empty_frame` / :func:`to_frame`, so a column cannot exist in one output and not another.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

S, I = "string", "Int64"

TABLES: dict[str, dict[str, str]] = {
    "documents": {
        "doc_id": S, "path": S, "doc_type": S, "number": S, "symbol": S, "ref": S,
        "place": S, "date": S, "date_year": I, "date_month": I, "date_day": I,
        "title": S, "issuer": S, "signer": S, "signer_title": S, "signing_authority": S,
        "recipients": S, "source_kind": S, "pages": I,
        "ocr_confidence": "Float64", "chars": I,
        "citations": I, "distinct_cited": I,
    },
    "citations": {
        "doc_id": S, "cited_id": S, "mention_index": I,
        "cited_type": S, "cited_ref": S, "cited_number": S, "cited_symbol": S,
        "cited_date": S, "cited_date_year": I, "cited_date_month": I, "cited_date_day": I,
        "cited_issuer": S, "cited_name": S,
        "mention_type": S, "mention_date": S, "mention_issuer": S, "type_printed": "boolean",
        "repaired": "boolean", "cited_key": S,
        "start": I, "end": I, "src_start": I, "src_end": I, "section": S, "mention": S,
    },
    "laws": {
        "doc_id": S, "cited_id": S, "law_name": S, "year": I, "cited_ref": S,
        "mentions": I, "start": I, "end": I,
    },
    "sections": {
        "doc_id": S, "section": S, "parent": S, "title": S, "start": I, "end": I,
    },
    "targets": {
        "doc_id": S, "value": S, "unit": S, "comparator": S, "subject": S, "period": S,
        "section": S, "sentence": S, "start": I, "end": I,
    },
    "assignments": {
        "doc_id": S, "unit": S, "unit_key": S, "role": S, "task": S, "deadline": S,
        "recurrence": S, "section": S, "start": I, "end": I,
    },
    "relations": {
        "doc_id": S, "relation": S, "target_ref": S, "target_date": S, "target_issuer": S,
        "effective_date": S, "partial": "boolean", "start": I, "end": I, "evidence": S,
    },
    "anomalies": {"doc_id": S, "kind": S, "cited_ref": S, "detail": S, "start": I},
    "errors": {"path": S, "stage": S, "error": S},
}

# Tables computed from a corpus rather than extracted per file (kehoach outdated / analyze).
ANALYSIS_TABLES: dict[str, dict[str, str]] = {
    "outdated": {
        "doc_id": S, "doc_date": S, "cited_ref": S, "cited_type": S, "cited_date": S,
        "cited_issuer": S, "status": S, "replaced_by": S, "valid_until": S,
        "outdated_at_issue": "boolean", "outdated_now": "boolean", "basis": S,
    },
    "conflicts": {
        "cited_ref": S, "field": S, "value": S, "doc_ids": S, "n_docs": I,
    },
    "graph_edges": {
        "source": S, "target": S, "kind": S, "cited_ref": S, "cited_date": S,
    },
    "most_cited": {
        "cited_ref": S, "cited_type": S, "n_docs": I, "mentions": I,
    },
    "stale_years": {
        "doc_id": S, "plan_year": I, "mentioned_year": I, "section": S, "start": I, "end": I,
        "sentence": S,
    },
    "localities": {
        "doc_id": S, "former": S, "current": S, "start": I, "end": I, "evidence": S,
    },
}

ALL_TABLES = {**TABLES, **ANALYSIS_TABLES}


def columns(table: str) -> list[str]:
    """The ordered column names of a table.

    >>> columns("errors")
    ['path', 'stage', 'error']
    """
    return list(ALL_TABLES[table])


def empty_frame(table: str) -> pd.DataFrame:
    """A frame with the table's columns and dtypes and no rows."""
    return to_frame(table, [])


def to_frame(table: str, rows: Iterable[Mapping[str, object]]) -> pd.DataFrame:
    """Build a typed frame from row dicts; missing keys and empty texts become <NA>, unknown
    keys are an error.

    >>> to_frame("errors", [{"path": "a.txt", "stage": ""}])["stage"].tolist()
    [<NA>]
    """
    spec = ALL_TABLES[table]
    rows = list(rows)
    for row in rows:
        extra = set(row) - set(spec)
        if extra:
            raise KeyError(f"table {table!r} has no column(s) {sorted(extra)}")
    # "" is stored as a blank: CSV and Excel cannot tell the two apart, so every format then
    # reads back the very same table.
    data = {col: [None if row.get(col) == "" else row.get(col) for row in rows] for col in spec}
    frame = pd.DataFrame(data, columns=list(spec))
    return frame.astype(spec)
