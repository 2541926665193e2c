"""Dispatching a unit the latest recommendation did not pick needs a reason on the record."""

from __future__ import annotations

from typing import Any

import pytest

from tenfour.domain import commands as c
from tenfour.domain import events as e
from tenfour.domain.apply import apply
from tenfour.domain.errors import Reason, Rejected
from tenfour.domain.recorded import Recorded
from tenfour.domain.state import DispatchState
from tests.unit.domain.world import (
    MPD_CALLTAKER,
    MPD_CHIEF,
    MPD_DISPATCHER,
    World,
    new_incident,
)


def _recommend(world: World, incident: str, *units: str) -> None:
    picks: tuple[dict[str, Any], ...] = tuple(
        {"unit": u, "eta_s": 60.0 + i, "reason": f"{u}, patrol"} for i, u in enumerate(units)
    )
    world.do(MPD_CALLTAKER, c.RecordRecommendation(incident=incident, picks=picks))


def _dispatched(events: list[e.Event]) -> e.UnitDispatched:
    found = [ev for ev in events if isinstance(ev, e.UnitDispatched)]
    assert len(found) == 1
    return found[0]


def test_recommended_unit_is_dispatched_without_a_reason(world: World) -> None:
    ident = new_incident(world)
    _recommend(world, ident, "1A14", "1A12")
    assert world.state.incidents[ident].recommended_units == ["1A14", "1A12"]
    event = _dispatched(world.do(MPD_DISPATCHER, c.DispatchUnit(incident=ident, unit="1A12")))
    assert event.reason is None


def test_unit_outside_the_recommendation_without_reason_is_refused(world: World) -> None:
    ident = new_incident(world)
    _recommend(world, ident, "1A14")
    before = len(world.log)
    with pytest.raises(Rejected) as refused:
        world.do(MPD_DISPATCHER, c.DispatchUnit(incident=ident, unit="1A13"))
    assert refused.value.reason == Reason.INVALID and refused.value.field == "reason"
    assert "1A14" in refused.value.message
    assert len(world.log) == before
    with pytest.raises(Rejected):
        world.do(MPD_DISPATCHER, c.DispatchUnit(incident=ident, unit="1A13", reason="   "))


def test_override_reason_is_recorded_on_the_dispatch(world: World) -> None:
    ident = new_incident(world)
    _recommend(world, ident, "1A14")
    events = world.do(
        MPD_DISPATCHER,
        c.DispatchUnit(incident=ident, unit="1A13", reason="  1A14 is tied up on a traffic stop "),
    )
    assert _dispatched(events).reason == "1A14 is tied up on a traffic stop"
    assert e.decode("UnitDispatched", e.encode(_dispatched(events))) == _dispatched(events)


def test_the_latest_recommendation_counts(world: World) -> None:
    ident = new_incident(world)
    _recommend(world, ident, "1A14")
    _recommend(world, ident, "1A13")
    world.do(MPD_DISPATCHER, c.DispatchUnit(incident=ident, unit="1A13"))
    with pytest.raises(Rejected):
        world.do(MPD_DISPATCHER, c.DispatchUnit(incident=ident, unit="1A14"))


def test_no_recommendation_or_an_empty_one_needs_no_reason(world: World) -> None:
    ident = new_incident(world)
    unrecommended = world.do(MPD_DISPATCHER, c.DispatchUnit(incident=ident, unit="1A12"))
    assert _dispatched(unrecommended).reason is None
    assert not _dispatched(unrecommended).recommended
    other = new_incident(world)
    _recommend(world, other)
    assert world.state.incidents[other].recommended_units == []
    empty = world.do(MPD_DISPATCHER, c.DispatchUnit(incident=other, unit="1A13"))
    assert _dispatched(empty).unit == "1A13" and _dispatched(empty).reason is None


def test_recommendation_of_another_incident_does_not_apply(world: World) -> None:
    first, second = new_incident(world), new_incident(world)
    _recommend(world, first, "1A14")
    event = _dispatched(world.do(MPD_DISPATCHER, c.DispatchUnit(incident=second, unit="1A13")))
    assert event.incident == second and event.reason is None and not event.recommended
    assert world.state.incidents[first].recommended_units == ["1A14"]


def test_directive_override_and_recommendation_reason_are_both_kept(world: World) -> None:
    ident = new_incident(world)
    _recommend(world, ident, "1A14")
    world.do(MPD_CHIEF, c.IssueDirective(kind="stand_down", reason="scene unsafe", incident=ident))
    events = world.do(
        MPD_DISPATCHER,
        c.DispatchUnit(
            incident=ident, unit="1A13", override_reason="officer down", reason="closest free"
        ),
    )
    assert isinstance(events[0], e.DirectiveOverridden)
    assert _dispatched(events).reason == "closest free"


def test_state_rebuilt_from_the_log_keeps_the_recommendation(world: World) -> None:
    ident = new_incident(world)
    _recommend(world, ident, "1A14")
    rebuilt = DispatchState()
    for seq, at, actor, ev in world.log:
        apply(rebuilt, e.decode(ev.TYPE, e.encode(ev)), Recorded(seq, at, actor))
    assert rebuilt.incidents[ident].recommended_units == ["1A14"]


def test_a_unit_keeps_the_eta_it_was_dispatched_with(world: World) -> None:
    ident = new_incident(world)
    _recommend(world, ident, "1A14", "1A12")
    world.do(MPD_DISPATCHER, c.DispatchUnit(incident=ident, unit="1A12"))
    world.do(MPD_DISPATCHER, c.DispatchUnit(incident=ident, unit="1A13", reason="closer now"))
    _recommend(world, ident, "1A14")  # a later recommendation does not change it
    by_unit = {a.unit_id: a.eta_s for a in world.state.assignments.values()}
    assert by_unit == {"1A12": 61.0, "1A13": None}
