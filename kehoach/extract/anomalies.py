"""Stage 7 — anomalies: what a reader should check in a document's citations.

Rows, not exceptions: the text says what it says (seed 002 dates 217-QĐ/TW to 08/4/2015), and
the anomaly table points at it.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..models import Anomaly, Citation, PartialDate


def find_anomalies(found: Sequence[Citation], signed: PartialDate | None) -> tuple[Anomaly, ...]:
    """Anomalies among the citations of a document signed on `signed`.

    >>> from kehoach.extract.citations import find_citations
    >>> cites = find_citations("Nghị định số 59/2023/NĐ-CP ngày 14/8/2024 của Chính phủ")
    >>> [(a.kind, a.detail) for a in find_anomalies(cites, PartialDate(2024, 3))]
    [('cited_after_citing', 'cited 2024-08-14, document dated 2024-03'), ('symbol_year_mismatch', 'symbol year 2023, dated 2024-08-14')]
    """
    out: list[Anomaly] = []
    dates: dict[str, PartialDate] = {}
    # A cited date is surely later when even the earliest day it may mean is after the latest
    # day the document's date may mean.
    latest = signed.latest_key() if signed is not None else None
    for c in found:
        date = c.mention_date
        if date is None or c.cited_ref is None:
            continue
        first = dates.setdefault(c.cited_id, date)
        if first != date:
            out.append(Anomaly("conflicting_dates", c.cited_ref,
                               f"printed {first.iso()} and {date.iso()}", c.start))
            continue
        if c.mention_index != 0:
            continue  # the same date as the first mention's, read there
        if latest is not None and date.sort_key() > latest:
            out.append(Anomaly("cited_after_citing", c.cited_ref,
                               f"cited {date.iso()}, document dated {signed.iso()}", c.start))
        symbol = c.cited_symbol
        if symbol and symbol[:4].isdigit() and int(symbol[:4]) != date.year:
            out.append(Anomaly("symbol_year_mismatch", c.cited_ref,
                               f"symbol year {symbol[:4]}, dated {date.iso()}", c.start))
    return tuple(out)
