"""kehoach — read Vietnamese government plans (Kế hoạch) and administrative documents and turn
them into tables for cross-plan analysis.

>>> import kehoach
>>> doc = kehoach.extract_text("Thực hiện Kết luận số 114-KL/TW ngày 14/7/2015 của Ban Bí thư.")
>>> doc.citations[0].cited_ref
'114-KL/TW'
"""

from __future__ import annotations

__version__ = "0.1.0"

from .corpus import BUNDLED_CORPUS, Corpus, extract_file, load_corpus
from .extract.ingest import IngestError
from .extract.pipeline import extract_text
from .models import (
    Assignment, Citation, Document, ErrorRecord, Header, PartialDate, Section, Target,
)

__all__ = [
    "BUNDLED_CORPUS", "Assignment", "Citation", "Corpus", "Document", "ErrorRecord", "Header",
    "IngestError", "PartialDate", "Section", "Target", "extract_file", "extract_text",
    "load_corpus", "__version__",
]
