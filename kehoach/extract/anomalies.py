"""Stage 7 — anomalies: what a reader should check in a document's citations.

Rows, not exceptions: the text says what it says (seed 002 dates 217-QĐ/TW to 08/4/2015), and
the anomaly table points at it.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..models import Anomaly, Citation, PartialDate


def _after(cited: PartialDate, citing: PartialDate) -> bool:
    """Surely later: even the earliest day `cited` may mean is after the latest of `citing`."""
    return cited.sort_key() > citing.latest_key()


def find_anomalies(found: Sequence[Citation], signed: PartialDate | None) -> tuple[Anomaly, ...]:
    """Anomalies among the citations of a document signed on `signed`.

    >>> from kehoach.extract.citations import find_citations
    >>> cites = find_citations("Nghị định số 59/2023/NĐ-CP ngày 14/8/2024 của Chính phủ")
    >>> [(a.kind, a.detail) for a in find_anomalies(cites, PartialDate(2024, 3))]
    [('cited_after_citing', 'cited 2024-08-14, document dated 2024-03'), ('symbol_year_mismatch', 'symbol year 2023, dated 2024-08-14')]
    """
    out: list[Anomaly] = []
    dates: dict[str, PartialDate] = {}
    for c in found:
        if c.cited_ref is None or c.mention_date is None:
            continue
        date = c.mention_date
        first = dates.setdefault(c.cited_id, date)
        if first != date:
            out.append(Anomaly("conflicting_dates", c.cited_ref,
                               f"printed {first.iso()} and {date.iso()}", c.start))
            continue
        if c.mention_index != 0 and first == date:
            continue
        if signed is not None and _after(date, signed):
            out.append(Anomaly("cited_after_citing", c.cited_ref,
                               f"cited {date.iso()}, document dated {signed.iso()}", c.start))
        year = c.cited_symbol[:4] if c.cited_symbol and c.cited_symbol[:4].isdigit() else None
        if year and int(year) != date.year:
            out.append(Anomaly("symbol_year_mismatch", c.cited_ref,
                               f"symbol year {year}, dated {date.iso()}", c.start))
    return tuple(out)
