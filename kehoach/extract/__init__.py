"""The pipeline stages, one module each: ingest → normalize → structure → header → citations
(→ targets, assignments) → tables. :mod:`kehoach.extract.pipeline` runs them in order."""
