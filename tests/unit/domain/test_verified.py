"""``verified`` is the server's own: the gazetteer decides, whatever the client asserts."""

from __future__ import annotations

from tenfour.domain import commands as c
from tenfour.domain import events as e
from tenfour.domain.surroundings import Surroundings
from tests.unit.domain.world import FED_PARTNER, MPD_DISPATCHER, World, new_incident

KNOWN = ("Mannerheimintie 1", 60.1699, 24.9384)


class OneAddress:
    """A gazetteer that verifies one address at one point."""

    def street(self, name: str) -> str | None:
        return None

    def verifies(self, address: str, lat: float, lon: float) -> bool:
        return (address, lat, lon) == KNOWN


def _verified(events: list[e.Event]) -> bool:
    found = [ev for ev in events if isinstance(ev, e.IncidentCreated | e.IncidentRelocated)]
    return found[0].verified


def test_a_client_cannot_assert_verified(world: World) -> None:
    world.surroundings = Surroundings(gazetteer=OneAddress())
    made = new_incident(world, address="Nonexistent Road 999", verified=True)
    assert world.state.incidents[made].location.verified is False
    events = world.do(
        MPD_DISPATCHER,
        c.RelocateIncident(
            incident=made, address="Nonexistent Road 998", lat=60.17, lon=24.94, verified=True
        ),
    )
    assert _verified(events) is False


def test_the_gazetteer_verifies_whatever_the_client_says(world: World) -> None:
    world.surroundings = Surroundings(gazetteer=OneAddress())
    address, lat, lon = KNOWN
    made = new_incident(world, address=address, lat=lat, lon=lon, verified=False)
    assert world.state.incidents[made].location.verified is True


def test_without_a_gazetteer_nothing_is_verified(world: World) -> None:
    made = new_incident(world, verified=True)
    assert world.state.incidents[made].location.verified is False


def test_a_partner_import_cannot_assert_verified(world: World) -> None:
    world.surroundings = Surroundings(gazetteer=OneAddress())
    cmd = c.ImportIncident(
        source="FED", external_id="x1", digest="0" * 64, size_bytes=1, type_code="crowd",
        priority=2, address="Nonexistent Road 999", lat=60.17, lon=24.94, verified=True,
    )  # fmt: skip
    assert _verified(world.do(FED_PARTNER, cmd)) is False
