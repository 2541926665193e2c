"""Bulletins, hazards and assistance requests."""

from __future__ import annotations

import pytest

from tenfour.domain import commands as c
from tenfour.domain.actors import Actor, Role
from tenfour.domain.authorization import event_visible, may_read_bulletin
from tenfour.domain.errors import Reason, Rejected
from tests.unit.domain.world import (
    FED_PARTNER,
    FED_SUPERVISOR,
    MPD_CALLTAKER,
    MPD_CHIEF,
    MPD_DISPATCHER,
    World,
    new_incident,
)


def test_bulletin_hit_on_remark_naming_the_plate(world: World) -> None:
    world.do(
        FED_SUPERVISOR,
        c.IssueBulletin(subject="Wanted: J. Doe", persons=("John Doe",), plates=("ABC-123",)),
    )
    ident = new_incident(world)
    events = world.do(
        MPD_CALLTAKER, c.AddRemark(incident=ident, text="blue van plate abc 123 leaving")
    )
    assert [x.TYPE for x in events] == ["RemarkAdded", "BulletinMatched"]
    assert world.state.incidents[ident].bulletin_hits == ["B1"]
    # a second mention does not hit twice
    events = world.do(MPD_CALLTAKER, c.AddRemark(incident=ident, text="DOE JOHN seen"))
    assert [x.TYPE for x in events] == ["RemarkAdded"]


def test_new_bulletin_sweeps_open_incidents(world: World) -> None:
    ident = new_incident(world, narrative="vehicle XYZ999 circling")
    events = world.do(FED_SUPERVISOR, c.IssueBulletin(subject="stolen", plates=("XYZ 999",)))
    assert [x.TYPE for x in events] == ["BulletinIssued", "BulletinMatched"]
    assert world.state.incidents[ident].bulletin_hits == ["B1"]


def test_expired_bulletin_does_not_match(world: World) -> None:
    world.do(FED_SUPERVISOR, c.IssueBulletin(subject="s", plates=("ABC123",), valid_days=1))
    world.tick(2 * 86400)
    ident = new_incident(world, narrative="ABC123")
    assert world.state.incidents[ident].bulletin_hits == []


def test_restricted_bulletin_is_visible_only_to_its_agency(world: World) -> None:
    events = world.do(
        FED_SUPERVISOR, c.IssueBulletin(subject="s", plates=("QQQ111",), restricted=True)
    )
    assert not event_visible(world.state, MPD_DISPATCHER, events[0])
    assert event_visible(world.state, FED_SUPERVISOR, events[0])
    assert not event_visible(world.state, Actor("centre", Role.CENTRE_ADMIN, "MPD"), events[0])


def test_hazard_hits_incident_inside_radius(world: World) -> None:
    world.do(
        MPD_DISPATCHER,
        c.AddHazard(description="dog on premises", lat=60.1699, lon=24.9384, radius_m=50),
    )
    near = new_incident(world)
    far = new_incident(world, lat=60.18, lon=24.95)
    assert world.state.incidents[near].hazard_hits == ["HZ1"]
    assert world.state.incidents[far].hazard_hits == []


def test_hazard_needs_place_or_person(world: World) -> None:
    with pytest.raises(Rejected, match="place"):
        world.do(MPD_DISPATCHER, c.AddHazard(description="x"))


def test_assistance_declined_with_directive_reason(world: World) -> None:
    ident = new_incident(world)
    world.do(
        FED_PARTNER,
        c.RequestAssistance(
            incident=ident, to_agency="MPD", what="crowd control", from_agency="FED"
        ),
    )
    directive = world.do(
        MPD_CHIEF,
        c.IssueDirective(kind="stand_down", incident=ident, reason="NO UNITS WILL RESPOND"),
    )
    did = directive[0].directive  # type: ignore[attr-defined]
    world.do(
        MPD_CHIEF,
        c.AnswerAssistance(
            request="AR1", answer="declined", reason="NO UNITS WILL RESPOND", directive=did
        ),
    )
    request = world.state.requests["AR1"]
    assert request.answer is not None and request.answer.value == "declined"
    assert request.directive_id == did and request.answered_by == "chief"
    with pytest.raises(Rejected, match="already answered"):
        world.do(MPD_CHIEF, c.AnswerAssistance(request="AR1", answer="accepted", reason="changed"))


def test_only_the_asked_agency_answers(world: World) -> None:
    ident = new_incident(world)
    world.do(MPD_DISPATCHER, c.RequestAssistance(incident=ident, to_agency="FED", what="help"))
    with pytest.raises(Rejected) as refused:
        world.do(MPD_CHIEF, c.AnswerAssistance(request="AR1", answer="accepted", reason="ok"))
    assert refused.value.reason == Reason.FORBIDDEN


def test_bulletin_visibility_rule(world: World) -> None:
    world.do(FED_SUPERVISOR, c.IssueBulletin(subject="s", plates=("QQQ111",), restricted=True))
    world.do(FED_SUPERVISOR, c.IssueBulletin(subject="t", plates=("QQQ222",)))
    restricted, open_one = world.state.bulletins["B1"], world.state.bulletins["B2"]
    assert not may_read_bulletin(MPD_DISPATCHER, restricted)
    assert may_read_bulletin(FED_SUPERVISOR, restricted)
    assert may_read_bulletin(MPD_DISPATCHER, open_one)
