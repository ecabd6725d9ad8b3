"""Stage 6 — tables: records → rows of the declared tables (see :mod:`kehoach.schema`), and the
writers that put those tables on disk.

All writers take the frames built here, so CSV and the :class:`kehoach.Corpus` frames always
agree.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import pandas as pd

from ..models import Document, ErrorRecord, PartialDate
from ..schema import TABLES, to_frame

TABLE_NAMES = tuple(TABLES)


def _iso(date: PartialDate | None) -> str | None:
    return date.iso() if date is not None else None


def document_row(doc: Document) -> dict[str, object]:
    h = doc.header
    return {
        "doc_id": doc.doc_id, "path": doc.path, "doc_type": h.doc_type, "number": h.number,
        "symbol": h.symbol, "ref": h.ref, "place": h.place, "date": _iso(h.date),
        "date_year": h.date.year if h.date else None,
        "date_month": h.date.month if h.date else None,
        "date_day": h.date.day if h.date else None,
        "title": h.title, "issuer": h.issuer, "signer": h.signer,
        "signer_title": h.signer_title, "signing_authority": h.signing_authority,
        "recipients": "; ".join(h.recipients) or None, "source_kind": doc.source_kind,
        "pages": doc.pages, "chars": len(doc.text), "citations": len(doc.citations),
        "distinct_cited": len({c.cited_id for c in doc.citations}),
    }


def citation_rows(doc: Document) -> Iterator[dict[str, object]]:
    for c in doc.citations:
        yield {
            "doc_id": doc.doc_id, "cited_id": c.cited_id, "mention_index": c.mention_index,
            "cited_type": c.cited_type, "cited_ref": c.cited_ref,
            "cited_number": c.cited_number, "cited_symbol": c.cited_symbol,
            "cited_date": _iso(c.cited_date), "cited_issuer": c.cited_issuer,
            "cited_name": c.cited_name, "mention_type": c.mention_type,
            "mention_date": _iso(c.mention_date), "mention_issuer": c.mention_issuer,
            "type_printed": c.type_printed, "repaired": c.repaired,
            "start": c.start, "end": c.end, "src_start": c.src_start, "src_end": c.src_end,
            "section": c.section, "mention": c.mention,
        }


def law_rows(doc: Document) -> Iterator[dict[str, object]]:
    """One row per distinct law cited by name (a derived view of the citations)."""
    seen: dict[str, dict[str, object]] = {}
    for c in doc.citations:
        if not c.cited_name:
            continue
        row = seen.get(c.cited_id)
        if row is None:
            seen[c.cited_id] = {
                "doc_id": doc.doc_id, "cited_id": c.cited_id, "law_name": c.cited_name,
                "year": c.cited_date.year if c.cited_date else None,
                "cited_ref": c.cited_ref, "mentions": 1, "start": c.start, "end": c.end,
            }
        else:
            row["mentions"] = int(row["mentions"]) + 1
            row["cited_ref"] = row["cited_ref"] or c.cited_ref
    yield from seen.values()


def section_rows(doc: Document) -> Iterator[dict[str, object]]:
    for s in doc.sections:
        yield {"doc_id": doc.doc_id, "section": s.section, "parent": s.parent,
               "title": s.title, "start": s.start, "end": s.end}


def target_rows(doc: Document) -> Iterator[dict[str, object]]:
    for t in doc.targets:
        yield {"doc_id": doc.doc_id, "value": t.value, "unit": t.unit,
               "comparator": t.comparator, "subject": t.subject, "period": t.period,
               "section": t.section, "sentence": t.sentence, "start": t.start, "end": t.end}


def assignment_rows(doc: Document) -> Iterator[dict[str, object]]:
    for a in doc.assignments:
        yield {"doc_id": doc.doc_id, "unit": a.unit, "unit_key": a.unit_key, "role": a.role,
               "task": a.task, "deadline": _iso(a.deadline), "recurrence": a.recurrence,
               "section": a.section, "start": a.start, "end": a.end}


def rows_of(result: Document | ErrorRecord) -> dict[str, list[dict[str, object]]]:
    """The rows one processed file contributes to each table."""
    if isinstance(result, ErrorRecord):
        return {"errors": [{"path": result.path, "stage": result.stage,
                            "error": result.error}]}
    return {
        "documents": [document_row(result)],
        "citations": list(citation_rows(result)),
        "laws": list(law_rows(result)),
        "sections": list(section_rows(result)),
        "targets": list(target_rows(result)),
        "assignments": list(assignment_rows(result)),
    }


def frames(results: Iterable[Document | ErrorRecord]) -> dict[str, pd.DataFrame]:
    """Every table as a typed DataFrame."""
    rows: dict[str, list[dict[str, object]]] = {name: [] for name in TABLE_NAMES}
    for result in results:
        for name, table_rows in rows_of(result).items():
            rows[name].extend(table_rows)
    return {name: to_frame(name, rows[name]) for name in TABLE_NAMES}


def write_atomic(path: Path, write) -> None:
    """Write through a temporary file in the same folder, then rename: a crash never leaves a
    half-written table."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_csv(tables: dict[str, pd.DataFrame], out_dir: str | Path) -> list[Path]:
    """Write each table as ``<name>.csv`` (UTF-8, header always present)."""
    out = Path(out_dir)
    written = []
    for name, frame in tables.items():
        path = out / f"{name}.csv"
        write_atomic(path, lambda tmp, frame=frame: frame.to_csv(tmp, index=False,
                                                                 encoding="utf-8"))
        written.append(path)
    return written
