"""Helpers for the journal's tests: chains of records, and a database administrator gone rogue."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg

from tenfour.journal.chain import GENESIS_HASH, canonical_json, seal
from tenfour.journal.record import JournalRecord
from tenfour.journal.store import Journal, sqlite_path

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

    def rewrite(self, records: Sequence[JournalRecord]) -> None:
        """Replace journal rows from ``records[0].seq`` on with ``records``."""
        self.execute("DELETE FROM journal WHERE seq >= ?", (records[0].seq,))
        for r in records:
            self.execute(
                "INSERT INTO journal VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (r.seq, r.at, r.actor_user, r.actor_role, r.actor_agency, r.command_id,
                 r.command_digest, r.type, r.version, r.payload, r.prev_hash, r.hash),
            )  # fmt: skip

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()


@contextmanager
def rogue_dba(url: str, *, drop_triggers: bool = True) -> Iterator[RogueDba]:
    """A ``RogueDba`` (triggers dropped unless told otherwise), closed on exit."""
    dba = RogueDba(url)
    try:
        if drop_triggers:
            dba.drop_triggers()
        yield dba
    finally:
        dba.close()
