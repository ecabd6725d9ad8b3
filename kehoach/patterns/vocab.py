"""Vocabulary tables kept as data (TSV files in ``patterns/data``), loaded once on first use.

Each file starts with ``#`` comments, then a header row; every row names its source.
"""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources


def read_tsv(name: str) -> list[dict[str, str]]:
    """Rows of a data file as dicts (comments and blank lines skipped).

    >>> read_tsv("doc_types.tsv")[0]["name"]
    'Nghị quyết liên tịch'
    """
    text = resources.files("kehoach.patterns").joinpath("data", name).read_text("utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    return [dict(row) for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)]


@dataclass(frozen=True, slots=True)
class DocType:
    name: str
    abbrev: str
    family: str


@cache
def doc_types() -> tuple[DocType, ...]:
    """Document types, longest name first (so "Thông tư liên tịch" wins over "Thông tư")."""
    rows = [DocType(r["name"], r["abbrev"], r["family"]) for r in read_tsv("doc_types.tsv")]
    return tuple(sorted(rows, key=lambda t: -len(t.name)))


@cache
def type_names() -> tuple[str, ...]:
    """Distinct type words, longest first."""
    seen: dict[str, None] = {}
    for t in doc_types():
        seen.setdefault(t.name, None)
    return tuple(seen)


@cache
def type_by_abbrev() -> dict[tuple[str, str], str]:
    """(ABBREV upper-cased, family) → the type name it stands for in a symbol.

    Family is ``party`` for "114-KL/TW" forms and ``state`` for "33/CT-TTg" forms; a type marked
    ``both`` is listed under each. The first (most specific) name wins, so "CTr" → "Chương trình".
    """
    table: dict[tuple[str, str], str] = {}
    for t in sorted(doc_types(), key=lambda t: len(t.name)):
        if not t.abbrev:
            continue
        families = ("party", "state") if t.family == "both" else (t.family,)
        for fam in families:
            table.setdefault((t.abbrev.upper(), fam), t.name)
    return table


class _FoldTable(dict):
    """Code point → the character without its marks, filled on first sight, for ``str.translate``.

    Folding works character by character: the canonical decomposition of a text is that of each
    character, reordered only among combining marks, and those are all dropped.
    """

    def __missing__(self, code: int) -> str:
        char = chr(code)
        decomposed = unicodedata.normalize("NFD", "D" if char == "Đ" else "d" if char == "đ"
                                           else char)
        self[code] = folded = "".join(c for c in decomposed if not unicodedata.combining(c))
        return folded


_FOLD = _FoldTable()


def fold_diacritics(text: str) -> str:
    """The text without Vietnamese diacritics, as OCR or a lossy conversion leaves it.

    >>> fold_diacritics("Quyết định số Đ")
    'Quyet dinh so D'
    """
    return text.translate(_FOLD)


@cache
def canonical_type_names() -> dict[str, str]:
    """lower-cased type word, with or without diacritics → the type word in normal case
    ("QUYẾT ĐỊNH" → "Quyết định", "quyet dinh" → "Quyết định")."""
    names = {fold_diacritics(name).lower(): name for name in type_names()}
    names.update({name.lower(): name for name in type_names()})
    return names


@cache
def symbol_case() -> dict[str, str]:
    """Upper-cased symbol part → official casing ("TTG" → "TTg")."""
    return {r["upper"]: r["official"] for r in read_tsv("symbol_case.tsv")}


@cache
def issuer_names() -> dict[str, str]:
    """lower-cased issuer name → canonical spelling ("bộ chính trị" → "Bộ Chính trị")."""
    return {r["name"].lower(): r["name"] for r in read_tsv("issuers.tsv")}


@cache
def issuer_codes() -> frozenset[str]:
    """Codes that name an issuer at the end of a symbol (TW, CP, TTg, UBND, BNV …), upper-cased."""
    codes = {r["code"].upper() for r in read_tsv("issuers.tsv") if r["code"]}
    codes |= {"TW", "TU", "HU", "QU", "TVTU", "ĐU", "UBND", "HĐND", "BCĐ", "QH", "UBTVQH", "VPCP",
              "BCSĐ", "MTTQ", "LĐLĐ", "TLĐ", "VP", "BTV", "BTC", "BDV", "BTG", "BTGDV", "BTCTW",
              "BDVTW", "BDVTU", "BDVHU", "UBKT", "UBKTTW", "VPTW", "ĐUK", "TM", "TTr", "SNV", "SYT"}
    return frozenset(c.upper() for c in codes)


@dataclass(frozen=True, slots=True)
class IssuerHead:
    head: str
    role: str
    abbrev: str
    written: str = ""  # a proper name's head as running text writes it


@cache
def issuer_heads() -> tuple[IssuerHead, ...]:
    """Words that begin an issuing body's name, longest first."""
    rows = [IssuerHead(r["head"], r["role"], r["abbrev"], r["written"])
            for r in read_tsv("issuer_heads.tsv")]
    return tuple(sorted(rows, key=lambda h: -len(h.head)))


@dataclass(frozen=True, slots=True)
class Law:
    name: str
    number: str
    year: str


@cache
def laws() -> tuple[Law, ...]:
    """Known law names (Luật, Bộ luật), longest first; empty when the table is absent."""
    try:
        rows = read_tsv("laws.tsv")
    except FileNotFoundError:
        return ()
    out = [Law(r["name"].strip(), r.get("number", "").strip(), r.get("year", "").strip())
           for r in rows if r.get("name")]
    return tuple(sorted(out, key=lambda law: -len(law.name)))
