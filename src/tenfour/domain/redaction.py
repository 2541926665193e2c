"""What the public may see of an incident: the redaction rules of the public feed and open data.

The public record keeps an incident's id, a type code, its priority, times to the minute and a
location generalised to the block ("100 block of Mannerheimintie") or, when no house number can
be read, to a grid cell of about 250 m. It never carries a caller's name or number, a narrative,
a remark, a unit position or any other free text; incidents of sensitive types are withheld
entirely, and nothing is published before a delay has passed. Pure rules: no I/O here.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import timedelta

from tenfour.domain.timefmt import iso, parse

METRES_PER_DEGREE_LAT = 111_320.0
DEFAULT_GRID_M = 250.0
BLOCK_SIZE = 100
WITHHELD_LOCATION = "location withheld"
OTHER_TYPE = "other"

_APOSTROPHES = "'\u2019"
_WORD = rf"[^\W\d_]+(?:[{_APOSTROPHES}.-][^\W\d_]+)*\.?"  # letters, inner ' . - (St. John's)
_STREET = rf"{_WORD}(?:\s+{_WORD})*"
_HOUSE = r"(?P<number>\d{1,6})[A-Za-z]?"
_STREET_FIRST = re.compile(rf"^(?P<street>{_STREET})\s+{_HOUSE}(?:\s.*)?$")  # Nordic
_NUMBER_FIRST = re.compile(rf"^{_HOUSE}\s+(?P<street>{_STREET})$")  # North American
_INTERSECTION = re.compile(rf"^(?P<a>{_STREET})\s*(?:&|/| and | at )\s*(?P<b>{_STREET})$")
_CODE = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,47}$")


@dataclass(frozen=True, slots=True)
class RedactionPolicy:
    """The configurable part of the rules: delay, withheld types, grid size."""

    delay_minutes: int = 15
    withheld_types: frozenset[str] = frozenset()
    grid_m: float = DEFAULT_GRID_M

    def withholds(self, type_code: str) -> bool:
        """Whether incidents of this type never appear in public."""
        return public_type(type_code) in self.withheld_types or type_code in self.withheld_types


@dataclass(frozen=True, slots=True)
class PublicLocation:
    """A location as the public sees it: a block, an intersection or a grid cell."""

    text: str
    precision: str  # "block", "intersection", "grid", "withheld"
    cell: str | None = None
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True, slots=True)
class IncidentFacts:
    """What the rules look at. Deliberately no caller, narrative or unit positions."""

    incident: str
    type_code: str
    priority: int
    received_at: str
    address: str
    lat: float | None
    lon: float | None


@dataclass(frozen=True, slots=True)
class PublicIncident:
    """An incident as published."""

    incident: str
    type_code: str
    priority: int
    received: str  # to the minute
    location: PublicLocation


def public_type(type_code: str) -> str:
    """The type code if it is a plain code, else ``other`` (free text never passes)."""
    code = type_code.strip().lower().replace(" ", "_")
    return code if _CODE.match(code) else OTHER_TYPE


def to_minute(moment: str) -> str:
    """A journal time cut to the minute: ``2026-11-25T14:55Z``."""
    return iso(parse(moment))[:16] + "Z"


def publishable_at(received_at: str, policy: RedactionPolicy) -> str:
    """The first moment an incident received at ``received_at`` may appear in public."""
    return iso(parse(received_at) + timedelta(minutes=policy.delay_minutes))


def is_publishable(facts: IncidentFacts, now: str, policy: RedactionPolicy) -> bool:
    """Old enough, and not of a withheld type."""
    if policy.withholds(facts.type_code):
        return False
    return publishable_at(facts.received_at, policy) <= now


def publish(facts: IncidentFacts, now: str, policy: RedactionPolicy) -> PublicIncident | None:
    """The public form of an incident, or None while it must stay out of public view."""
    if not is_publishable(facts, now, policy):
        return None
    return PublicIncident(
        incident=facts.incident,
        type_code=public_type(facts.type_code),
        priority=facts.priority,
        received=to_minute(facts.received_at),
        location=generalise(facts.address, facts.lat, facts.lon, policy.grid_m),
    )


def generalise(
    address: str, lat: float | None, lon: float | None, grid_m: float = DEFAULT_GRID_M
) -> PublicLocation:
    """The block of a street address, an intersection, else the grid cell of the position."""
    block = block_of(address)
    if block is not None:
        return PublicLocation(block, "block")
    crossing = intersection_of(address)
    if crossing is not None:
        return PublicLocation(crossing, "intersection")
    if lat is not None and lon is not None:
        cell, c_lat, c_lon = grid_cell(lat, lon, grid_m)
        return PublicLocation(f"grid cell {cell}", "grid", cell, c_lat, c_lon)
    return PublicLocation(WITHHELD_LOCATION, "withheld")


def block_of(address: str) -> str | None:
    """``"100 block of Mannerheimintie"`` from ``"Mannerheimintie 123 B 4, Helsinki"``."""
    for part in (p.strip() for p in address.split(",")):
        found = _STREET_FIRST.match(part) or _NUMBER_FIRST.match(part)
        if found is not None:
            block = int(found["number"]) // BLOCK_SIZE * BLOCK_SIZE
            return f"{block} block of {_tidy(found['street'])}"
    return None


def intersection_of(address: str) -> str | None:
    """``"Mannerheimintie & Kaivokatu"`` when the address is two street names and nothing more."""
    found = _INTERSECTION.match(address.strip())
    if found is None:
        return None
    return f"{_tidy(found['a'])} & {_tidy(found['b'])}"


def grid_cell(lat: float, lon: float, size_m: float = DEFAULT_GRID_M) -> tuple[str, float, float]:
    """The square cell of about ``size_m`` containing a position: its id and centre.

    Rows are bands of latitude; each band's columns are sized at the band's middle latitude so a
    cell is close to square anywhere outside the poles.
    """
    lat_step = size_m / METRES_PER_DEGREE_LAT
    row = math.floor((lat + 90.0) / lat_step)
    mid_lat = -90.0 + (row + 0.5) * lat_step
    lon_step = size_m / (METRES_PER_DEGREE_LAT * max(math.cos(math.radians(mid_lat)), 0.01))
    col = math.floor((lon + 180.0) / lon_step)
    centre_lon = -180.0 + (col + 0.5) * lon_step
    return f"g{int(size_m)}:{row}:{col}", round(mid_lat, 5), round(centre_lon, 5)


def _tidy(street: str) -> str:
    return " ".join(street.split()).strip(" .-" + _APOSTROPHES)
