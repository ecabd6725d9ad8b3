"""Records produced by the pipeline: frozen dataclasses, one per kind of extracted item.

Offsets (`start`, `end`) are half-open into the document's *normalized* text, so that
``document.text[c.start:c.end] == c.mention`` always holds; `src_start`/`src_end` point into the
text as it was read from the file (see :mod:`kehoach.extract.normalize`).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date kept at the precision printed (ngày … tháng … năm …).

    >>> PartialDate(2022, 4).iso()
    '2022-04'
    >>> PartialDate(2024, 3, 29).iso()
    '2024-03-29'
    """

    year: int
    month: int | None = None
    day: int | None = None

    def iso(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @classmethod
    def from_iso(cls, value: str) -> PartialDate:
        """Parse the ISO form written by :meth:`iso`.

        >>> PartialDate.from_iso("2022-04")
        PartialDate(year=2022, month=4, day=None)
        """
        parts = [int(p) for p in value.split("-")]
        return cls(*parts)

    def sort_key(self) -> tuple[int, int, int]:
        """Earliest possible day, for comparisons ("2022-04" sorts as 2022-04-01)."""
        return (self.year, self.month or 1, self.day or 1)

    def latest_key(self) -> tuple[int, int, int]:
        """Latest possible day, for "is this surely after X" comparisons."""
        return (self.year, self.month or 12, self.day or 31)


@dataclass(frozen=True, slots=True)
class Citation:
    """One mention of another document (văn bản được viện dẫn).

    `cited_*` fields describe the cited document as resolved over all its mentions in the citing
    document (type printed, first date printed, first issuer printed); `mention_*` fields say what
    this very mention prints.
    """

    start: int
    end: int
    mention: str
    cited_id: str  # key shared by every mention of the same cited document in this document
    mention_index: int  # 0 for the first mention of that cited document
    cited_type: str | None
    cited_ref: str | None  # "33/CT-TTg", "114-KL/TW"; None for a law cited by name only
    cited_number: str | None  # as printed ("04", "114")
    cited_symbol: str | None  # ký hiệu in official casing ("CT-TTg", "KL/TW", "2015/NĐ-CP")
    cited_date: PartialDate | None
    cited_issuer: str | None
    cited_name: str | None  # a law cited by name ("Luật Tiếp công dân")
    mention_type: str | None
    mention_date: PartialDate | None
    mention_issuer: str | None
    type_printed: bool  # False when the type was inferred from the symbol
    src_start: int = -1
    src_end: int = -1
    section: str | None = None
    repaired: bool = False  # the ref was repaired (spaces, casing of damaged text, OCR confusions)
    cited_key: str | None = None  # the cited document across documents: ref, year, locality


@dataclass(frozen=True, slots=True)
class Anomaly:
    """Something in a document's citations a reader should check (not an error of ours).

    kind: ``cited_after_citing`` (the cited document is dated after the citing one),
    ``symbol_year_mismatch`` (the year in "59/2023/NĐ-CP" differs from its printed date),
    ``conflicting_dates`` (one cited document printed with two dates in one document).
    """

    kind: str
    cited_ref: str
    detail: str
    start: int


@dataclass(frozen=True, slots=True)
class Header:
    """The document's own identity, as printed in its header and signature block."""

    doc_type: str | None = None
    number: str | None = None
    symbol: str | None = None
    place: str | None = None
    date: PartialDate | None = None
    title: str | None = None
    issuer: str | None = None
    signer: str | None = None
    signer_title: str | None = None
    signing_authority: str | None = None  # TM. / KT. / TL. / TUQ. / Q. (space-joined when several)
    recipients: tuple[str, ...] = ()

    @property
    def ref(self) -> str | None:
        """The printed "số, ký hiệu": 2602/KH-VP (State) or 1147-QĐ/BTGDVTW (Party)."""
        return compose_ref(self.number, self.symbol)


def compose_ref(number: str | None, symbol: str | None) -> str | None:
    """Join a number and a symbol the way the issuer writes them.

    Party symbols put the type before a slash and take a hyphen after the number; State symbols
    take a slash (with the year first when there is one).

    >>> compose_ref("114", "KL/TW"), compose_ref("59", "2023/NĐ-CP"), compose_ref(None, "KH-UBND")
    ('114-KL/TW', '59/2023/NĐ-CP', '/KH-UBND')
    >>> compose_ref("1025", "PLYK/2025")
    '1025/PLYK/2025'
    """
    if not symbol:
        return None
    party = "/" in symbol and not symbol[:4].isdigit() and not symbol[-4:].isdigit()
    return f"{number or ''}{'-' if party and number else '/'}{symbol}"


@dataclass(frozen=True, slots=True)
class Section:
    """A heading or numbered item of the section tree ("III.2.a")."""

    section: str
    parent: str | None
    title: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Target:
    """A quantified commitment (chỉ tiêu)."""

    value: str | None
    unit: str
    comparator: str | None
    subject: str
    period: str | None
    sentence: str
    start: int
    end: int
    section: str | None = None


@dataclass(frozen=True, slots=True)
class Assignment:
    """A task given to a unit (phân công): who leads or coordinates what, by when."""

    unit: str
    unit_key: str
    role: str
    task: str
    deadline: PartialDate | None
    recurrence: str | None
    start: int
    end: int
    section: str | None = None


@dataclass(frozen=True, slots=True)
class Relation:
    """What the document itself does to another one (thay thế, bãi bỏ, sửa đổi, hết hiệu lực).

    `relation` is ``replaces``, ``repeals``, ``amends`` or ``expires`` (validity), or
    ``implements`` (a plan carrying out the cited plan: "Thực hiện Kế hoạch số …"); `effective_date` is when
    it takes effect (the document's own effective date unless the statement gives one);
    `partial` says only part of the target is acted on (a list, an article; every amendment).
    ``text[start:end] == evidence``.
    """

    relation: str
    target_ref: str
    target_date: PartialDate | None
    target_issuer: str | None
    effective_date: PartialDate | None
    partial: bool
    start: int
    end: int
    evidence: str


@dataclass(frozen=True, slots=True)
class Document:
    """Everything extracted from one file."""

    doc_id: str
    path: str
    header: Header
    text: str = field(repr=False)
    citations: tuple[Citation, ...] = ()
    sections: tuple[Section, ...] = ()
    targets: tuple[Target, ...] = ()
    assignments: tuple[Assignment, ...] = ()
    relations: tuple[Relation, ...] = ()
    anomalies: tuple[Anomaly, ...] = ()
    source_kind: str = "text"
    pages: int | None = None
    ocr_confidence: float | None = None  # mean Tesseract word confidence (0–100) where OCR ran
    body_start: int = 0
    body_end: int = 0


@dataclass(frozen=True, slots=True)
class ExtractOptions:
    """How to run the pipeline on each file (passed unchanged to every worker)."""

    ocr: str = "auto"  # auto | always | never: when to OCR a PDF's pages
    # Read units' names on underthesea's words (True) or on syllables with a guess (False:
    # the assignment stage is about 3× faster, its unit names less often right).
    segment: bool = True


@dataclass(frozen=True, slots=True)
class ErrorRecord:
    """A file that could not be processed, and why (a row of `errors.csv`)."""

    path: str
    stage: str
    error: str
