"""Leader and followers on one PostgreSQL journal, in one process (engine/node.py, ADR 0016).

Each node has its own journal connections, named as a server's are, so fencing ends only the
sessions of the node it aims at. The process-level faults (kill -9, SIGSTOP, a PostgreSQL
restart) are in tests/integration/cluster.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tenfour.domain import commands as c
from tenfour.domain.actors import SYSTEM
from tenfour.engine.engine import Engine
from tenfour.engine.envelope import Committed, EngineUnavailable, Envelope
from tenfour.engine.node import Node, Role, Timing
from tenfour.journal.cluster import node_link
from tenfour.journal.store import Journal, open_journal

pytestmark = pytest.mark.postgres
KEY = Ed25519PrivateKey.generate()


@dataclass
class Member:
    """One node: its engine, its supervisor, and the seqs it published."""

    node: Node
    reader: Journal
    seen: list[int] = field(default_factory=list)

    def close(self) -> None:
        self.engine.journal.close()
        self.reader.close()

    @property
    def engine(self) -> Engine:
        return self.node.engine

    def on_batch(self, batch: Sequence[Committed]) -> None:
        self.seen.extend(c.seq for c in batch)


def member(url: str, name: str, timing: Timing) -> Member:
    application = f"tenfour:{name}#test"
    reader = open_journal(url, application=application)
    engine = Engine(open_journal(url, application=application), signing_key=KEY, reader=reader)
    link = node_link(engine.journal, name, f"http://{name}.invalid")
    m = Member(Node(engine, link, node_id=name, timing=timing), reader)
    engine.subscribe(m.on_batch)
    return m


@asynccontextmanager
async def started(m: Member) -> AsyncIterator[Member]:
    await m.node.start()
    try:
        yield m
    finally:
        await m.node.stop(timeout=3)
        m.close()


async def until(check: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.02)


def agency(n: int) -> Envelope:
    return Envelope(str(uuid.uuid4()), c.RegisterAgency(agency=f"A{n}", name=f"Agency {n}",
                                                        kind="police"), SYSTEM)  # fmt: skip


async def record(m: Member, first: int, count: int) -> None:
    for n in range(first, first + count):
        assert (await m.engine.submit(agency(n))).accepted


def run(test: Callable[[], Awaitable[None]]) -> None:
    asyncio.run(test())


def gap_free(seen: list[int]) -> bool:
    return seen == list(range(seen[0], seen[0] + len(seen))) if seen else True


FAST = Timing(beat_s=0.05, lease_s=1.0, ready_lag_s=1.0)


def test_one_leads_the_other_follows_and_publishes_the_same_events(postgres_url: str) -> None:
    async def go() -> None:
        async with (
            started(member(postgres_url, "a", FAST)) as a,
            started(member(postgres_url, "b", FAST)) as b,
        ):
            assert (a.node.role, b.node.role) == (Role.LEADER, Role.FOLLOWER)
            await record(a, 0, 5)
            await until(lambda: b.engine.head == a.engine.head)
            assert set(b.engine.state.agencies) == set(a.engine.state.agencies)
            assert b.seen == a.seen and gap_free(b.seen)
            await until(lambda: b.node.status().ready)
            with pytest.raises(EngineUnavailable):  # a follower writes nothing itself
                await b.engine.submit(agency(99))
            await until(lambda: b.node.leader is not None)
            assert b.node.leader is not None and b.node.leader.node == "a"
            assert b.node.leader.url == "http://a.invalid"

    run(go)


def test_when_the_leader_stops_a_follower_takes_over_where_it_stopped(postgres_url: str) -> None:
    async def go() -> None:
        b = member(postgres_url, "b", FAST)
        async with started(member(postgres_url, "a", FAST)) as a:
            await record(a, 0, 3)
            await b.node.start()
        began = time.monotonic()  # a stopped: b takes the lock within a few beats
        try:
            await until(lambda: b.node.role is Role.LEADER, timeout=5)
            assert time.monotonic() - began < 2
            await record(b, 3, 2)
            assert set(b.engine.state.agencies) == {f"A{n}" for n in range(5)}
            assert gap_free(b.seen) and b.node.takeovers == 1
        finally:
            await b.node.stop(timeout=3)
            b.close()

    run(go)


def test_a_silent_leader_is_fenced_and_can_append_nothing_after(postgres_url: str) -> None:
    """A leader whose lock session goes quiet (here: its beat blocked, as in a freeze) has its
    sessions ended by the follower; the command it then takes is refused, never recorded."""

    async def go() -> None:
        frozen = asyncio.Event()
        patient = Timing(beat_s=0.05, lease_s=60.0)  # a's own self-fencing will not help it
        a = member(postgres_url, "a", patient)
        beat = a.node.link.heartbeat

        def stalled_beat() -> bool:
            while frozen.is_set():
                time.sleep(0.05)
            return beat()

        a.node.link.heartbeat = stalled_beat  # type: ignore[method-assign]
        async with started(a), started(member(postgres_url, "b", FAST)) as b:
            await record(a, 0, 2)
            frozen.set()
            await until(lambda: b.node.role is Role.LEADER, timeout=10)
            late = agency(50)
            with pytest.raises(EngineUnavailable):
                await a.engine.submit(late)
            assert b.engine.journal.read_command(late.command_id) == []
            await record(b, 2, 1)
            frozen.clear()  # a wakes: it finds its lock gone and follows
            await until(lambda: a.node.role is Role.FOLLOWER, timeout=10)
            await until(lambda: a.engine.head == b.engine.head, timeout=10)
            assert set(a.engine.state.agencies) == {"A0", "A1", "A2"}

    run(go)


def test_a_follower_behind_is_not_ready_until_it_catches_up(postgres_url: str) -> None:
    async def go() -> None:
        async with started(member(postgres_url, "a", FAST)) as a:
            await record(a, 0, 3)
            b = member(postgres_url, "b", FAST)
            b.node.prepare()
            status = b.node.status()
            assert status.role is Role.FOLLOWER and status.applied_seq == a.engine.head[0]
            async with started(b):
                await until(lambda: b.node.status().ready)

    run(go)


def test_a_follower_whose_state_the_journal_does_not_continue_rebuilds(postgres_url: str) -> None:
    async def go() -> None:
        async with (
            started(member(postgres_url, "a", FAST)) as a,
            started(member(postgres_url, "b", FAST)) as b,
        ):
            await record(a, 0, 2)
            await until(lambda: b.engine.head == a.engine.head)
            b.engine._head = (b.engine.head[0], "0" * 64)  # as if it held an undurable event
            await record(a, 2, 2)
            await until(lambda: b.engine.head == a.engine.head)
            assert set(b.engine.state.agencies) == {"A0", "A1", "A2", "A3"}
            assert gap_free(b.seen)

    run(go)
