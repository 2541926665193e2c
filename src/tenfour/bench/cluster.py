"""A whole tenfour cluster to break: a private PostgreSQL, N nodes on it, HAProxy in front.

Used by ``tenfour bench failover`` and by the fault tests (tests/integration/cluster, the
browser's failover test)::

    with Cluster(nodes=3) as cluster:
        leader = cluster.nodes.leader()
        leader.kill()
        ...
        assert cluster.journal_counts(acked_keys) == {k: 1 for k in acked_keys}

The journal is seeded before the first node starts (``disp``, a dispatcher and supervisor of
MPD, and open incidents to add remarks to); everything is removed on the way out.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

import httpx
import psycopg

from tenfour.bench.haproxy import HAProxy
from tenfour.bench.http import PASSWORD, seed_database
from tenfour.bench.nodes import Nodes
from tenfour.bench.pg import Managed, PgCluster
from tenfour.journal.audit import AuditReport, verify_journal
from tenfour.journal.signing import load_public_key
from tenfour.journal.store import open_journal
from tenfour.settings import Settings

USER = "disp"
T = TypeVar("T")
LOG_TAIL_LINES = 40


class Cluster(Managed):
    """PostgreSQL + ``nodes`` tenfour nodes (+ HAProxy when ``proxy``), started on entry."""

    def __init__(
        self,
        nodes: int = 3,
        *,
        proxy: bool = True,
        lease_seconds: float = 5.0,
        start: bool = True,
        extra_env: dict[str, str] | None = None,
    ) -> None:
        self.workdir = Path(tempfile.mkdtemp(prefix="tenfour-cluster-"))
        self.pg = PgCluster()
        self.secret = f"cluster-secret-{uuid.uuid4().hex}{uuid.uuid4().hex}"
        self.key_path = self.workdir / "journal-key.pem"
        self.nodes = Nodes(
            self.pg.url,
            self.secret,
            self.key_path,
            self.workdir,
            lease_seconds=lease_seconds,
            extra_env=dict(extra_env or {}),
        )
        self.nodes.add(nodes)
        self.proxy = HAProxy(list(self.nodes)) if proxy else None
        self.start_nodes = start
        self.incidents: list[str] = []
        self._tokens: dict[str, str] = {}

    @property
    def url(self) -> str:
        """Where clients go: HAProxy, or the first node without one."""
        return self.proxy.url if self.proxy else self.nodes.members[0].url

    def begin(self) -> None:
        """What ``with`` does first: PostgreSQL, the seed, the nodes (unless not asked), HAProxy."""
        self.pg.create()
        self.incidents = _in_thread(lambda: seed_database(self.settings()))
        if self.start_nodes:
            self.nodes.start_all()
        if self.proxy:
            self.proxy.start()

    def close(self) -> None:
        """Stop everything and delete every file (nodes first: they hold the database)."""
        try:
            if self.proxy:
                self.proxy.stop()
            self.nodes.stop_all()
        finally:
            self.pg.cleanup()
            shutil.rmtree(self.workdir, ignore_errors=True)

    def settings(self) -> Settings:
        """The settings every node shares."""
        return Settings(db=self.pg.url, key_path=self.key_path, secret=self.secret)

    # --- talking to it --------------------------------------------------------------------------

    def token(self, url: str | None = None) -> str:
        """A bearer token of ``disp`` (logged in through ``url``, HAProxy by default)."""
        base = url or self.url
        if base not in self._tokens:
            body = {"username": USER, "password": PASSWORD}
            res = httpx.post(f"{base}/api/v1/auth/token", data=body, timeout=10.0)
            res.raise_for_status()
            self._tokens[base] = str(res.json()["access_token"])
        return self._tokens[base]

    def remark(self, url: str, key: str, timeout_s: float = 10.0, n: int = 0) -> httpx.Response:
        """One command (a remark on an incident) with Idempotency-Key ``key``, sent to ``url``."""
        incident = self.incidents[n % len(self.incidents)]
        headers = {"Authorization": f"Bearer {self.token()}", "Idempotency-Key": key}
        return httpx.post(
            f"{url}/api/v1/incidents/{incident}/remarks",
            json={"text": f"remark {key}"},
            headers=headers,
            timeout=timeout_s,
        )

    # --- what the journal holds -----------------------------------------------------------------

    def journal_counts(self, command_ids: Iterable[str]) -> dict[str, int]:
        """How many journal rows each command id has (0 for none), read straight from SQL."""
        ids = sorted(set(command_ids))
        sql = "SELECT command_id, count(*) FROM journal WHERE command_id = ANY(%s) GROUP BY 1"
        with psycopg.connect(self.pg.url) as conn:
            found = {str(r[0]): int(r[1]) for r in conn.execute(sql, (ids,)).fetchall()}
        return {i: found.get(i, 0) for i in ids}

    def journal_seqs(self, command_ids: Iterable[str], after: int = 0) -> list[int]:
        """The seqs after ``after`` of the rows of these command ids, in order."""
        sql = "SELECT seq FROM journal WHERE seq > %s AND command_id = ANY(%s) ORDER BY seq"
        with psycopg.connect(self.pg.url) as conn:
            return [int(r[0]) for r in conn.execute(sql, (after, sorted(set(command_ids))))]

    def journal_head(self) -> int:
        """The journal's last seq."""
        with psycopg.connect(self.pg.url) as conn:
            row = conn.execute("SELECT coalesce(max(seq), 0) FROM journal").fetchone()
        return int(row[0]) if row else 0

    def audit(self) -> AuditReport:
        """The whole chain verified against the signed checkpoints and the key."""
        with open_journal(self.pg.url) as journal:
            return verify_journal(journal, load_public_key(self.key_path))

    def logs(self) -> str:
        """The tail of every node's log (to print when something went wrong)."""
        parts = []
        for node in self.nodes:
            tail = node.log_text().splitlines()[-LOG_TAIL_LINES:]
            parts.append(f"===== {node.node_id} ({node.url})\n" + "\n".join(tail))
        return "\n".join(parts)


def _in_thread(work: Callable[[], T]) -> T:
    """Run ``work`` in a thread of its own: it may start an event loop where one runs already."""
    out: list[T] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            out.append(work())
        except BaseException as err:  # re-raised in the caller
            errors.append(err)

    thread = threading.Thread(target=run, name="tenfour-cluster-seed")
    thread.start()
    thread.join()
    if errors:
        raise errors[0]
    return out[0]
