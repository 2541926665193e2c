"""An incident's type comes from the controlled vocabulary in force: an unknown code is refused
with the nearest known codes, on creation and on reclassification."""

from __future__ import annotations

import pytest

from tenfour.domain import commands as c
from tenfour.domain.errors import Reason, Rejected
from tenfour.domain.surroundings import Surroundings
from tenfour.incident_types import TypesInForce
from tests.unit.domain.world import MPD_DISPATCHER, World, new_incident


@pytest.fixture
def typed(world: World) -> World:
    world.surroundings = Surroundings(types=TypesInForce())
    return world


def test_an_unknown_type_is_refused_with_near_matches(typed: World) -> None:
    with pytest.raises(Rejected) as refused:
        new_incident(typed, type_code="robery")
    assert refused.value.reason is Reason.INVALID and refused.value.field == "type_code"
    assert "unknown incident type 'robery'" in str(refused.value)
    assert "robbery" in str(refused.value)
    with pytest.raises(Rejected) as far:
        new_incident(typed, type_code="zzqq_typo")
    assert "incident-types" in str(far.value)
    assert not typed.state.incidents


def test_a_known_type_goes_through_and_reclassify_is_checked_too(typed: World) -> None:
    made = new_incident(typed, type_code="robbery")
    with pytest.raises(Rejected):
        typed.do(
            MPD_DISPATCHER, c.ReclassifyIncident(incident=made, type_code="Robbery", priority=1)
        )
    typed.do(MPD_DISPATCHER, c.ReclassifyIncident(incident=made, type_code="burglary", priority=2))
    assert typed.state.incidents[made].type_code == "burglary"


def test_a_centres_own_types_replace_the_packaged_list(typed: World) -> None:
    typed.state.config["incident_type"] = {
        "riot": {
            "label": "Riot",
            "discipline": "police",
            "default_priority": 1,
            "publishable": False,
        }
    }
    new_incident(typed, type_code="riot")
    with pytest.raises(Rejected):
        new_incident(typed, type_code="robbery")


def test_priority_follows_the_type_when_left_out(typed: World) -> None:
    made = new_incident(typed, type_code="cardiac_arrest", priority=None)
    assert typed.state.incidents[made].priority == 1
    noise = new_incident(typed, type_code="noise_complaint", priority=None)
    assert typed.state.incidents[noise].priority == 4
    given = new_incident(typed, type_code="noise_complaint", priority=2)
    assert typed.state.incidents[given].priority == 2  # the call taker's word wins


def test_without_a_vocabulary_a_priority_must_be_given(world: World) -> None:
    with pytest.raises(Rejected) as refused:
        new_incident(world, type_code="anything", priority=None)
    assert refused.value.field == "priority"
