"""Runs the stages on one file: ingest → normalize → structure (body, outline) → header →
citations → relations → anomalies → targets → assignments.

:func:`process_file` never raises for a bad file: it returns an :class:`ErrorRecord` naming the
stage that failed, so one broken file cannot stop a corpus.
"""

from __future__ import annotations

from pathlib import Path

from ..models import Document, ErrorRecord, ExtractOptions
from . import (
    anomalies, assignments, citations, header, ingest, normalize, relations, structure, targets,
)


def extract_text(text: str, doc_id: str = "text", path: str = "",
                 source: ingest.Source | None = None, segment: bool = True) -> Document:
    """Extract a document from its text (`segment`: see :class:`ExtractOptions`).

    >>> doc = extract_text("Thực hiện Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng "
    ...                    "Chính phủ về công tác dân vận.")
    >>> [(c.cited_ref, c.cited_date.iso(), c.cited_issuer) for c in doc.citations]
    [('33/CT-TTg', '2021-11-26', 'Thủ tướng Chính phủ')]
    """
    norm = normalize.normalize(text)
    body_start, body_end = structure.find_body(norm.text)
    head = header.extract_header(norm.text, body_start, body_end)
    outline = structure.find_sections(norm.text, body_start, body_end)
    found = citations.find_citations(
        norm.text, body_start, body_end, own_ref=head.ref, offsets=norm.span_to_source,
        sections=outline, home=citations.locality_of(head.issuer) or (
            head.place.lower() if head.place else None))
    acts = relations.find_relations(norm.text, found, body_start, body_end, signed=head.date)
    return Document(doc_id=doc_id, path=path, header=head, text=norm.text, citations=found,
                    relations=acts, sections=outline,
                    anomalies=anomalies.find_anomalies(found, head.date),
                    targets=targets.find_targets(norm.text, outline, body_start, body_end),
                    assignments=assignments.find_assignments(norm.text, outline, body_start,
                                                             body_end, segment=segment),
                    source_kind=source.kind if source else "text",
                    pages=source.pages if source else None,
                    ocr_confidence=source.ocr_confidence if source else None,
                    body_start=body_start, body_end=body_end)


def process_file(path: str | Path, doc_id: str | None = None,
                 options: ExtractOptions = ExtractOptions()) -> Document | ErrorRecord:
    """Read and extract one file; a failure becomes an :class:`ErrorRecord`."""
    path = Path(path)
    doc_id = doc_id or path.stem
    try:
        source = ingest.read(path, options)
    except ingest.IngestError as exc:
        return ErrorRecord(str(path), "ingest", str(exc))
    except OSError as exc:
        return ErrorRecord(str(path), "ingest", f"cannot read file: {exc.strerror or exc}")
    except STAGE_FAILURES as exc:
        # A reader (PDF, DOCX, OCR libraries) failing on a file it should have refused.
        return _failure(path, "ingest", exc)
    try:
        return extract_text(source.text, doc_id=doc_id, path=str(path), source=source,
                            segment=options.segment)
    except STAGE_FAILURES as exc:
        return _failure(path, "extract", exc)


# What a bug or a hostile input can raise inside a stage: it must not cost the rest of the
# corpus, so it becomes an errors.csv row that says where it happened.
STAGE_FAILURES = (ValueError, KeyError, IndexError, TypeError, AttributeError, TimeoutError,
                  RecursionError)


def _failure(path: Path, stage: str, exc: Exception) -> ErrorRecord:
    if isinstance(exc, RecursionError):
        return ErrorRecord(str(path), stage, f"input too deeply nested: {exc}")
    return ErrorRecord(str(path), stage, f"{type(exc).__name__}: {exc}")
