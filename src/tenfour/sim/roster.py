"""The demo city's organisation: agencies, about 40 units at real stations and streets, users.

Police (MPD) is the dispatch centre and dispatches fire (MFD) and EMS (MEMS) too; FED is a
partner agency with its own CAD. Stations and hospitals come from the city's shipped data
(``stations.json``); police patrol cars not at a station start at real street addresses.
"""

from __future__ import annotations

from dataclasses import dataclass

from tenfour.domain import commands as c
from tenfour.domain.actors import Actor, Role
from tenfour.geo.city import City, Place

CENTRE = "MPD"
DEMO_ACTOR = Actor("tenfour-demo", Role.SYSTEM, "SYSTEM")
AGENCY_OF_DISCIPLINE = {"police": "MPD", "fire": "MFD", "ems": "MEMS"}


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


AGENCIES = (
    AgencySpec("MPD", "Metro Police Department", "police"),
    AgencySpec("MFD", "Metro Fire Department", "fire", CENTRE),
    AgencySpec("MEMS", "Metro Emergency Medical Services", "ems", CENTRE),
    AgencySpec("FED", "Federal partner agency", "federal"),
)

# (call sign, unit type, capabilities) per station kind; the n-th station of a kind gets the
# n-th group. Police street patrols are placed separately.
_FLEET: dict[str, tuple[tuple[tuple[str, str, tuple[str, ...]], ...], ...]] = {
    "police": (
        (
            ("1A11", "patrol", ()), ("1A12", "patrol", ()), ("1A13", "patrol", ()),
            ("1A14", "patrol", ()), ("1A15", "patrol", ()),
            ("1S1", "police_supervisor", ("supervisor",)), ("1K9", "k9", ("K9",)),
        ),
        (
            ("2A21", "patrol", ()), ("2A22", "patrol", ()), ("2A23", "patrol", ()),
            ("2A24", "patrol", ()), ("2S2", "police_supervisor", ("supervisor",)),
            ("2T1", "traffic", ("traffic",)), ("2K9", "k9", ("K9",)),
        ),
    ),
    "fire": (
        (
            ("E1", "engine", ("EMT",)), ("E2", "engine", ("EMT",)), ("L1", "ladder", ("aerial",)),
            ("R1", "rescue", ("heavy_rescue",)), ("C1", "chief", ("command",)),
        ),
        (
            ("E3", "engine", ("EMT",)), ("E4", "engine", ("EMT",)), ("L2", "ladder", ("aerial",)),
            ("R2", "rescue", ("heavy_rescue",)), ("C2", "chief", ("command",)),
        ),
    ),
    "ems": (
        (
            ("M1", "ambulance", ("ALS",)), ("M2", "ambulance", ("ALS",)),
            ("M3", "ambulance", ("ALS",)), ("M4", "ambulance", ("BLS",)),
            ("M5", "ambulance", ("BLS",)), ("EMS1", "ems_supervisor", ("supervisor", "ALS")),
        ),
        (
            ("M6", "ambulance", ("ALS",)), ("M7", "ambulance", ("ALS",)),
            ("M8", "ambulance", ("BLS",)), ("M9", "ambulance", ("BLS",)),
            ("M10", "ambulance", ("BLS",)),
        ),
    ),
}  # fmt: skip
_STREET_PATROLS = ("3A31", "3A32", "3A33", "3A34", "3A35")
_STREET_SPOTS = (
    "Mannerheimintie 20", "Aleksanterinkatu 52", "Bulevardi 10", "Pohjoisesplanadi 21",
    "Kaivokatu 8",
)  # fmt: skip

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


def _at_stations(city: City) -> list[UnitSpec]:
    out: list[UnitSpec] = []
    for kind, groups in _FLEET.items():
        stations = [s for s in city.stations if s.kind == kind]
        agency = AGENCY_OF_DISCIPLINE[kind]
        for index, group in enumerate(groups):
            if not stations:
                break
            home: Place = stations[index % len(stations)]
            out += [
                UnitSpec(sign, agency, kind_, caps, home.id, home.lat, home.lon)
                for sign, kind_, caps in group
            ]
    return out


def _on_streets(city: City) -> list[UnitSpec]:
    police = [s for s in city.stations if s.kind == "police"]
    out: list[UnitSpec] = []
    for index, sign in enumerate(_STREET_PATROLS):
        spot = city.geocoder.geocode(_STREET_SPOTS[index % len(_STREET_SPOTS)])
        home = police[index % len(police)] if police else None
        if spot is not None:
            station = home.id if home else None
            out.append(UnitSpec(sign, CENTRE, "patrol", (), station, spot.lat, spot.lon))
    return out


def demo_units(city: City) -> list[UnitSpec]:
    """About 40 units: fire and EMS at their stations, police at stations and on streets."""
    return _at_stations(city) + _on_streets(city)


def setup_commands(city: City) -> list[tuple[Actor, c.Command]]:
    """Everything to register on an empty database, in order, as the demo's system actor."""
    units = demo_units(city)
    out: list[c.Command] = [
        c.RegisterAgency(agency=a.id, name=a.name, kind=a.kind, dispatch_centre=a.dispatch_centre)
        for a in AGENCIES
    ]
    out += [
        c.RegisterUnit(
            unit=u.id,
            agency=u.agency,
            unit_type=u.unit_type,
            capabilities=u.capabilities,
            station=u.station,
            lat=u.lat,
            lon=u.lon,
        )
        for u in units
    ]
    users = [*DEMO_USERS, SIM_CALLTAKER, SIM_DISPATCHER, *(sim_crew(u) for u in units)]
    out += [
        c.RegisterUser(user=u.id, agency=u.agency, roles=(u.role.value,), unit=u.unit)
        for u in users
    ]
    return [(DEMO_ACTOR, command) for command in out]
