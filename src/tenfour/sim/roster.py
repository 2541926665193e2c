"""The demo city's organisation: agencies, about 40 units at real stations and streets, users.

The organisation is the centre file ``tenfour/data/demo-centre.yaml`` (made by
``scripts/build_demo_centre.py``): police (MPD) is the dispatch centre and dispatches fire (MFD)
and EMS (MEMS) too; FED is a partner agency with its own CAD; stations are the shipped city's,
police patrol cars not at a station start at real street addresses. The users are here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from tenfour.centre.document import LoadedCentre, load_centre
from tenfour.centre.plan import plan
from tenfour.domain import commands as c
from tenfour.domain.actors import Actor, Role
from tenfour.domain.state import DispatchState
from tenfour.geo.city import City

CENTRE = "MPD"
DEMO_ACTOR = Actor("tenfour-demo", Role.SYSTEM, "SYSTEM")
AGENCY_OF_DISCIPLINE = {"police": "MPD", "fire": "MFD", "ems": "MEMS"}
DEMO_CENTRE_FILE = "demo-centre.yaml"


@dataclass(frozen=True)
class AgencySpec:
    """An agency to register."""

    id: str
    name: str
    kind: str
    dispatch_centre: str | None = None


@dataclass(frozen=True)
class UnitSpec:
    """A unit to register, at a station (``station`` set) or a street point."""

    id: str
    agency: str
    unit_type: str
    capabilities: tuple[str, ...]
    station: str | None
    lat: float
    lon: float


@dataclass(frozen=True)
class UserSpec:
    """A demo login: one per role, plus the simulator's own users."""

    id: str
    agency: str
    role: Role
    unit: str | None = None

    def actor(self) -> Actor:
        """The actor this user's commands are recorded as."""
        return Actor(self.id, self.role, self.agency, self.unit)


DEMO_USERS = (
    UserSpec("calltaker", CENTRE, Role.CALL_TAKER),
    UserSpec("dispatcher", CENTRE, Role.DISPATCHER),
    UserSpec("supervisor", CENTRE, Role.SUPERVISOR),
    UserSpec("commander", CENTRE, Role.COMMANDER),
    UserSpec("unit-1a12", CENTRE, Role.UNIT, "1A12"),
    UserSpec("records", CENTRE, Role.RECORDS),
    UserSpec("admin", CENTRE, Role.ADMIN),
    UserSpec("centre", CENTRE, Role.CENTRE_ADMIN),
    UserSpec("fedcad", "FED", Role.PARTNER),
)
SIM_CALLTAKER = UserSpec("sim-calltaker", CENTRE, Role.CALL_TAKER)
SIM_DISPATCHER = UserSpec("sim-dispatcher", CENTRE, Role.DISPATCHER)


def sim_crew(unit: UnitSpec) -> UserSpec:
    """The simulator's login for a unit's crew."""
    return UserSpec(f"sim-{unit.id.lower()}", unit.agency, Role.UNIT, unit.id)


@cache
def demo_centre() -> LoadedCentre:
    """The demo city's centre file (``tenfour/data/demo-centre.yaml``), checked."""
    text = (resources.files("tenfour") / "data" / DEMO_CENTRE_FILE).read_text("utf-8")
    return load_centre(text, DEMO_CENTRE_FILE)


def demo_agencies() -> list[AgencySpec]:
    """The demo's agencies, as its centre file lists them."""
    rows = demo_centre().centre.agencies or []
    return [AgencySpec(a.id, a.name, a.kind, a.dispatch_centre) for a in rows]


def demo_units(city: City | None = None) -> list[UnitSpec]:
    """About 40 units: fire and EMS at their stations, police at stations and on streets.

    As the demo's centre file lists them; ``city`` is not needed (the file has the positions).
    """
    centre = demo_centre().centre
    homes = {s.id: (s.lat, s.lon) for s in centre.stations or []}
    out = []
    for u in centre.units or []:
        lat, lon = (u.lat, u.lon) if u.lat is not None else homes[u.station or ""]
        assert lon is not None  # the file's check: lat and lon go together
        out.append(UnitSpec(u.id, u.agency, u.type, tuple(u.capabilities), u.station, lat, lon))
    return out


def setup_commands(city: City | None = None) -> list[tuple[Actor, c.Command]]:
    """Everything to register on an empty database, in order, as the demo's system actor:
    the demo centre file's plan against an empty journal, then the users."""
    out = [change.command for change in plan(demo_centre(), DispatchState()).changes]
    units = demo_units()
    users = [*DEMO_USERS, SIM_CALLTAKER, SIM_DISPATCHER, *(sim_crew(u) for u in units)]
    out += [
        c.RegisterUser(user=u.id, agency=u.agency, roles=(u.role.value,), unit=u.unit)
        for u in users
    ]
    return [(DEMO_ACTOR, command) for command in out]
