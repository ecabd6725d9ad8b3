"""The whole dev corpus (../shared/corpus/tnt305, 359 real documents): no file crashes, every
offset holds, mentions never overlap, every document gets an identity."""

from __future__ import annotations

from pathlib import Path

import pytest

from kehoach.corpus import run
from kehoach.models import Document


@pytest.fixture(scope="module")
def results(shared_dir: Path) -> list:
    return list(run([shared_dir / "corpus" / "tnt305"], jobs=2))


def test_no_crash_on_any_dev_document(results: list) -> None:
    assert len(results) == 359
    assert all(isinstance(r, Document) for r in results), [
        r for r in results if not isinstance(r, Document)]


def test_offsets_hold_and_mentions_do_not_overlap(results: list) -> None:
    for doc in results:
        spans = sorted((c.start, c.end) for c in doc.citations)
        for c in doc.citations:
            assert doc.text[c.start:c.end] == c.mention, doc.doc_id
        for (_, end), (start, _) in zip(spans, spans[1:]):
            assert end <= start, (doc.doc_id, spans)


def test_official_documents_get_a_type_and_a_reference(results: list) -> None:
    # Portal pages that are not official documents (Q&A, encyclopaedia pages) have no motto.
    official = [d for d in results if "CỘNG HÒA XÃ HỘI" in d.text[:20000]]
    typed = [d for d in official if d.header.doc_type and d.header.symbol]
    assert len(official) >= 230
    assert len(typed) / len(official) >= 0.95
