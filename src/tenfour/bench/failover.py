"""``tenfour bench failover``: how long commands stop when the leader is lost, and what is lost.

A private PostgreSQL cluster, ``nodes`` nodes behind HAProxy, a steady command load and one
stream subscriber per node through HAProxy (:mod:`tenfour.bench.steady`; HAProxy spreads them,
so some follow the leader when it is lost and must resume from their last seq elsewhere).
Then, ``kills`` times, the leader is killed (SIGKILL) and started again once another node leads;
then, ``freezes`` times, the leader is frozen (SIGSTOP) and woken (SIGCONT) once another leads.

Takeover = from the signal to the first command accepted among those sent after it (a command
sent after the signal cannot be accepted by the lost leader). At the end the journal is read:
``lost_acked`` = commands answered 200 but not in the journal, ``duplicates`` = command ids
with more than one event (a remark has one), ``stream_gaps`` = events of the load a stream
subscriber never got (summed over the subscribers); all three must be 0, and the journal's
chain must verify.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tenfour.bench.cluster import Cluster
from tenfour.bench.figures import percentile
from tenfour.bench.nodes import Node
from tenfour.bench.steady import SteadyLoad, StreamWatch

TAKEOVER_TIMEOUT_S = 60.0
REJOIN_TIMEOUT_S = 60.0
WARM_UP_S = 2.0
SETTLE_S = 1.0  # between faults: the load runs on a healthy cluster for a moment
DRAIN_S = 20.0


@dataclass
class Faults:
    """The takeover times measured, in ms, by kind of fault."""

    kill: list[float] = field(default_factory=list)
    freeze: list[float] = field(default_factory=list)
    rejoin_s: list[float] = field(default_factory=list)  # fault to the lost node ready again


def _summary(samples: list[float]) -> dict[str, Any]:
    return {
        "takeover_ms_p50": round(percentile(samples, 50), 1),
        "takeover_ms_max": round(max(samples, default=0.0), 1),
        "samples_ms": [round(s, 1) for s in samples],
    }


async def _fault(
    cluster: Cluster, load: SteadyLoad, hurt: Callable[[Node], None], heal: Callable[[Node], None]
) -> tuple[float, float]:
    """Hurt the leader, time the takeover, heal it and wait until it serves as a follower."""
    leader = await asyncio.to_thread(cluster.nodes.leader)
    t0 = time.monotonic()
    hurt(leader)
    ack = await load.wait_ack_sent_after(t0, TAKEOVER_TIMEOUT_S)
    takeover_ms = (ack.acked - t0) * 1000
    heal(leader)
    await asyncio.to_thread(leader.wait_ready, REJOIN_TIMEOUT_S, "follower")
    rejoin_s = time.monotonic() - t0
    await asyncio.to_thread(cluster.nodes.leader)
    await asyncio.sleep(SETTLE_S)
    return takeover_ms, rejoin_s


async def _faults(cluster: Cluster, load: SteadyLoad, kills: int, freezes: int) -> Faults:
    faults = Faults()
    for _ in range(kills):
        ms, rejoin = await _fault(cluster, load, Node.kill, Node.start)
        faults.kill.append(ms)
        faults.rejoin_s.append(rejoin)
    for _ in range(freezes):
        ms, rejoin = await _fault(cluster, load, Node.freeze, Node.thaw)
        faults.freeze.append(ms)
        faults.rejoin_s.append(rejoin)
    return faults


async def drive(cluster: Cluster, kills: int, freezes: int, clients: int) -> dict[str, Any]:
    """Run the load and the streams through the faults; the figures."""
    token = await asyncio.to_thread(cluster.token)
    start_seq = await asyncio.to_thread(cluster.journal_head)
    load = SteadyLoad(cluster.url, token, cluster.incidents, clients=clients)
    # One subscriber per node (HAProxy spreads them): some are on the leader when it is lost.
    watches = [StreamWatch(cluster.url, token, start_seq) for _ in cluster.nodes]
    stop_load, stop_watch = asyncio.Event(), asyncio.Event()
    tasks = [asyncio.create_task(load.run(stop_load))]
    tasks += [asyncio.create_task(w.run(stop_watch)) for w in watches]
    try:
        await asyncio.sleep(WARM_UP_S)
        faults = await _faults(cluster, load, kills, freezes)
        stop_load.set()
        await tasks[0]
        head = await asyncio.to_thread(cluster.journal_head)
        await asyncio.gather(*(w.wait_until(head, DRAIN_S) for w in watches))
    finally:
        stop_load.set()
        stop_watch.set()
        await asyncio.gather(*tasks, return_exceptions=True)
    return await asyncio.to_thread(_figures, cluster, load, watches, faults)


def _figures(
    cluster: Cluster, load: SteadyLoad, watches: list[StreamWatch], faults: Faults
) -> dict[str, Any]:
    counts = cluster.journal_counts(load.keys())
    expected = set(cluster.journal_seqs([a.key for a in load.acks], after=watches[0].after))
    audit = cluster.audit()
    kill, freeze = _summary(faults.kill), _summary(faults.freeze)
    return {
        "nodes": len(cluster.nodes.members),
        "takeover_ms_p50": kill["takeover_ms_p50"],
        "takeover_ms_max": kill["takeover_ms_max"],
        "kill": kill,
        "freeze": freeze,
        "rejoin_s_max": round(max(faults.rejoin_s, default=0.0), 1),
        "acked": len(load.acks),
        "lost_acked": sum(counts[a.key] == 0 for a in load.acks),
        "duplicates": sum(n > 1 for n in counts.values()),
        "unanswered": len(load.unanswered),
        "unanswered_in_journal": sum(counts[k] > 0 for k in load.unanswered),
        "rejected": len(load.rejected),
        "retried_attempts": sum(a.attempts - 1 for a in load.acks),
        "forwarded": sum(bool(a.forwarded_by) for a in load.acks),
        "errors": dict(load.errors),
        "stream_subscribers": len(watches),
        "stream_gaps": sum(len(expected - set(w.seqs)) for w in watches),
        "stream_duplicates": sum(w.duplicates for w in watches),
        "stream_reconnects": sum(w.reconnects for w in watches),
        "stream_received": sum(len(w.seqs) for w in watches),
        "journal_verified": audit.ok,
        "cpus": os.cpu_count() or 1,
    }


def run_failover_bench(
    *, nodes: int = 3, kills: int = 10, freezes: int | None = None, clients: int = 4
) -> dict[str, Any]:
    """Start the cluster, break it, measure, and remove it all."""
    load_avg = round(os.getloadavg()[0], 2)
    with Cluster(nodes=nodes, proxy=True) as cluster:
        figures = asyncio.run(drive(cluster, kills, kills if freezes is None else freezes, clients))
    return {**figures, "load_avg_1m": load_avg}
