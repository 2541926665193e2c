"""The live state of a dispatch centre: what the engine holds in memory and snapshots."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from tenfour.domain.entities import (
    BLOCKING_KINDS,
    Agency,
    Assignment,
    AssistanceRequest,
    Bulletin,
    Call,
    Directive,
    Hazard,
    Incident,
    Remark,
    Unit,
    User,
)
from tenfour.domain.geometry import Point, distance_m
from tenfour.domain.interop import InteropState
from tenfour.domain.radio import RadioState
from tenfour.domain.retention import Retention

PREFIXES = {
    "call": "C",
    "remark": "R",
    "assignment": "A",
    "directive": "DIR",
    "request": "AR",
    "hazard": "HZ",
    "bulletin": "B",
    "override": "OV",
    "proposal": "PR",
}


@dataclass
class DispatchState:
    """Everything the engine knows, rebuilt from the journal by applying its events in order."""

    agencies: dict[str, Agency] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    incidents: dict[str, Incident] = field(default_factory=dict)
    calls: dict[str, Call] = field(default_factory=dict)
    remarks: dict[str, Remark] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)
    assignments: dict[str, Assignment] = field(default_factory=dict)
    directives: dict[str, Directive] = field(default_factory=dict)
    requests: dict[str, AssistanceRequest] = field(default_factory=dict)
    hazards: dict[str, Hazard] = field(default_factory=dict)
    bulletins: dict[str, Bulletin] = field(default_factory=dict)
    counters: dict[str, int] = field(default_factory=dict)
    versions: dict[str, int] = field(default_factory=dict)
    overrides: dict[str, str] = field(default_factory=dict)  # override id -> directive id
    interop: InteropState = field(default_factory=InteropState)  # documents, deliveries, alerts
    retention: Retention = field(default_factory=Retention)  # what leaves, and when
    radio: RadioState = field(default_factory=RadioState)  # transmissions, transcripts, phrases

    def archived(self, kind: str, ident: str) -> bool:
        """Whether ``ident`` was issued here once and has since left the live state (an
        incident closed before the window; a call, remark, directive... of one)."""
        if kind == "incident":
            _, _, number = ident.rpartition("-")
            counted = self.counters.get("incident", 0)
            return ident not in self.incidents and number.isdigit() and 0 < int(number) <= counted
        prefix = PREFIXES[kind]
        number = ident.removeprefix(prefix)
        counted = self.counters.get(kind, 0)
        return ident.startswith(prefix) and number.isdigit() and 0 < int(number) <= counted

    # The centre's configuration entries by section and key (stations, run cards, incident
    # types, unit types, status timers): set by ``SetCentreEntry``, empty = packaged defaults.
    config: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)

    def next_id(self, kind: str) -> str:
        """The id the next entity of ``kind`` will get (counters advance when events apply)."""
        return f"{PREFIXES[kind]}{self.counters.get(kind, 0) + 1}"

    def next_incident_id(self, year: str) -> str:
        """Incident numbers as dispatchers read them: year and a running number."""
        return f"{year}-{self.counters.get('incident', 0) + 1:06d}"

    def version_of(self, ident: str) -> int:
        """How many events have touched this incident, unit, directive or request."""
        return self.versions.get(ident, 0)

    def open_incidents(self) -> Iterator[Incident]:
        """Incidents not yet closed."""
        return (i for i in self.incidents.values() if i.open)

    def active_assignments(self, incident: Incident) -> list[Assignment]:
        """Assignments on the incident whose unit has not cleared."""
        found = (self.assignments[a] for a in incident.assignment_ids)
        return [a for a in found if a.active]

    def dispatches(self, agency: str, unit: Unit) -> bool:
        """Whether ``agency``'s dispatchers dispatch the unit: their own, or as its centre."""
        if unit.agency == agency:
            return True
        owner = self.agencies.get(unit.agency)
        return owner is not None and owner.dispatch_centre == agency

    def directives_in_force(self, incident: Incident, now: str) -> list[Directive]:
        """Directives in force that cover the incident, by its id or by an area around it."""
        return [d for d in self.directives.values() if d.in_force(now) and covers(d, incident)]

    def blocking_directive(self, incident: Incident, agency: str, now: str) -> Directive | None:
        """The stand-down or hold of ``agency`` in force on the incident, if any."""
        for d in self.directives_in_force(incident, now):
            if d.kind in BLOCKING_KINDS and d.agency == agency:
                return d
        return None


def covers(directive: Directive, incident: Incident) -> bool:
    """Whether a directive applies to an incident: named directly or inside its area."""
    if directive.incident_id is not None:
        return directive.incident_id == incident.id
    area, loc = directive.area, incident.location
    if area is None or loc.lat is None or loc.lon is None:
        return False
    return distance_m(Point(area.lat, area.lon), Point(loc.lat, loc.lon)) <= area.radius_m
