"""The demo organisation: agencies, about 40 units at real places, one user per role."""

from __future__ import annotations

from collections import Counter

from tenfour.domain import commands as c
from tenfour.domain.actors import SERVICES, Role
from tenfour.geo.city import load_city
from tenfour.sim.roster import DEMO_USERS, demo_agencies, demo_units, setup_commands


def test_three_agencies_dispatched_by_the_centre_and_a_partner() -> None:
    assert [(a.id, a.kind, a.dispatch_centre) for a in demo_agencies()] == [
        ("MPD", "police", None),
        ("MFD", "fire", "MPD"),
        ("MEMS", "ems", "MPD"),
        ("FED", "federal", None),
    ]


def test_about_forty_units_with_sensible_capabilities_at_real_places() -> None:
    city = load_city()
    units = demo_units(city)
    assert len(units) == 40 and len({u.id for u in units}) == 40
    kinds = Counter(u.unit_type for u in units)
    assert kinds["engine"] == 4 and kinds["ladder"] == 2 and kinds["chief"] == 2
    assert kinds["ambulance"] == 10 and kinds["patrol"] >= 14
    caps = {cap for u in units for cap in u.capabilities}
    assert {"supervisor", "K9", "ALS", "BLS"} <= caps
    stations = {s.id for s in city.stations}
    assert all(u.station in stations for u in units)
    assert all(city.bounds.contains(u.lat, u.lon) for u in units)


def test_one_demo_user_per_role() -> None:
    roles = [u.role for u in DEMO_USERS]
    assert sorted(roles) == sorted(set(Role) - {Role.SYSTEM} - SERVICES)  # services: no login
    unit_user = next(u for u in DEMO_USERS if u.role == Role.UNIT)
    assert unit_user.unit == "1A12"


def test_setup_registers_agencies_then_units_then_users() -> None:
    names = [command.NAME for _, command in setup_commands(load_city())]
    assert names[:4] == ["RegisterAgency"] * 4
    assert names.count("RegisterUnit") == 40
    users = [cmd for _, cmd in setup_commands(load_city()) if isinstance(cmd, c.RegisterUser)]
    assert len(users) == len(DEMO_USERS) + 2 + 40
