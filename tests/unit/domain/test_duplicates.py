"""Duplicate-call detection: open incidents near a new call in place and time."""

from __future__ import annotations

import pytest

from tenfour.domain import commands as c
from tenfour.domain.duplicates import DuplicateRule, find_duplicates
from tests.unit.domain.world import MPD_DISPATCHER, World, new_incident

# One degree of latitude is about 111.2 km: 0.0009 deg ~ 100 m, 0.0018 deg ~ 200 m.
LAT, LON = 60.1699, 24.9384


def _at(world: World, seconds: float = 0.0) -> str:
    world.tick(seconds)
    return world.now


def test_open_incident_near_and_recent_is_proposed_with_distance_and_age(world: World) -> None:
    ident = new_incident(world, lat=LAT, lon=LON)
    at = _at(world, 120)
    found = find_duplicates(world.state.incidents.values(), LAT + 0.0009, LON, at)
    assert [p.incident_id for p in found] == [ident]
    assert found[0].distance_m == pytest.approx(100.1, abs=0.5)
    assert found[0].age_s == pytest.approx(120.0, abs=0.01)
    assert found[0].address == "Mannerheimintie 1" and found[0].priority == 1


def test_proposals_are_nearest_first(world: World) -> None:
    far = new_incident(world, lat=LAT + 0.0015, lon=LON)
    near = new_incident(world, lat=LAT + 0.0003, lon=LON)
    found = find_duplicates(world.state.incidents.values(), LAT, LON, _at(world, 5))
    assert [p.incident_id for p in found] == [near, far]


def test_outside_radius_or_window_is_not_proposed(world: World) -> None:
    new_incident(world, lat=LAT + 0.0019, lon=LON)  # ~211 m
    assert find_duplicates(world.state.incidents.values(), LAT, LON, _at(world, 1)) == []
    new_incident(world, lat=LAT, lon=LON)
    assert find_duplicates(world.state.incidents.values(), LAT, LON, _at(world, 601)) == []


def test_radius_and_window_are_configurable(world: World) -> None:
    ident = new_incident(world, lat=LAT + 0.0019, lon=LON)
    rule = DuplicateRule(radius_m=300, window_s=1800)
    found = find_duplicates(world.state.incidents.values(), LAT, LON, _at(world, 900), rule)
    assert [p.incident_id for p in found] == [ident]
    with pytest.raises(ValueError, match="positive"):
        DuplicateRule(radius_m=0)


def test_closed_and_unlocated_incidents_and_the_call_itself_are_left_out(world: World) -> None:
    closed = new_incident(world, lat=LAT, lon=LON)
    world.do(MPD_DISPATCHER, c.CloseIncident(incident=closed, disposition="done"))
    new_incident(world, lat=None, lon=None, verified=False)
    own = new_incident(world, lat=LAT, lon=LON)
    at = _at(world, 1)
    assert find_duplicates(world.state.incidents.values(), LAT, LON, at, exclude=own) == []
    assert [
        p.incident_id for p in find_duplicates(world.state.incidents.values(), LAT, LON, at)
    ] == [own]
