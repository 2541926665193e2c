"""Helpers for the journal's tests: chains of records, and an administrator gone rogue.

``rogue_dba(url)`` edits the storage behind the journal's back: SQL for the SQLite and PostgreSQL
backends (triggers dropped first unless told otherwise), the store's lists for the memory journal.
The tampering steps (``edit``, ``delete``, ``swap`` ...) are the same on all three, so the audit
is held to catching each of them on every backend.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import Any, Protocol

import psycopg

from tenfour.journal.chain import GENESIS_HASH, canonical_json, seal
from tenfour.journal.memory import MEMORY_SCHEME, MemoryJournal, MemoryStore
from tenfour.journal.record import JournalRecord
from tenfour.journal.store import Journal, open_journal, sqlite_path

AT = "2026-11-25T14:55:00.123Z"


def make_records(
    count: int,
    *,
    start_seq: int = 1,
    prev_hash: str = GENESIS_HASH,
    command_id: str | None = None,
) -> list[JournalRecord]:
    """``count`` chained records after ``prev_hash``; each its own command unless one is given."""
    records = []
    for seq in range(start_seq, start_seq + count):
        cid = command_id or f"cmd-{seq}"
        payload = canonical_json({"incident": f"I-{seq}", "unit": "E21", "note": "rue d'Éte"})
        record = seal(prev_hash, seq, AT, "disp1", "dispatcher", "MPD", cid, "d" * 64,
                      "UnitDispatched", 1, payload)  # fmt: skip
        records.append(record)
        prev_hash = record.hash
    return records


def make_domain_records(count: int) -> list[JournalRecord]:
    """``count`` chained records of real events, which replay: an agency, then its incidents."""
    from tenfour.domain import events as e  # the domain only where a test replays
    from tenfour.engine.payload import payload_json

    events: list[e.Event] = [
        e.AgencyRegistered(agency="MPD", name="Metro", kind="police", directive_roles=())
    ]
    events += [
        e.IncidentCreated(incident=f"2026-{n:06d}", agency="MPD", type_code="disturbance",
                          priority=2, address=f"Street {n}", lat=None, lon=None, verified=False)
        for n in range(1, count)
    ]  # fmt: skip
    records, prev = [], GENESIS_HASH
    for seq, ev in enumerate(events[:count], start=1):
        rec = seal(prev, seq, AT, "tenfour", "system", "SYSTEM", f"cmd-{seq}", "d" * 64,
                   ev.TYPE, ev.VERSION, payload_json(ev))  # fmt: skip
        records.append(rec)
        prev = rec.hash
    return records


def extend(journal: Journal, count: int, *, command_id: str | None = None) -> list[JournalRecord]:
    """Append ``count`` records after the journal's head, in one batch, and return them."""
    seq, prev = journal.head()
    records = make_records(count, start_seq=seq + 1, prev_hash=prev, command_id=command_id)
    journal.append(records)
    return records


class RogueDba:
    """A raw connection to the journal's database, bypassing tenfour (for tampering tests)."""

    def __init__(self, url: str) -> None:
        self.postgres = url.startswith("postgresql://")
        self.conn: Any
        if self.postgres:
            self.conn = psycopg.connect(url, autocommit=True)
        else:
            self.conn = sqlite3.connect(sqlite_path(url), isolation_level=None)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run ``sql`` (``?`` placeholders) and return any rows."""
        cur = self.conn.execute(sql.replace("?", "%s") if self.postgres else sql, params)
        return list(cur.fetchall()) if cur.description else []

    def drop_triggers(self) -> None:
        """Remove every append-only trigger, as an administrator could."""
        if self.postgres:
            found = self.execute(
                "SELECT t.tgname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
                " WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace"
            )
            for name, table in found:
                self.execute(f'DROP TRIGGER "{name}" ON "{table}"')
        else:
            for (name,) in self.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'"):
                self.execute(f'DROP TRIGGER "{name}"')

    def edit(self, seq: int, /, **columns: object) -> None:
        """Change columns of the journal row at ``seq``."""
        sets = ", ".join(f"{name} = ?" for name in columns)
        self.execute(f"UPDATE journal SET {sets} WHERE seq = ?", (*columns.values(), seq))

    def delete(self, seq: int) -> None:
        """Remove the journal row at ``seq``."""
        self.execute("DELETE FROM journal WHERE seq = ?", (seq,))

    def delete_from(self, seq: int) -> None:
        """Remove the journal rows from ``seq`` on."""
        self.execute("DELETE FROM journal WHERE seq >= ?", (seq,))

    def swap(self, first: int, second: int) -> None:
        """Give two journal rows each other's seq."""
        spare = 2**40  # a free seq (the table's checks refuse zero and negatives)
        self.edit(first, seq=spare)
        self.edit(second, seq=first)
        self.edit(spare, seq=second)

    def rewrite(self, records: Sequence[JournalRecord]) -> None:
        """Replace journal rows from ``records[0].seq`` on with ``records``."""
        self.delete_from(records[0].seq)
        for r in records:
            self.execute(
                "INSERT INTO journal VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (r.seq, r.at, r.actor_user, r.actor_role, r.actor_agency, r.command_id,
                 r.command_digest, r.type, r.version, r.payload, r.prev_hash, r.hash),
            )  # fmt: skip

    def edit_checkpoint(self, seq: int, /, **columns: object) -> None:
        """Change columns of the checkpoint at ``seq``."""
        sets = ", ".join(f"{name} = ?" for name in columns)
        self.execute(
            f"UPDATE journal_checkpoint SET {sets} WHERE seq = ?", (*columns.values(), seq)
        )

    def snapshot_seqs(self) -> list[int]:
        """The seqs of the snapshots kept, in order."""
        return [row[0] for row in self.execute("SELECT seq FROM journal_snapshot ORDER BY seq")]

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()


class MemoryDba:
    """The same tampering steps as ``RogueDba``, on a memory journal's store."""

    def __init__(self, store: MemoryStore) -> None:
        self.store = store

    def _rows(self, seq: int) -> list[int]:
        return [i for i, r in enumerate(self.store.records) if r.seq == seq]

    def _done(self) -> None:
        self.store.reindex()  # as a database keeps its indexes whatever is edited

    def edit(self, seq: int, /, **columns: Any) -> None:
        for i in self._rows(seq):
            self.store.records[i] = self.store.records[i]._replace(**columns)
        self._done()

    def delete(self, seq: int) -> None:
        self.store.records[:] = [r for r in self.store.records if r.seq != seq]
        self._done()

    def delete_from(self, seq: int) -> None:
        self.store.records[:] = [r for r in self.store.records if r.seq < seq]
        self._done()

    def swap(self, first: int, second: int) -> None:
        [a], [b] = self._rows(first), self._rows(second)
        records = self.store.records
        records[a], records[b] = records[a]._replace(seq=second), records[b]._replace(seq=first)
        self._done()

    def rewrite(self, records: Sequence[JournalRecord]) -> None:
        self.delete_from(records[0].seq)
        self.store.records.extend(records)
        self._done()

    def edit_checkpoint(self, seq: int, /, **columns: Any) -> None:
        self.store.checkpoints[seq] = replace(self.store.checkpoints[seq], **columns)

    def snapshot_seqs(self) -> list[int]:
        return sorted(self.store.snapshots)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        raise NotImplementedError(
            "a memory journal has no SQL: tamper with edit/delete/swap/rewrite, or test a "
            "SQL-only promise in a durable-storage class"
        )


class Tampering(Protocol):
    """The tampering steps both kinds of rogue administrator take."""

    def edit(self, seq: int, /, **columns: Any) -> None: ...
    def delete(self, seq: int) -> None: ...
    def delete_from(self, seq: int) -> None: ...
    def swap(self, first: int, second: int) -> None: ...
    def rewrite(self, records: Sequence[JournalRecord]) -> None: ...
    def edit_checkpoint(self, seq: int, /, **columns: Any) -> None: ...
    def snapshot_seqs(self) -> list[int]: ...


@contextmanager
def rogue_dba(url: str, *, drop_triggers: bool = True) -> Iterator[Tampering]:
    """A rogue administrator of the journal at ``url``, let go on exit.

    SQL backends: a ``RogueDba``, triggers dropped unless told otherwise. Memory journal: a
    ``MemoryDba`` (a store has no triggers to drop).
    """
    if url.startswith(MEMORY_SCHEME):
        with open_journal(url, create=False) as keep:  # holds the store while tampering
            assert isinstance(keep, MemoryJournal)
            yield MemoryDba(keep.store)
    else:
        with sql_dba(url, drop_triggers=drop_triggers) as dba:
            yield dba


@contextmanager
def sql_dba(url: str, *, drop_triggers: bool = False) -> Iterator[RogueDba]:
    """A ``RogueDba`` on a SQL backend (for what only SQL can try), closed on exit."""
    dba = RogueDba(url)
    try:
        if drop_triggers:
            dba.drop_triggers()
        yield dba
    finally:
        dba.close()
