"""The PostgreSQL journal (psycopg 3).

URL: any libpq URI, ``postgresql://user@host:5432/db``. To keep the journal in its own schema (tests
use a fresh schema each), pass libpq's ``options`` parameter, URL-encoded::

    postgresql://127.0.0.1:5432/test?options=-csearch_path%3Dmyschema

The schema must already exist. Single writer: ``pg_try_advisory_lock(4336,
hashtext(current_schema()))`` taken on a dedicated connection held open (so two journals in two
schemas of one database do not exclude each other). Because that connection could drop while the
data connection keeps working, each append first checks, inside its transaction, that the lock is
still held by that connection; if not it raises ``WriterLockHeld`` instead of writing. Once this
journal has held the lock, it never appends without it again (a writer that lost its lock and
let it go must not slip in an append behind the next leader).

Faults: every connection has TCP keepalives and a bound on unacknowledged sends, so a vanished
server is noticed in seconds, not hours; a connection the server dropped (a restart,
``pg_terminate_backend``) is replaced on the next call, so the caller sees one failure, not a
dead journal. Each append also wakes the followers (``NOTIFY tenfour_journal``, delivered at
commit; see ``tenfour.journal.cluster``). Connections are named ``APPLICATION:purpose`` in
``pg_stat_activity`` so a frozen leader's sessions can be found and ended.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING, Any

import psycopg

from tenfour.journal.chain import GENESIS_HASH
from tenfour.journal.errors import JournalUnavailable, WriterLockHeld
from tenfour.journal.sqlbase import COLUMNS, Cursor, SqlJournal

if TYPE_CHECKING:
    from tenfour.journal.cluster_postgres import PostgresNodeLink

WRITER_LOCK_CLASS = 4336
_LOCK_OBJECT = "hashtext(current_schema())"
TRY_LOCK = f"SELECT pg_try_advisory_lock({WRITER_LOCK_CLASS}, {_LOCK_OBJECT})"
UNLOCK = f"SELECT pg_advisory_unlock({WRITER_LOCK_CLASS}, {_LOCK_OBJECT})"
_HOLDERS = f"""
    FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
    WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
      AND l.classid = {WRITER_LOCK_CLASS} AND l.objid = {_LOCK_OBJECT}::oid"""
HOLDER = f"SELECT l.pid, a.client_addr::text, a.application_name {_HOLDERS}"
# The holder, and how long its lock session has been quiet (a live leader beats 4 times a second).
HOLDER_QUIET = f"""SELECT l.pid, a.application_name,
    EXTRACT(EPOCH FROM clock_timestamp() - a.state_change)::float8 {_HOLDERS}"""  # noqa: S608
STILL_HELD = f"SELECT EXISTS (SELECT 1 {_HOLDERS} AND l.pid = pg_backend_pid())"
NOTIFY_CHANNEL = "tenfour_journal"
COPY_IN = f"COPY journal ({COLUMNS}) FROM STDIN"
# One round trip per append: the head, and whether this writer's lock session still holds it.
WRITER_HEAD = f"""
    SELECT (SELECT seq FROM journal ORDER BY seq DESC LIMIT 1),
           (SELECT hash FROM journal ORDER BY seq DESC LIMIT 1),
           EXISTS (SELECT 1 FROM pg_locks l
                   WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
                     AND l.classid = {WRITER_LOCK_CLASS} AND l.objid = {_LOCK_OBJECT}::oid
                     AND l.pid = %s),
           pg_notify('tenfour_journal', current_schema()) IS NULL"""  # noqa: S608 - constants only
# How long a connection may wait for the server: a vanished host is noticed in seconds.
CONNECT_OPTIONS: dict[str, Any] = {
    "connect_timeout": 3,
    "keepalives": 1,
    "keepalives_idle": 3,
    "keepalives_interval": 1,
    "keepalives_count": 3,
    "tcp_user_timeout": 6000,  # ms: data sent and never acknowledged
}


def connect(url: str, application_name: str) -> psycopg.Connection[tuple[Any, ...]]:
    """Open an autocommit connection with synchronous commits enforced."""
    try:
        # No server-side prepared statements: psycopg prepares a query on its fifth run, and the
        # generic plan made while the journal was young (a scan: "the table is tiny") was kept as
        # it grew - a fresh 20,000-command journal slowed to a quarter of its speed.
        conn = psycopg.connect(
            url,
            autocommit=True,
            application_name=application_name[:63],
            prepare_threshold=None,
            **CONNECT_OPTIONS,
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

    def __init__(self, url: str, application: str = "tenfour") -> None:
        super().__init__()
        self.url = url
        self.application = application  # sessions are named APPLICATION:purpose
        self._conn = connect(url, f"{application}:journal")
        self._lock_conn: psycopg.Connection[tuple[Any, ...]] | None = None
        self._spare: psycopg.Connection[tuple[Any, ...]] | None = None  # for lock attempts
        self._lock_mutex = threading.Lock()  # the lock session: acquire, beat, release
        self._was_writer = False
        self._closed = False

    def _live(self) -> psycopg.Connection[tuple[Any, ...]]:
        """The data connection, replaced first if the server dropped it."""
        if self._closed:
            raise JournalUnavailable("the journal was closed")
        if self._conn.closed or self._conn.broken:
            old, self._conn = self._conn, connect(self.url, f"{self.application}:journal")
            old.close()
        return self._conn

    @contextmanager
    def _transaction(self) -> Iterator[Cursor]:
        conn = self._live()
        try:
            with conn.transaction(), conn.cursor() as cur:
                yield cur
        except psycopg.OperationalError as exc:
            raise JournalUnavailable(f"PostgreSQL connection lost: {exc}".strip()) from exc

    def _fetch(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._mutex:
            try:
                return self._live().execute(sql, params).fetchall()
            except psycopg.OperationalError as exc:
                raise JournalUnavailable(f"PostgreSQL connection lost: {exc}".strip()) from exc

    def sqlalchemy_url(self) -> str:
        """The URL with the ``postgresql+psycopg`` driver name."""
        return sqlalchemy_url_for(self.url)

    def acquire_writer_lock(self) -> None:
        """Take the advisory lock on a dedicated connection, or raise ``WriterLockHeld``."""
        with self._lock_mutex:
            if self._closed:
                raise JournalUnavailable("the journal was closed")
            if self._lock_conn is not None and not self._lock_conn.broken:
                return
            self._drop_lock_conn()
            # A follower tries every quarter second: on one connection kept for the attempts.
            conn, self._spare = self._spare, None
            if conn is None or conn.closed or conn.broken:
                if conn is not None:
                    conn.close()
                conn = connect(self.url, f"{self.application}:lock")
            try:
                row = conn.execute(TRY_LOCK).fetchone()
                if row is None or not row[0]:
                    holder = conn.execute(HOLDER).fetchone()
                    self._spare = conn
                    raise WriterLockHeld(_held_message(holder))
            except psycopg.OperationalError as exc:
                conn.close()
                raise JournalUnavailable(f"cannot take the writer lock: {exc}".strip()) from exc
            self._lock_conn = conn
            self._was_writer = True

    def release_writer_lock(self) -> None:
        """Unlock and close the lock's connection."""
        with self._lock_mutex:
            self._drop_lock_conn()

    def _drop_lock_conn(self) -> None:
        if self._lock_conn is None:
            return
        conn, self._lock_conn = self._lock_conn, None
        with suppress(psycopg.Error):  # closing the session releases the lock anyway
            if not conn.broken:
                conn.execute(UNLOCK)
        conn.close()

    def writer_heartbeat(self) -> bool:
        """A leader's beat on its lock session: True while the lock is still held by it.

        The beat is also what followers watch (the session's last activity): a leader whose
        session stays quiet past the lease is taken for frozen and its sessions are ended.
        """
        with self._lock_mutex:
            conn = self._lock_conn
            if conn is None or conn.broken:
                return False
            try:
                row = conn.execute(STILL_HELD).fetchone()
            except psycopg.Error:
                return False
            return bool(row and row[0])

    def node_link(self, node: str, url: str) -> PostgresNodeLink:
        """What several nodes on this database share: who leads, where, and wake-ups."""
        from tenfour.journal.cluster_postgres import PostgresNodeLink

        return PostgresNodeLink(self, node, url)

    def _insert_rows(self, cur: Cursor, rows: Sequence[tuple[Any, ...]]) -> None:
        """COPY: about twice the rate of a pipelined executemany for a batch."""
        copy_rows(self._conn, COPY_IN, rows)  # the connection _transaction made live

    def _writer_head(self, cur: Cursor) -> tuple[int, str]:
        lock_conn = self._lock_conn
        if lock_conn is None and not self._was_writer:
            return super()._writer_head(cur)
        if lock_conn is None or lock_conn.broken:
            raise WriterLockHeld("the journal writer lock was let go: this node no longer writes")
        cur.execute(WRITER_HEAD, (lock_conn.info.backend_pid,))
        seq, hash_, held, _ = cur.fetchall()[0]
        if not held:
            raise WriterLockHeld("the journal writer lock was lost (its connection dropped)")
        return (0, GENESIS_HASH) if seq is None else (int(seq), str(hash_))

    def close(self) -> None:
        """Release the writer lock and close the connection."""
        # Under both mutexes: a thread about to connect (an append, a lock attempt) either
        # finishes first and its connection is closed here, or sees the journal closed.
        with self._mutex, self._lock_mutex:
            self._closed = True
            try:
                self._drop_lock_conn()
                if self._spare is not None:
                    self._spare.close()
                    self._spare = None
            finally:
                self._conn.close()

    def holder_quiet(self) -> tuple[int, str, float] | None:
        """The writer lock's holder: backend pid, application name, seconds quiet."""
        rows = self._fetch(HOLDER_QUIET)
        if not rows:
            return None
        pid, app, quiet = rows[0]
        return int(pid), str(app or ""), float(quiet or 0.0)


def _held_message(holder: tuple[Any, ...] | None) -> str:
    who = "another session"
    if holder is not None:
        pid, addr, app = holder
        who = f"backend pid {pid} ({app or 'unknown application'} from {addr or 'local socket'})"
    return (
        f"the journal already has a writer: {who} holds its PostgreSQL advisory lock; "
        "a second writer is refused - reading is still allowed"
    )
