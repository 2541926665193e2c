"""The PostgreSQL journal (psycopg 3).

URL: any libpq URI, ``postgresql://user@host:5432/db``. To keep the journal in its own schema (tests
use a fresh schema each), pass libpq's ``options`` parameter, URL-encoded::

    postgresql://127.0.0.1:5432/test?options=-csearch_path%3Dmyschema

The schema must already exist. Single writer: ``pg_try_advisory_lock(4336,
hashtext(current_schema()))`` taken on a dedicated connection held open (so two journals in two
schemas of one database do not exclude each other). Because that connection could drop while the
data connection keeps working, each append first checks, inside its transaction, that the lock is
still held by that connection; if not it raises ``WriterLockHeld`` instead of writing.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import Any

import psycopg

from tenfour.journal.chain import GENESIS_HASH
from tenfour.journal.errors import JournalUnavailable, WriterLockHeld
from tenfour.journal.sqlbase import COLUMNS, Cursor, SqlJournal

WRITER_LOCK_CLASS = 4336
_LOCK_OBJECT = "hashtext(current_schema())"
TRY_LOCK = f"SELECT pg_try_advisory_lock({WRITER_LOCK_CLASS}, {_LOCK_OBJECT})"
UNLOCK = f"SELECT pg_advisory_unlock({WRITER_LOCK_CLASS}, {_LOCK_OBJECT})"
_HOLDERS = f"""
    FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
    WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
      AND l.classid = {WRITER_LOCK_CLASS} AND l.objid = {_LOCK_OBJECT}::oid"""
HOLDER = f"SELECT l.pid, a.client_addr::text, a.application_name {_HOLDERS}"
COPY_IN = f"COPY journal ({COLUMNS}) FROM STDIN"
# One round trip per append: the head, and whether this writer's lock session still holds it.
WRITER_HEAD = f"""
    SELECT (SELECT seq FROM journal ORDER BY seq DESC LIMIT 1),
           (SELECT hash FROM journal ORDER BY seq DESC LIMIT 1),
           EXISTS (SELECT 1 FROM pg_locks l
                   WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
                     AND l.classid = {WRITER_LOCK_CLASS} AND l.objid = {_LOCK_OBJECT}::oid
                     AND l.pid = %s)"""  # noqa: S608 - constants only


def connect(url: str, application_name: str) -> psycopg.Connection[tuple[Any, ...]]:
    """Open an autocommit connection with synchronous commits enforced."""
    try:
        # No server-side prepared statements: psycopg prepares a query on its fifth run, and the
        # generic plan made while the journal was young (a scan: "the table is tiny") was kept as
        # it grew - a fresh 20,000-command journal slowed to a quarter of its speed.
        conn = psycopg.connect(
            url, autocommit=True, application_name=application_name, prepare_threshold=None
        )
        conn.execute("SET synchronous_commit TO on")
    except psycopg.Error as exc:
        raise JournalUnavailable(f"cannot connect to PostgreSQL: {exc}".strip()) from exc
    return conn


def copy_rows(
    conn: psycopg.Connection[tuple[Any, ...]], copy_sql: str, rows: Sequence[tuple[Any, ...]]
) -> None:
    """Stream ``rows`` through ``COPY ... FROM STDIN`` in the connection's current transaction."""
    with conn.cursor() as cur, cur.copy(copy_sql) as copy:
        for row in rows:
            copy.write_row(row)


def sqlalchemy_url_for(url: str) -> str:
    """The SQLAlchemy spelling of a libpq URL (psycopg 3 driver)."""
    scheme, rest = url.split("://", 1)
    return f"postgresql+psycopg://{rest}" if scheme in ("postgres", "postgresql") else url


class PostgresJournal(SqlJournal):
    """Journal stored in PostgreSQL, in the schema the URL's search_path selects."""

    placeholder = "%s"
    conflict_errors = (psycopg.errors.IntegrityError,)

    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url
        self._conn = connect(url, "tenfour-journal")
        self._lock_conn: psycopg.Connection[tuple[Any, ...]] | None = None

    @contextmanager
    def _transaction(self) -> Iterator[Cursor]:
        with self._conn.transaction(), self._conn.cursor() as cur:
            yield cur

    def _fetch(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._mutex:
            return self._conn.execute(sql, params).fetchall()

    def sqlalchemy_url(self) -> str:
        """The URL with the ``postgresql+psycopg`` driver name."""
        return sqlalchemy_url_for(self.url)

    def acquire_writer_lock(self) -> None:
        """Take the advisory lock on a dedicated connection, or raise ``WriterLockHeld``."""
        if self._lock_conn is not None:
            return
        conn = connect(self.url, "tenfour-journal-writer")
        row = conn.execute(TRY_LOCK).fetchone()
        if row is None or not row[0]:
            holder = conn.execute(HOLDER).fetchone()
            conn.close()
            raise WriterLockHeld(_held_message(holder))
        self._lock_conn = conn

    def release_writer_lock(self) -> None:
        """Unlock and close the lock's connection."""
        if self._lock_conn is None:
            return
        conn, self._lock_conn = self._lock_conn, None
        with suppress(psycopg.Error):  # closing the session releases the lock anyway
            conn.execute(UNLOCK)
        conn.close()

    def _insert_rows(self, cur: Cursor, rows: Sequence[tuple[Any, ...]]) -> None:
        """COPY: about twice the rate of a pipelined executemany for a batch."""
        copy_rows(self._conn, COPY_IN, rows)

    def _writer_head(self, cur: Cursor) -> tuple[int, str]:
        if self._lock_conn is None:
            return super()._writer_head(cur)
        cur.execute(WRITER_HEAD, (self._lock_conn.info.backend_pid,))
        seq, hash_, held = cur.fetchall()[0]
        if not held:
            raise WriterLockHeld("the journal writer lock was lost (its connection dropped)")
        return (0, GENESIS_HASH) if seq is None else (int(seq), str(hash_))

    def close(self) -> None:
        """Release the writer lock and close the connection."""
        try:
            self.release_writer_lock()
        finally:
            self._conn.close()


def _held_message(holder: tuple[Any, ...] | None) -> str:
    who = "another session"
    if holder is not None:
        pid, addr, app = holder
        who = f"backend pid {pid} ({app or 'unknown application'} from {addr or 'local socket'})"
    return (
        f"the journal already has a writer: {who} holds its PostgreSQL advisory lock; "
        "a second writer is refused - reading is still allowed"
    )
