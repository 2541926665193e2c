"""The console survives losing its node: two nodes on PostgreSQL behind HAProxy, the one the
console's stream is connected to (the leader) is killed with SIGKILL. The console reconnects
through HAProxy to the other node (which takes over), resyncs by seq - every event written
meanwhile arrives once, none twice - shows the incidents created meanwhile, and says it
reconnected."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tenfour.bench.cluster import USER, Cluster
from tenfour.bench.http import PASSWORD
from tenfour.bench.nodes import wait_for
from tests.integration.cluster.tools import need_cluster_tools

pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.slow]


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    """Two nodes behind HAProxy; only n1 runs (and leads) until the test starts n2."""
    need_cluster_tools(proxy=True)
    with Cluster(nodes=2, proxy=True, start=False) as running:
        first = running.nodes.members[0]
        first.start()
        first.wait_ready(role="leader")
        assert running.proxy is not None
        running.proxy.wait_state(first.node_id, "UP")
        yield running


def console(browser: Browser, cluster: Cluster, errors: list[str]) -> Page:
    context = browser.new_context(base_url=cluster.url)
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.goto("/console/login")
    page.fill("#username", USER)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/console/login" not in url, wait_until="commit")
    expect(page.locator("#conn")).to_have_text("LIVE", timeout=30_000)  # the box is shared
    return page


def create_incident(cluster: Cluster, n: int) -> str:
    """Create an incident through HAProxy, retrying (same key) while the cluster takes over."""
    headers = {"Authorization": f"Bearer {cluster.token()}", "Idempotency-Key": f"e2e-fo-{n}"}
    body = {"type_code": "assault", "priority": 1, "address": f"Failover Street {n}"}

    def attempt() -> dict[str, Any] | None:
        try:
            res = httpx.post(f"{cluster.url}/api/v1/incidents", json=body, headers=headers,
                             timeout=5.0)  # fmt: skip
        except httpx.HTTPError:
            return None
        return res.json() if res.status_code == 200 else None

    out = wait_for(f"incident {n} accepted", attempt, 30.0, step_s=0.2)
    return str(next(e["payload"]["incident"] for e in out["events"]
                    if e["type"] == "IncidentCreated"))  # fmt: skip


def test_the_console_reconnects_to_another_node_and_resyncs(
    browser: Browser, cluster: Cluster
) -> None:
    first, second = cluster.nodes.members
    errors: list[str] = []
    page = console(browser, cluster, errors)
    wait_for("the console's stream on n1", lambda: first.healthz().body.get("stream_subscribers"),
             10.0)  # fmt: skip
    second.start()
    second.wait_ready(role="follower")
    assert cluster.proxy is not None
    cluster.proxy.wait_state(second.node_id, "UP")
    start_seq, before = page.evaluate(
        "[window.tenfourStream.lastSeq, window.tenfourStream.received]"
    )

    cluster.token()  # logged in before the fault (a login is a command: it would wait too)
    first.kill()  # the node the console's stream is on, and the leader
    killed_at = time.monotonic()
    incidents = [create_incident(cluster, n) for n in range(3)]
    assert cluster.nodes.leader(other_than=first) is second
    expect(page.locator("#conn")).to_have_text("LIVE", timeout=30_000)
    expect(page.locator("#notice")).to_contain_text("Reconnected")
    pending = len(cluster.incidents) + len(incidents)  # the seeded ones and ours, none twice
    expect(page.locator("#q-count")).to_have_text(str(pending))
    for incident in incidents:  # on the board exactly once
        rows = page.locator(f"#queue tr[data-id='{incident}'], #active tr[data-id='{incident}']")
        expect(rows).to_have_count(1)

    head = cluster.journal_head()
    page.wait_for_function(f"window.tenfourStream.lastSeq === {head}")
    received = page.evaluate("window.tenfourStream.received") - before
    assert received == head - start_seq >= len(incidents), (received, head, start_seq)
    assert page.evaluate("window.tenfourStream.duplicates") == 0
    assert page.evaluate("window.tenfourStream.reconnects") >= 1
    assert second.healthz().body["stream_subscribers"] >= 1
    assert time.monotonic() - killed_at < 60
    page.context.close()
    assert not errors, errors
