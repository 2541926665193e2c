"""HAProxy in front of the nodes: round robin over the nodes whose ``/readyz`` says 200.

The configuration is the one docs/operations.md describes, with the tests' short intervals: a
health check every 300 ms, a node is out after 2 failures and back after 1 success. HAProxy runs
in the foreground (``-db``) in a temporary directory and is stopped on the way out.
"""

from __future__ import annotations

import contextlib
import csv
import io
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

import httpx

from tenfour.bench.nodes import Node, wait_for
from tenfour.bench.pg import Managed, free_port

HAPROXY = Path("/usr/sbin/haproxy")


def haproxy_config(
    port: int, stats_port: int, servers: Sequence[tuple[str, int]], check_path: str = "/readyz"
) -> str:
    """A configuration: ``servers`` as (name, port) on 127.0.0.1, the front on ``port``."""
    lines = [
        "global",
        "    maxconn 4096",
        "defaults",
        "    mode http",
        "    option forwardfor",  # the nodes trust 127.0.0.1 to name the client
        "    option redispatch",  # a refused connection is tried on another node
        "    retries 2",  # ... only a connection failure: a request is never sent twice
        "    timeout connect 1s",
        "    timeout client 60s",
        "    timeout server 60s",
        "    timeout tunnel 1h",  # an open WebSocket (the live stream) is not idle-cut
        "    timeout check 1s",
        "frontend tenfour",
        f"    bind 127.0.0.1:{port}",
        "    default_backend nodes",
        "backend nodes",
        "    balance roundrobin",
        f"    option httpchk GET {check_path}",
        "    http-check expect status 200",
        "    default-server inter 300ms fall 2 rise 1",
        *(f"    server {name} 127.0.0.1:{p} check" for name, p in servers),
        "frontend stats",
        f"    bind 127.0.0.1:{stats_port}",
        "    stats enable",
        "    stats uri /stats",
    ]
    return "\n".join(lines) + "\n"


class HAProxy(Managed):
    """A running HAProxy over ``nodes``; ``url`` is the one address clients use."""

    def __init__(self, nodes: Sequence[Node], check_path: str = "/readyz") -> None:
        self.base = Path(tempfile.mkdtemp(prefix="tenfour-haproxy-"))
        self.port, self.stats_port = free_port(), free_port()
        self.config = self.base / "haproxy.cfg"
        self.config.write_text(
            haproxy_config(
                self.port, self.stats_port, [(n.node_id, n.port) for n in nodes], check_path
            )
        )
        self.log = self.base / "haproxy.log"
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """The load balancer's address."""
        return f"http://127.0.0.1:{self.port}"

    def begin(self) -> None:
        """What ``with`` does first: ``start``."""
        self.start()

    def close(self) -> None:
        """What ``with`` does last: ``stop``."""
        self.stop()

    def start(self) -> None:
        """Check the configuration, start HAProxy, wait for its stats page."""
        if not HAPROXY.exists():
            raise FileNotFoundError(f"{HAPROXY} is missing (apt-get install haproxy)")
        check = [str(HAPROXY), "-c", "-q", "-f", str(self.config)]
        subprocess.run(check, check=True, capture_output=True, timeout=30)  # noqa: S603
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(  # noqa: S603 - our own configuration
                [str(HAPROXY), "-db", "-f", str(self.config)],
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_for("HAProxy", lambda: self.states() or None, 10.0)

    def states(self) -> dict[str, str]:
        """Each server's state as HAProxy sees it (``UP``, ``DOWN``...); {} before it answers."""
        try:
            res = httpx.get(f"http://127.0.0.1:{self.stats_port}/stats;csv", timeout=1.0)
        except httpx.HTTPError:
            return {}
        rows = csv.DictReader(io.StringIO(res.text.lstrip("# ")))
        return {
            r["svname"]: r["status"].split(" ")[0]
            for r in rows
            if r.get("pxname") == "nodes" and r.get("svname") not in ("FRONTEND", "BACKEND")
        }

    def wait_state(self, node_id: str, state: str, timeout_s: float = 15.0) -> None:
        """Wait until HAProxy sees ``node_id`` in ``state`` (``UP`` or ``DOWN``)."""
        wait_for(
            f"HAProxy to see {node_id} {state}",
            lambda: self.states().get(node_id) == state,
            timeout_s,
        )

    def stop(self) -> None:
        """Stop HAProxy and delete its directory."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self.proc.wait(timeout=5)
        shutil.rmtree(self.base, ignore_errors=True)
