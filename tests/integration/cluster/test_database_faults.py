"""One node on a private PostgreSQL that we break: it must recover by itself and tell the truth.

Issue 13 saw a node answer 11,085 commands with 503 after its connections were terminated, never
recover, say 200 "ok" on /healthz meanwhile, and ignore SIGINT for 65 s. Here: its backends are
terminated, PostgreSQL is stopped (fast, immediate) or killed and started again, and the node is
stopped by SIGINT and SIGTERM while PostgreSQL is down.
"""

from __future__ import annotations

import signal
import time
import uuid
from collections.abc import Iterator

import httpx
import pytest

from tenfour.bench.cluster import Cluster
from tenfour.bench.nodes import Node, wait_for
from tests.integration.cluster.tools import need_cluster_tools

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
RECOVERY_S = 20.0  # PostgreSQL back -> the node writes again (backoff included)
NOTICE_S = 10.0  # PostgreSQL gone -> /readyz says 503
STOP_S = 5.0  # SIGINT/SIGTERM -> the process has exited


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    need_cluster_tools(proxy=False)
    with Cluster(nodes=1, proxy=False) as running:
        yield running


@pytest.fixture
def node(cluster: Cluster) -> Node:
    """The one node, running and ready on a running PostgreSQL (a test before may have broken it)."""
    if not cluster.pg.running():
        cluster.pg.start()
    only = cluster.nodes.members[0]
    if not only.alive():
        only.start()
    only.wait_ready(RECOVERY_S * 2)
    return only


def send(cluster: Cluster, node: Node) -> tuple[str, int]:
    """One command with a fresh key; (key, status) - status 0 when no answer came in 10 s."""
    key = uuid.uuid4().hex
    try:
        return key, cluster.remark(node.url, key, timeout_s=10.0).status_code
    except httpx.HTTPError:
        return key, 0


def until_accepted(cluster: Cluster, node: Node, within_s: float) -> list[tuple[str, int]]:
    """Send commands (fresh key each) until one is accepted; every (key, status) sent.

    /healthz must answer 200 all along: the process lives, whatever the database does.
    """
    sent: list[tuple[str, int]] = []
    deadline = time.monotonic() + within_s
    while not sent or sent[-1][1] != 200:
        assert time.monotonic() < deadline, f"no command accepted in {within_s} s: {sent[-5:]}"
        assert node.healthz().status == 200, "liveness must not depend on the database"
        sent.append(send(cluster, node))
        time.sleep(0.1)
    return sent


def assert_exactly_the_accepted(cluster: Cluster, sent: list[tuple[str, int]]) -> None:
    """Accepted commands are in the journal once; refused ones (503) not at all."""
    counts = cluster.journal_counts(key for key, _ in sent)
    assert {s for _, s in sent} <= {200, 503}, sent
    for key, status in sent:
        assert counts[key] == (1 if status == 200 else 0), (key, status, counts[key])
    assert cluster.audit().ok


def test_terminated_backends_are_replaced_without_a_restart(cluster: Cluster, node: Node) -> None:
    before = send(cluster, node)
    assert before[1] == 200
    pid = node.pid
    assert cluster.pg.terminate_backends() >= 1
    sent = until_accepted(cluster, node, RECOVERY_S)
    assert node.pid == pid, "the node must recover without being restarted"
    wait_for("/readyz 200 again", lambda: node.readyz().status == 200, RECOVERY_S)
    # ... and keeps working: not one lucky command
    sent += [send(cluster, node) for _ in range(5)]
    assert all(status == 200 for _, status in sent[-5:]), sent
    assert_exactly_the_accepted(cluster, [before, *sent])


@pytest.mark.parametrize("fault", ["fast", "immediate", "kill -9"])
def test_postgres_down_then_back(cluster: Cluster, node: Node, fault: str) -> None:
    pid = node.pid
    if fault == "kill -9":
        cluster.pg.kill()
    else:
        cluster.pg.stop(fault)  # type: ignore[arg-type]
    probe = wait_for("/readyz 503", lambda: (p := node.readyz()).status == 503 and p, NOTICE_S)
    assert probe.body["ready"] is False and probe.body["reason"], probe.body
    assert node.healthz().status == 200, "the process lives: liveness stays 200"
    key = uuid.uuid4().hex
    answer = cluster.remark(node.url, key, timeout_s=10.0)
    assert answer.status_code == 503, f"a command while the database is down: {answer.text}"
    assert answer.headers["retry-after"], "the client is told to retry (with the same key)"
    refused = (key, 503)

    cluster.pg.start()
    sent = until_accepted(cluster, node, RECOVERY_S)
    wait_for("/readyz 200 again", lambda: node.readyz().status == 200, RECOVERY_S)
    assert node.pid == pid
    assert_exactly_the_accepted(cluster, [refused, *sent])


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_stops_the_node_while_postgres_is_down(
    cluster: Cluster, node: Node, sig: signal.Signals
) -> None:
    cluster.pg.stop("immediate")
    wait_for("/readyz 503", lambda: node.readyz().status == 503, NOTICE_S)
    took = node.stop(sig, timeout_s=30.0)
    assert took <= STOP_S, f"{sig.name} took {took:.1f} s to stop the node"
    assert node.proc is not None and node.proc.returncode != -signal.SIGKILL
