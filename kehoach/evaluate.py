"""Scoring an extraction against hand-checked answers (the seeds' gold, the dev sample).

Gold files use the conventions of ``corpus/gold``: one row per distinct cited document per
document, ``cited_symbol`` holding the full "số, ký hiệu" (our ``cited_ref``), dates ISO at the
printed precision. The document column is ``doc`` (seeds) or ``file`` (dev sample).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

HEADER_FIELDS = ("doc_type", "number", "symbol", "place", "date", "title", "issuer", "signer",
                 "signer_title")


@dataclass(frozen=True, slots=True)
class Score:
    """Precision, recall and F1 over matched items, plus per-field accuracy on the matches."""

    tp: int
    fp: int
    fn: int
    fields: dict[str, float]

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def summary(self) -> str:
        fields = ", ".join(f"{k} {v:.3f}" for k, v in self.fields.items())
        return (f"P {self.precision:.3f} R {self.recall:.3f} F1 {self.f1:.3f} "
                f"(tp {self.tp}, fp {self.fp}, fn {self.fn}); {fields}")


def _doc_col(gold: pd.DataFrame) -> str:
    return "doc" if "doc" in gold.columns else "file"


def _clean(series: pd.Series) -> pd.Series:
    return series.astype("string").fillna("").str.strip()


def ref_key(ref: str) -> str:
    """Matching key of a reference: leading zeros and case do not matter.

    >>> ref_key("04/2015/NĐ-CP") == ref_key("4/2015/nđ-cp")
    True
    """
    ref = ref.strip()
    number = ref.split("/", 1)[0].split("-", 1)[0]
    return (number.lstrip("0") or "0") + ref[len(number):].upper()


def score_citations(citations: pd.DataFrame, gold: pd.DataFrame,
                    docs: set[str] | None = None) -> tuple[Score, pd.DataFrame]:
    """Score the distinct numbered citations of each document against the gold rows.

    Returns the score and the merged frame (``_merge`` says both / left_only = false positive /
    right_only = missed) for reading the failures.
    """
    dc = _doc_col(gold)
    gold = gold.rename(columns={dc: "doc_id", "cited_symbol": "cited_ref"})
    if docs is None:
        docs = set(gold["doc_id"])
    pred = citations[citations["cited_ref"].notna() & citations["doc_id"].isin(docs)]
    pred = pred.sort_values(["doc_id", "start"]).copy()
    pred["key"] = pred["cited_ref"].map(ref_key)
    pred = pred.drop_duplicates(["doc_id", "key"])
    gold = gold[gold["doc_id"].isin(docs)].copy()
    gold["key"] = _clean(gold["cited_ref"]).map(ref_key)
    merged = pred.merge(gold, on=["doc_id", "key"], how="outer", indicator=True,
                        suffixes=("", "_gold"))
    both = merged[merged["_merge"] == "both"]
    fields = {}
    for f in ("cited_type", "cited_date", "cited_issuer"):
        if len(both) and f + "_gold" in both:
            fields[f] = float((_clean(both[f]) == _clean(both[f + "_gold"])).mean())
    tp = len(both)
    fp = int((merged["_merge"] == "left_only").sum())
    fn = int((merged["_merge"] == "right_only").sum())
    return Score(tp, fp, fn, fields), merged


def score_laws(laws: pd.DataFrame, gold: pd.DataFrame,
               docs: set[str] | None = None) -> tuple[Score, pd.DataFrame]:
    """Score the distinct laws cited by name (case-insensitive names)."""
    dc = _doc_col(gold)
    gold = gold.rename(columns={dc: "doc_id"})
    if docs is None:
        docs = set(gold["doc_id"])
    pred = laws[laws["doc_id"].isin(docs)].copy()
    pred["key"] = _clean(pred["law_name"]).str.lower()
    pred = pred.drop_duplicates(["doc_id", "key"])
    gold = gold[gold["doc_id"].isin(docs)].copy()
    gold["key"] = _clean(gold["law_name"]).str.lower()
    merged = pred.merge(gold, on=["doc_id", "key"], how="outer", indicator=True,
                        suffixes=("", "_gold"))
    both = merged[merged["_merge"] == "both"]
    fields = {}
    if len(both):
        got = _clean(both["year"].astype("string"))
        want = _clean(both["year_gold"].astype("string")).str.replace(r"\.0$", "", regex=True)
        fields["year"] = float((got == want).mean())
    return Score(len(both), int((merged["_merge"] == "left_only").sum()),
                 int((merged["_merge"] == "right_only").sum()), fields), merged


def score_headers(documents: pd.DataFrame, gold: pd.DataFrame) -> dict[str, float]:
    """Share of documents whose header field equals the gold value, field by field."""
    dc = _doc_col(gold)
    merged = documents.merge(gold.rename(columns={dc: "doc_id"}), on="doc_id",
                             suffixes=("", "_gold"))
    return {f: float((_clean(merged[f]) == _clean(merged[f + "_gold"])).mean())
            for f in HEADER_FIELDS if f + "_gold" in merged}
