"""The SQLite journal: one file, WAL mode, ``synchronous=FULL`` (an append is on disk on return).

Single writer: an exclusive ``flock`` on the sidecar file ``<db>.writer.lock``, which holds the
writer's pid for the error message. The kernel drops the lock when the process dies, so there is
no stale lock to clean up. ``flock`` is advisory and local: it guards against a second tenfour
process on the same machine, which is the deployment SQLite is meant for (not a network share).
Readers never take it, and WAL lets them read while the writer commits.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tenfour.journal.errors import JournalNotFound, JournalUnavailable, WriterLockHeld
from tenfour.journal.sqlbase import SqlJournal

BUSY_TIMEOUT_S = 10.0


def lock_path_for(db_path: Path) -> Path:
    """The sidecar file whose ``flock`` marks the single writer."""
    return db_path.with_name(db_path.name + ".writer.lock")


def connect(path: Path, *, create: bool) -> sqlite3.Connection:
    """Open ``path`` in autocommit mode with WAL and ``synchronous=FULL``."""
    if not create and not path.is_file():
        raise JournalNotFound(f"no journal database at {path}")
    if create:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = sqlite3.connect(
            path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
        )
        if create:  # WAL is a property of the file: set by whoever creates it
            conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # fail here if not SQLite
    except sqlite3.Error as exc:
        raise JournalUnavailable(f"cannot open SQLite journal {path}: {exc}") from exc
    return conn


class SqliteJournal(SqlJournal):
    """Journal stored in one SQLite file."""

    conflict_errors = (sqlite3.IntegrityError,)
    in_process = True  # see Journal.in_process

    def __init__(self, path: Path, *, create: bool = True) -> None:
        super().__init__()
        self.path = path
        self._conn = connect(path, create=create)
        self._lock_fd: int | None = None

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Cursor]:
        cur = self._conn.cursor()
        cur.execute("BEGIN IMMEDIATE")  # take the write lock now, not at the first insert
        try:
            yield cur
            cur.execute("COMMIT")
        except BaseException:
            if self._conn.in_transaction:
                cur.execute("ROLLBACK")
            raise

    def _fetch(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._mutex:
            return self._conn.execute(sql, params).fetchall()

    def sqlalchemy_url(self) -> str:
        """``sqlite:///`` + the absolute path."""
        return f"sqlite:///{self.path.resolve()}"

    def acquire_writer_lock(self) -> None:
        """Take the sidecar ``flock`` or raise ``WriterLockHeld`` naming the holder's pid."""
        if self._lock_fd is not None:
            return
        lock_path = lock_path_for(self.path)
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 32).decode(errors="replace").strip() or "unknown"
            os.close(fd)
            raise WriterLockHeld(
                f"journal {self.path} already has a writer (pid {holder}, lock {lock_path}); "
                "stop that process first - reading is still allowed"
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._lock_fd = fd

    def release_writer_lock(self) -> None:
        """Drop the ``flock`` (the lock file itself stays: removing it would race)."""
        if self._lock_fd is None:
            return
        fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
        os.close(self._lock_fd)
        self._lock_fd = None

    def close(self) -> None:
        """Release the writer lock and close the connection."""
        self.release_writer_lock()
        self._conn.close()
