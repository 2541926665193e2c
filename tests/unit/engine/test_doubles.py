"""The engine's doubles are held to the engine: the same story, the same events and state.

``World`` (tests/unit/domain/world.py, through ``DomainEngine``, its engine-shaped face in
tests/unit/sim/domainengine.py) runs the domain without a journal for fast unit tests. The
stand-down story goes through it and through the real Engine over the memory journal; a double
that drifts from the engine (a refusal recorded differently, a time, an actor, an id) fails here.
The simulator's test holds the same double to the engine on a simulated hour.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from tenfour.domain.state import DispatchState
from tenfour.engine.engine import Engine
from tenfour.engine.envelope import Committed
from tenfour.engine.replay import replay
from tenfour.engine.snapshot import dump_state
from tenfour.journal.memory import MemoryJournal
from tests.unit.sim.domainengine import DomainEngine
from tests.unit.views.scenario import Clock, Driver, Story, stand_down


@dataclass
class Told:
    """What one engine made of the story."""

    story: Story
    events: list[tuple[int, str, object, str, object]]  # seq, at, actor, command id, event
    state: str


def _rows(events: list[Committed]) -> list[tuple[int, str, object, str, object]]:
    return [(c.seq, c.at, c.actor, c.command_id, c.event) for c in events]


async def _on_engine() -> tuple[Told, MemoryJournal]:
    clock, journal = Clock(), MemoryJournal()
    engine = Engine(journal, clock=clock)
    published: list[Committed] = []
    engine.subscribe(published.extend)
    await engine.start()
    try:
        story = await stand_down(Driver(engine, clock))
    finally:
        await engine.stop()
    return Told(story, _rows(published), dump_state(engine.state)), journal


async def _on_double() -> Told:
    clock = Clock()
    double = DomainEngine(clock)
    story = await stand_down(Driver(double, clock))
    return Told(story, _rows(double.log), dump_state(double.state))


def test_the_domain_double_tells_the_stand_down_as_the_engine_does() -> None:
    engine, _ = asyncio.run(_on_engine())
    double = asyncio.run(_on_double())
    assert len(engine.events) > 30  # the whole story, refusal included
    assert double.story == engine.story
    assert double.events == engine.events
    assert double.state == engine.state


def test_the_engine_state_is_the_journal_replayed() -> None:
    engine, journal = asyncio.run(_on_engine())
    replayed = DispatchState()
    replay(replayed, journal.read())
    assert dump_state(replayed) == engine.state
