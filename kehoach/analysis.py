"""Stage — analysis: across the documents of a corpus, which cite outdated documents, where plans
disagree about a cited document, who cites whom, which years a plan's purpose still speaks of,
and which localities the text says were renamed.

Validity is judged per distinct cited document per citing document, against the registry
(:mod:`kehoach.registry`) and the relations the corpus's own documents state
(:mod:`kehoach.extract.relations`), at two dates: the citing document's date and a chosen day
(default today). A judgement is true or false only when the dates settle it: a document without
a date, a date known to the month only that straddles the end date, or a cited document whose
status no source confirms, give an empty value rather than a guess.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

import pandas as pd
import regex

from .models import Document, PartialDate
from .patterns.analysis import (
    locality_pattern, plan_year_pattern, purpose_end_pattern, purpose_pattern,
    year_mention_pattern,
)
from .patterns.citations import type_before_pattern
from .patterns.vocab import read_tsv
from .registry import ENDED, Entry, is_local, issuer_key, same_document, symbol_year
from .schema import to_frame

# What a validity relation stated in the corpus does to its target.
RELATION_STATUS = {"replaces": "replaced", "repeals": "repealed", "expires": "expired",
                   "amends": "amended"}
# A law a law-vocabulary note says the row's law replaced: "replaced 03/2011/QH13".
REPLACED_IN_NOTE = regex.compile(r"(?<!\S)replaced (?!by )([0-9]+/[0-9]{4}/QH[0-9]+)")
# Which basis wins when several describe the cited document: the user's registry, the shipped
# one, then the corpus's own statements; any of them before an "unknown".
ORIGIN_RANK = {"registry": 1, "corpus": 2}


@dataclass(frozen=True, slots=True)
class Judgement:
    """The status of one cited document and whether it was outdated at two dates."""

    status: str
    replaced_by: str | None
    valid_until: PartialDate | None
    at_issue: bool | None
    now: bool | None
    basis: str | None


def _date(value: object) -> PartialDate | None:
    if value is None or pd.isna(value) or not str(value):
        return None
    return PartialDate.from_iso(str(value))


def _str(value: object) -> str | None:
    return None if value is None or pd.isna(value) else str(value)


def outdated_on(entry: Entry, day: PartialDate | None) -> bool | None:
    """Whether the document `entry` describes was no longer in force on `day`; None when the
    status or the dates do not settle it.

    >>> e = Entry("04/2015/NĐ-CP", None, None, None, "replaced", None, None,
    ...           PartialDate(2023, 7, 1), False, "test")
    >>> [outdated_on(e, d) for d in (PartialDate(2023, 5, 9), PartialDate(2024), None,
    ...                              PartialDate(2023))]
    [False, True, None, None]
    """
    if entry.status == "unknown":
        return None
    if entry.status not in ENDED or entry.partial:
        return False
    if day is None or entry.valid_until is None:
        return None
    if day.sort_key() >= entry.valid_until.latest_key():
        return True
    if day.latest_key() < entry.valid_until.sort_key():
        return False
    return None


def relation_entries(relations: pd.DataFrame, documents: pd.DataFrame) -> tuple[Entry, ...]:
    """The corpus's own validity statements as registry entries, their source the stating
    document and the offsets of the statement."""
    acting = documents.set_index("doc_id")
    entries = []
    for r in relations[relations["relation"].isin(list(RELATION_STATUS))].itertuples():
        doc = acting.loc[r.doc_id] if r.doc_id in acting.index else None
        by = _str(doc["ref"]) if doc is not None else None
        path = _str(doc["path"]) if doc is not None else None
        partial = bool(r.partial) or r.relation == "amends"
        entries.append(Entry(
            ref=r.target_ref, doc_type=None, issued=_date(r.target_date),
            issuer=_str(r.target_issuer),
            status="amended" if partial else RELATION_STATUS[r.relation],
            replaced_by=by or r.doc_id, valid_from=None,
            valid_until=None if partial else _date(r.effective_date),
            partial=partial,
            source=f"{path or r.doc_id} [{r.start}:{r.end}] “{r.evidence[:160]}”",
            origin="corpus"))
    return tuple(entries)


def _rank(entry: Entry, user_origins: frozenset[str]) -> tuple[int, int, int, tuple]:
    origin = 0 if entry.origin in user_origins else ORIGIN_RANK.get(entry.origin, 2)
    until = entry.valid_until.sort_key() if entry.valid_until else (9999, 12, 31)
    return (entry.status == "unknown", origin, entry.partial, until)


def judge(cited_ref: str, cited_date: PartialDate | None, cited_issuer: str | None,
          doc_date: PartialDate | None, as_of: PartialDate, entries: Iterable[Entry],
          user_origins: frozenset[str] = frozenset()) -> Judgement:
    """The judgement of one cited document from the best matching entry."""
    year = cited_date.year if cited_date else symbol_year(cited_ref)
    matches = [e for e in entries
               if same_document(e.ref, e.issued.year if e.issued else symbol_year(e.ref),
                                e.issuer, cited_ref, year, cited_issuer)]
    if not matches:
        return Judgement("unknown", None, None, None, None, None)
    best = min(matches, key=lambda e: _rank(e, user_origins))
    origin = "corpus" if best.origin == "corpus" else (
        f"registry {best.origin}" if best.origin in user_origins else "registry")
    return Judgement(best.status, best.replaced_by, best.valid_until,
                     outdated_on(best, doc_date), outdated_on(best, as_of),
                     f"{origin}: {best.source}")


def today() -> PartialDate:
    d = dt.date.today()
    return PartialDate(d.year, d.month, d.day)


@cache
def _law_rows() -> dict[str, dict[str, str]]:
    return {r["name"].casefold(): r for r in read_tsv("laws.tsv")}


def named_law_ref(name: str | None, year: int | None) -> str | None:
    """The number of a law cited by name and year ("Luật Tố cáo năm 2011"), from the law
    vocabulary: the row's own number when the year agrees, or the law it says it replaced in
    that year; None without a year (the name alone does not say which law of that name).

    >>> named_law_ref("Luật Tố cáo", 2018), named_law_ref("Luật Tố cáo", 2011)
    ('25/2018/QH14', '03/2011/QH13')
    >>> named_law_ref("Luật Tố cáo", None) is None
    True
    """
    row = _law_rows().get((name or "").casefold())
    if row is None or year is None:
        return None
    if row.get("year") == str(year) and row.get("number"):
        return row["number"]
    for ref in REPLACED_IN_NOTE.findall(row.get("status_note") or ""):
        if symbol_year(ref) == year:
            return ref
    return None


def outdated(citations: pd.DataFrame, documents: pd.DataFrame, relations: pd.DataFrame,
             entries: Iterable[Entry], as_of: PartialDate | None = None) -> pd.DataFrame:
    """The ``outdated`` table: one row per distinct cited document (with a reference) per
    citing document."""
    as_of = as_of or today()
    entries = tuple(entries) + relation_entries(relations, documents)
    users = frozenset(e.origin for e in entries if e.origin not in ("registry", "corpus"))
    dates = dict(zip(documents["doc_id"], documents["date"]))
    rows = []
    for c in citations[citations["mention_index"] == 0].itertuples():
        doc_date, cited_date = _date(dates.get(c.doc_id)), _date(c.cited_date)
        ref = _str(c.cited_ref) or named_law_ref(_str(c.cited_name),
                                                 cited_date.year if cited_date else None)
        if ref is None:
            continue
        j = judge(ref, cited_date, _str(c.cited_issuer), doc_date, as_of, entries, users)
        rows.append({
            "doc_id": c.doc_id, "doc_date": doc_date.iso() if doc_date else None,
            "cited_ref": ref, "cited_type": _str(c.cited_type),
            "cited_date": _str(c.cited_date), "cited_issuer": _str(c.cited_issuer),
            "status": j.status, "replaced_by": j.replaced_by,
            "valid_until": j.valid_until.iso() if j.valid_until else None,
            "outdated_at_issue": j.at_issue, "outdated_now": j.now, "basis": j.basis,
        })
    return to_frame("outdated", rows)


def cited_key(ref: str, issuer: object) -> str:
    """What identifies a cited document across plans: its reference, and its issuer when the
    reference recurs in every locality.

    >>> cited_key("859/KH-UBND", "UBND tỉnh Tây Ninh"), cited_key("04/2015/NĐ-CP", None)
    ('859/KH-UBND @ ubnd tỉnh tây ninh', '4/2015/NĐ-CP')
    """
    # The citations stage writes symbols in official casing, so only the number's leading
    # zeros vary ("04/2015/NĐ-CP" and "4/2015/NĐ-CP").
    key = ref.strip().lstrip("0") or ref.strip()
    return f"{key} @ {issuer_key(_str(issuer)) or '?'}" if is_local(ref) else key


def _first_mentions(citations: pd.DataFrame) -> pd.DataFrame:
    first = citations[(citations["mention_index"] == 0) & citations["cited_ref"].notna()].copy()
    first["key"] = [cited_key(r, i) for r, i in zip(first["cited_ref"], first["cited_issuer"])]
    return first


def conflicts(citations: pd.DataFrame) -> pd.DataFrame:
    """The ``conflicts`` table: a cited document given different dates or types by different
    citing documents, one row per value given."""
    first = _first_mentions(citations)
    rows = []
    for field, column in (("date", "cited_date"), ("type", "cited_type")):
        given = first[first[column].notna()]
        for _, group in given.groupby("key", sort=True):
            if group[column].nunique() < 2:
                continue
            for value, docs in group.groupby(column, sort=True):
                rows.append({"cited_ref": group["cited_ref"].iloc[0], "field": field,
                             "value": value, "doc_ids": "; ".join(sorted(set(docs["doc_id"]))),
                             "n_docs": docs["doc_id"].nunique()})
    return to_frame("conflicts", rows)


def most_cited(citations: pd.DataFrame) -> pd.DataFrame:
    """The ``most_cited`` table: cited documents by the number of documents citing them."""
    first = _first_mentions(citations)
    mentions = citations[citations["cited_ref"].notna()].copy()
    mentions["key"] = [cited_key(r, i)
                       for r, i in zip(mentions["cited_ref"], mentions["cited_issuer"])]
    counts = mentions.groupby("key").size()
    rows = [{"cited_ref": g["cited_ref"].iloc[0],
             "cited_type": g["cited_type"].mode().iloc[0] if g["cited_type"].notna().any()
             else None,
             "n_docs": g["doc_id"].nunique(), "mentions": int(counts[key])}
            for key, g in first.groupby("key")]
    rows.sort(key=lambda r: (-r["n_docs"], -r["mentions"], r["cited_ref"]))
    return to_frame("most_cited", rows)


def graph_edges(citations: pd.DataFrame, documents: pd.DataFrame,
                relations: pd.DataFrame) -> pd.DataFrame:
    """The ``graph_edges`` table: document → cited document ("cites"), and one edge per relation
    the document states ("implements" for a parent plan, "replaces", "repeals", …). A cited
    document that is itself in the corpus is named by its ``doc_id``, otherwise by its key."""
    own = {cited_key(r, i): d for d, r, i in
           zip(documents["doc_id"], documents["ref"], documents["issuer"]) if pd.notna(r)}
    first = _first_mentions(citations)
    rows = [{"source": c.doc_id, "target": own.get(c.key, c.key), "kind": "cites",
             "cited_ref": c.cited_ref, "cited_date": _str(c.cited_date)}
            for c in first.itertuples()]
    for r in relations.itertuples():
        key = cited_key(r.target_ref, r.target_issuer)
        rows.append({"source": r.doc_id, "target": own.get(key, key), "kind": r.relation,
                     "cited_ref": r.target_ref, "cited_date": _str(r.target_date)})
    return to_frame("graph_edges", rows)


def to_graph(edges: pd.DataFrame):
    """A networkx DiGraph of the edges; parallel kinds are kept in the edge's ``kinds`` set."""
    import networkx as nx

    graph = nx.DiGraph()
    for e in edges.itertuples():
        if graph.has_edge(e.source, e.target):
            graph[e.source][e.target]["kinds"].add(e.kind)
        else:
            graph.add_edge(e.source, e.target, kinds={e.kind}, cited_ref=e.cited_ref,
                           cited_date=_str(e.cited_date))
    return graph


def plan_year(doc: Document) -> int | None:
    """The year a plan is for: the last "năm YYYY" of its title, else its date's year."""
    title = doc.header.title or ""
    years = [int(m.group("year")) for m in plan_year_pattern().finditer(title)]
    if years:
        return years[-1]
    return doc.header.date.year if doc.header.date else None


def purpose_span(text: str, start: int = 0, end: int | None = None) -> tuple[int, int] | None:
    """Where the purpose section (Mục đích) lies, up to the heading after it."""
    end = len(text) if end is None else end
    head = purpose_pattern().search(text, start, end)
    if head is None:
        return None
    stop = purpose_end_pattern().search(text, head.end(), end)
    return head.end(), stop.start() if stop else min(end, head.end() + 3000)


def _sentence(text: str, pos: int, lo: int, hi: int) -> tuple[int, int]:
    left = max(text.rfind(".", lo, pos), text.rfind("\n", lo, pos)) + 1
    right = min(i for i in (text.find(".", pos, hi), text.find("\n", pos, hi), hi) if i >= 0)
    return max(lo, left), right


def stale_years(doc: Document) -> Iterator[dict[str, object]]:
    """Rows of ``stale_years``: a plan's purpose speaking of a year before the year it is for
    (a plan for 2024 whose "Mục đích" says "năm 2023"). A year that ends a document's or a
    law's name ("Luật … năm 2022") is not a period and is not reported."""
    if doc.header.doc_type != "Kế hoạch":
        return
    year = plan_year(doc)
    span = purpose_span(doc.text, doc.body_start, doc.body_end or None)
    if year is None or span is None:
        return
    for m in year_mention_pattern().finditer(doc.text, *span):
        mentioned = int(m.group("year"))
        if mentioned >= year or _names_a_document(doc.text, m.start(), span[0]):
            continue
        lo, hi = _sentence(doc.text, m.start(), *span)
        yield {"doc_id": doc.doc_id, "plan_year": year, "mentioned_year": mentioned,
               "section": "Mục đích", "start": m.start(), "end": m.end(),
               "sentence": doc.text[lo:hi].strip()}


def _names_a_document(text: str, pos: int, floor: int) -> bool:
    """Whether "năm YYYY" at `pos` closes a document's name: a type word (Luật, Nghị quyết …)
    within the few words before it."""
    window = text[max(floor, pos - 60):pos]
    return any(type_before_pattern().search(window[:i + 1]) for i, ch in enumerate(window)
               if ch == " ")


def localities(doc: Document) -> Iterator[dict[str, object]]:
    """Rows of ``localities``: a former locality and what the text says it is now."""
    for m in locality_pattern().finditer(doc.text, doc.body_start, doc.body_end or None):
        yield {"doc_id": doc.doc_id, "former": m.group("former"), "current": m.group("current"),
               "start": m.start(), "end": m.end(), "evidence": m.group()}


def document_tables(docs: Iterable[Document]) -> dict[str, pd.DataFrame]:
    """The tables read from the documents' text: ``stale_years`` and ``localities``."""
    stale, places = [], []
    for doc in docs:
        stale.extend(stale_years(doc))
        places.extend(localities(doc))
    return {"stale_years": to_frame("stale_years", stale),
            "localities": to_frame("localities", places)}


def as_partial_date(value: object) -> PartialDate:
    """A day given as ISO text, a date or a PartialDate.

    >>> as_partial_date("2024-03-29"), as_partial_date(dt.date(2025, 1, 2)).iso()
    (PartialDate(year=2024, month=3, day=29), '2025-01-02')
    """
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, dt.date):
        return PartialDate(value.year, value.month, value.day)
    try:
        return PartialDate.from_iso(str(value))
    except (TypeError, ValueError) as exc:
        raise ValueError(f"not a date (YYYY-MM-DD): {value!r}") from exc


def print_outdated(frame: pd.DataFrame, limit: int = 40) -> None:
    """Print the cited documents whose status is known, outdated ones first (rich table)."""
    from rich.console import Console
    from rich.table import Table

    def mark(value: object) -> str:
        return "" if pd.isna(value) else ("yes" if value else "no")

    known = frame[frame["status"] != "unknown"].sort_values(
        ["outdated_at_issue", "outdated_now", "doc_id"], ascending=[False, False, True],
        na_position="last")
    table = Table(title=f"{len(known)} of {len(frame)} cited documents with a known status")
    for column in ("document", "date", "cites", "status", "until", "when cited", "now",
                   "replaced by"):
        table.add_column(column)
    for r in known.head(limit).itertuples():
        table.add_row(r.doc_id, _str(r.doc_date) or "", r.cited_ref, r.status,
                      _str(r.valid_until) or "", mark(r.outdated_at_issue),
                      mark(r.outdated_now), _str(r.replaced_by) or "")
    # A pipe gets a wide table rather than rich's 80 columns of truncated references.
    Console(width=None if sys.stdout.isatty() else 160).print(table)
