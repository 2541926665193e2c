"""The Journal interface and ``open_journal``, which picks a backend from a URL.

URLs: a plain file path or ``sqlite:///relative/path`` / ``sqlite:////absolute/path`` for SQLite;
``postgresql://...`` (or ``postgres://``) for PostgreSQL - see ``tenfour.journal.postgres`` for
selecting a schema with ``?options=-csearch_path%3Dmyschema``; ``memory://NAME`` for the memory
journal (tests, the simulator: nothing outlives the process - see ``tenfour.journal.memory``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import Protocol, Self

import psycopg

from tenfour.journal.errors import JournalError, JournalUnavailable
from tenfour.journal.filing import Filed
from tenfour.journal.record import Checkpoint, JournalKey, JournalRecord, Snapshot

# What a caller that must not crash (the CLI) catches: ours, plus the drivers' (e.g. a file that
# is not a database, a schema never migrated, a server that went away mid-read).
STORAGE_ERRORS: tuple[type[Exception], ...] = (JournalError, sqlite3.Error, psycopg.Error)

_POSTGRES_SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg://")


class Journal(Protocol):
    """An append-only, hash-chained log of events with checkpoints and snapshots beside it.

    ``in_process``: the database runs inside this process (SQLite): a call costs less than
    handing it to another thread, and the engine makes it on its own thread. Otherwise
    (PostgreSQL) a call is a round trip to a server, made on the engine's journal threads.
    """

    in_process: bool

    def migrate(self) -> None:
        """Create or upgrade the schema (idempotent)."""

    def append(self, records: Sequence[JournalRecord]) -> None:
        """Write the batch in one durable transaction; ``JournalConflict`` if it does not fit."""

    def read(self, after_seq: int = 0, limit: int | None = None) -> Iterator[JournalRecord]:
        """Records with seq > after_seq in seq order, streamed."""
        ...

    def read_command(self, command_id: str) -> list[JournalRecord]:
        """Every record one command produced."""
        ...

    def read_commands(self, command_ids: Sequence[str]) -> dict[str, list[JournalRecord]]:
        """Records of several commands at once, keyed by command id (absent ids are missing)."""
        ...

    def head(self) -> tuple[int, str]:
        """Last seq and hash; ``(0, GENESIS_HASH)`` when empty."""
        ...

    def filed(self, key: str) -> list[Filed]:
        """Records filed under ``key`` (an incident, ``directive:DIR1``...) and under the keys
        an incident cites, in seq order (``tenfour.journal.filing``)."""
        ...

    def files(self, key: str) -> bool:
        """Whether any record is filed under ``key`` itself."""
        ...

    def add_checkpoint(self, cp: Checkpoint) -> None:
        """Store a signed checkpoint (never replaced)."""

    def checkpoints(self) -> list[Checkpoint]:
        """All checkpoints in seq order."""
        ...

    def save_snapshot(self, snap: Snapshot) -> None:
        """Store or replace a snapshot."""

    def latest_snapshot(self) -> Snapshot | None:
        """The newest snapshot."""
        ...

    def snapshots(self) -> list[Snapshot]:
        """Every snapshot kept, newest first."""
        ...

    def add_key(self, key: JournalKey) -> None:
        """Record a signing key (append-only); ``JournalConflict`` if out of turn."""

    def keys(self) -> list[JournalKey]:
        """The journal's signing keys, oldest first; the last one is current."""
        ...

    def acquire_writer_lock(self) -> None:
        """Become the single writer or raise ``WriterLockHeld``."""

    def release_writer_lock(self) -> None:
        """Stop being the writer."""

    def close(self) -> None:
        """Release everything."""

    def __enter__(self) -> Self:
        """Use as a context manager that closes on exit."""
        ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Close."""


def open_journal(url: str, *, create: bool = True, application: str = "tenfour") -> Journal:
    """Open the journal at ``url``; with ``create=False`` a missing SQLite file is an error.

    ``application`` names a server's sessions (``APPLICATION:purpose``, see
    ``tenfour.journal.cluster``).
    """
    # The backends (and SQLAlchemy, Alembic behind them) load only when a journal is opened.
    if url.startswith(_POSTGRES_SCHEMES):
        from tenfour.journal.postgres import PostgresJournal

        return PostgresJournal("postgresql://" + url.split("://", 1)[1], application)
    if url.startswith("memory://"):
        from tenfour.journal.memory import open_memory_journal

        return open_memory_journal(url, create=create)
    from tenfour.journal.sqlite import SqliteJournal

    return SqliteJournal(sqlite_path(url), create=create)


def is_shared(url: str) -> bool:
    """Whether several nodes may share the journal at ``url`` (PostgreSQL)."""
    return url.startswith(_POSTGRES_SCHEMES)


def sqlite_path(url: str) -> Path:
    """The file a SQLite URL or plain path names; other URLs raise ``JournalUnavailable``."""
    if url.startswith("sqlite:///"):
        url = url.removeprefix("sqlite:///")
    elif "://" in url or not url:
        raise JournalUnavailable(
            f"unsupported journal URL {url!r}: use a file path, sqlite:///path, postgresql://... "
            "or memory://NAME"
        )
    return Path(url)
