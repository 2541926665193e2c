"""The PostgreSQL side of ``tenfour.journal.cluster``: lock holder, fencing, LISTEN/NOTIFY.

The link keeps two connections of its own: one for its questions (who holds the lock, where it
serves, ending a frozen holder's sessions) and one that LISTENs for ``tenfour_journal``, which
every append NOTIFYs at commit. A connection the server dropped is replaced on the next call.
Ending another node's sessions needs the same database role (or ``pg_signal_backend``): see
docs/operations.md.
"""

from __future__ import annotations

import threading
from contextlib import suppress
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import psycopg

from tenfour.journal.cluster import LeaderSeen, node_of_application, session_prefix
from tenfour.journal.errors import JournalUnavailable

if TYPE_CHECKING:
    from tenfour.journal.postgres import PostgresJournal

REGISTER = """
    INSERT INTO cluster_node (node_id, url, role, updated_at) VALUES (%s, %s, %s, %s)
    ON CONFLICT (node_id) DO UPDATE
    SET url = excluded.url, role = excluded.role, updated_at = excluded.updated_at"""
URL_OF = "SELECT url FROM cluster_node WHERE node_id = %s"
FENCE = """
    SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
    WHERE pid <> pg_backend_pid() AND (pid = %s OR left(application_name, %s) = %s)"""

Conn = psycopg.Connection[tuple[Any, ...]]


class PostgresNodeLink:
    """One node's link to the others on a PostgreSQL journal."""

    shared = True

    def __init__(self, journal: PostgresJournal, node: str, url: str) -> None:
        self._journal = journal
        self.node = node
        self.url = url
        self._ask: Conn | None = None
        self._listen: Conn | None = None
        self._mutex = threading.Lock()  # connecting and closing: never a connection after close
        self._closed = False

    def _asking(self) -> Conn:
        from tenfour.journal.postgres import connect

        with self._mutex:
            if self._closed:
                raise JournalUnavailable("the node link was closed")
            if self._ask is None or self._ask.closed or self._ask.broken:
                _close(self._ask)
                self._ask = None
                self._ask = connect(self._journal.url, f"{self._journal.application}:link")
            return self._ask

    def _query(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        try:
            return self._asking().execute(sql, params).fetchall()
        except psycopg.OperationalError as exc:
            raise JournalUnavailable(f"PostgreSQL connection lost: {exc}".strip()) from exc

    def register(self, role: str) -> None:
        """Record this node's URL and role (read by followers to reach the leader)."""
        now = datetime.now(UTC).isoformat(timespec="milliseconds")
        self._query(REGISTER + " RETURNING node_id", (self.node, self.url, role, now))

    def leader(self) -> LeaderSeen | None:
        """The lock holder, its URL and how long its lock session has been quiet."""
        holder = self._journal.holder_quiet()
        if holder is None:
            return None
        pid, application_name, quiet = holder
        node, _ = node_of_application(application_name)
        url = ""
        if node:
            rows = self._query(URL_OF, (node,))
            url = str(rows[0][0]) if rows else ""
        return LeaderSeen(node=node, url=url, quiet_s=quiet, pid=pid)

    def fence(self, leader: LeaderSeen) -> int:
        """End the lock session and every session of the same process."""
        holder = self._journal.holder_quiet()
        if holder is None or holder[0] != leader.pid:
            return 0  # the lock changed hands meanwhile: nothing to end
        _, application = node_of_application(holder[1])
        prefix = session_prefix(application) if application else f"-no-prefix-{leader.pid}"
        rows = self._query(FENCE, (leader.pid, len(prefix), prefix))
        return int(rows[0][0]) if rows else 0

    def heartbeat(self) -> bool:
        """The leader's beat on its lock session."""
        return self._journal.writer_heartbeat()

    def wait_for_appends(self, timeout: float) -> bool:
        """Wait on LISTEN ``tenfour_journal``; True when any notification came."""
        from tenfour.journal.postgres import NOTIFY_CHANNEL, connect

        try:
            with self._mutex:
                if self._closed:
                    return False
                if self._listen is None or self._listen.closed or self._listen.broken:
                    _close(self._listen)
                    self._listen = None
                    self._listen = connect(self._journal.url, f"{self._journal.application}:listen")
                    self._listen.execute(f"LISTEN {NOTIFY_CHANNEL}")
                listening = self._listen
            for _ in listening.notifies(timeout=timeout, stop_after=1):
                return True
        except psycopg.OperationalError as exc:
            raise JournalUnavailable(f"PostgreSQL connection lost: {exc}".strip()) from exc
        return False

    def close(self) -> None:
        """Close both connections; the link makes no new one after this."""
        with self._mutex:
            self._closed = True
            _close(self._ask)
            _close(self._listen)
            self._ask = self._listen = None


def _close(conn: Conn | None) -> None:
    if conn is not None:
        with suppress(psycopg.Error):
            conn.close()
