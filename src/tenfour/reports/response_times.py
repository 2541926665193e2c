"""The response-time report: percentiles by agency, type, priority and hour beside the targets.

Incident intervals (answering, processing, total; turnout and travel of the first-arriving unit)
are grouped by the incident's agency, type, priority and the UTC hour its first call rang.
Targets on turnout and travel apply per service (fire, ems), so they are measured over the unit
responses of that service. Everything here is plain data; charts and HTML come elsewhere.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from tenfour.reports.intervals import (
    INCIDENT_INTERVALS,
    UNIT_INTERVALS,
    IncidentIntervals,
    UnitIntervals,
    for_incident,
    for_units,
    percentile,
    present,
    share_within,
)
from tenfour.reports.records import IncidentRecord
from tenfour.reports.targets import Target, Targets

GROUPINGS: dict[str, Callable[[IncidentIntervals], str]] = {
    "agency": lambda i: i.agency,
    "type": lambda i: i.type_code,
    "priority": lambda i: str(i.priority),
    "hour": lambda i: f"{i.received_at[11:13]}:00",
}


@dataclass(frozen=True, slots=True)
class Filters:
    """Which incidents a report covers."""

    start: str
    end: str
    agency: str | None = None
    type_code: str | None = None

    def admits(self, record: IncidentRecord) -> bool:
        """Whether an incident falls under the filters (the period is applied when collecting)."""
        if self.agency is not None and record.agency != self.agency:
            return False
        return self.type_code is None or record.type_code == self.type_code


@dataclass(frozen=True, slots=True)
class Measured:
    """The intervals a report is computed from."""

    incidents: list[IncidentIntervals]
    units: list[UnitIntervals]

    def values(self, interval: str) -> list[float]:
        """Recorded values of an incident interval."""
        return present(i.value(interval) for i in self.incidents)

    def unit_values(self, interval: str) -> list[float]:
        """Recorded values of a unit interval, over every unit response (stood down or not)."""
        return present(u.value(interval) for u in self.units)


def measure(records: Iterable[IncidentRecord], filters: Filters) -> Measured:
    """Intervals of the incidents the filters admit."""
    chosen = [r for r in records if filters.admits(r)]
    return Measured([for_incident(r) for r in chosen], [u for r in chosen for u in for_units(r)])


def stat(values: Sequence[float]) -> dict[str, float | int | None]:
    """Count, median, 90th and 95th percentile of some seconds."""
    return {
        "count": len(values),
        "p50": _round(percentile(values, 50)),
        "p90": _round(percentile(values, 90)),
        "p95": _round(percentile(values, 95)),
    }


def build_report(
    records: Iterable[IncidentRecord], filters: Filters, targets: Targets
) -> dict[str, Any]:
    """The whole report as plain data (the API returns it as JSON; the HTML renders it)."""
    measured = measure(records, filters)
    return {
        "period": {"from": filters.start, "to": filters.end, "hours": "UTC"},
        "filters": {"agency": filters.agency, "type": filters.type_code},
        "assumed": targets.assumed,
        "targets_source": targets.source,
        "counts": {"incidents": len(measured.incidents), "unit_responses": len(measured.units)},
        "overall": {name: stat(measured.values(name)) for name in INCIDENT_INTERVALS},
        "units": {name: stat(measured.unit_values(name)) for name in UNIT_INTERVALS},
        "targets": [check(t, measured, targets) for t in targets.targets],
        "by": {key: grouped(measured.incidents, fn) for key, fn in GROUPINGS.items()},
        "daily": daily(measured.incidents),
        "definitions": DEFINITIONS,
    }


DEFINITIONS = {
    "answering": "call received (ring) -> answered",
    "processing": "answered -> first unit dispatched (alarm processing)",
    "turnout": "unit dispatched -> en route (first-arriving unit per incident)",
    "travel": "en route -> on scene (first-arriving unit per incident)",
    "total": "call received -> first unit on scene",
    "units.turnout": "unit dispatched -> en route, every unit dispatched (stood down or not)",
    "units.travel": "unit en route -> on scene, every unit that arrived",
    "units.on_scene": "unit on scene -> transporting, or cleared without a transport",
    "units.transport": "transporting -> at the hospital",
    "units.at_destination": "at the hospital -> cleared",
    "units.committed": "dispatched -> cleared: how long the unit was not available",
}


def check(target: Target, measured: Measured, targets: Targets) -> dict[str, Any]:
    """One target beside the measured percentile and the share of responses within it."""
    values = target_values(target, measured, targets)
    value = percentile(values, target.percentile)
    share = share_within(values, target.seconds)
    return {
        "id": target.id,
        "standard": target.standard,
        "edition": target.edition,
        "interval": target.interval,
        "services": list(target.services),
        "percentile": target.percentile,
        "seconds": target.seconds,
        "label": target.label,
        "confidence": target.confidence,
        "primary": target.primary,
        "note": target.note,
        "count": len(values),
        "measured": _round(value),
        "within_share": None if share is None else round(share, 4),
        "met": None if value is None else value <= target.seconds,
    }


def target_values(target: Target, measured: Measured, targets: Targets) -> list[float]:
    """The values a target is held against: per-service unit responses, or incident intervals."""
    if not target.services:
        return measured.values(target.interval)
    served = (
        u.value(target.interval)
        for u in measured.units
        if targets.service_of(u.unit_type) in target.services
    )
    return present(served)


def grouped(
    incidents: Iterable[IncidentIntervals], key: Callable[[IncidentIntervals], str]
) -> dict[str, dict[str, dict[str, float | int | None]]]:
    """Stats of each interval, per value of ``key``."""
    groups: dict[str, list[IncidentIntervals]] = defaultdict(list)
    for item in incidents:
        groups[key(item)].append(item)
    return {
        name: {i: stat(present(x.value(i) for x in members)) for i in INCIDENT_INTERVALS}
        for name, members in sorted(groups.items())
    }


def daily(incidents: Iterable[IncidentIntervals]) -> dict[str, list[dict[str, Any]]]:
    """The 90th percentile of each interval per day (UTC), for the over-time chart."""
    days = grouped(incidents, lambda i: i.received_at[:10])
    return {
        interval: [{"day": day, **stats[interval]} for day, stats in days.items()]
        for interval in INCIDENT_INTERVALS
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)
