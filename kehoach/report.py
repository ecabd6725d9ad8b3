"""One self-contained HTML page for a corpus: a summary, charts, conflicts and every document's
text with its citations, laws, targets and assignments highlighted.

Everything is inline (CSS, a few lines of JavaScript, SVG charts drawn here); a
Content-Security-Policy forbids the page any network access. Highlights are ``<mark>``
elements, one class per kind, the parsed fields in their ``title`` (the tooltip). Marks that
overlap are nested; where two cross, the one of lower priority (see :data:`KINDS`) is cut into
pieces, the pieces after the first carrying the class ``cont``.

>>> import kehoach
>>> from kehoach.extract import tables
>>> doc = kehoach.extract_text("Thực hiện Chỉ thị số 33/CT-TTg ngày 26/11/2021 về dân vận.")
>>> page = build_report([doc], tables.frames([doc]))
>>> page.count('<mark class="citation"')
1
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from urllib.parse import quote

import pandas as pd

from . import analysis
from .extract import tables
from .models import Citation, Document

# Kinds of highlight, highest priority first: a citation is never cut by a target around it.
KINDS = ("citation", "law", "target", "assignment")
_RANK = {kind: rank for rank, kind in enumerate(KINDS)}

# Fields shown in a highlight's tooltip, per kind (columns of the CSV tables).
TOOLTIP_FIELDS = {
    "citation": ("cited_type", "cited_ref", "cited_date", "cited_issuer", "mention_date",
                 "section"),
    "law": ("cited_name", "cited_date", "cited_ref", "section"),
    "target": ("value", "unit", "comparator", "subject", "period", "section"),
    "assignment": ("unit", "role", "task", "deadline", "recurrence", "section"),
}


@dataclass(frozen=True, slots=True)
class Mark:
    """A span of a document's normalized text to highlight."""

    start: int
    end: int
    kind: str
    tip: str
    cited_id: str | None = None
    outdated: bool = False
    piece: int = 0  # 0 for a whole mark or its first piece


def esc(text: object) -> str:
    """Text escaped for HTML content and attribute values.

    >>> esc('<a href="x">&</a>')
    '&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;'
    """
    return html.escape(str(text), quote=True)


def tooltip(row: Mapping[str, object], fields: Sequence[str]) -> str:
    """One ``field: value`` line per non-empty field.

    >>> tooltip({"cited_ref": "33/CT-TTg", "cited_date": None}, ("cited_ref", "cited_date"))
    'cited_ref: 33/CT-TTg'
    """
    return "\n".join(f"{f}: {row[f]}" for f in fields if row.get(f) not in (None, ""))


def _law_ref(c: Citation) -> str | None:
    """The number of a law cited by name, as the outdated analysis names it."""
    year = c.cited_date.year if c.cited_date else None
    return analysis.named_law_ref(c.cited_name, year) if c.cited_name else None


def marks_of(doc: Document, outdated: Mapping[tuple[str, str], str] | None = None) -> list[Mark]:
    """The highlights of one document: citations, laws, targets and assignments.

    `outdated` maps (doc_id, cited_ref) of citations of a replaced document to a note (see
    :func:`outdated_notes`).
    """
    outdated = outdated or {}
    marks = []
    for c, row in zip(doc.citations, tables.citation_rows(doc), strict=True):
        kind = "law" if c.cited_name and not c.cited_ref else "citation"
        note = outdated.get((doc.doc_id, c.cited_ref or _law_ref(c)))
        tip = tooltip(row, TOOLTIP_FIELDS[kind]) + (f"\noutdated: {note}" if note else "")
        marks.append(Mark(c.start, c.end, kind, tip, c.cited_id, note is not None))
    for kind, records, rows in (
            ("target", doc.targets, tables.target_rows(doc)),
            ("assignment", doc.assignments, tables.assignment_rows(doc))):
        for record, row in zip(records, rows, strict=True):
            marks.append(Mark(record.start, record.end, kind, tooltip(row, TOOLTIP_FIELDS[kind])))
    return marks


def _crossing_cuts(mark: Mark, placed: Iterable[Mark]) -> set[int]:
    """Offsets inside `mark` where a placed mark starts or ends while crossing it."""
    cuts = set()
    for p in placed:
        if p.start < mark.start < p.end < mark.end:
            cuts.add(p.end)
        elif mark.start < p.start < mark.end < p.end:
            cuts.add(p.start)
    return cuts


def _cut(mark: Mark, placed: Sequence[Mark]) -> list[Mark]:
    cuts = _crossing_cuts(mark, placed)
    if not cuts:
        return [mark]
    bounds = [mark.start, *sorted(cuts), mark.end]
    return [piece for a, b in zip(bounds, bounds[1:])
            for piece in _cut(replace(mark, start=a, end=b), placed)]


def laminate(marks: Iterable[Mark]) -> list[Mark]:
    """Cut marks so that no two cross (each pair is disjoint or nested), cutting the mark of
    lower priority; empty marks are dropped.

    >>> [(m.kind, m.start, m.end, m.piece) for m in laminate(
    ...     [Mark(0, 10, "assignment", ""), Mark(5, 15, "citation", "")])]
    [('citation', 5, 15, 0), ('assignment', 0, 5, 0), ('assignment', 5, 10, 1)]
    """
    placed: list[Mark] = []
    for mark in sorted((m for m in marks if m.start < m.end),
                       key=lambda m: (_RANK[m.kind], m.start, m.end)):
        pieces = _cut(mark, placed)
        placed.extend(replace(p, piece=i) for i, p in enumerate(pieces))
    return placed


def _open_tag(mark: Mark) -> str:
    classes = " ".join(filter(None, (mark.kind, "outdated" if mark.outdated else "",
                                     "cont" if mark.piece else "")))
    cited = f' data-cited="{esc(mark.cited_id)}"' if mark.cited_id else ""
    return f'<mark class="{classes}" title="{esc(mark.tip)}"{cited}>'


def highlight(text: str, marks: Iterable[Mark]) -> str:
    """`text` as escaped HTML with the marks as nested ``<mark>`` elements.

    >>> highlight("a <b> c", [Mark(2, 5, "target", "x&y")])
    'a <mark class="target" title="x&amp;y">&lt;b&gt;</mark> c'
    """
    clipped = (replace(m, start=max(0, m.start), end=min(len(text), m.end)) for m in marks)
    ordered = sorted(laminate(clipped), key=lambda m: (m.start, -m.end, _RANK[m.kind]))
    out: list[str] = []
    stack: list[Mark] = []
    pos = 0

    def close_until(limit: int) -> None:
        nonlocal pos
        while stack and stack[-1].end <= limit:
            top = stack.pop()
            out.append(esc(text[pos:top.end]) + "</mark>")
            pos = top.end

    for mark in ordered:
        close_until(mark.start)
        out.append(esc(text[pos:mark.start]) + _open_tag(mark))
        pos = mark.start
        stack.append(mark)
    close_until(len(text))
    out.append(esc(text[pos:]))
    return "".join(out)


def _compatible(a: str, b: str) -> bool:
    """Two ISO dates at printed precision may name the same day ("2015" and "2015-07-14")."""
    return a.startswith(b) or b.startswith(a)


def date_conflicts(conflicts: pd.DataFrame) -> pd.DataFrame:
    """The date conflicts of the ``conflicts`` analysis table (:func:`kehoach.analysis.conflicts`)
    whose dates cannot be the same day: "2021" and "2021-11-26" do not conflict.

    >>> rows = pd.DataFrame({"cited_ref": ["33/CT-TTg"] * 3 + ["16/CT-TTg"] * 2,
    ...     "field": ["date"] * 5, "doc_ids": ["a", "b", "c; d", "a", "b"],
    ...     "value": ["2021", "2021-11-26", "2021-11-29", "2016", "2016-05-16"]})
    >>> date_conflicts(rows).to_dict("records")
    [{'cited_ref': '33/CT-TTg', 'dates': '2021 (a); 2021-11-26 (b); 2021-11-29 (c; d)'}]
    """
    rows = []
    dated = conflicts[conflicts["field"] == "date"]
    for ref, group in dated.groupby("cited_ref", sort=True):
        dates = list(group["value"])
        if any(not _compatible(a, b) for i, a in enumerate(dates) for b in dates[i + 1:]):
            rows.append({"cited_ref": ref, "dates": "; ".join(
                f"{d} ({docs})" for d, docs in zip(group["value"], group["doc_ids"]))})
    return pd.DataFrame(rows, columns=["cited_ref", "dates"])


def chart_items(most_cited: pd.DataFrame, top: int = 12) -> list[tuple[str, int]]:
    """(label, number of citing documents) of the ``most_cited`` analysis table's first rows.

    >>> chart_items(pd.DataFrame({"cited_ref": ["33/CT-TTg"], "cited_type": ["Chỉ thị"],
    ...                           "n_docs": [4]}))
    [('Chỉ thị 33/CT-TTg', 4)]
    """
    head = most_cited.head(top)
    return [(" ".join(filter(None, (t if pd.notna(t) else None, r))), int(n))
            for t, r, n in zip(head["cited_type"], head["cited_ref"], head["n_docs"])]


def cited_by_year(citations: pd.DataFrame) -> list[tuple[str, int]]:
    """(year, number of cited documents issued that year), counted once per citing document."""
    first = citations[(citations["mention_index"] == 0) & citations["cited_date"].notna()]
    years = first["cited_date"].str.slice(0, 4).value_counts().sort_index()
    return [(str(k), int(v)) for k, v in years.items()]


def bar_chart(items: Sequence[tuple[str, int]], title: str, label_width: int = 230) -> str:
    """A horizontal bar chart as inline SVG, one bar per (label, value).

    >>> bar_chart([("Chỉ thị 33/CT-TTg", 3)], "most cited").count("<rect")
    1
    """
    if not items:
        return f'<p class="empty">{esc(title)}: nothing to show.</p>'
    bar_h, width = 22, 640
    scale = (width - label_width - 40) / max(v for _, v in items)
    rows = []
    for i, (label, value) in enumerate(items):
        y = i * bar_h
        rows.append(
            f'<g><title>{esc(label)}: {value}</title>'
            f'<text x="{label_width - 6}" y="{y + 15}" text-anchor="end">{esc(label[:38])}</text>'
            f'<rect x="{label_width}" y="{y + 3}" width="{max(1.0, value * scale):.1f}" '
            f'height="{bar_h - 6}"/>'
            f'<text x="{label_width + value * scale + 4:.1f}" y="{y + 15}">{value}</text></g>')
    return (f'<figure><figcaption>{esc(title)}</figcaption><svg class="chart" role="img" '
            f'width="{width}" height="{len(items) * bar_h}" '
            f'viewBox="0 0 {width} {len(items) * bar_h}">{"".join(rows)}</svg></figure>')


def column_chart(items: Sequence[tuple[str, int]], title: str) -> str:
    """A vertical column chart as inline SVG (for counts per year).

    >>> column_chart([("2015", 2), ("2021", 5)], "by year").count("<rect")
    2
    """
    if not items:
        return f'<p class="empty">{esc(title)}: nothing to show.</p>'
    col_w, height, base, left = 24, 210, 170, 30  # `left`: room for the first slanted label
    scale = (base - 20) / max(v for _, v in items)
    cols = []
    for i, (label, value) in enumerate(items):
        x, h = left + i * col_w, value * scale
        cols.append(
            f'<g><title>{esc(label)}: {value}</title>'
            f'<rect x="{x + 3}" y="{base - h:.1f}" width="{col_w - 6}" height="{h:.1f}"/>'
            f'<text x="{x + col_w / 2}" y="{base - h - 3:.1f}" text-anchor="middle">{value}</text>'
            f'<text x="{x + col_w / 2}" y="{base + 12}" text-anchor="end" '
            f'transform="rotate(-60 {x + col_w / 2} {base + 12})">{esc(label)}</text></g>')
    width = max(left + col_w * len(items), 200)
    return (f'<figure><figcaption>{esc(title)}</figcaption><svg class="chart" role="img" '
            f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
            f'{"".join(cols)}</svg></figure>')


def outdated_notes(outdated: pd.DataFrame | None) -> dict[tuple[str, str], str]:
    """(doc_id, cited_ref) → why the citation is outdated, for the rows of the ``outdated``
    analysis table (:data:`kehoach.schema.ANALYSIS_TABLES`) whose cited document was replaced
    when the document was issued, or is now.

    >>> rows = pd.DataFrame({"doc_id": ["a", "a"], "cited_ref": ["16/CT-TTg", "33/CT-TTg"],
    ...     "status": ["replaced", "in force"], "replaced_by": ["33/CT-TTg", None],
    ...     "outdated_at_issue": [True, False], "outdated_now": [True, False]})
    >>> outdated_notes(rows)
    {('a', '16/CT-TTg'): 'replaced (at issue), by 33/CT-TTg'}
    """
    if outdated is None or outdated.empty:
        return {}
    at_issue = outdated["outdated_at_issue"].astype("boolean").fillna(False)
    now = outdated["outdated_now"].astype("boolean").fillna(False)
    notes = {}
    flagged = at_issue | now
    for row, issue in zip(outdated[flagged].itertuples(index=False), at_issue[flagged]):
        by = f", by {row.replaced_by}" if pd.notna(row.replaced_by) else ""
        when = "at issue" if issue else "now"
        notes[(row.doc_id, row.cited_ref)] = f"{row.status} ({when}){by}"
    return notes


def summary(frames: Mapping[str, pd.DataFrame],
            outdated: pd.DataFrame | None) -> list[tuple[str, str]]:
    """(label, value) pairs of the summary; the outdated share only when it is known."""
    cites = frames["citations"]
    distinct = len(cites.drop_duplicates(["doc_id", "cited_id"]))
    items = [("documents", str(len(frames["documents"]))),
             ("citation mentions", str(len(cites))),
             ("cited documents", str(distinct)),
             ("laws cited by name", str(len(frames["laws"]))),
             ("targets", str(len(frames["targets"]))),
             ("assignments", str(len(frames["assignments"]))),
             ("errors", str(len(frames["errors"])))]
    if outdated is not None:
        flagged, judged = len(outdated_notes(outdated)), len(outdated)
        share = f" ({flagged / judged:.0%})" if judged else ""
        items.append(("outdated cited documents", f"{flagged} of {judged}{share}"))
    return items


def frame_table(frame: pd.DataFrame, cls: str = "") -> str:
    """A DataFrame as an escaped HTML table."""
    head = "".join(f"<th>{esc(c)}</th>" for c in frame.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{'' if pd.isna(v) else esc(v)}</td>" for v in row) + "</tr>"
        for row in frame.itertuples(index=False))
    return f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _anchor(doc_id: str) -> str:
    return "doc-" + quote(doc_id, safe="")


def document_section(doc: Document, outdated: Mapping[tuple[str, str], str]) -> str:
    """One document: its identity and its highlighted text."""
    h = doc.header
    heading = " ".join(filter(None, (h.doc_type, h.ref))) or doc.doc_id
    meta = " · ".join(filter(None, (h.issuer, h.place, h.date.iso() if h.date else None,
                                    doc.path)))
    counts = (f"{len(doc.citations)} citation mentions, {len(doc.targets)} targets, "
              f"{len(doc.assignments)} assignments")
    return (f'<section class="doc" id="{esc(_anchor(doc.doc_id))}">'
            f'<h2>{esc(heading)} <small>{esc(doc.doc_id)}</small></h2>'
            f'<p class="title">{esc(h.title or "")}</p><p class="meta">{esc(meta)}</p>'
            f'<details open><summary>text ({esc(counts)})</summary>'
            f'<pre class="text">{highlight(doc.text, marks_of(doc, outdated))}</pre>'
            f'</details></section>')


def _documents_table(documents: pd.DataFrame) -> str:
    links = documents["doc_id"].map(lambda d: f'<a href="#{esc(_anchor(d))}">{esc(d)}</a>')
    rows = "".join(
        f"<tr><td>{link}</td>" + "".join(
            f"<td>{'' if pd.isna(v) else esc(v)}</td>" for v in values) + "</tr>"
        for link, values in zip(links, documents[["doc_type", "ref", "date", "title",
                                                   "citations"]].itertuples(index=False)))
    return ('<table class="docs"><thead><tr><th>document</th><th>type</th><th>ref</th>'
            f'<th>date</th><th>title</th><th>citations</th></tr></thead><tbody>{rows}'
            '</tbody></table>')


STYLE = """
body{font:14px/1.5 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:1em 2em;color:#222}
h1{margin-bottom:.2em} h2 small{color:#888;font-weight:normal;font-size:60%}
.cards{display:flex;flex-wrap:wrap;gap:.6em;padding:0;list-style:none}
.cards li{background:#f3f4f6;border-radius:6px;padding:.4em .9em}
.cards b{display:block;font-size:150%}
table{border-collapse:collapse;margin:.5em 0;font-size:90%}
td,th{border:1px solid #ddd;padding:2px 6px;text-align:left;vertical-align:top}
figure{display:inline-block;vertical-align:top;margin:0 2em 1em 0} figcaption{font-weight:bold}
svg.chart rect{fill:#4c78a8} svg.chart text{font-size:11px;fill:#333}
pre.text{white-space:pre-wrap;background:#fafafa;border:1px solid #eee;padding:1em;
 font:14px/1.7 system-ui,sans-serif}
mark{background:none;color:inherit;border-radius:2px;padding:0;cursor:help}
.citation{background:#cfe3ff} .law{background:#e5d4ff}
.target{background:#c9f2c9} .assignment{border-bottom:2px solid #f0a020}
.outdated{text-decoration:line-through wavy #d62728}
mark.focus{outline:2px solid #1f5fbf}
.legend label{margin-right:1em} .legend span{padding:0 .3em}
body.hide-citation mark.citation,body.hide-law mark.law,body.hide-target mark.target,
body.hide-assignment mark.assignment{background:none;border:none;text-decoration:none}
.empty{color:#888}
"""

# Toggles a kind of highlight; a click on a citation outlines every mention of the same cited
# document in that document.
SCRIPT = """
document.querySelectorAll('.legend input').forEach(function (box) {
  box.addEventListener('change', function () {
    document.body.classList.toggle('hide-' + box.value, !box.checked);
  });
});
document.addEventListener('click', function (event) {
  var mark = event.target.closest('mark[data-cited]');
  document.querySelectorAll('mark.focus').forEach(function (m) { m.classList.remove('focus'); });
  if (!mark) { return; }
  mark.closest('pre').querySelectorAll('mark[data-cited]').forEach(function (m) {
    if (m.dataset.cited === mark.dataset.cited) { m.classList.add('focus'); }
  });
});
"""

CSP = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
       "img-src data:")


def _legend() -> str:
    boxes = "".join(f'<label><input type="checkbox" value="{k}" checked> '
                    f'<span class="{k}">{k}</span></label>' for k in KINDS)
    return f'<p class="legend">{boxes}<span class="citation outdated">outdated</span></p>'


def build_report(documents: Sequence[Document], frames: Mapping[str, pd.DataFrame],
                 outdated: pd.DataFrame | None = None, title: str = "kehoach report") -> str:
    """The whole page for `documents` and their `frames` (as built by
    :func:`kehoach.extract.tables.frames`).

    `outdated` is the ``outdated`` analysis table (:meth:`kehoach.Corpus.outdated`); None
    when no analysis is available, and the summary then leaves the share out.
    """
    notes = outdated_notes(outdated)
    conflicts = date_conflicts(analysis.conflicts(frames["citations"]))
    cards = "".join(f"<li><b>{esc(v)}</b>{esc(k)}</li>"
                    for k, v in summary(frames, outdated))
    errors = frames["errors"]
    return "".join([
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<link rel="icon" href="data:,">',
        f"<title>{esc(title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{esc(title)}</h1><ul class=\"cards\">{cards}</ul>",
        "<h2>Charts</h2>",
        bar_chart(chart_items(analysis.most_cited(frames["citations"])),
                  "most cited documents (citing documents)"),
        column_chart(cited_by_year(frames["citations"]), "cited documents by year of issue"),
        "<h2>Conflicting dates</h2><p>The same reference cited with dates that cannot be the "
        "same day.</p>",
        frame_table(conflicts, "conflicts") if len(conflicts) else '<p class="empty">none</p>',
        f"<h2>Errors</h2>{frame_table(errors, 'errors')}" if len(errors) else "",
        f"<h2>Documents</h2>{_documents_table(frames['documents'])}{_legend()}",
        "".join(document_section(doc, notes) for doc in documents),
        f"<script>{SCRIPT}</script></body></html>",
    ])
