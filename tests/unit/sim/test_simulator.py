"""The living city: repeatable, realistic, and acting only through the engine's commands."""

from __future__ import annotations

import asyncio
import statistics
from collections import Counter

import pytest

from tenfour.domain import commands as c
from tenfour.domain.timefmt import parse, seconds_between
from tenfour.engine.snapshot import dump_state
from tenfour.sim.calltypes import BY_CODE
from tenfour.sim.curve import HOURLY_WEIGHTS
from tenfour.sim.roster import DEMO_USERS, SIM_CALLTAKER, SIM_DISPATCHER
from tenfour.sim.simulator import SimConfig
from tests.unit.sim.simworld import EPOCH, SimWorld, start_world

HOUR = 3600.0
DISPATCHER = next(u for u in DEMO_USERS if u.id == "dispatcher").actor()
CALLTAKER = next(u for u in DEMO_USERS if u.id == "calltaker").actor()


async def _run(
    config: SimConfig, hours: float, drain_hours: float = 0.0, *, real_engine: bool = False
) -> SimWorld:
    world = await start_world(config, real_engine=real_engine)
    await world.sim.run(hours * HOUR)
    if drain_hours:
        world.sim.stop_calls()
        await world.sim.run(drain_hours * HOUR)
    await world.engine.stop()
    return world


def _fingerprint(world: SimWorld) -> list[tuple[str, str, str, object]]:
    return [(at, kind, user, payload) for at, kind, user, payload in world.events()]


def test_same_seed_gives_the_same_journal_and_another_seed_does_not() -> None:
    # The second run is on the domain double: the same journal from both also holds the
    # double (which the long runs below use) to the real engine.
    config = SimConfig(seed=5, start_hour=16, calls_per_hour=30)
    first = asyncio.run(_run(config, 0.75, real_engine=True))
    again = asyncio.run(_run(config, 0.75))
    other = asyncio.run(_run(SimConfig(seed=6, start_hour=16, calls_per_hour=30), 0.75))
    assert len(first.of_type("IncidentCreated")) >= 5 and first.of_type("UnitMoved")
    assert _fingerprint(first) == _fingerprint(again)
    assert dump_state(first.engine.state) == dump_state(again.engine.state)
    assert _fingerprint(first) != _fingerprint(other)


@pytest.fixture(scope="module")
def day() -> SimWorld:
    """A whole simulated day from midnight at 12 calls an hour, then 4 quiet hours."""
    return asyncio.run(_run(SimConfig(seed=2026, start_hour=0, calls_per_hour=12), 24, 4))


def _hour(at: str) -> int:
    return parse(at).hour


def test_calls_over_the_day_follow_the_rate_and_the_curve(day: SimWorld) -> None:
    stats = day.sim.stats
    assert abs(stats.calls - 288) < 4 * 288**0.5
    created = [_hour(at) for at, *_ in day.of_type("IncidentCreated")]
    night = sum(1 for h in created if h < 6)
    evening = sum(1 for h in created if 14 <= h < 20)
    expected = sum(HOURLY_WEIGHTS[14:20]) / sum(HOURLY_WEIGHTS[0:6])  # about 2.6
    assert expected / 1.6 < evening / night < expected * 1.6


def test_the_mix_of_incident_types_is_realistic(day: SimWorld) -> None:
    disciplines = Counter(
        BY_CODE[p["type_code"]].discipline for *_, p in day.of_type("IncidentCreated")
    )
    total = sum(disciplines.values())
    assert disciplines["police"] / total == pytest.approx(0.62, abs=0.09)
    assert disciplines["ems"] / total == pytest.approx(0.29, abs=0.08)
    assert disciplines["fire"] / total == pytest.approx(0.09, abs=0.06)
    agencies = Counter(p["agency"] for *_, p in day.of_type("IncidentCreated"))
    assert set(agencies) == {"MPD", "MFD", "MEMS"}


def test_every_incident_was_recommended_dispatched_and_closed(day: SimWorld) -> None:
    created = {p["incident"] for *_, p in day.of_type("IncidentCreated")}
    recommended = {p["incident"] for *_, p in day.of_type("RecommendationMade")}
    dispatched = {p["incident"] for *_, p in day.of_type("UnitDispatched")}
    closed = {p["incident"] for *_, p in day.of_type("IncidentClosed")}
    assert created == recommended == dispatched == closed
    assert not day.sim.port.stats.refused and not day.sim.port.stats.failed
    assert day.sim.stats.duplicates > 0
    linked = [p for *_, p in day.of_type("CallAdded") if p["linked_as_duplicate"]]
    assert len(linked) == day.sim.stats.duplicates


def test_commands_come_from_the_proper_users(day: SimWorld) -> None:
    by_type = {kind: user for _, kind, user, _ in day.events()}
    assert by_type["IncidentCreated"] == SIM_CALLTAKER.id
    assert by_type["UnitDispatched"] == by_type["IncidentClosed"] == SIM_DISPATCHER.id
    movers = {(user, p["unit"]) for _, kind, user, p in day.events() if kind == "UnitMoved"}
    assert all(user == f"sim-{unit.lower()}" for user, unit in movers)


def test_units_drive_reporting_positions_every_few_seconds_at_road_speeds(day: SimWorld) -> None:
    moves = day.of_type("UnitMoved")
    assert len(moves) > 5000
    speeds = [p["speed_kmh"] for *_, p in moves if p["speed_kmh"]]
    assert 12 < statistics.median(speeds) < 50
    last: dict[str, str] = {}
    gaps = []
    for at, _, _, p in moves:
        if p["unit"] in last:
            gaps.append(seconds_between(last[p["unit"]], at))
        last[p["unit"]] = at
    assert statistics.median(gaps) == pytest.approx(5.0, abs=0.01)


def test_response_times_and_scene_times_are_plausible(day: SimWorld) -> None:
    dispatched = {p["assignment"]: at for at, _, _, p in day.of_type("UnitDispatched")}
    on_scene = {
        p["assignment"]: at
        for at, _, _, p in day.of_type("UnitStatusChanged")
        if p["status"] == "onscene"
    }
    travel = [seconds_between(dispatched[a], on_scene[a]) for a in on_scene]
    assert 60 < statistics.median(travel) < 6 * 60
    statuses = Counter(p["status"] for *_, p in day.of_type("UnitStatusChanged"))
    assert statuses["transporting"] == statuses["atHospital"] > 3
    assert statuses["enroute"] == statuses["onscene"] == len(dispatched)


def test_units_clear_and_return_to_station(day: SimWorld) -> None:
    state = day.engine.state
    assert {u.status.value for u in state.units.values()} == {"available"}
    assert not [i for i in state.incidents.values() if i.open]
    for crew in day.sim.crews.values():
        unit = state.units[crew.id]
        assert (unit.lat, unit.lon) == pytest.approx(crew.home, abs=1e-5), crew.id
    journal_end = parse(day.events()[-1][0])
    assert (journal_end - EPOCH).total_seconds() <= 28 * HOUR


def test_units_people_dispatch_are_driven_too() -> None:
    async def scenario() -> SimWorld:
        world = await start_world(SimConfig(seed=1, calls_per_hour=1))
        await world.sim.start()
        world.sim.stop_calls()
        made = await world.submit(
            CALLTAKER,
            c.CreateIncident(
                type_code="fall", priority=3, address="Kaivokatu 8", lat=60.170062, lon=24.941716
            ),
        )
        ident = made.events[0].event.incident_id
        assert ident is not None
        sent = await world.submit(DISPATCHER, c.DispatchUnit(incident=ident, unit="E1"))
        assert sent.accepted
        await world.sim.run(2 * HOUR)
        await world.engine.stop()
        return world

    world = asyncio.run(scenario())
    steps = [p["status"] for *_, p in world.of_type("UnitStatusChanged") if p["unit"] == "E1"]
    assert steps == ["enroute", "onscene"]
    assert [p["unit"] for *_, p in world.of_type("UnitCleared")] == ["E1"]
    assert world.of_type("IncidentClosed") == []  # a person's incident is theirs to close
    e1 = world.engine.state.units["E1"]
    assert e1.status.value == "available" and (e1.lat, e1.lon) == world.sim.crews["E1"].home
