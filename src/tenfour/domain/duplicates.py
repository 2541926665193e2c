"""Duplicate-call detection: open incidents near a new call, in place and in time.

A second caller reporting the same crash should be linked to the incident already open, not
open a new one. :func:`find_duplicates` proposes the open incidents within a radius (default
200 m) of the new call's position that were opened within a time window before it (default
10 minutes), nearest first, each with its distance and age. It proposes; the call taker
decides (``AddCall(duplicate=True)`` or a new incident). Pure: standard library only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from tenfour.domain.entities import Incident
from tenfour.domain.geometry import Point, distance_m
from tenfour.domain.timefmt import seconds_between

DEFAULT_RADIUS_M = 200.0
DEFAULT_WINDOW_S = 600.0


@dataclass(frozen=True, slots=True)
class DuplicateRule:
    """How near in place and time an open incident must be to be proposed."""

    radius_m: float = DEFAULT_RADIUS_M
    window_s: float = DEFAULT_WINDOW_S

    def __post_init__(self) -> None:
        if not (self.radius_m > 0 and self.window_s > 0):
            raise ValueError("the radius and the time window must be positive")


@dataclass(frozen=True, slots=True)
class DuplicateProposal:
    """An open incident the new call may be about; ``age_s`` is the time between the
    incident's opening and the call (either way round, so two incidents propose each other)."""

    incident_id: str
    type_code: str
    priority: int
    address: str
    distance_m: float
    age_s: float


def _proposal(
    incident: Incident, where: Point, at: str, rule: DuplicateRule
) -> DuplicateProposal | None:
    loc = incident.location
    if not incident.open or loc.lat is None or loc.lon is None:
        return None
    age = abs(seconds_between(incident.created_at, at))
    if age > rule.window_s:
        return None
    meters = distance_m(where, Point(loc.lat, loc.lon))
    if meters > rule.radius_m:
        return None
    return DuplicateProposal(
        incident.id, incident.type_code, incident.priority, loc.address, meters, age
    )


def find_duplicates(
    incidents: Iterable[Incident],
    lat: float,
    lon: float,
    at: str,
    rule: DuplicateRule = DuplicateRule(),
    exclude: str | None = None,
) -> list[DuplicateProposal]:
    """Open incidents within ``rule`` of a call at (lat, lon) received at ``at`` (ISO time),
    nearest first (then youngest); ``exclude`` leaves out the call's own incident."""
    where = Point(lat, lon)
    found = (
        _proposal(incident, where, at, rule) for incident in incidents if incident.id != exclude
    )
    return sorted((p for p in found if p is not None), key=lambda p: (p.distance_m, p.age_s))
