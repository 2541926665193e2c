"""The append-only, hash-chained event journal: records, chain, stores, signing, audit, export.

Entry points: ``store.open_journal(url)`` for a ``Journal`` (SQLite or PostgreSQL),
``chain.seal`` to build records, ``signing`` for checkpoint keys, ``audit.verify_journal`` and
``export.export_jsonl`` / ``export.verify_jsonl`` for checking. The journal stores events as
opaque JSON text; it knows nothing of dispatch.
"""
