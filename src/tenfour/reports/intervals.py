"""Response-time intervals, per incident and per unit, in the NENA / NFPA sense.

- answering: call received (ring) -> answered
- processing (alarm processing): answered -> first unit dispatched
- turnout: a unit dispatched -> that unit en route
- travel: that unit en route -> that unit on scene
- total: call received -> first unit on scene (per unit: received -> that unit on scene)

Per unit response, for every unit dispatched (one stood down en route counts its turnout), the
NEMSIS v3.5 eTimes set - dispatched, en route, on scene, transport, at destination, cleared - and
the intervals between them:

- on_scene: on scene -> transporting (or cleared, without a transport)
- transport: transporting -> at the hospital
- at_destination: at the hospital -> cleared
- committed: dispatched -> cleared (how long the unit was not available)

An interval is None when one of its ends was never recorded (a call never answered, a unit
cleared before arriving). Percentiles use linear interpolation between closest ranks (the
method numpy calls "linear", Hyndman & Fan type 7).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tenfour.domain.events import decode
from tenfour.domain.timefmt import seconds_between
from tenfour.reports.records import IncidentRecord, RecordsFold, UnitInfo, UnitResponse, relevant

INCIDENT_INTERVALS = ("answering", "processing", "turnout", "travel", "total")
UNIT_INTERVALS = ("turnout", "travel", "on_scene", "transport", "at_destination", "committed")


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
    on_scene: float | None = None
    transport: float | None = None
    at_destination: float | None = None
    committed: float | None = None
    dispatched_at: str | None = None
    enroute_at: str | None = None
    onscene_at: str | None = None
    transport_at: str | None = None
    destination_at: str | None = None
    cleared_at: str | None = None
    stood_down: bool = False  # cleared before reaching the scene

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
    """The intervals of every unit dispatched to one incident, stood down or not."""
    return [for_unit(record, r) for r in record.responses]


def for_unit(record: IncidentRecord, r: UnitResponse) -> UnitIntervals:
    """One unit response's times and intervals."""
    return UnitIntervals(
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
        on_scene=between(r.onscene_at, r.transport_at or r.cleared_at),
        transport=between(r.transport_at, r.destination_at),
        at_destination=between(r.destination_at, r.cleared_at),
        committed=between(r.dispatched_at, r.cleared_at),
        dispatched_at=r.dispatched_at,
        enroute_at=r.enroute_at,
        onscene_at=r.onscene_at,
        transport_at=r.transport_at,
        destination_at=r.destination_at,
        cleared_at=r.cleared_at,
        stood_down=r.cleared_at is not None and r.onscene_at is None,
    )


UNIT_TIME_FIELDS = (
    "unit", "agency", "unit_type", "stood_down", "dispatched_at", "enroute_at", "onscene_at",
    "transport_at", "destination_at", "cleared_at", "turnout", "travel", "on_scene", "transport",
    "at_destination", "committed",
)  # fmt: skip


def timeline_unit_intervals(
    timeline: Mapping[str, Any], units: Mapping[str, tuple[str, str]]
) -> list[dict[str, Any]]:
    """Each unit response of a timeline (dict of ``views.timeline``) with its NEMSIS times and
    intervals; ``units`` gives each unit's (agency, unit type)."""
    fold = RecordsFold()
    fold.units.update({u: UnitInfo(agency, kind) for u, (agency, kind) in units.items()})
    for item in timeline.get("entries", []):
        if relevant(item["type"]):
            fold.feed(int(item["seq"]), str(item["at"]), decode(item["type"], item["payload"]))
    record = fold.record(str(timeline.get("incident", "")))
    if record is None:
        return []
    return [{name: getattr(u, name) for name in UNIT_TIME_FIELDS} for u in for_units(record)]


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
