"""Three nodes on one PostgreSQL behind HAProxy: one leader, forwarding, takeover, no loss.

The leader is killed (SIGKILL) and frozen (SIGSTOP) under a steady command load through HAProxy;
a follower must take over, and every acknowledged command must be in the journal exactly once
(the load retries unanswered commands with the same Idempotency-Key). The bounds here are
generous (the box is shared); the real figures come from ``tenfour bench failover``.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator

import httpx
import pytest

from tenfour.bench.cluster import Cluster
from tenfour.bench.nodes import Node
from tenfour.bench.steady import SteadyLoad, StreamWatch
from tests.integration.cluster.tools import need_cluster_tools

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
KILL_TAKEOVER_S = 10.0  # issue 13's target is 2 s (median): the bench measures it
FREEZE_TAKEOVER_S = 25.0  # target 15 s
REJOIN_S = 60.0
FLOWING = 10  # commands answered before a fault, and again after it
DATABASE_RECOVERY_S = 20.0  # PostgreSQL back -> commands accepted again


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    need_cluster_tools(proxy=True)
    with Cluster(nodes=3, proxy=True) as running:
        running.nodes.leader()
        yield running


def followers(cluster: Cluster) -> list[Node]:
    leader = cluster.nodes.leader()
    return [n for n in cluster.nodes if n is not leader]


def test_exactly_one_leader_and_every_node_names_it(cluster: Cluster) -> None:
    leader = cluster.nodes.leader()
    for node in cluster.nodes:
        probe = node.readyz()
        assert probe.status == 200, (node.node_id, probe)
        assert probe.node == node.node_id == probe.body["node"]  # X-Tenfour-Node
        assert probe.role == ("leader" if node is leader else "follower"), probe.body
        named = probe.body["leader"]  # a follower names the leader it carries commands to
        if node is not leader or named is not None:
            assert (named["node"], named["url"]) == (leader.node_id, leader.url), probe.body
        health = node.healthz()
        assert health.status == 200 and health.body["role"] == probe.role, health.body
    assert cluster.proxy is not None
    assert set(cluster.proxy.states().values()) == {"UP"}


def test_a_command_to_a_follower_is_carried_to_the_leader_once(cluster: Cluster) -> None:
    leader, follower = cluster.nodes.leader(), followers(cluster)[0]
    key = uuid.uuid4().hex
    first = cluster.remark(follower.url, key)
    assert first.status_code == 200, first.text
    assert first.headers["x-tenfour-forwarded-by"] == follower.node_id
    assert first.headers["x-tenfour-node"] in (leader.node_id, follower.node_id)
    assert first.json()["duplicate"] is False
    again = cluster.remark(followers(cluster)[1].url, key)  # a retry through the other follower
    assert again.status_code == 200 and again.json()["duplicate"] is True, again.text
    assert cluster.journal_counts([key]) == {key: 1}


def test_a_stream_on_a_follower_is_gap_free(cluster: Cluster) -> None:
    follower = followers(cluster)[0]
    watch = StreamWatch(follower.url, cluster.token(), cluster.journal_head())
    keys = [uuid.uuid4().hex for _ in range(30)]

    async def run() -> None:
        stop = asyncio.Event()
        task = asyncio.create_task(watch.run(stop))
        await asyncio.sleep(0.3)
        for n, key in enumerate(keys):  # through every node in turn
            node = cluster.nodes.members[n % 3]
            res = await asyncio.to_thread(cluster.remark, node.url, key, 10.0, n)
            assert res.status_code == 200, res.text
        assert await watch.wait_until(cluster.journal_head(), 10.0)
        stop.set()
        await task

    asyncio.run(run())
    expected = cluster.journal_seqs(keys, after=watch.after)
    assert len(expected) == len(keys)
    assert watch.seqs == expected  # every event, in order, once
    assert watch.duplicates == 0 and watch.jumps == 0


def under_load(cluster: Cluster, fault: Callable[[SteadyLoad], Awaitable[None]]) -> SteadyLoad:
    """Run ``fault(load)`` (a coroutine function) under a steady load through HAProxy."""
    load = SteadyLoad(cluster.url, cluster.token(), cluster.incidents, clients=3)

    async def run() -> None:
        stop = asyncio.Event()
        task = asyncio.create_task(load.run(stop))
        try:
            await acked(load, FLOWING)  # the load flows before the fault...
            await fault(load)
            await acked(load, len(load.acks) + FLOWING)  # ... and after it
        finally:
            stop.set()
            await task

    asyncio.run(run())
    return load


async def acked(load: SteadyLoad, count: int, timeout_s: float = 60.0) -> None:
    """Wait until ``count`` commands of the load were answered (however busy the machine)."""
    deadline = time.monotonic() + timeout_s
    while len(load.acks) < count:
        assert time.monotonic() < deadline, f"the load stalled: {load.errors}"
        await asyncio.sleep(0.05)


def assert_exactly_once(cluster: Cluster, load: SteadyLoad) -> None:
    """Every acknowledged command once in the journal; nothing twice; the chain intact."""
    counts = cluster.journal_counts(load.keys())
    lost = [a.key for a in load.acks if counts[a.key] != 1]
    assert not lost, f"{len(lost)} acknowledged commands not in the journal exactly once"
    assert all(n <= 1 for n in counts.values()), "a command took effect twice"
    assert not load.unanswered and not load.rejected, (load.unanswered, load.rejected)
    assert len(load.acks) >= 2 * FLOWING, load.errors
    assert cluster.audit().ok


def test_kill_the_leader_under_load(cluster: Cluster) -> None:
    leader = cluster.nodes.leader()
    taken: list[float] = []

    async def kill(load: SteadyLoad) -> None:
        t0 = time.monotonic()
        leader.kill()
        ack = await load.wait_ack_sent_after(t0, KILL_TAKEOVER_S * 3)
        taken.append(ack.acked - t0)
        leader.start()  # it comes back as a follower
        await asyncio.to_thread(leader.wait_ready, REJOIN_S, "follower")

    load = under_load(cluster, kill)
    assert taken[0] <= KILL_TAKEOVER_S, f"commands were refused for {taken[0]:.1f} s"
    assert cluster.nodes.leader() is not leader
    assert_exactly_once(cluster, load)


def test_freeze_the_leader_it_wakes_as_a_follower_and_writes_nothing(cluster: Cluster) -> None:
    leader = cluster.nodes.leader()
    taken: list[float] = []
    pool = concurrent.futures.ThreadPoolExecutor(1)
    parked_key = uuid.uuid4().hex

    async def freeze(load: SteadyLoad) -> None:
        t0 = time.monotonic()
        leader.freeze()
        ack = await load.wait_ack_sent_after(t0, FREEZE_TAKEOVER_S * 2)
        taken.append(ack.acked - t0)
        # A command waits in the frozen node's socket: when it wakes it must not write it.
        parked.append(pool.submit(cluster.remark, leader.url, parked_key, 30.0))
        await asyncio.sleep(0.3)
        leader.thaw()
        await asyncio.to_thread(leader.wait_ready, REJOIN_S, "follower")

    parked: list[concurrent.futures.Future[httpx.Response]] = []
    load = under_load(cluster, freeze)
    answer = parked[0].result(timeout=30)
    pool.shutdown()
    assert taken[0] <= FREEZE_TAKEOVER_S, f"commands were refused for {taken[0]:.1f} s"
    new_leader = cluster.nodes.leader()
    assert new_leader is not leader and leader.readyz().role == "follower"
    assert answer.status_code in (200, 503), answer.text
    if answer.status_code == 200:  # carried to the new leader, not written by the woken node
        assert answer.headers.get("x-tenfour-forwarded-by") == leader.node_id, answer.headers
    assert cluster.journal_counts([parked_key])[parked_key] == (answer.status_code == 200)
    assert_exactly_once(cluster, load)


@pytest.mark.parametrize("fault", ["terminate", "restart"])
def test_a_database_fault_under_load_leadership_is_taken_again(
    cluster: Cluster, fault: str
) -> None:
    taken: list[float] = []

    async def hurt(load: SteadyLoad) -> None:
        t0 = time.monotonic()
        if fault == "terminate":  # every node's sessions, the lock's too
            await asyncio.to_thread(cluster.pg.terminate_backends)
        else:
            await asyncio.to_thread(cluster.pg.restart, "immediate")
        ack = await load.wait_ack_sent_after(time.monotonic(), DATABASE_RECOVERY_S * 2)
        taken.append(ack.acked - t0)

    load = under_load(cluster, hurt)
    assert taken[0] <= DATABASE_RECOVERY_S, f"commands were refused for {taken[0]:.1f} s"
    cluster.nodes.leader()  # exactly one again
    for node in cluster.nodes:
        node.wait_ready(REJOIN_S)
    assert_exactly_once(cluster, load)
