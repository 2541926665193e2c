"""Unit status transitions and assignments."""

from __future__ import annotations

import pytest

from tenfour.domain import commands as c
from tenfour.domain.errors import Reason, Rejected
from tenfour.domain.statuses import TRANSITIONS, UnitStatus, transition_error
from tests.unit.domain.world import MPD_DISPATCHER, World, new_incident, unit_actor


def test_full_assignment_cycle_records_who_ordered_each_step(world: World) -> None:
    ident = new_incident(world)
    world.do(MPD_DISPATCHER, c.DispatchUnit(incident=ident, unit="1A12"))
    assert world.state.incidents[ident].status.value == "dispatched"
    world.do(unit_actor("1A12"), c.MarkEnRoute(unit="1A12"))
    assert world.state.incidents[ident].status.value == "enroute"
    world.do(unit_actor("1A12"), c.MarkOnScene(unit="1A12"))
    world.do(MPD_DISPATCHER, c.ClearUnit(unit="1A12", reason="done"))
    assignment = world.state.assignments[world.state.incidents[ident].assignment_ids[0]]
    assert [(o.kind.value, o.by) for o in assignment.orders] == [
        ("dispatched", "disp1"),
        ("enroute", "crew-1A12"),
        ("onscene", "crew-1A12"),
        ("cleared", "disp1"),
    ]
    # Served: it needs a disposition, it does not go back to the pending queue.
    assert world.state.incidents[ident].status.value == "cleared"


def test_a_unit_cleared_before_arriving_leaves_the_call_pending(world: World) -> None:
    ident = new_incident(world)
    world.do(MPD_DISPATCHER, c.DispatchUnit(incident=ident, unit="1A12"))
    world.do(MPD_DISPATCHER, c.ClearUnit(unit="1A12", reason="wrong unit"))
    assert world.state.incidents[ident].status.value == "pending"


def test_a_served_incident_sent_a_unit_again_is_active_then_needs_close_again(
    world: World,
) -> None:
    ident = new_incident(world)
    world.do(MPD_DISPATCHER, c.DispatchUnit(incident=ident, unit="1A12"))
    world.do(MPD_DISPATCHER, c.MarkOnScene(unit="1A12"))
    world.do(MPD_DISPATCHER, c.ClearUnit(unit="1A12", reason="done"))
    world.do(MPD_DISPATCHER, c.DispatchUnit(incident=ident, unit="1A12", reason="caller again"))
    assert world.state.incidents[ident].status.value == "dispatched"
    world.do(MPD_DISPATCHER, c.ClearUnit(unit="1A12", reason="done"))
    assert world.state.incidents[ident].status.value == "cleared"
    world.do(MPD_DISPATCHER, c.CloseIncident(incident=ident, disposition="report_taken"))
    assert world.state.incidents[ident].status.value == "closed"


@pytest.mark.parametrize("current", list(UnitStatus))
def test_transition_table_is_total_and_explains_refusals(current: UnitStatus) -> None:
    for wanted in UnitStatus:
        problem = transition_error(current, wanted)
        assert (problem is None) == (wanted in TRANSITIONS[current])
        if problem:
            assert current.value in problem and wanted.value in problem


def test_illegal_transition_is_refused_with_reason(world: World) -> None:
    ident = new_incident(world)
    world.do(MPD_DISPATCHER, c.DispatchUnit(incident=ident, unit="1A12"))
    with pytest.raises(Rejected, match="cannot become atHospital"):
        world.do(MPD_DISPATCHER, c.MarkAtHospital(unit="1A12"))


def test_unit_on_at_most_one_active_incident(world: World) -> None:
    a, b = new_incident(world), new_incident(world)
    world.do(MPD_DISPATCHER, c.DispatchUnit(incident=a, unit="1A12"))
    with pytest.raises(Rejected) as busy:
        world.do(MPD_DISPATCHER, c.DispatchUnit(incident=b, unit="1A12"))
    assert busy.value.reason == Reason.CONFLICT


def test_unit_login_acts_only_for_its_own_unit(world: World) -> None:
    ident = new_incident(world)
    world.do(MPD_DISPATCHER, c.DispatchUnit(incident=ident, unit="1A12"))
    with pytest.raises(Rejected) as refused:
        world.do(unit_actor("1A13"), c.MarkEnRoute(unit="1A12"))
    assert refused.value.reason == Reason.FORBIDDEN


def test_out_of_service_unit_cannot_be_dispatched(world: World) -> None:
    ident = new_incident(world)
    world.do(MPD_DISPATCHER, c.SetUnitService(unit="1A12", in_service=False, reason="fuel"))
    with pytest.raises(Rejected, match="outOfService"):
        world.do(MPD_DISPATCHER, c.DispatchUnit(incident=ident, unit="1A12"))


def test_dispatch_centre_may_dispatch_partner_fire_but_not_federal_units(world: World) -> None:
    ident = new_incident(world)
    world.do(MPD_DISPATCHER, c.DispatchUnit(incident=ident, unit="E21"))
    with pytest.raises(Rejected) as refused:
        world.do(MPD_DISPATCHER, c.DispatchUnit(incident=ident, unit="F1"))
    assert refused.value.reason == Reason.FORBIDDEN


def test_position_reports_move_the_unit(world: World) -> None:
    world.do(unit_actor("1A12"), c.ReportPosition(unit="1A12", lat=60.2, lon=24.9))
    assert (world.state.units["1A12"].lat, world.state.units["1A12"].lon) == (60.2, 24.9)
    with pytest.raises(Rejected):
        world.do(unit_actor("1A12"), c.ReportPosition(unit="1A12", lat=100.0, lon=24.9))


def test_no_person_gets_the_system_role(world: World) -> None:
    from tenfour.domain.actors import SYSTEM

    with pytest.raises(Rejected) as refused:
        world.do(SYSTEM, c.RegisterUser(user="eve", agency="MPD", roles=("system",)))
    assert refused.value.field == "roles"
