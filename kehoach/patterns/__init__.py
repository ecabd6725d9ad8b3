"""The grammars: named regex atoms (:mod:`.atoms`) composed into patterns for citations and
headers, and the vocabulary tables in ``data/`` (document types, issuers, symbol casing, laws)."""
