"""The phrase spotter: stand-downs near directives, spoken statuses the CAD has not recorded."""

from __future__ import annotations

import pytest

from tenfour.domain import commands as c
from tenfour.domain.radio_phrases import (
    Moment,
    PhraseKind,
    Spotted,
    moment_at,
    normalise,
    spot,
    words,
)
from tenfour.domain.statuses import UnitStatus
from tenfour.domain.timefmt import plus
from tests.unit.domain.world import MPD_CHIEF, MPD_DISPATCHER, World, new_incident

DISPATCHED = Moment(unit="1A12", unit_status=UnitStatus.DISPATCHED, incident="2026-000001")


def kinds(found: list[Spotted]) -> list[PhraseKind]:
    return [s.kind for s in found]


def test_words_normalise_case_punctuation_and_number_words() -> None:
    assert words("Engine Twelve, EN-ROUTE; E.T.A. four minutes.") == [
        "engine", "12", "en", "route", "e", "t", "a", "4", "minutes",
    ]  # fmt: skip
    assert normalise("  Medic 4 - on scene!  ") == "medic 4 on scene"


@pytest.mark.parametrize(
    "heard",
    [
        "1A12 en route to Mannerheimintie 1, ETA four minutes",
        "Adam twelve, on route.",  # tiny.en's usual mishearing of "en route"
        "1 Adam 12 in route to the call",
        "Adam 12 responding from the station",
        "Adam 12 is on our way",
    ],
)
def test_en_route_from_a_dispatched_unit_is_proposed(heard: str) -> None:
    found = spot(heard, DISPATCHED)
    assert kinds(found) == [PhraseKind.ENROUTE]
    assert found[0].unit == "1A12"
    assert found[0].incident == "2026-000001"
    assert found[0].directive is None


@pytest.mark.parametrize(
    "heard",
    ["Adam 12 on scene", "Adam twelve, on seen.", "Adam 12 arrived", "Adam 12 on location"],
)
def test_on_scene_from_a_unit_still_en_route(heard: str) -> None:
    moment = Moment(unit="1A12", unit_status=UnitStatus.ENROUTE, incident="2026-000001")
    assert kinds(spot(heard, moment)) == [PhraseKind.ONSCENE]


def test_arrived_on_scene_is_one_proposal_not_two() -> None:
    assert kinds(spot("Adam 12 arriving on scene, we are on our way in", DISPATCHED)) == [
        PhraseKind.ONSCENE
    ]


@pytest.mark.parametrize(
    ("status", "heard"),
    [
        (UnitStatus.ENROUTE, "Adam 12 en route"),  # the CAD already says so
        (UnitStatus.ONSCENE, "Adam 12 on scene"),
        (UnitStatus.AVAILABLE, "Adam 12 en route"),  # not on a call: nothing to confirm
        (UnitStatus.DISPATCHED, "Adam 12 no longer en route"),  # negated
        (UnitStatus.DISPATCHED, "Adam 12 not responding to that"),
        (UnitStatus.DISPATCHED, "the corresponding report is filed"),  # a look-alike word
        (UnitStatus.DISPATCHED, "copy that, Adam 12"),
    ],
)
def test_nothing_proposed_when_the_status_agrees_or_the_words_do_not_say_it(
    status: UnitStatus, heard: str
) -> None:
    assert spot(heard, Moment(unit="1A12", unit_status=status, incident="i")) == []


def test_a_dispatcher_saying_en_route_proposes_nothing_for_no_unit() -> None:
    assert spot("units en route to Mannerheimintie", Moment(incident="i")) == []


@pytest.mark.parametrize(
    ("heard", "kind"),
    [
        ("All units, no units will respond to Mannerheimintie 1", PhraseKind.NO_UNITS_RESPOND),
        ("No unit will respond, by order of the chief of patrol", PhraseKind.NO_UNITS_RESPOND),
        ("Adam 12 copy, standing down", PhraseKind.STAND_DOWN),
        ("all units stand down, stand down", PhraseKind.STAND_DOWN),
        ("Adam 12, stand them down now", PhraseKind.STAND_DOWN),
        ("Adam twelve copy, standing town.", PhraseKind.STAND_DOWN),  # misheard, still found
    ],
)
def test_stand_down_words_are_proposed_even_while_en_route(heard: str, kind: PhraseKind) -> None:
    found = spot(heard, DISPATCHED)
    assert kinds(found) == [kind]
    assert found[0].directive is None  # none recorded: the proposal says so


def test_all_units_will_respond_is_not_no_units_will_respond() -> None:
    assert spot("all units will respond code 3", Moment(incident="i")) == []


def stand_down(world: World, incident: str) -> str:
    events = world.do(
        MPD_CHIEF,
        c.IssueDirective(
            kind="stand_down", incident=incident, reason="NO UNITS WILL RESPOND", authority="CoP"
        ),
    )
    return events[0].directive  # type: ignore[attr-defined,no-any-return]


def test_moment_names_the_unit_its_incident_and_the_directive_in_force(world: World) -> None:
    incident = new_incident(world)
    world.do(MPD_DISPATCHER, c.DispatchUnit(incident=incident, unit="1A12"))
    directive = stand_down(world, incident)
    moment = moment_at(world.state, unit="1A12", incidents=[], at=world.now)
    assert (moment.unit, moment.unit_status, moment.incident) == (
        "1A12", UnitStatus.DISPATCHED, incident,
    )  # fmt: skip
    found = spot("Adam 12 copy, standing down", moment)
    assert found == [Spotted(PhraseKind.STAND_DOWN, "standing down", "1A12", incident, directive)]


def test_a_directive_entered_just_after_the_voice_relay_goes_with_it(world: World) -> None:
    incident = new_incident(world)
    spoken_at = world.now
    world.tick(90)
    directive = stand_down(world, incident)
    moment = moment_at(world.state, unit=None, incidents=[incident], at=spoken_at)
    assert [s.directive for s in spot("no units will respond", moment)] == [directive]
    later = moment_at(world.state, unit=None, incidents=[incident], at=plus(world.now, days=1))
    assert [d.id for d in later.directives] == [directive]  # still in force a day on
    before = moment_at(world.state, unit=None, incidents=[incident], at=plus(spoken_at, days=-1))
    assert before.directives == ()  # a day before it was issued: not what those words relayed


def test_an_unknown_radio_on_an_incident_is_tied_through_the_transmission(world: World) -> None:
    incident = new_incident(world)
    moment = moment_at(world.state, unit="NOPE", incidents=[incident], at=world.now)
    assert (moment.unit, moment.incident, moment.directives) == (None, incident, ())
