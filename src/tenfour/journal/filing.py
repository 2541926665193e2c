"""The journal's filing: which incident (or directive, bulletin, hazard) each record belongs to.

Rows of ``journal_filing`` (key, seq, command id, hash) and ``journal_citation`` (an incident and
a key it cites) are written in the same transaction as the records they file, by whichever node
holds the writer lock, so on any number of nodes sharing one database the filing is exactly as
far as the journal (docs/adr/0018-history-retention.md). A timeline of an incident closed years
ago is one indexed query away, and no process keeps every incident's seqs in memory.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

import orjson

from tenfour.domain.filing import incident_of_key, keys_of
from tenfour.journal.record import JournalRecord


class Filed(NamedTuple):
    """A record filed under a key: its seq, command id and hash as written."""

    seq: int
    command_id: str
    hash: str


Filings = list[tuple[str, int, str, str]]  # key, seq, command id, hash
Citations = list[tuple[str, str]]  # incident, cited key


def filing_rows(records: Iterable[JournalRecord]) -> tuple[Filings, Citations]:
    """The filing and citation rows of ``records``."""
    filings: Filings = []
    citations: Citations = []
    for r in records:
        keys = keys_of(r.type, _getter(r.payload))
        for key in keys.own:
            filings.append((key, r.seq, r.command_id, r.hash))
            if incident_of_key(key):
                citations.extend((key, cited) for cited in keys.cited)
    return filings, citations


def _getter(payload: str) -> Any:
    try:
        data = orjson.loads(payload)
    except orjson.JSONDecodeError:
        return _nothing
    return data.get if isinstance(data, dict) else _nothing


def _nothing(name: str) -> object:
    return None
