"""What the SQLite and PostgreSQL journals share: the SQL, batch checks and row mapping.

A backend supplies a DB-API cursor inside a write transaction, plain reads outside one, its writer
lock, and the SQLAlchemy URL used for migrations. SQL here is written with ``?`` placeholders; the
PostgreSQL backend rewrites them to ``%s``.
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from types import TracebackType
from typing import Any, Protocol, Self

from tenfour.journal.chain import GENESIS_HASH
from tenfour.journal.errors import JournalConflict
from tenfour.journal.filing import Filed, filing_rows
from tenfour.journal.migrate import upgrade_to_head
from tenfour.journal.record import Checkpoint, JournalKey, JournalRecord, Snapshot
from tenfour.journal.rules import SNAPSHOTS_KEPT, check_follows, check_linked, check_recorded

COLUMNS = (
    "seq, at, actor_user, actor_role, actor_agency, command_id, command_digest, "
    "type, version, payload, prev_hash, hash"
)
HEAD = "SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1"
HASH_AT = "SELECT hash FROM journal WHERE seq = ?"
INSERT = f"INSERT INTO journal ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"  # noqa: S608
READ = f"SELECT {COLUMNS} FROM journal WHERE seq > ? ORDER BY seq LIMIT ?"  # noqa: S608
READ_COMMAND = f"SELECT {COLUMNS} FROM journal WHERE command_id = ? ORDER BY seq"  # noqa: S608
ADD_CHECKPOINT = (
    "INSERT INTO journal_checkpoint (seq, hash, signed_at, key_id, signature) "
    "VALUES (?, ?, ?, ?, ?)"
)
CHECKPOINTS = "SELECT seq, hash, signed_at, key_id, signature FROM journal_checkpoint ORDER BY seq"
SNAPSHOT_COLUMNS = "seq, hash, state, digest, key_id, signature"
SAVE_SNAPSHOT = (
    f"INSERT INTO journal_snapshot ({SNAPSHOT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?) "  # noqa: S608
    "ON CONFLICT (seq) DO UPDATE SET hash = excluded.hash, state = excluded.state, "
    "digest = excluded.digest, key_id = excluded.key_id, signature = excluded.signature"
)
PRUNE_SNAPSHOTS = (
    "DELETE FROM journal_snapshot WHERE seq NOT IN "
    "(SELECT seq FROM journal_snapshot ORDER BY seq DESC LIMIT ?)"
)
SNAPSHOTS = f"SELECT {SNAPSHOT_COLUMNS} FROM journal_snapshot ORDER BY seq DESC"  # noqa: S608
LATEST_SNAPSHOT = SNAPSHOTS + " LIMIT 1"
KEY_COLUMNS = (
    "key_id, position, public_key, added_at, added_by, reason, since_seq, previous_key_id, "
    "endorsement"
)
ADD_KEY = f"INSERT INTO journal_key ({KEY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"  # noqa: S608
KEYS = f"SELECT {KEY_COLUMNS} FROM journal_key ORDER BY position"  # noqa: S608

FILE = "INSERT INTO journal_filing (key, seq, command_id, hash) VALUES (?, ?, ?, ?)"
CITE = "INSERT INTO journal_citation (key, cited) VALUES (?, ?) ON CONFLICT DO NOTHING"
FILED = (
    "SELECT DISTINCT seq, command_id, hash FROM journal_filing WHERE key = ? OR key IN "
    "(SELECT cited FROM journal_citation WHERE key = ?) ORDER BY seq"
)
FILED_OWN = "SELECT 1 FROM journal_filing WHERE key = ? LIMIT 1"

READ_CHUNK = 2000


class Cursor(Protocol):
    """The slice of a DB-API cursor both drivers provide."""

    def execute(self, sql: str, params: Sequence[Any] = (), /) -> Any: ...
    def executemany(self, sql: str, rows: Sequence[Sequence[Any]], /) -> Any: ...
    def fetchall(self) -> list[Any]: ...


class SqlJournal(ABC):
    """The Journal contract over a SQL connection; see ``tenfour.journal.store.Journal``."""

    placeholder = "?"
    conflict_errors: tuple[type[Exception], ...] = ()
    in_process = False

    def __init__(self) -> None:
        self._mutex = threading.RLock()  # one connection, possibly shared by threads

    @abstractmethod
    def _transaction(self) -> AbstractContextManager[Cursor]:
        """A cursor inside one write transaction, committed durably on normal exit."""

    @abstractmethod
    def _fetch(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run one read outside any write transaction."""

    @abstractmethod
    def sqlalchemy_url(self) -> str:
        """The same database as a SQLAlchemy URL (for Alembic)."""

    @abstractmethod
    def acquire_writer_lock(self) -> None:
        """Become the only writer, or raise ``WriterLockHeld``."""

    @abstractmethod
    def release_writer_lock(self) -> None:
        """Stop being the writer (no-op if not holding the lock)."""

    @abstractmethod
    def close(self) -> None:
        """Release the lock and close the connections."""

    def _writer_head(self, cur: Cursor) -> tuple[int, str]:
        """The head, read inside an append's transaction (PostgreSQL also fences a lost lock)."""
        cur.execute(self._sql(HEAD))
        return _head_of(cur.fetchall())

    def _insert_rows(self, cur: Cursor, rows: Sequence[tuple[Any, ...]]) -> None:
        """Insert journal rows inside the current transaction."""
        cur.executemany(self._sql(INSERT), rows)

    def _sql(self, sql: str) -> str:
        return sql if self.placeholder == "?" else sql.replace("?", self.placeholder)

    def migrate(self) -> None:
        """Create or upgrade the schema (Alembic, idempotent)."""
        upgrade_to_head(self.sqlalchemy_url())

    def append(self, records: Sequence[JournalRecord]) -> None:
        """Write ``records`` in one durable transaction, or raise ``JournalConflict``."""
        if not records:
            return
        check_linked(records)
        with self._mutex, self._transaction() as cur:
            check_follows(self._writer_head(cur), records[0])
            try:
                self._insert_rows(cur, records)  # a record is its row
            except self.conflict_errors as exc:
                raise JournalConflict(f"append refused by the database: {exc}") from exc
            self._file(cur, records)

    def _file(self, cur: Cursor, records: Sequence[JournalRecord]) -> None:
        """File the records by incident in the append's transaction (``journal.filing``)."""
        filings, citations = filing_rows(records)
        if filings:
            cur.executemany(self._sql(FILE), filings)
        if citations:
            cur.executemany(self._sql(CITE), citations)

    def filed(self, key: str) -> list[Filed]:
        """Records filed under ``key`` and under the keys it cites, in seq order."""
        return [Filed(*row) for row in self._fetch(self._sql(FILED), (key, key))]

    def files(self, key: str) -> bool:
        """Whether any record is filed under ``key`` itself."""
        return bool(self._fetch(self._sql(FILED_OWN), (key,)))

    def read(self, after_seq: int = 0, limit: int | None = None) -> Iterator[JournalRecord]:
        """Records with seq > ``after_seq`` in seq order, fetched in chunks."""
        remaining = limit
        while remaining is None or remaining > 0:
            size = READ_CHUNK if remaining is None else min(READ_CHUNK, remaining)
            rows = self._fetch(self._sql(READ), (after_seq, size))
            yield from (JournalRecord(*row) for row in rows)
            if len(rows) < size:
                return
            after_seq = rows[-1][0]
            remaining = None if remaining is None else remaining - len(rows)

    def read_command(self, command_id: str) -> list[JournalRecord]:
        """Every record a command produced, in seq order."""
        return [JournalRecord(*row) for row in self._fetch(self._sql(READ_COMMAND), (command_id,))]

    def read_commands(self, command_ids: Sequence[str]) -> dict[str, list[JournalRecord]]:
        """Records of each of several commands (one query per 500 ids), keyed by command id."""
        found: dict[str, list[JournalRecord]] = {}
        ids = list(command_ids)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT {COLUMNS} FROM journal WHERE command_id IN ({marks}) ORDER BY seq"  # noqa: S608
            for row in self._fetch(self._sql(sql), chunk):
                record = JournalRecord(*row)
                found.setdefault(record.command_id, []).append(record)
        return found

    def head(self) -> tuple[int, str]:
        """The last seq and hash, or ``(0, GENESIS_HASH)`` when empty."""
        return _head_of(self._fetch(self._sql(HEAD)))

    def add_checkpoint(self, cp: Checkpoint) -> None:
        """Store a signed checkpoint; its seq and hash must be in the journal."""
        with self._mutex, self._transaction() as cur:
            self._check_recorded(cur, cp.seq, cp.hash, "checkpoint")
            try:
                cur.execute(self._sql(ADD_CHECKPOINT), _checkpoint_row(cp))
            except self.conflict_errors as exc:
                raise JournalConflict(f"checkpoint at seq {cp.seq} refused: {exc}") from exc

    def checkpoints(self) -> list[Checkpoint]:
        """All checkpoints in seq order."""
        return [Checkpoint(*row) for row in self._fetch(self._sql(CHECKPOINTS))]

    def save_snapshot(self, snap: Snapshot) -> None:
        """Store (or replace) the snapshot at ``snap.seq``; keep only the newest few."""
        with self._mutex, self._transaction() as cur:
            self._check_recorded(cur, snap.seq, snap.hash, "snapshot")
            row = (snap.seq, snap.hash, snap.state, snap.digest, snap.key_id, snap.signature)
            cur.execute(self._sql(SAVE_SNAPSHOT), row)
            cur.execute(self._sql(PRUNE_SNAPSHOTS), (SNAPSHOTS_KEPT,))

    def latest_snapshot(self) -> Snapshot | None:
        """The snapshot with the highest seq, if any."""
        rows = self._fetch(self._sql(LATEST_SNAPSHOT))
        return Snapshot(*rows[0]) if rows else None

    def snapshots(self) -> list[Snapshot]:
        """Every snapshot kept, newest first."""
        return [Snapshot(*row) for row in self._fetch(self._sql(SNAPSHOTS))]

    def add_key(self, key: JournalKey) -> None:
        """Record a signing key (never replaced); its position must be the next one."""
        with self._mutex, self._transaction() as cur:
            cur.execute(self._sql(KEYS))
            known = cur.fetchall()
            if key.position != len(known):
                raise JournalConflict(
                    f"key {key.key_id} at position {key.position}, but the journal holds "
                    f"{len(known)} keys"
                )
            try:
                cur.execute(self._sql(ADD_KEY), _key_row(key))
            except self.conflict_errors as exc:
                raise JournalConflict(f"key {key.key_id} refused: {exc}") from exc

    def keys(self) -> list[JournalKey]:
        """The journal's signing keys, oldest first (the last is current)."""
        return [JournalKey(*row) for row in self._fetch(self._sql(KEYS))]

    def _check_recorded(self, cur: Cursor, seq: int, hash_: str, what: str) -> None:
        if seq == 0 and hash_ == GENESIS_HASH:
            return
        cur.execute(self._sql(HASH_AT), (seq,))
        found = cur.fetchall()
        check_recorded(str(found[0][0]) if found else None, seq, hash_, what)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _checkpoint_row(cp: Checkpoint) -> tuple[Any, ...]:
    return (cp.seq, cp.hash, cp.signed_at, cp.key_id, cp.signature)


def _key_row(key: JournalKey) -> tuple[Any, ...]:
    return (
        key.key_id, key.position, key.public_key, key.added_at, key.added_by, key.reason,
        key.since_seq, key.previous_key_id, key.endorsement,
    )  # fmt: skip


def _head_of(rows: list[tuple[Any, ...]]) -> tuple[int, str]:
    return (int(rows[0][0]), str(rows[0][1])) if rows else (0, GENESIS_HASH)
