"""A simulated week through the real Engine on SQLite with a fake clock, with known intervals."""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tenfour.domain import commands as c
from tenfour.domain.actors import SYSTEM, Actor, Role
from tenfour.engine.engine import Engine
from tenfour.engine.envelope import Envelope
from tenfour.journal.store import open_journal
from tests.unit.views.scenario import Clock

START = datetime(2026, 11, 2, tzinfo=UTC)  # a Monday
DAYS = 7
EVERY = timedelta(hours=1)
CALLTAKER = Actor("ct1", Role.CALL_TAKER, "MPD")
DISPATCHER = Actor("disp1", Role.DISPATCHER, "MPD")
KINDS = [  # type, agency, priority, unit pool
    ("disturbance", "MPD", 2, "P"),
    ("structure_fire", "MFD", 1, "E"),
    ("medical", "MFD", 1, "M"),
]


@dataclass
class Expected:
    """What the generator chose, per incident and per unit response."""

    incident: dict[str, dict[str, float]] = field(default_factory=dict)
    agency: dict[str, str] = field(default_factory=dict)
    turnout_by_service: dict[str, list[float]] = field(default_factory=dict)


def ms(rng: random.Random, low: float, high: float) -> float:
    return round(rng.uniform(low, high), 3)


async def simulate(db: Path) -> Expected:
    clock = Clock(START - timedelta(hours=1))
    engine = Engine(open_journal(str(db)), clock=clock)
    await engine.start()
    n = 0

    async def do(actor: Actor, command: c.Command) -> str:
        nonlocal n
        n += 1
        result = await engine.submit(Envelope(f"w{n}", command, actor))
        assert result.accepted, result.rejection
        return result.events[0].event.incident_id or ""

    try:
        await do(SYSTEM, c.RegisterAgency(agency="MPD", name="Metro Police", kind="police"))
        await do(
            SYSTEM,
            c.RegisterAgency(agency="MFD", name="Metro Fire", kind="fire", dispatch_centre="MPD"),
        )
        for pool, agency, unit_type in (
            ("P", "MPD", "patrol"),
            ("E", "MFD", "engine"),
            ("M", "MFD", "medic"),
        ):
            for i in range(2):
                await do(
                    SYSTEM, c.RegisterUnit(unit=f"{pool}{i}", agency=agency, unit_type=unit_type)
                )
        return await _incidents(clock, do)
    finally:
        await engine.stop()
        engine.journal.close()


async def _incidents(clock: Clock, do) -> Expected:  # type: ignore[no-untyped-def]
    rng = random.Random(20261102)
    expected = Expected()
    for k in range(int(DAYS * timedelta(days=1) / EVERY)):
        type_code, agency, priority, pool = KINDS[k % len(KINDS)]
        received = START + k * EVERY + timedelta(seconds=ms(rng, 0, 600))
        answering, processing = ms(rng, 2, 40), ms(rng, 10, 140)
        clock.now = received + timedelta(seconds=answering + 1)
        ident = await do(
            CALLTAKER,
            c.CreateIncident(
                type_code=type_code,
                priority=priority,
                address=f"Mannerheimintie {k + 1}",
                agency=agency,
                received_at=received.isoformat(),
                answered_at=(received + timedelta(seconds=answering)).isoformat(),
            ),
        )
        dispatched = received + timedelta(seconds=answering + processing)
        steps = []
        arrivals = []
        for u in range(1 + k % 2):
            unit = f"{pool}{u}"
            turnout, travel = ms(rng, 15, 110), ms(rng, 60, 700)
            steps += [
                (
                    dispatched + timedelta(milliseconds=u),
                    DISPATCHER,
                    c.DispatchUnit(incident=ident, unit=unit),
                )
            ]
            enroute = dispatched + timedelta(seconds=turnout)
            onscene = enroute + timedelta(seconds=travel)
            steps += [
                (enroute, DISPATCHER, c.MarkEnRoute(unit=unit)),
                (onscene, DISPATCHER, c.MarkOnScene(unit=unit)),
            ]
            steps += [(onscene + timedelta(seconds=200 + u), DISPATCHER, c.ClearUnit(unit=unit))]
            arrivals.append((onscene, turnout, travel))
            service = "fire" if pool == "E" else "ems" if pool == "M" else "police"
            expected.turnout_by_service.setdefault(service, []).append(turnout)
        for when, actor, command in sorted(steps, key=lambda s: s[0]):
            clock.now = when
            await do(actor, command)
        first = min(arrivals)
        expected.incident[ident] = {
            "answering": answering, "processing": processing, "turnout": first[1],
            "travel": first[2], "total": (first[0] - received).total_seconds(),
        }  # fmt: skip
        expected.agency[ident] = agency
    return expected


def build_week(db: Path) -> Expected:
    return asyncio.run(simulate(db))
