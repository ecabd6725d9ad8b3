"""The validity registry: which documents were replaced, repealed, amended or ended, from when,
and on whose word (every row names its source).

The shipped registry is ``kehoach/patterns/data/registry.csv``; a user's file with the same
columns is read on top of it and wins. Rows are checked when read: a malformed row is a
:class:`RegistryError` naming the file and line, never a silent skip.

Identity: a reference whose symbol carries its year ("04/2015/NĐ-CP") names one document; one
without a year ("16/CT-TTg") is reused every year, so the year of issue must agree too; a local
document ("21/2018/QĐ-UBND") is reused by every province and district, so its issuer must agree
as well (:func:`same_document`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import regex

from .evaluate import ref_key
from .models import PartialDate

COLUMNS = ("ref", "doc_type", "issued", "issuer", "status", "replaced_by", "valid_from",
           "valid_until", "partial", "source")
STATUSES = ("in_force", "amended", "replaced", "repealed", "expired", "unknown")
# The statuses that end a document (in whole, unless `partial`).
ENDED = frozenset({"replaced", "repealed", "expired"})

# Symbol parts of provincial, district and commune bodies: the same number and symbol recur in
# every locality, so the issuer tells the documents apart.
LOCAL_CODES = frozenset({"UBND", "HĐND", "TU", "HU", "ĐU", "QU", "TXU", "TPU", "BCĐ", "UBMTTQ",
                         "MTTQ", "LĐLĐ", "VP", "BTV"})
# Party bodies of a province, district or commune end their code so: "BDVTU" (Ban Dân vận Tỉnh
# ủy), "UBKTHU", "ĐU".
LOCAL_SUFFIXES = ("TU", "HU", "ĐU", "QU")

# A year inside the symbol: "04/2015/NĐ-CP", "34/2007/PL-UBTVQH11".
SYMBOL_YEAR = regex.compile(r"/((?:19|20)[0-9]{2})/")


class RegistryError(ValueError):
    """A registry file that cannot be read, or a row that is not well-formed."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One row of the registry."""

    ref: str
    doc_type: str | None
    issued: PartialDate | None
    issuer: str | None
    status: str
    replaced_by: str | None
    valid_from: PartialDate | None
    valid_until: PartialDate | None
    partial: bool
    source: str
    origin: str = "registry"  # "registry" (shipped) or the user's file


def _date(value: str, where: str) -> PartialDate | None:
    if not value:
        return None
    try:
        date = PartialDate.from_iso(value)
        # datetime checks the month and day (a missing part stands as the first).
        dt.date(date.year, date.month or 1, date.day or 1)
    except (TypeError, ValueError) as exc:
        raise RegistryError(f"{where}: not an ISO date: {value!r}") from exc
    return date


def parse_row(row: dict[str, str | None], where: str, origin: str) -> Entry:
    """Check one row and make it an :class:`Entry`.

    >>> parse_row({"ref": "03/2011/QH13", "status": "replaced", "replaced_by": "25/2018/QH14",
    ...            "valid_until": "2019-01-01", "partial": "false", "source": "https://x"},
    ...           "line 2", "registry").valid_until
    PartialDate(year=2019, month=1, day=1)
    """
    cells = {k: (row.get(k) or "").strip() for k in COLUMNS}
    if None in row or any(v is None for v in row.values()):
        raise RegistryError(f"{where}: expected the columns {', '.join(COLUMNS)}")
    if not cells["ref"]:
        raise RegistryError(f"{where}: empty ref")
    if cells["status"] not in STATUSES:
        raise RegistryError(f"{where}: status {cells['status']!r} is not one of "
                            f"{', '.join(STATUSES)}")
    if not cells["source"]:
        raise RegistryError(f"{where}: every row needs a source")
    if cells["partial"].lower() not in ("", "true", "false"):
        raise RegistryError(f"{where}: partial must be true or false")
    return Entry(ref=cells["ref"], doc_type=cells["doc_type"] or None,
                 issued=_date(cells["issued"], where), issuer=cells["issuer"] or None,
                 status=cells["status"], replaced_by=cells["replaced_by"] or None,
                 valid_from=_date(cells["valid_from"], where),
                 valid_until=_date(cells["valid_until"], where),
                 partial=cells["partial"].lower() == "true", source=cells["source"],
                 origin=origin)


def parse_registry(text: str, origin: str) -> tuple[Entry, ...]:
    """Rows of a registry file's text (``#`` comment lines skipped)."""
    numbered = [(n, line) for n, line in enumerate(text.splitlines(), 1)
                if line.strip() and not line.startswith("#")]
    if not numbered:
        return ()
    reader = csv.DictReader(io.StringIO("\n".join(line for _, line in numbered)))
    missing = set(COLUMNS) - set(reader.fieldnames or ())
    if missing:
        raise RegistryError(f"{origin}: missing column(s) {', '.join(sorted(missing))}")
    return tuple(parse_row(row, f"{origin}, line {numbered[i + 1][0]}", origin)
                 for i, row in enumerate(reader))


def shipped_registry() -> tuple[Entry, ...]:
    """The registry that comes with kehoach."""
    text = resources.files("kehoach.patterns").joinpath("data", "registry.csv").read_text("utf-8")
    return parse_registry(text, "registry")


def read_registry(path: str | Path) -> tuple[Entry, ...]:
    """A user's registry file."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise RegistryError(f"cannot read registry {path}: {exc}") from exc
    return parse_registry(text, str(path))


def load_registry(extra: str | Path | Iterable[Entry] | None = None) -> tuple[Entry, ...]:
    """The user's entries (a file or entries), then the shipped ones: the first that matches a
    citation is used, so the user's win."""
    if extra is None:
        mine: tuple[Entry, ...] = ()
    elif isinstance(extra, (str, Path)):
        mine = read_registry(extra)
    else:
        mine = tuple(extra)
    return mine + shipped_registry()


def symbol_year(ref: str) -> int | None:
    """The year printed inside a reference, if any.

    >>> symbol_year("04/2015/NĐ-CP"), symbol_year("16/CT-TTg")
    (2015, None)
    """
    m = SYMBOL_YEAR.search(ref)
    return int(m.group(1)) if m else None


def is_local(ref: str) -> bool:
    """Whether a reference is issued by a local body (its number recurs in every locality).

    >>> is_local("21/2018/QĐ-UBND"), is_local("392-CV/TU"), is_local("59/2023/NĐ-CP")
    (True, True, False)
    >>> is_local("68-KH/BDVTU-BCSĐUBND"), is_local("11-QĐi/TW")
    (True, False)
    """
    parts = regex.split(r"[/\-]", ref.upper())[1:]
    return any(p in LOCAL_CODES or p.endswith(LOCAL_SUFFIXES) or "UBND" in p or "HĐND" in p
               for p in parts)


def issuer_key(issuer: str | None) -> str | None:
    """An issuer in a comparable form: case, spelled-out bodies and the signing head ignored.

    >>> issuer_key("Chủ tịch Ủy ban nhân dân tỉnh Bắc Giang") == issuer_key("UBND tỉnh Bắc Giang")
    True
    """
    if not issuer:
        return None
    key = " ".join(issuer.casefold().split())
    key = key.replace("ủy ban nhân dân", "ubnd").replace("uỷ ban nhân dân", "ubnd")
    key = key.replace("hội đồng nhân dân", "hđnd")
    return regex.sub(r"^(?:chủ tịch|trưởng ban|giám đốc|bộ trưởng) ", "", key)


def same_document(ref: str, year: int | None, issuer: str | None,
                  other_ref: str, other_year: int | None, other_issuer: str | None) -> bool:
    """Whether two descriptions name the same document (see the module docstring); when the
    year or issuer needed is missing on either side the answer is no.

    >>> same_document("16/CT-TTg", 2016, None, "16/CT-TTg", 2020, None)
    False
    >>> same_document("21/2018/QĐ-UBND", 2018, "UBND tỉnh Bắc Giang",
    ...               "21/2018/QĐ-UBND", None, "Ủy ban nhân dân tỉnh Bắc Giang")
    True
    """
    if ref_key(ref) != ref_key(other_ref):
        return False
    if symbol_year(ref) is None and (year is None or year != other_year):
        return False
    if is_local(ref):
        mine, theirs = issuer_key(issuer), issuer_key(other_issuer)
        return mine is not None and mine == theirs
    return True
