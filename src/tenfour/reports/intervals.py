"""Response-time intervals, per incident and per unit, in the NENA / NFPA sense.

- answering: call received (ring) -> answered
- processing (alarm processing): answered -> first unit dispatched
- turnout: a unit dispatched -> that unit en route
- travel: that unit en route -> that unit on scene
- total: call received -> first unit on scene (per unit: received -> that unit on scene)

An interval is None when one of its ends was never recorded (a call never answered, a unit
cleared before arriving). Percentiles use linear interpolation between closest ranks (the
method numpy calls "linear", Hyndman & Fan type 7).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tenfour.domain.timefmt import seconds_between
from tenfour.reports.records import IncidentRecord, UnitResponse

INCIDENT_INTERVALS = ("answering", "processing", "turnout", "travel", "total")


@dataclass(frozen=True, slots=True)
class IncidentIntervals:
    """One incident's intervals in seconds; turnout and travel are the first-arriving unit's."""

    incident: str
    agency: str
    type_code: str
    priority: int
    received_at: str
    answering: float | None
    processing: float | None
    turnout: float | None
    travel: float | None
    total: float | None

    def value(self, name: str) -> float | None:
        """The interval called ``name``."""
        return getattr(self, name)  # type: ignore[no-any-return]


@dataclass(frozen=True, slots=True)
class UnitIntervals:
    """One unit's response to one incident, in seconds."""

    incident: str
    unit: str
    agency: str
    unit_type: str
    type_code: str
    priority: int
    received_at: str
    turnout: float | None
    travel: float | None
    total: float | None

    def value(self, name: str) -> float | None:
        """The interval called ``name``."""
        return getattr(self, name)  # type: ignore[no-any-return]


def between(start: str | None, end: str | None) -> float | None:
    """Seconds from ``start`` to ``end``, or None if either is missing."""
    if start is None or end is None:
        return None
    return seconds_between(start, end)


def first_arriving(record: IncidentRecord) -> UnitResponse | None:
    """The unit that reached the scene first (None if none did)."""
    arrived = [r for r in record.responses if r.onscene_at is not None]
    return min(arrived, key=lambda r: (r.onscene_at or "", r.dispatched_seq), default=None)


def for_incident(record: IncidentRecord) -> IncidentIntervals:
    """The intervals of one incident."""
    first = first_arriving(record)
    answered = record.answered_at
    return IncidentIntervals(
        incident=record.incident,
        agency=record.agency,
        type_code=record.type_code,
        priority=record.priority,
        received_at=record.received,
        answering=between(record.received_at, answered),
        processing=between(answered, record.first_dispatch),
        turnout=between(first.dispatched_at, first.enroute_at) if first else None,
        travel=between(first.enroute_at, first.onscene_at) if first else None,
        total=between(record.received, first.onscene_at) if first else None,
    )


def for_units(record: IncidentRecord) -> list[UnitIntervals]:
    """The intervals of every unit that responded to one incident."""
    return [
        UnitIntervals(
            incident=record.incident,
            unit=r.unit,
            agency=r.agency or record.agency,
            unit_type=r.unit_type or "unknown",
            type_code=record.type_code,
            priority=record.priority,
            received_at=record.received,
            turnout=between(r.dispatched_at, r.enroute_at),
            travel=between(r.enroute_at, r.onscene_at),
            total=between(record.received, r.onscene_at),
        )
        for r in record.responses
    ]


def percentile(values: Sequence[float], q: float) -> float | None:
    """The ``q``-th percentile (0-100) by linear interpolation; None for no values."""
    if not values:
        return None
    if not 0 <= q <= 100:
        raise ValueError("a percentile lies between 0 and 100")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def share_within(values: Sequence[float], limit: float) -> float | None:
    """The fraction of values at or under ``limit``."""
    if not values:
        return None
    return sum(1 for v in values if v <= limit) / len(values)


def present(values: Iterable[float | None]) -> list[float]:
    """The values that were recorded."""
    return [v for v in values if v is not None]
