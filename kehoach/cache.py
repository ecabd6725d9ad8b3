"""A cache of per-file results, so that a rerun skips unchanged files and a killed run resumes.

An entry holds the rows one file contributes to each table (:func:`kehoach.extract.tables.rows_of`)
as JSON, keyed by what decides them: the file's bytes and suffix, the :class:`ExtractOptions`,
and :func:`pipeline_version` (the package version and a hash of the code and vocabulary that
extract). A change to any of them is a miss, never a stale hit. Entries are written atomically
as each file finishes, so a run killed halfway keeps what it had done.

Layout: ``<dir>/<pipeline version>/<2 hex>/<key>.json``. Deleting the folder is always safe;
entries of older versions are never read again and can go.

>>> with tempfile.TemporaryDirectory() as tmp:
...     doc = Path(tmp, "a.txt"); _ = doc.write_text("Chỉ thị 33/CT-TTg", encoding="utf-8")
...     cache, key = Cache.at(Path(tmp, "cache")), entry_key(doc, ExtractOptions())
...     cache.store(key, {"documents": [{"doc_id": "a", "path": str(doc)}]})
...     cache.load(key, doc_id="b", path="elsewhere/b.txt")
{'documents': [{'doc_id': 'b', 'path': 'elsewhere/b.txt'}]}
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .extract.tables import write_atomic
from .models import ExtractOptions

Rows = dict[str, list[dict[str, object]]]

PACKAGE = Path(__file__).resolve().parent

# What decides a file's rows besides its bytes: the extraction code and its vocabulary. The CLI,
# the writers and the analysis modules are left out: changing them cannot change the rows.
VERSIONED = ("models.py", "schema.py", "extract", "patterns")


def pipeline_version() -> str:
    """The package version and a hash of the code and data that extract, e.g. ``0.1.0-3f2a…``.

    Read afresh at each call (3 ms): a run reads it once, when it starts, and its workers are
    new processes that load the code as it is then.

    >>> pipeline_version().startswith(__version__ + "-")
    True
    """
    digest = hashlib.sha256()
    for part in VERSIONED:
        root = PACKAGE / part
        files = sorted(root.rglob("*")) if root.is_dir() else [root]
        for path in files:
            if path.is_file() and path.suffix in {".py", ".tsv", ".csv", ".yaml", ".json"}:
                digest.update(str(path.relative_to(PACKAGE)).encode())
                digest.update(path.read_bytes())
    return f"{__version__}-{digest.hexdigest()[:16]}"


def entry_key(path: str | Path, options: ExtractOptions) -> str | None:
    """The cache key of a file, or None when it cannot be read (then it is not cached: the
    pipeline reports why as an error row)."""
    try:
        with open(path, "rb") as fh:
            digest = hashlib.file_digest(fh, "sha256")
    except OSError:
        return None
    digest.update(f"\0{Path(path).suffix.lower()}\0{options!r}".encode())
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class Cache:
    """A cache folder as seen by one run: the pipeline version is read once, by the process that
    starts the run, and travels with the tasks, so every worker files entries under the same
    version even if the code is edited while the run goes on."""

    folder: str
    version: str

    @classmethod
    def at(cls, folder: str | Path) -> Cache:
        # Absolute: worker processes, on this machine or a cluster's, may run elsewhere.
        return cls(os.path.abspath(Path(folder).expanduser()), pipeline_version())

    def _entry(self, key: str) -> Path:
        return Path(self.folder) / self.version / key[:2] / f"{key}.json"

    def load(self, key: str, doc_id: str, path: str) -> Rows | None:
        """The cached rows for `key`, relabelled with this file's doc_id and path, or None."""
        try:
            rows = json.loads(self._entry(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):  # absent, or unreadable: compute the file again
            return None
        return relabel(rows, doc_id, path)

    def store(self, key: str, rows: Rows) -> None:
        """Write an entry atomically (temp file + rename): a killed run never leaves half an
        entry. A cache that cannot be written costs speed, not results, so errors are swallowed
        here; :meth:`check_writable` is called before a run starts."""
        data = json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
        try:
            write_atomic(self._entry(key), lambda tmp: Path(tmp).write_text(data, "utf-8"))
        except OSError:
            return

    def check_writable(self) -> None:
        """Raise OSError now, rather than silently cache nothing, when the folder is unusable."""
        folder = Path(self.folder) / self.version
        folder.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".probe.", dir=folder)
        os.close(fd)
        os.unlink(probe)


def relabel(rows: Rows, doc_id: str, path: str) -> Rows:
    """The same rows for a file with the same bytes at another path.

    >>> relabel({"errors": [{"path": "x", "stage": "ingest"}]}, "y", "y.txt")
    {'errors': [{'path': 'y.txt', 'stage': 'ingest'}]}
    """
    labels = {"doc_id": doc_id, "path": path}  # the columns that name the file
    return {table: [{**row, **{k: v for k, v in labels.items() if k in row}}
                    for row in table_rows]
            for table, table_rows in rows.items()}
