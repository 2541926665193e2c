"""The storage's physical limit, to hold the journal's append rate against.

``raw_append_rate`` inserts rows shaped and sized like journal records into a scratch table in the
same storage with the same durability settings (SQLite WAL + ``synchronous=FULL``; PostgreSQL
synchronous commit), one transaction per batch, and no hashing, checks, triggers or index beyond
the primary key, through the fastest plain bulk path of the storage: ``executemany`` on SQLite,
``COPY`` on PostgreSQL (as ``Journal.append`` does).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

from tenfour.journal import postgres, sqlite
from tenfour.journal.store import sqlite_path

SCRATCH = "journal_rawbench"
_CREATE = f"""CREATE TABLE {SCRATCH} (
    seq BIGINT PRIMARY KEY, at TEXT NOT NULL, actor_user TEXT NOT NULL, actor_role TEXT NOT NULL,
    actor_agency TEXT NOT NULL, command_id TEXT NOT NULL, command_digest TEXT NOT NULL,
    type TEXT NOT NULL, version INTEGER NOT NULL, payload TEXT NOT NULL,
    prev_hash TEXT NOT NULL, hash TEXT NOT NULL)"""
_INSERT = f"INSERT INTO {SCRATCH} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"  # noqa: S608
_DROP = f"DROP TABLE IF EXISTS {SCRATCH}"

AT = "2026-11-25T14:55:00.123Z"
Row = tuple[Any, ...]
Writer = Callable[[Sequence[Row]], None]


def sample_payload(payload_bytes: int) -> str:
    """A JSON object text of exactly ``payload_bytes`` bytes (at least 10)."""
    return '{"pad":"' + "x" * max(payload_bytes - 10, 0) + '"}'


def sample_row(seq: int, payload: str) -> Row:
    """A journal-shaped row with fields of realistic length."""
    digest = f"{seq:064x}"
    return (seq, AT, "dispatcher7", "dispatcher", "CITY-PD", f"cmd-{seq:012d}", digest,
            "UnitDispatched", 1, payload, digest, digest)  # fmt: skip


def raw_append_rate(url: str, rows: int, batch: int, payload_bytes: int) -> float:
    """Rows per second for batched inserts of journal-sized rows into a scratch table."""
    payload = sample_payload(payload_bytes)
    data = [sample_row(seq, payload) for seq in range(1, rows + 1)]
    if url.startswith(("postgresql://", "postgres://")):
        return _postgres_rate(url, data, batch)
    return _sqlite_rate(url, data, batch)


def _timed(write: Writer, data: Sequence[Row], batch: int) -> float:
    start = time.perf_counter()
    for i in range(0, len(data), batch):
        write(data[i : i + batch])
    return len(data) / (time.perf_counter() - start)


def _sqlite_rate(url: str, data: Sequence[Row], batch: int) -> float:
    conn = sqlite.connect(sqlite_path(url), create=True)
    try:
        conn.execute(_DROP)
        conn.execute(_CREATE)

        def write(rows: Sequence[Row]) -> None:
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany(_INSERT, rows)
            conn.execute("COMMIT")

        return _timed(write, data, batch)
    finally:
        conn.execute(_DROP)
        conn.close()


def _postgres_rate(url: str, data: Sequence[Row], batch: int) -> float:
    conn = postgres.connect(url, "tenfour-rawbench")
    try:
        conn.execute(_DROP)
        conn.execute(_CREATE)

        def write(rows: Sequence[Row]) -> None:
            with conn.transaction():
                postgres.copy_rows(conn, f"COPY {SCRATCH} FROM STDIN", rows)

        return _timed(write, data, batch)
    finally:
        conn.execute(_DROP)
        conn.close()
