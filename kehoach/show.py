"""A readable terminal view of one document's extraction (``kehoach show FILE``).

The view is built from the same frames as every export (:func:`kehoach.extract.tables.frames`),
so it shows what the tables hold. Only what exists is shown: a plan without targets gets no
empty targets table. Rich draws colours on a terminal and plain text when piped.

>>> import kehoach
>>> doc = kehoach.extract_text("Thực hiện Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng "
...                            "Chính phủ.")
>>> print(render_text(doc, width=80))
text
source  text
1 citation mention of 1 cited document · 0 laws · 0 targets · 0 assignments
Cited documents
┏━━━━━━━━━┳━━━━━━━━━━━┳━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━┓
┃ type    ┃ ref       ┃ date       ┃ issuer              ┃ mentions ┃
┡━━━━━━━━━╇━━━━━━━━━━━╇━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━┩
│ Chỉ thị │ 33/CT-TTg │ 2021-11-26 │ Thủ tướng Chính phủ │        1 │
└─────────┴───────────┴────────────┴─────────────────────┴──────────┘
"""

from __future__ import annotations

import io

import pandas as pd
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from .extract import tables
from .models import Document

# The header fields shown, in reading order: (column of documents, label).
HEADER_FIELDS = (
    ("doc_type", "type"), ("ref", "số, ký hiệu"), ("place", "place"), ("date", "date"),
    ("title", "title"), ("issuer", "issuer"), ("signer", "signer"),
    ("signer_title", "signer title"), ("signing_authority", "signing authority"),
    ("recipients", "recipients"), ("source_kind", "source"), ("pages", "pages"),
    ("ocr_confidence", "OCR confidence"),
)

# Each table shown: (title, [(column, heading)]). Refs and dates never wrap: a ref broken over
# two lines reads as two refs.
VIEWS: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {
    "citations": ("Cited documents", (
        ("cited_type", "type"), ("cited_ref", "ref"), ("cited_date", "date"),
        ("cited_issuer", "issuer"), ("section", "section"), ("mentions", "mentions"))),
    "laws": ("Laws cited by name", (
        ("law_name", "law"), ("year", "year"), ("cited_ref", "ref"), ("mentions", "mentions"))),
    "targets": ("Targets (chỉ tiêu)", (
        ("value", "value"), ("unit", "unit"), ("comparator", "comparator"),
        ("subject", "subject"), ("period", "period"), ("section", "section"))),
    "assignments": ("Assignments (phân công)", (
        ("unit", "unit"), ("role", "role"), ("task", "task"), ("deadline", "deadline"),
        ("section", "section"))),
}
NO_WRAP = {"cited_ref", "cited_date", "ref", "date", "year", "deadline", "value", "mentions"}


def distinct_cited(citations: pd.DataFrame) -> pd.DataFrame:
    """One row per cited document (laws cited by name excluded: they have their own table),
    its first mention, with the number of mentions."""
    mentions = citations.groupby("cited_id").size().rename("mentions").astype("Int64")
    first = citations[(citations["mention_index"] == 0) & citations["cited_name"].isna()]
    return first.join(mentions, on="cited_id")


def _cell(value: object) -> Text:
    # Text, not str: rich would read "[…]" in a document's words as markup.
    return Text("" if pd.isna(value) else str(value))


def header_view(document: pd.Series) -> RenderableType:
    """The document's identity as a two-column grid of the fields that were found."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    for column, label in HEADER_FIELDS:
        if not pd.isna(document[column]):
            grid.add_row(label, _cell(document[column]))
    if not grid.rows:
        return Text("(no header fields found)", style="dim")
    return grid


def table_view(title: str, frame: pd.DataFrame,
               columns: tuple[tuple[str, str], ...]) -> Table:
    """A titled table of the chosen columns that hold any value, one row per row of `frame`."""
    columns = tuple((column, heading) for column, heading in columns
                    if frame[column].notna().any())
    table = Table(title=title, title_style="bold", title_justify="left")
    for column, heading in columns:
        numeric = pd.api.types.is_integer_dtype(frame[column].dtype)
        table.add_column(heading, no_wrap=column in NO_WRAP,
                         justify="right" if numeric else "left")
    for row in frame[[column for column, _ in columns]].itertuples(index=False):
        table.add_row(*map(_cell, row))
    return table


def summary(frames: dict[str, pd.DataFrame]) -> str:
    """One line of counts.

    >>> summary({"citations": pd.DataFrame({"cited_id": ["a", "a", "b"]}),
    ...          "laws": pd.DataFrame(), "targets": pd.DataFrame(),
    ...          "assignments": pd.DataFrame()})
    '3 citation mentions of 2 cited documents · 0 laws · 0 targets · 0 assignments'
    """
    cites = frames["citations"]
    return " · ".join([
        f"{_count(len(cites), 'citation mention')} of "
        f"{_count(cites['cited_id'].nunique(), 'cited document')}",
        _count(len(frames["laws"]), "law"), _count(len(frames["targets"]), "target"),
        _count(len(frames["assignments"]), "assignment")])


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def view(doc: Document) -> RenderableType:
    """Everything shown for one document, as one rich renderable."""
    frames = tables.frames([doc])
    shown = {**frames, "citations": distinct_cited(frames["citations"])}
    parts: list[RenderableType] = [
        Text(doc.path or doc.doc_id, style="bold underline"),
        header_view(frames["documents"].iloc[0]),
        Text(summary(frames), style="dim"),
    ]
    parts += [table_view(title, shown[name], columns)
              for name, (title, columns) in VIEWS.items() if len(shown[name])]
    return Group(*parts)


def show(doc: Document, console: Console | None = None) -> None:
    """Print the view of `doc` (to stdout unless a console is given)."""
    (console or Console()).print(view(doc))


def render_text(doc: Document, width: int = 100) -> str:
    """The view as plain text, `width` columns wide (what a pipe receives), without the
    spaces that pad its lines."""
    out = io.StringIO()
    show(doc, Console(file=out, width=width, color_system=None, force_terminal=False))
    return "\n".join(line.rstrip() for line in out.getvalue().splitlines())
