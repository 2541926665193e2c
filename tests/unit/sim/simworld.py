"""A simulated city on an engine (the real one on an in-memory journal, or the domain alone)
with a virtual clock."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from tenfour.domain.actors import Actor
from tenfour.domain.commands import Command
from tenfour.domain.events import encode
from tenfour.engine.engine import Engine
from tenfour.engine.envelope import CommandResult, Envelope
from tenfour.geo.city import City, load_city
from tenfour.journal.memory import MemoryJournal
from tenfour.sim.clock import VirtualClock
from tenfour.sim.inprocess import city_simulator, register_demo
from tenfour.sim.simulator import SimConfig, Simulator
from tests.unit.sim.domainengine import DomainEngine

EPOCH = datetime(2026, 11, 25, 0, 0, tzinfo=UTC)
_CITY: list[City] = []
Row = tuple[str, str, str, dict[str, Any]]  # time, event type, user, payload


def city() -> City:
    """The shipped city, loaded once per test session."""
    if not _CITY:
        _CITY.append(load_city())
    return _CITY[0]


@dataclass
class SimWorld:
    """An engine, the simulator and its virtual clock."""

    engine: Engine | DomainEngine
    clock: VirtualClock
    sim: Simulator
    journal: MemoryJournal | None = None
    _n: list[int] = field(default_factory=lambda: [0])

    async def submit(self, actor: Actor, command: Command) -> CommandResult:
        """Give a command as a person at a console would."""
        self._n[0] += 1
        return await self.engine.submit(Envelope(f"person-{self._n[0]}", command, actor))

    def events(self) -> list[Row]:
        """Every recorded event."""
        if isinstance(self.engine, DomainEngine):
            return [(c.at, c.event.TYPE, c.actor.user, encode(c.event)) for c in self.engine.log]
        assert self.journal is not None
        return [(r.at, r.type, r.actor_user, json.loads(r.payload)) for r in self.journal.read()]

    def of_type(self, name: str) -> list[Row]:
        """Events of one type."""
        return [e for e in self.events() if e[1] == name]


async def start_world(config: SimConfig, *, real_engine: bool = False) -> SimWorld:
    """An engine with the demo organisation and a simulator (not yet started)."""
    clock = VirtualClock(EPOCH)
    journal: MemoryJournal | None = None
    engine: Engine | DomainEngine
    if real_engine:
        journal = MemoryJournal()
        engine = Engine(journal, clock=clock.datetime)
        await engine.start()
    else:
        engine = DomainEngine(clock.datetime)
    await register_demo(engine, city(), "setup")
    sim = city_simulator(engine, city(), clock, config, f"run{config.seed}")
    return SimWorld(engine, clock, sim, journal)
