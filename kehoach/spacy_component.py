"""A spaCy pipeline component: kehoach's citations, dates, targets and units as ``doc.spans``.

``nlp.add_pipe("kehoach")`` runs the extraction on ``doc.text`` and writes four span groups
(keys configurable): ``kehoach_citations`` (labels ``CITATION`` and ``LAW``), ``kehoach_dates``
(``DATE``), ``kehoach_targets`` (``TARGET``) and ``kehoach_units`` (``UNIT``, the unit given a
task). Character offsets are mapped to tokens with ``alignment_mode="expand"``.

Only what msgpack can encode is stored, so everything survives ``Doc.to_bytes`` and ``DocBin``:
each span carries ``label_``, ``kb_id_`` (the cited ref or law name, the ISO date, the unit
key, the target's value and unit) and ``id_`` (a key into ``doc.user_data["kehoach"]``, where
the record's fields are kept as a plain dict — the same row as in the CSV tables). The values
are read through getters: ``span._.kehoach`` (that dict) and ``span._.kehoach_date`` (a
:class:`~kehoach.models.PartialDate`, derived from ``kb_id_`` of a ``DATE`` span). With
``DocBin`` pass ``store_user_data=True`` to keep the fields; the spans need nothing.

>>> nlp = blank_vi()
>>> _ = nlp.add_pipe("kehoach")
>>> doc = nlp("Thực hiện Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ về dân vận.")
>>> [(s.text, s.label_, s.kb_id_) for s in doc.spans["kehoach_citations"]]
[('Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ', 'CITATION', '33/CT-TTg')]
>>> doc.spans["kehoach_citations"][0]._.kehoach["cited_issuer"]
'Thủ tướng Chính phủ'
>>> [(s.text, s._.kehoach_date) for s in doc.spans["kehoach_dates"]]
[('26/11/2021', PartialDate(year=2021, month=11, day=26))]
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from .extract import tables
from .extract.citations import parse_date
from .extract.normalize import normalize
from .extract.pipeline import extract_text
from .models import Document, PartialDate
from .patterns.dates import date_in_text_pattern

# spacy.blank("vi") wants the pyvi word segmenter; splitting on spaces keeps kehoach's offsets
# simple and needs nothing more.
VI_CONFIG = {"nlp": {"tokenizer": {"@tokenizers": "spacy.vi.VietnameseTokenizer",
                                   "use_pyvi": False}}}
USER_DATA_KEY = "kehoach"
# How far before a task its unit may be printed: a unit heading and its tasks sit within a few
# paragraphs (273 of 275 units of the seeds and 60 dev documents are found within it).
UNIT_LOOKBACK = 1500


@dataclass(frozen=True, slots=True)
class Found:
    """An item to mark: a half-open span of the normalized text and what it is."""

    start: int
    end: int
    label: str
    kb_id: str
    fields: dict[str, object]


def blank_vi() -> Language:
    """A blank Vietnamese pipeline that splits on white space (no pyvi needed)."""
    import spacy

    return spacy.blank("vi", config=VI_CONFIG)


def register_extensions() -> None:
    """Declare ``Span._.kehoach`` and ``Span._.kehoach_date`` (getters: nothing is stored)."""
    if not Span.has_extension("kehoach"):
        Span.set_extension("kehoach", getter=span_fields)
    if not Span.has_extension("kehoach_date"):
        Span.set_extension("kehoach_date", getter=span_date)


def span_fields(span: Span) -> dict[str, object] | None:
    """The parsed fields of a span written by the component, or None when they were not kept."""
    return span.doc.user_data.get(USER_DATA_KEY, {}).get(span.id_)


def span_date(span: Span) -> PartialDate | None:
    """The date a ``DATE`` span stands for, at the precision printed."""
    if span.label_ != "DATE" or not span.kb_id_:
        return None
    return PartialDate.from_iso(span.kb_id_)


def citations_found(document: Document) -> Iterator[Found]:
    for c, row in zip(document.citations, tables.citation_rows(document), strict=True):
        label = "LAW" if c.cited_name and not c.cited_ref else "CITATION"
        yield Found(c.start, c.end, label, c.cited_ref or c.cited_name or "", row)


def dates_found(text: str) -> Iterator[Found]:
    for m in date_in_text_pattern().finditer(text):
        date = parse_date(m.group("date"))
        if date is not None:
            yield Found(m.start(), m.end(), "DATE", date.iso(),
                        {"date": date.iso(), "text": m.group("date")})


def targets_found(document: Document) -> Iterator[Found]:
    for t, row in zip(document.targets, tables.target_rows(document), strict=True):
        yield Found(t.start, t.end, "TARGET", " ".join(filter(None, (t.value, t.unit))), row)


def units_found(document: Document) -> Iterator[Found]:
    """Where the unit given each task is printed: an assignment's offsets are its task's, so
    the unit is the nearest printing of its name before the task (the subject of the sentence
    or the heading above), else inside it. A unit whose name was rewritten is not marked.
    """
    text = document.text
    for a, row in zip(document.assignments, tables.assignment_rows(document), strict=True):
        at = text.rfind(a.unit, max(0, a.start - UNIT_LOOKBACK), a.start)
        if at < 0:
            at = text.find(a.unit, a.start, a.end)
        if a.unit and at >= 0:
            yield Found(at, at + len(a.unit), "UNIT", a.unit_key, row)


def to_spans(doc: Doc, found: Iterator[Found], to_source, store: dict) -> list[Span]:
    """Spans of `doc` for items found in its normalized text; fields go into `store`."""
    spans = []
    for item in found:
        start, end = to_source(item.start, item.end)
        key = f"{item.label}:{start}:{end}"
        span = doc.char_span(start, end, label=item.label, kb_id=item.kb_id, span_id=key,
                             alignment_mode="expand")
        if span is None:  # the mapped span is only white space, between tokens
            continue
        store[key] = item.fields
        spans.append(span)
    return spans


class KehoachComponent:
    """Writes kehoach's findings to ``doc.spans`` (see the module docstring)."""

    def __init__(self, nlp: Language, name: str, spans_prefix: str = "kehoach") -> None:
        self.name = name
        self.keys = {kind: f"{spans_prefix}_{kind}"
                     for kind in ("citations", "dates", "targets", "units")}
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        document = extract_text(doc.text, doc_id="spacy")
        norm = normalize(doc.text)
        store: dict[str, dict[str, object]] = {}
        found = {
            "citations": citations_found(document),
            "dates": dates_found(document.text),
            "targets": targets_found(document),
            "units": units_found(document),
        }
        for kind, items in found.items():
            doc.spans[self.keys[kind]] = to_spans(doc, items, norm.span_to_source, store)
        doc.user_data[USER_DATA_KEY] = store
        return doc


@Language.factory("kehoach", default_config={"spans_prefix": "kehoach"})
def make_kehoach(nlp: Language, name: str, spans_prefix: str) -> KehoachComponent:
    """The ``kehoach`` factory (also registered through the ``spacy_factories`` entry point)."""
    return KehoachComponent(nlp, name, spans_prefix)
