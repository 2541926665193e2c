"""Directives: authority, reasons, stand-down refusals and overrides, clearances citing them."""

from __future__ import annotations

import pytest

from tenfour.domain import commands as c
from tenfour.domain import events as e
from tenfour.domain.actors import SYSTEM
from tenfour.domain.errors import Reason, Rejected
from tests.unit.domain.world import (
    FED_SUPERVISOR,
    MPD_CHIEF,
    MPD_DISPATCHER,
    MPD_SUPERVISOR,
    World,
    new_incident,
    unit_actor,
)


def stand_down(world: World, ident: str) -> str:
    events = world.do(
        MPD_CHIEF,
        c.IssueDirective(
            kind="stand_down",
            incident=ident,
            reason="NO UNITS WILL RESPOND",
            authority="Chief of Patrol",
        ),
    )
    return events[0].directive  # type: ignore[attr-defined,no-any-return]


def test_directive_needs_reason_and_authority_role(world: World) -> None:
    ident = new_incident(world)
    with pytest.raises(Rejected) as no_reason:
        world.do(MPD_CHIEF, c.IssueDirective(kind="stand_down", incident=ident, reason="  "))
    assert no_reason.value.field == "reason"
    with pytest.raises(Rejected) as not_allowed:
        world.do(MPD_DISPATCHER, c.IssueDirective(kind="stand_down", incident=ident, reason="x"))
    assert not_allowed.value.reason == Reason.FORBIDDEN
    assert "policy" in not_allowed.value.message
    assert not [t for t in world.types() if t == "DirectiveIssued"]


def test_agency_policy_decides_who_may_issue(world: World) -> None:
    ident = new_incident(world)
    world.do(SYSTEM, c.SetDirectivePolicy(agency="MPD", directive_roles=("commander",)))
    with pytest.raises(Rejected):
        world.do(MPD_SUPERVISOR, c.IssueDirective(kind="hold", incident=ident, reason="wait"))
    world.do(MPD_CHIEF, c.IssueDirective(kind="hold", incident=ident, reason="wait"))


def test_stand_down_notifies_assigned_units_and_blocks_dispatch(world: World) -> None:
    ident = new_incident(world)
    world.do(MPD_DISPATCHER, c.DispatchUnit(incident=ident, unit="1A12"))
    world.do(MPD_DISPATCHER, c.MarkEnRoute(unit="1A12"))
    directive = stand_down(world, ident)
    assert world.state.directives[directive].notified_units == ["1A12"]
    with pytest.raises(Rejected) as refused:
        world.do(MPD_DISPATCHER, c.DispatchUnit(incident=ident, unit="1A13"))
    assert refused.value.reason == Reason.CONFLICT and refused.value.field == "override_reason"
    assert world.types()[-1] == "DispatchRefused"  # the refusal itself is on the record
    assert world.state.units["1A13"].status.value == "available"


def test_override_with_reason_is_recorded(world: World) -> None:
    ident = new_incident(world)
    directive = stand_down(world, ident)
    events = world.do(
        MPD_DISPATCHER,
        c.DispatchUnit(incident=ident, unit="1A13", override_reason="officer down reported"),
    )
    assert [type(x) for x in events] == [e.DirectiveOverridden, e.UnitDispatched]
    override = events[0]
    assert isinstance(override, e.DirectiveOverridden) and override.directive == directive
    assignment = world.state.assignments[world.state.units["1A13"].assignment_id or ""]
    assert assignment.override_id == override.override
    # Sent in under the stand-down, the unit must acknowledge it like the units already there.
    assert world.state.directives[directive].notified_units == ["1A13"]
    world.do(unit_actor("1A13"), c.AcknowledgeDirective(directive=directive, unit="1A13"))


def test_stand_down_applies_only_to_the_issuing_agencys_units(world: World) -> None:
    ident = new_incident(world)
    stand_down(world, ident)
    events = world.do(MPD_DISPATCHER, c.DispatchUnit(incident=ident, unit="E21"))  # fire's unit
    assert [type(x) for x in events] == [e.UnitDispatched]  # no override was needed
    assert events[0].unit == "E21" and events[0].override is None  # type: ignore[attr-defined]
    assert world.state.units["E21"].assignment_id is not None


def test_clearance_cites_directive_and_unit_acknowledges(world: World) -> None:
    ident = new_incident(world)
    world.do(MPD_DISPATCHER, c.DispatchUnit(incident=ident, unit="1A12"))
    directive = stand_down(world, ident)
    world.do(MPD_DISPATCHER, c.ClearUnit(unit="1A12", directive=directive))
    order = world.state.assignments[world.state.incidents[ident].assignment_ids[0]].orders[-1]
    assert order.directive_id == directive and order.reason == "NO UNITS WILL RESPOND"
    world.do(unit_actor("1A12"), c.AcknowledgeDirective(directive=directive, unit="1A12"))
    assert "1A12" in world.state.directives[directive].acks
    with pytest.raises(Rejected, match="already acknowledged"):
        world.do(unit_actor("1A12"), c.AcknowledgeDirective(directive=directive, unit="1A12"))


def test_clearance_cannot_cite_an_unrelated_directive(world: World) -> None:
    a, b = new_incident(world), new_incident(world)
    world.do(MPD_DISPATCHER, c.DispatchUnit(incident=a, unit="1A12"))
    other = stand_down(world, b)
    with pytest.raises(Rejected, match="does not cover"):
        world.do(MPD_DISPATCHER, c.ClearUnit(unit="1A12", directive=other))


def test_lifted_directive_no_longer_blocks(world: World) -> None:
    ident = new_incident(world)
    directive = stand_down(world, ident)
    with pytest.raises(Rejected):
        world.do(FED_SUPERVISOR, c.LiftDirective(directive=directive, reason="not yours"))
    world.do(MPD_CHIEF, c.LiftDirective(directive=directive, reason="situation changed"))
    events = world.do(MPD_DISPATCHER, c.DispatchUnit(incident=ident, unit="1A13"))
    assert [type(x) for x in events] == [e.UnitDispatched]  # no override was needed


def test_expired_directive_no_longer_blocks(world: World) -> None:
    ident = new_incident(world)
    world.do(
        MPD_CHIEF,
        c.IssueDirective(
            kind="stand_down", incident=ident, reason="r", expires_at="2026-11-25T14:10:00Z"
        ),
    )
    with pytest.raises(Rejected) as before_expiry:
        world.do(MPD_DISPATCHER, c.DispatchUnit(incident=ident, unit="1A13"))
    assert before_expiry.value.field == "override_reason"  # the directive blocks until it expires
    world.tick(3600)
    events = world.do(MPD_DISPATCHER, c.DispatchUnit(incident=ident, unit="1A13"))
    assert [type(x) for x in events] == [e.UnitDispatched]  # no override was needed
    assert events[0].override is None  # type: ignore[attr-defined]


def test_area_directive_covers_incidents_inside_it(world: World) -> None:
    inside = new_incident(world, lat=60.1700, lon=24.9390)
    outside = new_incident(world, lat=60.2000, lon=24.9000)
    world.do(
        MPD_CHIEF,
        c.IssueDirective(
            kind="stand_down",
            area_lat=60.17,
            area_lon=24.939,
            area_radius_m=500,
            reason="area closed",
        ),
    )
    with pytest.raises(Rejected):
        world.do(MPD_DISPATCHER, c.DispatchUnit(incident=inside, unit="1A12"))
    world.do(MPD_DISPATCHER, c.DispatchUnit(incident=outside, unit="1A13"))


@pytest.mark.parametrize(
    ("kind", "missing"),
    [
        ("stage_at", "stage_at"),
        ("respond_code", "lights_and_siren"),
        ("broadcast", "message"),
        ("bogus", "kind"),
    ],
)
def test_kind_specific_fields(world: World, kind: str, missing: str) -> None:
    ident = new_incident(world)
    with pytest.raises(Rejected) as refused:
        world.do(MPD_CHIEF, c.IssueDirective(kind=kind, incident=ident, reason="r"))
    assert refused.value.field == missing
