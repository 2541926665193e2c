"""Incidents, calls and remarks."""

from __future__ import annotations

import pytest

from tenfour.domain import commands as c
from tenfour.domain.errors import Reason, Rejected
from tests.unit.domain.world import MPD_CALLTAKER, MPD_DISPATCHER, World, new_incident


def test_create_incident_records_call_and_narrative(world: World) -> None:
    ident = new_incident(world, narrative="CROWD GATHERING")
    incident = world.state.incidents[ident]
    assert ident.startswith("2026-")
    assert incident.status.value == "pending"
    assert [world.state.calls[x].ani for x in incident.call_ids] == ["+358401234567"]
    assert [world.state.remarks[r].text for r in incident.remark_ids] == ["CROWD GATHERING"]
    assert world.types()[-3:] == ["IncidentCreated", "CallAdded", "RemarkAdded"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"priority": 0}, "priority"),
        ({"type_code": " "}, "type_code"),
        ({"lat": 91.0}, "lat"),
        ({"address": ""}, "address"),
        ({"received_at": "yesterday"}, "received_at"),
    ],
)
def test_bad_incident_is_refused_with_the_field(
    world: World, change: dict[str, object], field: str
) -> None:
    before = len(world.log)
    with pytest.raises(Rejected) as refused:
        new_incident(world, **change)
    assert refused.value.reason == Reason.INVALID
    assert refused.value.field == field
    assert len(world.log) == before


def test_answered_before_received_is_refused(world: World) -> None:
    with pytest.raises(Rejected, match="before received_at"):
        new_incident(world, received_at="2026-11-25T14:00:10Z", answered_at="2026-11-25T14:00:05Z")


def test_strike_remark_keeps_original_and_adds_correction(world: World) -> None:
    ident = new_incident(world, narrative="RED CAR")
    rid = world.state.incidents[ident].remark_ids[0]
    world.do(
        MPD_CALLTAKER,
        c.StrikeRemark(
            incident=ident, remark=rid, reason="caller corrected", correction="BLUE CAR"
        ),
    )
    original = world.state.remarks[rid]
    assert original.text == "RED CAR" and original.struck_by == "ct1"
    corrected = world.state.remarks[world.state.incidents[ident].remark_ids[-1]]
    assert corrected.text == "BLUE CAR" and corrected.corrects == rid
    with pytest.raises(Rejected, match="already struck"):
        world.do(MPD_CALLTAKER, c.StrikeRemark(incident=ident, remark=rid, reason="again"))


def test_strike_needs_a_reason(world: World) -> None:
    ident = new_incident(world, narrative="X")
    rid = world.state.incidents[ident].remark_ids[0]
    with pytest.raises(Rejected, match="reason is required"):
        world.do(MPD_CALLTAKER, c.StrikeRemark(incident=ident, remark=rid, reason=" "))


def test_closing_an_incident_clears_its_units(world: World) -> None:
    ident = new_incident(world)
    world.do(MPD_DISPATCHER, c.DispatchUnit(incident=ident, unit="1A12"))
    world.do(MPD_DISPATCHER, c.MarkEnRoute(unit="1A12"))
    world.do(MPD_DISPATCHER, c.CloseIncident(incident=ident, disposition="report taken"))
    assert world.state.units["1A12"].status.value == "available"
    assert world.state.units["1A12"].assignment_id is None
    assert world.state.incidents[ident].status.value == "closed"
    with pytest.raises(Rejected, match="closed"):
        world.do(MPD_DISPATCHER, c.DispatchUnit(incident=ident, unit="1A13"))


def test_link_incidents_both_ways(world: World) -> None:
    a, b = new_incident(world), new_incident(world)
    world.do(MPD_CALLTAKER, c.LinkIncidents(incident=a, other=b, reason="same crowd"))
    assert world.state.incidents[a].links == [b] and world.state.incidents[b].links == [a]
    with pytest.raises(Rejected, match="already linked"):
        world.do(MPD_CALLTAKER, c.LinkIncidents(incident=b, other=a, reason="again"))


def test_expected_version_conflict(world: World) -> None:
    ident = new_incident(world)
    version = world.state.version_of(ident)
    world.do(MPD_CALLTAKER, c.AddRemark(incident=ident, text="first"), expected_version=version)
    with pytest.raises(Rejected) as stale:
        world.do(
            MPD_CALLTAKER, c.AddRemark(incident=ident, text="second"), expected_version=version
        )
    assert stale.value.reason == Reason.CONFLICT


def test_roles_are_enforced(world: World) -> None:
    ident = new_incident(world)
    with pytest.raises(Rejected) as refused:
        world.do(MPD_CALLTAKER, c.DispatchUnit(incident=ident, unit="1A12"))
    assert refused.value.reason == Reason.FORBIDDEN


def test_a_link_made_in_error_is_undone_with_a_reason(world: World) -> None:
    a, b = new_incident(world), new_incident(world)
    world.do(MPD_DISPATCHER, c.LinkIncidents(incident=a, other=b, reason="same crowd"))
    world.do(MPD_DISPATCHER, c.UnlinkIncidents(incident=b, other=a, reason="two crowds"))
    assert world.state.incidents[a].links == [] and world.state.incidents[b].links == []
    with pytest.raises(Rejected, match="are not linked"):
        world.do(MPD_DISPATCHER, c.UnlinkIncidents(incident=a, other=b, reason="again"))
