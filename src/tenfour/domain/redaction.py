"""What the public may see of an incident: the redaction rules of every public output.

Publish by allow-list. An incident appears only when its type code is exactly one the
vocabulary marks publishable, and then under that type's public label; an unknown code, free
text or a look-alike letter never appears. Its location is the block of a street the centre's
gazetteer knows ("100 block of Mannerheimintie", in the gazetteer's spelling) or an intersection
of two known streets; anything else (a room number, a name, a shelter) falls back to a grid cell
of about 250 m. Times are cut to the minute; nothing appears before a delay counted from the
server's own record time (never a time the client sent); the incident is named by a keyed hash,
so gaps in the incident numbers reveal nothing. Pure rules: no I/O here.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta

from tenfour.domain.surroundings import Gazetteer, NoGazetteer
from tenfour.domain.timefmt import iso, parse

METRES_PER_DEGREE_LAT = 111_320.0
DEFAULT_GRID_M = 250.0
BLOCK_SIZE = 100
WITHHELD_LOCATION = "location withheld"
RING_SLACK = timedelta(hours=1)  # a ring time further before the record than this is not shown

_APOSTROPHES = "'\u2019"
_WORD = rf"[^\W\d_]+(?:[{_APOSTROPHES}.-][^\W\d_]+)*\.?"  # letters, inner ' . - (St. John's)
_STREET = rf"{_WORD}(?:\s+{_WORD})*"
_HOUSE = r"(?P<number>\d{1,6})[A-Za-z]?"
_STREET_FIRST = re.compile(rf"^(?P<street>{_STREET})\s+{_HOUSE}(?:\s.*)?$")  # Nordic
_NUMBER_FIRST = re.compile(rf"^{_HOUSE}\s+(?P<street>{_STREET})$")  # North American
_INTERSECTION = re.compile(rf"^(?P<a>{_STREET})\s*(?:&|/| and | at )\s*(?P<b>{_STREET})$")


@dataclass(frozen=True, slots=True)
class RedactionPolicy:
    """The configurable part of the rules: the allow-list, delay, gazetteer, grid, id key."""

    delay_minutes: int = 15
    public_types: Mapping[str, str] = field(default_factory=dict)  # code -> public label
    grid_m: float = DEFAULT_GRID_M
    streets: Gazetteer = field(default_factory=NoGazetteer)
    id_key: bytes = b""

    def public_label(self, type_code: str) -> str | None:
        """The label the public sees for exactly this code; None: never published."""
        return self.public_types.get(type_code)


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
    received_at: str  # the ring time a client sent
    recorded_at: str  # the journal's own time of the incident's first record
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


def to_minute(moment: str) -> str:
    """A journal time cut to the minute: ``2026-11-25T14:55Z``."""
    return iso(parse(moment))[:16] + "Z"


def public_id(incident: str, key: bytes) -> str:
    """The incident's public name: a keyed hash, so withheld incidents leave no gaps."""
    digest = hmac.new(key, incident.encode("utf-8"), hashlib.sha256).hexdigest()
    return "P" + digest[:16]


def publishable_at(recorded_at: str, policy: RedactionPolicy) -> str:
    """The first moment an incident recorded at ``recorded_at`` may appear in public."""
    return iso(parse(recorded_at) + timedelta(minutes=policy.delay_minutes))


def public_received(facts: IncidentFacts) -> str:
    """The ring time when it is plausible beside the record time, else the record time."""
    try:
        ring, recorded = parse(facts.received_at), parse(facts.recorded_at)
    except ValueError:
        return facts.recorded_at
    return facts.received_at if recorded - RING_SLACK <= ring <= recorded else facts.recorded_at


def publish(facts: IncidentFacts, now: str, policy: RedactionPolicy) -> PublicIncident | None:
    """The public form of an incident, or None while (or because) it must stay out of view."""
    label = policy.public_label(facts.type_code)
    if label is None or publishable_at(facts.recorded_at, policy) > now:
        return None
    return PublicIncident(
        incident=public_id(facts.incident, policy.id_key),
        type_code=label,
        priority=facts.priority,
        received=to_minute(public_received(facts)),
        location=generalise(facts.address, facts.lat, facts.lon, policy.grid_m, policy.streets),
    )


def generalise(
    address: str,
    lat: float | None,
    lon: float | None,
    grid_m: float = DEFAULT_GRID_M,
    streets: Gazetteer | None = None,
) -> PublicLocation:
    """The block of a known street, an intersection of two, else the grid cell of the position."""
    known = streets or NoGazetteer()
    block = block_of(address, known)
    if block is not None:
        return PublicLocation(block, "block")
    crossing = intersection_of(address, known)
    if crossing is not None:
        return PublicLocation(crossing, "intersection")
    if lat is not None and lon is not None:
        cell, c_lat, c_lon = grid_cell(lat, lon, grid_m)
        return PublicLocation(f"grid cell {cell}", "grid", cell, c_lat, c_lon)
    return PublicLocation(WITHHELD_LOCATION, "withheld")


def block_of(address: str, streets: Gazetteer) -> str | None:
    """``"100 block of Mannerheimintie"`` from ``"Mannerheimintie 123 B 4, Helsinki"``, when the
    gazetteer knows the street (its spelling is shown, never the typed one)."""
    for part in (p.strip() for p in address.split(",")):
        found = _STREET_FIRST.match(part) or _NUMBER_FIRST.match(part)
        street = None if found is None else streets.street(_tidy(found["street"]))
        if found is not None and street is not None:
            block = int(found["number"]) // BLOCK_SIZE * BLOCK_SIZE
            return f"{block} block of {street}"
    return None


def intersection_of(address: str, streets: Gazetteer) -> str | None:
    """``"Mannerheimintie & Kaivokatu"`` when the address is two known street names only."""
    found = _INTERSECTION.match(address.strip())
    if found is None:
        return None
    a, b = streets.street(_tidy(found["a"])), streets.street(_tidy(found["b"]))
    return None if a is None or b is None else f"{a} & {b}"


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
