"""Reading a stretch of the journal by time, for reports that cover a period.

The engine stamps events with non-decreasing times, so the journal is sorted by time as well as
by seq: the first event of a period is found by bisection over seq in a few indexed reads, and a
report reads only the stretch it covers, never the whole journal.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from tenfour.domain.events import Event, decode
from tenfour.journal.record import JournalRecord
from tenfour.journal.store import Journal

Progress = Callable[[int], None]
PROGRESS_EVERY = 5000


@dataclass(frozen=True, slots=True)
class Span:
    """The seqs a period covers: records with ``after_seq < seq <= last_seq``."""

    after_seq: int
    last_seq: int

    @property
    def size(self) -> int:
        """How many records the span holds."""
        return max(self.last_seq - self.after_seq, 0)


def at_of(journal: Journal, seq: int) -> str | None:
    """The time of the record at ``seq``, if there is one."""
    found = next(iter(journal.read(after_seq=seq - 1, limit=1)), None)
    return found.at if found is not None and found.seq == seq else None


def seq_before(journal: Journal, moment: str) -> int:
    """The last seq recorded before ``moment`` (0 if none): read from there to start at it."""
    low, high = 0, journal.head()[0]
    while low < high:
        mid = (low + high + 1) // 2
        at = at_of(journal, mid)
        if at is not None and at < moment:
            low = mid
        else:
            high = mid - 1
    return low


def span(journal: Journal, start: str | None, end: str | None) -> Span:
    """The seqs recorded at ``start`` <= at < ``end`` (either bound open when None)."""
    after = 0 if start is None else seq_before(journal, start)
    last = journal.head()[0] if end is None else seq_before(journal, end)
    return Span(after, max(last, after))


def events(
    journal: Journal,
    stretch: Span,
    wanted: Callable[[str], bool],
    on_progress: Progress | None = None,
) -> Iterator[tuple[JournalRecord, Event]]:
    """Records in the span whose type is ``wanted``, decoded (others are not even parsed)."""
    count = 0
    for record in journal.read(after_seq=stretch.after_seq, limit=stretch.size):
        count += 1
        if on_progress is not None and count % PROGRESS_EVERY == 0:
            on_progress(count)
        if wanted(record.type):
            yield record, decode(record.type, json.loads(record.payload))
    if on_progress is not None:
        on_progress(count)
