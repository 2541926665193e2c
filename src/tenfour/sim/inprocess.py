"""Wiring the simulator to an in-process engine on a city: setup, ports, homes, hospitals."""

from __future__ import annotations

import asyncio
import uuid

from tenfour.domain import commands as c
from tenfour.engine.envelope import Envelope
from tenfour.geo.city import City
from tenfour.geo.eta_ranking import Recommender, load_run_cards
from tenfour.sim.calls import load_call_addresses
from tenfour.sim.clock import Clock
from tenfour.sim.port import Engine, EnginePort
from tenfour.sim.roster import SIM_CALLTAKER, SIM_DISPATCHER, demo_units, setup_commands, sim_crew
from tenfour.sim.simulator import SimConfig, Simulator


class SetupError(RuntimeError):
    """The database refused the demo's organisation (it is not empty)."""


async def register_demo(engine: Engine, city: City, run_id: str | None = None) -> int:
    """Register the demo agencies, units and users; returns how many commands ran."""
    prefix = run_id or uuid.uuid4().hex[:8]
    commands = setup_commands(city)
    envelopes = [
        Envelope(f"demo-setup-{prefix}-{n}", command, actor)
        for n, (actor, command) in enumerate(commands, start=1)
    ]
    # Submitted together, in order: the engine commits them in a few group commits.
    results = await asyncio.gather(*(engine.submit(env) for env in envelopes))
    for env, result in zip(envelopes, results, strict=True):
        if result.rejection is not None:
            raise SetupError(f"{env.command.NAME}: {result.rejection.message}")
    return len(commands)


async def close_leftovers(engine: Engine, run_id: str) -> int:
    """Close the open incidents a previous demo run's simulator entered (on resuming)."""
    left = [
        i.id for i in engine.state.incidents.values() if i.open and i.created_by == SIM_CALLTAKER.id
    ]
    for n, ident in enumerate(left, start=1):
        command = c.CloseIncident(incident=ident, disposition="DEMO RESTARTED")
        await engine.submit(Envelope(f"demo-resume-{run_id}-{n}", command, SIM_DISPATCHER.actor()))
    return len(left)


def engine_port(engine: Engine, city: City, run_id: str) -> EnginePort:
    """A port acting as the demo's simulator users."""
    crews = {u.id: sim_crew(u).actor() for u in demo_units(city)}
    recommender = Recommender(city.network, load_run_cards())
    return EnginePort(
        engine, recommender, SIM_CALLTAKER.actor(), SIM_DISPATCHER.actor(), crews, run_id
    )


def city_simulator(
    engine: Engine, city: City, clock: Clock, config: SimConfig, run_id: str | None = None
) -> Simulator:
    """A simulator driving the demo roster on ``city`` through ``engine``."""
    port = engine_port(engine, city, run_id or uuid.uuid4().hex[:8])
    book = port.recommender.book
    disciplines = {kind: book.discipline_of(kind) or "police" for kind in book.unit_disciplines}
    homes = {u.id: (u.lat, u.lon) for u in demo_units(city)}
    return Simulator(
        port,
        city.network,
        load_call_addresses(city.directory),
        [(h.lat, h.lon) for h in city.hospitals if h.kind == "hospital"]
        or [(h.lat, h.lon) for h in city.hospitals],
        clock,
        config,
        disciplines,
        homes,
    )
