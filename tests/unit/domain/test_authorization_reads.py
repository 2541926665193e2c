"""Reads follow the same rule as commands: incidents, units, callers, and each event of the
stream, timeline and command responses (``Audience``)."""

from __future__ import annotations

import pytest

from tenfour.domain import events as e
from tenfour.domain.actors import Actor, Role
from tenfour.domain.authorization import (
    event_visible,
    may_read_callers,
    may_read_incident,
    may_read_unit,
)
from tests.unit.domain.authz_scene import PARTNER, Scene, mpd_actor

NPD_DISPATCHER = Actor("npd-disp", Role.DISPATCHER, "NPD")
NPD_ADMIN = Actor("npd-admin", Role.ADMIN, "NPD")
CREW = mpd_actor(Role.UNIT)
CENTRE = mpd_actor(Role.CENTRE_ADMIN)


@pytest.fixture(scope="module")
def scene() -> Scene:
    return Scene()


def readable(scene: Scene, viewer: Actor) -> set[str]:
    state = scene.world.state
    return {i.id for i in state.incidents.values() if may_read_incident(state, viewer, i)}


def of(scene: Scene, *agencies: str) -> set[str]:
    return {i.id for i in scene.world.state.incidents.values() if i.agency in agencies}


def test_a_dispatcher_reads_its_agency_those_it_dispatches_for_and_what_is_shared(
    scene: Scene,
) -> None:
    mpd = readable(scene, mpd_actor(Role.DISPATCHER))
    assert mpd == of(scene, "MPD", "MFD") | {scene.shared_with_mpd}


def test_another_agency_reads_none_of_mpds_incidents(scene: Scene) -> None:
    npd = readable(scene, NPD_DISPATCHER)
    assert npd & of(scene, "MPD", "MFD") == {
        i for i in of(scene, "MPD") if "NPD" in scene.world.state.incidents[i].shared_with
    }
    assert readable(scene, NPD_ADMIN) == npd - of(scene, "MPD", "MFD") | (npd & of(scene, "MPD"))


def test_a_crew_reads_its_own_assignments_only(scene: Scene) -> None:
    assert readable(scene, CREW) == {scene.targets["MPD"].incident}
    state = scene.world.state
    assert [u for u in state.units.values() if may_read_unit(state, CREW, u)] == [
        state.units["UMPD"]
    ]


def test_a_partner_reads_its_own_and_what_was_shared_with_it(scene: Scene) -> None:
    assert readable(scene, PARTNER) == of(scene, "FED") | {scene.shared_with_fed} | {
        i for i in of(scene, "MPD") if "FED" in scene.world.state.incidents[i].shared_with
    }


def test_the_centre_admin_reads_every_incident(scene: Scene) -> None:
    assert readable(scene, CENTRE) == set(scene.world.state.incidents)


def test_neither_crews_nor_partners_read_callers() -> None:
    assert not may_read_callers(CREW) and not may_read_callers(PARTNER)
    assert may_read_callers(mpd_actor(Role.CALL_TAKER))


def events_seen(scene: Scene, viewer: Actor) -> list[e.Event]:
    state = scene.world.state
    return [ev for _, _, _, ev in scene.world.log if event_visible(state, viewer, ev)]


def test_each_event_reaches_only_who_may_read_what_it_is_about(scene: Scene) -> None:
    state = scene.world.state
    npd = events_seen(scene, NPD_DISPATCHER)
    mine = readable(scene, NPD_DISPATCHER)
    about_incidents = [ev for ev in npd if ev.incident_id is not None]
    requests = {r.id for r in state.requests.values() if "NPD" in (r.from_agency, r.to_agency)}
    assert all(
        ev.incident_id in mine or getattr(ev, "request", None) in requests for ev in about_incidents
    )
    assert not [ev for ev in npd if isinstance(ev, e.UnitMoved | e.UnitRegistered)] or all(
        state.units[ev.unit].agency == "NPD"
        for ev in npd
        if isinstance(ev, e.UnitMoved | e.UnitRegistered)
    )
    assert {ev.user for ev in npd if isinstance(ev, e.UserRegistered)} == {"user-NPD"}


def test_callers_never_reach_a_crew_or_a_partner(scene: Scene) -> None:
    for viewer in (CREW, PARTNER):
        assert not [ev for ev in events_seen(scene, viewer) if isinstance(ev, e.CallAdded)]
    assert [ev for ev in events_seen(scene, CENTRE) if isinstance(ev, e.CallAdded)]


def test_a_crew_sees_its_units_work_and_its_agencys_orders(scene: Scene) -> None:
    seen = events_seen(scene, CREW)
    own = scene.targets["MPD"].incident
    orders = (e.DirectiveIssued, e.DirectiveLifted, e.DirectiveAcknowledged)
    about = {ev.incident_id for ev in seen if ev.incident_id and not isinstance(ev, orders)}
    assert about == {own}
    assert {ev.TYPE for ev in seen} >= {"IncidentCreated", "UnitDispatched", "DirectiveIssued"}
