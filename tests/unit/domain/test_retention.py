"""What leaves the live state and when (``domain.retention``, ``domain.evict``)."""

from __future__ import annotations

import pytest

from tenfour.domain import commands as c
from tenfour.domain.actors import SYSTEM
from tenfour.domain.apply import apply
from tenfour.domain.errors import Reason, Rejected
from tenfour.domain.recorded import Recorded
from tenfour.domain.state import DispatchState
from tenfour.engine.snapshot import dump_state, load_state
from tests.unit.domain.test_directives import stand_down
from tests.unit.domain.world import (
    MPD_CALLTAKER,
    MPD_CHIEF,
    MPD_DISPATCHER,
    World,
    new_incident,
)

HOUR = 3600


def handled(world: World, *, remark: bool = True, directive: bool = False) -> str:
    """An incident with a call, a remark, a unit dispatched and cleared, then closed."""
    ident = new_incident(world)
    if remark:
        world.do(MPD_CALLTAKER, c.AddRemark(incident=ident, text="caller on scene"))
    world.do(MPD_DISPATCHER, c.DispatchUnit(incident=ident, unit="1A12", reason="closest"))
    if directive:
        stand_down(world, ident)
    world.do(MPD_DISPATCHER, c.CloseIncident(incident=ident, disposition="done"))
    return ident


def later(world: World, seconds: float) -> None:
    """Time passes, then something happens (any event runs the due sweep)."""
    world.tick(seconds)
    world.do(MPD_CALLTAKER, c.AddRemark(incident=new_incident(world), text="next"))


def window(world: World, seconds: int) -> None:
    world.do(SYSTEM, c.SetRetention(closed_window_s=seconds))


def test_without_a_window_nothing_leaves(world: World) -> None:
    ident = handled(world)
    later(world, 30 * 86_400)
    assert ident in world.state.incidents


def test_a_closed_incident_leaves_after_the_window_with_what_hangs_off_it(world: World) -> None:
    window(world, HOUR)
    ident = handled(world, directive=True)
    incident = world.state.incidents[ident]
    owned = [*incident.call_ids, *incident.remark_ids, *incident.assignment_ids]
    (directive,) = incident.directive_ids
    later(world, HOUR / 2)
    assert ident in world.state.incidents  # inside the window
    later(world, HOUR)
    s = world.state
    assert ident not in s.incidents and ident not in s.versions
    assert not any(x in s.calls or x in s.remarks or x in s.assignments for x in owned)
    assert directive not in s.directives and directive not in s.versions
    assert s.units["1A12"].assignment_id is None


def test_overrides_leave_with_the_directive_they_overrode(world: World) -> None:
    window(world, HOUR)
    ident = new_incident(world)
    stand_down(world, ident)
    dispatch = c.DispatchUnit(incident=ident, unit="1A12", override_reason="officer down")
    world.do(MPD_DISPATCHER, dispatch)
    assert world.state.overrides
    world.do(MPD_DISPATCHER, c.CloseIncident(incident=ident, disposition="done"))
    later(world, 2 * HOUR)
    assert not world.state.overrides


def test_open_incidents_never_leave(world: World) -> None:
    window(world, HOUR)
    ident = new_incident(world)
    later(world, 10 * HOUR)
    assert ident in world.state.incidents


def test_a_command_naming_an_archived_incident_is_refused_clearly(world: World) -> None:
    window(world, HOUR)
    ident = handled(world)
    later(world, 2 * HOUR)
    with pytest.raises(Rejected) as refused:
        world.do(MPD_CALLTAKER, c.AddRemark(incident=ident, text="late note"))
    assert refused.value.reason == Reason.CONFLICT
    assert refused.value.message == f"incident {ident} is closed and archived: see its timeline"
    with pytest.raises(Rejected) as unknown:
        world.do(MPD_CALLTAKER, c.AddRemark(incident="2026-999999", text="?"))
    assert unknown.value.reason == Reason.NOT_FOUND


def test_ended_area_directives_hazards_and_bulletins_leave(world: World) -> None:
    window(world, HOUR)
    area = c.IssueDirective(
        kind="hold", reason="storm", area_lat=60.17, area_lon=24.94, area_radius_m=500.0
    )
    lifted = world.do(MPD_CHIEF, area)[0].directive  # type: ignore[attr-defined]
    kept = world.do(MPD_CHIEF, area)[0].directive  # type: ignore[attr-defined]
    world.do(MPD_CHIEF, c.LiftDirective(directive=lifted, reason="passed"))
    hazard = world.do(MPD_DISPATCHER, c.AddHazard(description="dog", person="Rex"))
    removed = hazard[0].hazard  # type: ignore[attr-defined]
    world.do(MPD_DISPATCHER, c.RemoveHazard(hazard=removed, reason="moved"))
    cancelled = world.do(MPD_DISPATCHER, c.IssueBulletin(subject="van", plates=("ABC1",)))
    bulletin = cancelled[0].bulletin  # type: ignore[attr-defined]
    world.do(MPD_DISPATCHER, c.CancelBulletin(bulletin=bulletin, reason="found"))
    expiring = world.do(
        MPD_DISPATCHER, c.IssueBulletin(subject="car", plates=("X1",), valid_days=1)
    )
    expired = expiring[0].bulletin  # type: ignore[attr-defined]
    later(world, 2 * HOUR)
    s = world.state
    assert lifted not in s.directives and kept in s.directives
    assert removed not in s.hazards and bulletin not in s.bulletins
    assert expired in s.bulletins  # valid for a day, then the window
    later(world, 26 * HOUR)
    assert expired not in world.state.bulletins


def test_requests_of_an_archived_incident_leave_with_it(world: World) -> None:
    window(world, HOUR)
    ident = new_incident(world)
    request = world.do(
        MPD_DISPATCHER, c.RequestAssistance(incident=ident, to_agency="FED", what="k9")
    )
    rid = request[0].request  # type: ignore[attr-defined]
    world.do(MPD_DISPATCHER, c.CloseIncident(incident=ident, disposition="done"))
    later(world, 2 * HOUR)
    assert rid not in world.state.requests and rid not in world.state.versions


def test_a_shorter_window_takes_effect_at_its_event(world: World) -> None:
    window(world, 24 * HOUR)
    ident = handled(world)
    later(world, 2 * HOUR)
    assert ident in world.state.incidents
    window(world, HOUR)
    assert ident not in world.state.incidents
    assert world.do(SYSTEM, c.SetRetention(closed_window_s=HOUR)) == []  # already in force


def test_state_stays_bounded_over_many_closed_incidents(world: World) -> None:
    window(world, HOUR)
    for _ in range(300):
        handled(world, remark=False)
        world.tick(600)
    s = world.state
    assert len(s.incidents) <= 10 and len(s.calls) <= 10 and len(s.assignments) <= 10
    assert len(s.retention.leaving) <= 10
    assert s.counters["incident"] == 300


def test_replay_and_snapshot_give_the_same_state(world: World) -> None:
    window(world, HOUR)
    for _ in range(20):
        handled(world)
        world.tick(900)
    replayed = DispatchState()
    for seq, at, actor, event in world.log:
        apply(replayed, event, Recorded(seq, at, actor))
    assert replayed == world.state
    assert load_state(dump_state(world.state)) == world.state
