"""``tenfour serve`` nodes as child processes: start, probe, kill -9, freeze, stop by signal.

Every node of a cluster gets the same database, secret and journal key, its own port, node id
and log file. A node is probed over HTTP: ``/readyz`` (role, readiness, lag) and ``/healthz``.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import httpx

from tenfour.bench.pg import free_port

START_TIMEOUT_S = 60.0
PROBE_TIMEOUT_S = 1.0
T = TypeVar("T")


class ClusterError(RuntimeError):
    """The cluster did not reach the state asked of it in time (the message says which)."""


def wait_for(what: str, check: Callable[[], T | None], timeout_s: float, step_s: float = 0.05) -> T:
    """Call ``check`` until it returns something other than None/False; raise after timeout."""
    deadline = time.monotonic() + timeout_s
    while True:
        value = check()
        if value is not None and value is not False:
            return value
        if time.monotonic() > deadline:
            raise ClusterError(f"timed out after {timeout_s:.0f} s waiting for {what}")
        time.sleep(step_s)


@dataclass(frozen=True)
class Probe:
    """One answer of ``/readyz`` or ``/healthz`` (status 0: no answer at all)."""

    status: int
    body: dict[str, Any]
    node: str = ""  # X-Tenfour-Node

    @property
    def role(self) -> str:
        """The node's role as it says, or ``down`` without an answer."""
        return str(self.body.get("role", "down")) if self.status else "down"


@dataclass
class Node:
    """One ``tenfour serve`` process (which may be stopped and started again)."""

    node_id: str
    port: int
    env: dict[str, str]
    log_path: Path
    proc: subprocess.Popen[bytes] | None = None
    starts: int = 0

    @property
    def url(self) -> str:
        """Its base URL."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        """The running process's id."""
        if self.proc is None:
            raise ClusterError(f"node {self.node_id} is not running")
        return self.proc.pid

    def start(self, log_level: str = "warning") -> None:
        """Start the process (appending to its log); returns at once, see ``wait_ready``."""
        if self.alive():
            return
        args = [sys.executable, "-m", "tenfour.cli.serve", "--db", self.env["TENFOUR_DB"]]
        args += ["--host", "127.0.0.1", "--port", str(self.port), "--log-level", log_level]
        self.starts += 1
        with self.log_path.open("ab") as log:
            log.write(f"--- start {self.starts} at {time.time():.3f}\n".encode())
            log.flush()
            self.proc = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
                args, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )

    def alive(self) -> bool:
        """Whether the process runs (a frozen process runs)."""
        return self.proc is not None and self.proc.poll() is None

    def kill(self) -> None:
        """kill -9, and reap it."""
        if self.alive():
            self.send(signal.SIGKILL)
            self.wait_exit(10.0)

    def freeze(self) -> None:
        """SIGSTOP: the process stays, its sockets stay open, it does nothing."""
        self.send(signal.SIGSTOP)

    def thaw(self) -> None:
        """SIGCONT after ``freeze``."""
        self.send(signal.SIGCONT)

    def send(self, sig: int) -> None:
        """Send ``sig`` to the process."""
        os.kill(self.pid, sig)

    def stop(self, sig: int = signal.SIGTERM, timeout_s: float = 20.0) -> float:
        """Send ``sig`` and wait for the exit; the seconds it took (ClusterError past timeout)."""
        start = time.monotonic()
        self.send(sig)
        self.wait_exit(timeout_s)
        return time.monotonic() - start

    def wait_exit(self, timeout_s: float) -> int:
        """Wait for the process to end; its exit code."""
        assert self.proc is not None
        try:
            return self.proc.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            raise ClusterError(f"node {self.node_id} did not exit within {timeout_s} s") from None

    def readyz(self) -> Probe:
        """``GET /readyz`` (status 0 when nothing answers)."""
        return self._probe("/readyz")

    def healthz(self) -> Probe:
        """``GET /healthz`` (status 0 when nothing answers)."""
        return self._probe("/healthz")

    def _probe(self, path: str) -> Probe:
        try:
            res = httpx.get(f"{self.url}{path}", timeout=PROBE_TIMEOUT_S)
        except httpx.HTTPError:
            return Probe(0, {})
        with contextlib.suppress(ValueError):
            body = res.json()
            return Probe(
                res.status_code,
                body if isinstance(body, dict) else {},
                res.headers.get("x-tenfour-node", ""),
            )
        return Probe(res.status_code, {}, res.headers.get("x-tenfour-node", ""))

    def wait_ready(self, timeout_s: float = START_TIMEOUT_S, role: str | None = None) -> Probe:
        """Wait until ``/readyz`` answers 200 (and the role is ``role`` when given)."""

        def ready() -> Probe | None:
            if not self.alive():
                tail = "\n".join(self.log_text().splitlines()[-30:])
                raise ClusterError(f"node {self.node_id} exited; the end of its log:\n{tail}")
            probe = self.readyz()
            ok = probe.status == 200 and (role is None or probe.role == role)
            return probe if ok else None

        return wait_for(
            f"node {self.node_id} ready{f' as {role}' if role else ''}", ready, timeout_s
        )

    def log_text(self) -> str:
        """Everything the node wrote so far."""
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


@dataclass
class Nodes:
    """The nodes of one cluster: same database, secret and key; each its own port and log."""

    db: str
    secret: str
    key_path: Path
    workdir: Path
    lease_seconds: float = 5.0
    extra_env: dict[str, str] = field(default_factory=dict)
    members: list[Node] = field(default_factory=list)

    def add(self, count: int = 1) -> list[Node]:
        """Define ``count`` more nodes (not started yet)."""
        made = [self._node(len(self.members) + 1 + i) for i in range(count)]
        self.members += made
        return made

    def _node(self, number: int) -> Node:
        port, node_id = free_port(), f"n{number}"
        env = {
            **os.environ,
            "TENFOUR_DB": self.db,
            "TENFOUR_SECRET": self.secret,
            "TENFOUR_KEY_PATH": str(self.key_path),
            "TENFOUR_NODE_ID": node_id,
            "TENFOUR_ADVERTISE_URL": f"http://127.0.0.1:{port}",
            "TENFOUR_LEASE_SECONDS": f"{self.lease_seconds:g}",
            "TENFOUR_TRUSTED_PROXIES": "127.0.0.1",
            **self.extra_env,
        }
        return Node(node_id, port, env, self.workdir / f"{node_id}.log")

    def __iter__(self) -> Iterator[Node]:
        return iter(self.members)

    def __getitem__(self, node_id: str) -> Node:
        return next(n for n in self.members if n.node_id == node_id)

    def start_all(self, timeout_s: float = START_TIMEOUT_S) -> None:
        """Start every node and wait until each is ready."""
        for node in self.members:
            node.start()
        for node in self.members:
            node.wait_ready(timeout_s)

    def roles(self) -> dict[str, str]:
        """Each live node's role as its ``/readyz`` says (``down`` when it does not answer)."""
        return {n.node_id: n.readyz().role if n.alive() else "down" for n in self.members}

    def leaders(self) -> list[Node]:
        """The nodes that say they lead and are ready."""
        return [n for n in self.members if n.alive() and _leads(n.readyz())]

    def leader(self, timeout_s: float = 30.0, other_than: Node | None = None) -> Node:
        """Wait until exactly one node (not ``other_than``) says it leads and is ready."""

        def one() -> Node | None:
            found = [n for n in self.leaders() if n is not other_than]
            return found[0] if len(found) == 1 else None

        return wait_for("exactly one ready leader", one, timeout_s)

    def stop_all(self) -> None:
        """Thaw and kill every node still running (cleanup: their state is in the database)."""
        for node in self.members:
            if node.alive():
                with contextlib.suppress(OSError):
                    node.thaw()
                node.kill()


def _leads(probe: Probe) -> bool:
    return probe.status == 200 and probe.role == "leader"
