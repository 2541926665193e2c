"""A long history on every backend: the live state stays bounded, archived incidents are still
served and verify, and the state audit holds across a change of the window."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import TypeVar

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tenfour.domain import commands as c
from tenfour.domain.actors import SYSTEM, Actor, Role
from tenfour.domain.errors import Reason
from tenfour.engine.engine import Engine
from tenfour.engine.envelope import Envelope
from tenfour.engine.state_audit import audit_state
from tenfour.journal.audit import verify_journal
from tenfour.journal.store import open_journal
from tenfour.views.audit_view import ChainAuditor
from tenfour.views.incident_index import JournalIndex
from tenfour.views.timeline import incident_timeline

T = TypeVar("T")
DISPATCHER = Actor("disp1", Role.DISPATCHER, "MPD")
HOUR = 3600


class Clock:
    """Event time that the test moves on."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def tick(self, minutes: float) -> None:
        self.now += timedelta(minutes=minutes)


def engine_on(url: str, clock: Clock, key: Ed25519PrivateKey, window: int) -> Engine:
    return Engine(
        open_journal(url),
        clock=clock,
        signing_key=key,
        checkpoint_every=20,
        snapshot_every=40,
        closed_window_s=window,
    )


def running(engine: Engine, work: Callable[[Engine], Awaitable[T]]) -> T:
    async def go() -> T:
        await engine.start()
        try:
            return await work(engine)
        finally:
            await engine.stop()
            engine.journal.close()

    return asyncio.run(go())


COMMAND_IDS = itertools.count(1)


async def submit(engine: Engine, command: c.Command, actor: Actor = DISPATCHER) -> list[str]:
    result = await engine.submit(Envelope(f"cmd-{next(COMMAND_IDS)}", command, actor))
    assert result.accepted, result.rejection
    return [getattr(x.event, "incident", "") for x in result.events]


async def organisation(engine: Engine) -> None:
    await submit(engine, c.RegisterAgency(agency="MPD", name="Metro", kind="police"), SYSTEM)
    await submit(engine, c.RegisterUser(user="disp1", agency="MPD", roles=("dispatcher",)), SYSTEM)
    await submit(engine, c.RegisterUnit(unit="1A1", agency="MPD", unit_type="patrol"), SYSTEM)


def closing(clock: Clock, count: int, minutes: float) -> Callable[[Engine], Awaitable[list[str]]]:
    """Open, dispatch, clear and close ``count`` incidents, ``minutes`` apart."""

    async def work(engine: Engine) -> list[str]:
        if not engine.state.agencies:
            await organisation(engine)
        closed = []
        for _ in range(count):
            create = c.CreateIncident(type_code="disturbance", priority=2, address="Main St 1")
            ident = (await submit(engine, create))[0]
            await submit(engine, c.DispatchUnit(incident=ident, unit="1A1", reason="near"))
            await submit(engine, c.CloseIncident(incident=ident, disposition="done"))
            closed.append(ident)
            clock.tick(minutes)
        return closed

    return work


def test_a_long_history_restarts_bounded_and_archived_timelines_verify(journal_url: str) -> None:
    clock, key = Clock(), Ed25519PrivateKey.generate()
    closed = running(engine_on(journal_url, clock, key, HOUR), closing(clock, 40, 15))

    async def after_restart(engine: Engine) -> tuple[int, int, str]:
        refused = await engine.submit(
            Envelope("late", c.AddRemark(incident=closed[0], text="late"), DISPATCHER)
        )
        assert refused.rejection is not None and refused.rejection.reason == Reason.CONFLICT
        return (
            len(engine.state.incidents),
            engine.state.counters["incident"],
            refused.rejection.message,
        )

    live, counted, message = running(engine_on(journal_url, clock, key, HOUR), after_restart)
    assert live <= 5 and counted == 40
    assert message == f"incident {closed[0]} is closed and archived: see its timeline"
    with open_journal(journal_url) as journal:
        auditor = ChainAuditor(key.public_key())
        timeline = incident_timeline(journal, JournalIndex(journal), auditor, closed[0])
        assert timeline is not None
        assert {"IncidentCreated", "UnitDispatched", "IncidentClosed"} <= {
            x["type"] for x in timeline["entries"]
        }
        assert timeline["verification"]["verified"], timeline["verification"]["statement"]
        assert audit_state(journal).ok


def test_audit_verify_holds_across_a_change_of_window(journal_url: str) -> None:
    clock, key = Clock(), Ed25519PrivateKey.generate()
    running(engine_on(journal_url, clock, key, 24 * HOUR), closing(clock, 20, 30))
    running(engine_on(journal_url, clock, key, HOUR), closing(clock, 20, 30))
    running(engine_on(journal_url, clock, key, 48 * HOUR), closing(clock, 5, 30))
    with open_journal(journal_url) as journal:
        report = audit_state(journal)
        assert report.ok, report.findings
        assert report.snapshots_checked >= 1
        assert verify_journal(journal, key.public_key()).ok
        windows = [r.payload for r in journal.read() if r.type == "RetentionSet"]
    assert len(windows) == 3
