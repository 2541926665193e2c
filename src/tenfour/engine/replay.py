"""Reading events back from journal records, and rebuilding state from them."""

from __future__ import annotations

import json
from collections.abc import Iterable

from tenfour.domain.actors import Actor, Role
from tenfour.domain.apply import apply
from tenfour.domain.events import decode
from tenfour.domain.recorded import Recorded
from tenfour.domain.state import DispatchState
from tenfour.engine.envelope import Committed
from tenfour.journal.record import JournalRecord


def actor_of(record: JournalRecord) -> Actor:
    """The actor a journal row names."""
    return Actor(record.actor_user, Role(record.actor_role), record.actor_agency)


def committed(record: JournalRecord) -> Committed:
    """A journal row as a domain event with its metadata."""
    event = decode(record.type, json.loads(record.payload))
    return Committed(
        record.seq, record.at, actor_of(record), record.command_id, event, record.hash,
        record.payload,
    )  # fmt: skip


def replay(state: DispatchState, records: Iterable[JournalRecord]) -> tuple[int, str | None]:
    """Apply records in order; returns the last seq and hash applied."""
    last_seq, last_hash = 0, None
    for record in records:
        c = committed(record)
        apply(state, c.event, Recorded(c.seq, c.at, c.actor))
        last_seq, last_hash = record.seq, record.hash
    return last_seq, last_hash


def replay_committed(state: DispatchState, records: Iterable[JournalRecord]) -> list[Committed]:
    """Apply records in order and return them as committed events (a follower's step)."""
    batch: list[Committed] = []
    for record in records:
        c = committed(record)
        apply(state, c.event, Recorded(c.seq, c.at, c.actor))
        batch.append(c)
    return batch
