"""Stage 6 — tables: records → rows of the declared tables (see :mod:`kehoach.schema`), and the
atomic write every file goes through.

All writers (:mod:`kehoach.export`) take the frames built here, so every format and the
:class:`kehoach.Corpus` frames always agree.
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


def _date_parts(prefix: str, date: PartialDate | None) -> dict[str, int | None]:
    """The year/month/day columns beside an ISO date column, blank where not printed.

    >>> _date_parts("date", PartialDate(2022, 4))
    {'date_year': 2022, 'date_month': 4, 'date_day': None}
    """
    return {f"{prefix}_year": date.year if date else None,
            f"{prefix}_month": date.month if date else None,
            f"{prefix}_day": date.day if date else None}


def document_row(doc: Document) -> dict[str, object]:
    h = doc.header
    return {
        "doc_id": doc.doc_id, "path": doc.path, "doc_type": h.doc_type, "number": h.number,
        "symbol": h.symbol, "ref": h.ref, "place": h.place, "date": _iso(h.date),
        **_date_parts("date", h.date),
        "title": h.title, "issuer": h.issuer, "signer": h.signer,
        "signer_title": h.signer_title, "signing_authority": h.signing_authority,
        "recipients": "; ".join(h.recipients) or None, "source_kind": doc.source_kind,
        "pages": doc.pages, "ocr_confidence": doc.ocr_confidence, "chars": len(doc.text), "citations": len(doc.citations),
        "distinct_cited": len({c.cited_id for c in doc.citations}),
    }


# The row builders below are list displays, not generators, with the document's id in a local:
# a corpus makes hundreds of thousands of rows (issue #8).


def _citation_row(doc_id: str, c, dates: dict[int, tuple]) -> dict[str, object]:
    """A citation's row; the cited date's columns as :func:`_iso` and :func:`_date_parts` give
    them, written out (this is the largest table). `dates` keeps the columns of each date
    object by its id (see :func:`citation_rows`)."""
    date = dates.get(id(c.cited_date))
    if date is None:
        cited = c.cited_date
        date = dates[id(cited)] = (cited.iso(), cited.year, cited.month, cited.day)
    mention_date = dates.get(id(c.mention_date))
    if mention_date is None:
        mention = c.mention_date
        mention_date = dates[id(mention)] = (mention.iso(), mention.year, mention.month,
                                             mention.day)
    return {
        "doc_id": doc_id, "cited_id": c.cited_id, "mention_index": c.mention_index,
        "cited_type": c.cited_type, "cited_ref": c.cited_ref,
        "cited_number": c.cited_number, "cited_symbol": c.cited_symbol,
        "cited_date": date[0], "cited_date_year": date[1], "cited_date_month": date[2],
        "cited_date_day": date[3],
        "cited_issuer": c.cited_issuer,
        "cited_name": c.cited_name, "mention_type": c.mention_type,
        "mention_date": mention_date[0],
        "mention_issuer": c.mention_issuer,
        "type_printed": c.type_printed, "repaired": c.repaired, "cited_key": c.cited_key,
        "start": c.start, "end": c.end, "src_start": c.src_start, "src_end": c.src_end,
        "section": c.section, "mention": c.mention,
    }


def citation_rows(doc: Document) -> list[dict[str, object]]:
    """The citations' rows. The mentions of one cited document share its date object, and
    formatting a date is half a row's cost: each date object's columns are made once, kept by
    its id (the citations keep the dates alive meanwhile; a dataclass hashes far slower)."""
    doc_id = doc.doc_id
    dates: dict[int, tuple] = {id(None): (None, None, None, None)}
    return [_citation_row(doc_id, c, dates) for c in doc.citations]


def _law_year(c) -> int | None:
    """The year of a law: printed with its name or date, else the year in its number
    ("59/2020/QH14" → 2020)."""
    if c.cited_date is not None:
        return c.cited_date.year
    if c.cited_symbol and c.cited_symbol[:4].isdigit():
        return int(c.cited_symbol[:4])
    return None


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
                "year": _law_year(c),
                "cited_ref": c.cited_ref, "mentions": 1, "start": c.start, "end": c.end,
            }
        else:
            row["mentions"] = int(row["mentions"]) + 1
            row["cited_ref"] = row["cited_ref"] or c.cited_ref
    yield from seen.values()


def section_rows(doc: Document) -> list[dict[str, object]]:
    doc_id = doc.doc_id
    return [{"doc_id": doc_id, "section": s.section, "parent": s.parent, "title": s.title,
             "start": s.start, "end": s.end} for s in doc.sections]


def target_rows(doc: Document) -> list[dict[str, object]]:
    doc_id = doc.doc_id
    return [{"doc_id": doc_id, "value": t.value, "unit": t.unit, "comparator": t.comparator,
             "subject": t.subject, "period": t.period, "section": t.section,
             "sentence": t.sentence, "start": t.start, "end": t.end} for t in doc.targets]


def assignment_rows(doc: Document) -> list[dict[str, object]]:
    doc_id = doc.doc_id
    return [{"doc_id": doc_id, "unit": a.unit, "unit_key": a.unit_key, "role": a.role,
             "task": a.task, "deadline": _iso(a.deadline), "recurrence": a.recurrence,
             "section": a.section, "start": a.start, "end": a.end} for a in doc.assignments]


def relation_rows(doc: Document) -> list[dict[str, object]]:
    doc_id = doc.doc_id
    return [{"doc_id": doc_id, "relation": r.relation, "target_ref": r.target_ref,
             "target_date": _iso(r.target_date), "target_issuer": r.target_issuer,
             "effective_date": _iso(r.effective_date), "partial": r.partial,
             "start": r.start, "end": r.end, "evidence": r.evidence} for r in doc.relations]


def rows_of(result: Document | ErrorRecord) -> dict[str, list[dict[str, object]]]:
    """The rows one processed file contributes to each table."""
    if isinstance(result, ErrorRecord):
        return {"errors": [{"path": result.path, "stage": result.stage,
                            "error": result.error}]}
    return {
        "documents": [document_row(result)],
        "citations": citation_rows(result),
        "laws": list(law_rows(result)),
        "sections": section_rows(result),
        "targets": target_rows(result),
        "assignments": assignment_rows(result),
        "relations": relation_rows(result),
        "anomalies": [{"doc_id": result.doc_id, "kind": a.kind, "cited_ref": a.cited_ref,
                       "detail": a.detail, "start": a.start} for a in result.anomalies],
    }


def frames(results: Iterable[Document | ErrorRecord]) -> dict[str, pd.DataFrame]:
    """Every table as a typed DataFrame."""
    rows: dict[str, list[dict[str, object]]] = {name: [] for name in TABLE_NAMES}
    for result in results:
        for name, table_rows in rows_of(result).items():
            rows[name].extend(table_rows)
    return {name: to_frame(name, rows[name]) for name in TABLE_NAMES}


def umask() -> int:
    mask = os.umask(0)  # reading the umask means setting it; put it straight back
    os.umask(mask)
    return mask


def write_atomic(path: Path, write) -> None:
    """Write through a temporary file in the same folder, then rename: a crash never leaves a
    half-written table."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(fd)
    try:
        write(tmp)
        # mkstemp makes the file private (0600); give it the mode any new file would get.
        os.chmod(tmp, 0o666 & ~umask())
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)

