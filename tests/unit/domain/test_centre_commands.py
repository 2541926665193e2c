"""The centre file's commands: agencies and units amended, configuration entries set; a command
that would change nothing is refused (409), which makes applying a file twice record nothing."""

from __future__ import annotations

import pytest

from tenfour.domain import commands as c
from tenfour.domain.actors import Actor, Role
from tenfour.domain.errors import Reason, Rejected
from tests.unit.domain.world import World

CENTRE = Actor("centre", Role.CENTRE_ADMIN, "MPD")


def refused(world: World, command: c.Command) -> Rejected:
    with pytest.raises(Rejected) as caught:
        world.do(CENTRE, command)
    return caught.value


def test_an_agency_is_amended_once(world: World) -> None:
    command = c.AmendAgency(agency="MFD", name="Metro Fire & Rescue", kind="fire")
    [event] = world.do(CENTRE, command)
    agency = world.state.agencies["MFD"]
    assert (agency.name, agency.dispatch_centre) == ("Metro Fire & Rescue", None)
    assert refused(world, command).reason == Reason.CONFLICT
    assert refused(world, c.AmendAgency(agency="MFD", name="x", kind="fire",
                                        dispatch_centre="NOPE")).reason == Reason.NOT_FOUND  # fmt: skip
    assert event.TYPE == "AgencyAmended"


def test_a_unit_is_amended_keeping_its_status(world: World) -> None:
    unit = world.state.units["1A12"]
    status = unit.status
    command = c.AmendUnit(unit="1A12", unit_type="traffic", capabilities=("radar", "radar"))
    world.do(CENTRE, command)
    assert (unit.unit_type, unit.capabilities, unit.status) == ("traffic", ("radar",), status)
    assert refused(world, command).reason == Reason.CONFLICT


def test_entries_are_set_changed_and_withdrawn(world: World) -> None:
    timer = c.SetCentreEntry(section="status_timer", key="onscene", value={"minutes": 45})
    world.do(CENTRE, timer)
    assert world.state.config["status_timer"]["onscene"] == {"minutes": 45}
    assert refused(world, timer).reason == Reason.CONFLICT
    world.do(CENTRE, c.SetCentreEntry(section="status_timer", key="onscene", value=None))
    assert world.state.config["status_timer"] == {}
    bad = c.SetCentreEntry(section="weather", key="x", value={})
    assert refused(world, bad).reason == Reason.INVALID
    huge = c.SetCentreEntry(section="station", key="S1", value={"name": "x" * 20_000})
    assert refused(world, huge).reason == Reason.INVALID


def test_an_agency_admin_may_not_set_the_centre(world: World) -> None:
    admin = Actor("admin", Role.ADMIN, "MPD")
    with pytest.raises(Rejected) as caught:
        world.do(
            admin, c.SetCentreEntry(section="status_timer", key="enroute", value={"minutes": 9})
        )
    assert caught.value.reason == Reason.FORBIDDEN
