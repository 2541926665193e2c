"""Incident records folded from journal events: times, type, place and each unit's response.

The fold reads the same events the engine applies, in journal order, and keeps what reports need:
the first call's received and answered times, the incident's latest type, priority and location,
and per assignment the dispatched, en route, on scene, transporting, at hospital and cleared
times. Caller identity, remarks
and unit positions are never kept here, so nothing built on the fold can leak them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tenfour.domain import events as e
from tenfour.domain.redaction import IncidentFacts


@dataclass
class UnitResponse:
    """One unit's response to an incident (one assignment)."""

    assignment: str
    unit: str
    agency: str | None
    unit_type: str | None
    dispatched_at: str
    dispatched_seq: int
    enroute_at: str | None = None
    onscene_at: str | None = None
    transport_at: str | None = None  # transporting a patient (NEMSIS eTimes.11)
    destination_at: str | None = None  # at the hospital (eTimes.12)
    cleared_at: str | None = None
    cleared_seq: int | None = None
    directive: str | None = None


@dataclass
class IncidentRecord:
    """What reports know about one incident; ``sources`` are the seqs its public facts came from."""

    incident: str
    agency: str
    type_code: str
    priority: int
    address: str
    lat: float | None
    lon: float | None
    created_at: str
    created_seq: int
    received_at: str | None = None
    answered_at: str | None = None
    closed_at: str | None = None
    last_seq: int = 0
    sources: list[int] = field(default_factory=list)
    responses: list[UnitResponse] = field(default_factory=list)

    @property
    def received(self) -> str:
        """When the first call rang (the incident's creation when no call says)."""
        return self.received_at or self.created_at

    @property
    def first_dispatch(self) -> str | None:
        """When the first unit was dispatched."""
        return min((r.dispatched_at for r in self.responses), default=None)

    def facts(self) -> IncidentFacts:
        """The facts the redaction rules look at."""
        return IncidentFacts(
            incident=self.incident,
            type_code=self.type_code,
            priority=self.priority,
            received_at=self.received,
            recorded_at=self.created_at,
            address=self.address,
            lat=self.lat,
            lon=self.lon,
        )


@dataclass(frozen=True, slots=True)
class UnitInfo:
    """A unit's agency and type, as registered."""

    agency: str
    unit_type: str


Handler = Callable[["RecordsFold", int, str, Any], None]


class RecordsFold:
    """Incident records built by feeding events in journal order."""

    def __init__(self) -> None:
        self.incidents: dict[str, IncidentRecord] = {}
        self.units: dict[str, UnitInfo] = {}
        self.agency_kinds: dict[str, str] = {}
        self.assignments: dict[str, UnitResponse] = {}
        self.last_seq = 0

    def feed(self, seq: int, at: str, event: e.Event) -> None:
        """Take one event (events of no interest are skipped)."""
        self.last_seq = seq
        handler = _HANDLERS.get(type(event))
        if handler is not None:
            handler(self, seq, at, event)

    def record(self, incident: str) -> IncidentRecord | None:
        """The record of an incident, if it was seen."""
        return self.incidents.get(incident)

    def forget(self, incident: str) -> None:
        """Drop an incident (the live public feed keeps only recent ones)."""
        found = self.incidents.pop(incident, None)
        for response in found.responses if found else ():
            self.assignments.pop(response.assignment, None)

    def touch(self, incident: str, seq: int) -> IncidentRecord | None:
        """The incident's record, marked as changed at ``seq``."""
        found = self.incidents.get(incident)
        if found is not None:
            found.last_seq = seq
        return found


def relevant(type_name: str) -> bool:
    """Whether events of this type change what the fold keeps (lets scans skip the rest)."""
    cls = e.REGISTRY.get(type_name)
    return cls is not None and cls in _HANDLERS


def _agency(fold: RecordsFold, seq: int, at: str, ev: e.AgencyRegistered) -> None:
    fold.agency_kinds[ev.agency] = ev.kind


def _unit(fold: RecordsFold, seq: int, at: str, ev: e.UnitRegistered) -> None:
    fold.units[ev.unit] = UnitInfo(ev.agency, ev.unit_type)


def _unit_amended(fold: RecordsFold, seq: int, at: str, ev: e.UnitAmended) -> None:
    known = fold.units.get(ev.unit)
    if known is not None:
        fold.units[ev.unit] = UnitInfo(known.agency, ev.unit_type)


def _created(fold: RecordsFold, seq: int, at: str, ev: e.IncidentCreated) -> None:
    fold.incidents[ev.incident] = IncidentRecord(
        incident=ev.incident,
        agency=ev.agency,
        type_code=ev.type_code,
        priority=ev.priority,
        address=ev.address,
        lat=ev.lat,
        lon=ev.lon,
        created_at=at,
        created_seq=seq,
        last_seq=seq,
        sources=[seq],
    )


def _call(fold: RecordsFold, seq: int, at: str, ev: e.CallAdded) -> None:
    found = fold.touch(ev.incident, seq)
    if found is None or (found.received_at is not None and found.received_at <= ev.received_at):
        return
    found.received_at, found.answered_at = ev.received_at, ev.answered_at
    found.sources.append(seq)


def _reclassified(fold: RecordsFold, seq: int, at: str, ev: e.IncidentReclassified) -> None:
    found = fold.touch(ev.incident, seq)
    if found is not None:
        found.type_code, found.priority = ev.type_code, ev.priority
        found.sources.append(seq)


def _relocated(fold: RecordsFold, seq: int, at: str, ev: e.IncidentRelocated) -> None:
    found = fold.touch(ev.incident, seq)
    if found is not None:
        found.address, found.lat, found.lon = ev.address, ev.lat, ev.lon
        found.sources.append(seq)


def _closed(fold: RecordsFold, seq: int, at: str, ev: e.IncidentClosed) -> None:
    found = fold.touch(ev.incident, seq)
    if found is not None:
        found.closed_at = at
        found.sources.append(seq)


def _dispatched(fold: RecordsFold, seq: int, at: str, ev: e.UnitDispatched) -> None:
    found = fold.touch(ev.incident, seq)
    if found is None:
        return
    info = fold.units.get(ev.unit)
    response = UnitResponse(
        assignment=ev.assignment,
        unit=ev.unit,
        agency=info.agency if info else None,
        unit_type=info.unit_type if info else None,
        dispatched_at=at,
        dispatched_seq=seq,
    )
    found.responses.append(response)
    fold.assignments[ev.assignment] = response


def _status(fold: RecordsFold, seq: int, at: str, ev: e.UnitStatusChanged) -> None:
    response = fold.assignments.get(ev.assignment or "")
    if response is None:
        return
    if ev.status == "enroute" and response.enroute_at is None:
        response.enroute_at = at
    elif ev.status == "onscene" and response.onscene_at is None:
        response.onscene_at = at
    elif ev.status == "transporting" and response.transport_at is None:
        response.transport_at = at
    elif ev.status == "atHospital" and response.destination_at is None:
        response.destination_at = at
    if ev.incident is not None:
        fold.touch(ev.incident, seq)


def _cleared(fold: RecordsFold, seq: int, at: str, ev: e.UnitCleared) -> None:
    response = fold.assignments.get(ev.assignment)
    if response is not None:
        response.cleared_at, response.cleared_seq, response.directive = at, seq, ev.directive
    fold.touch(ev.incident, seq)


_HANDLERS: dict[type[e.Event], Handler] = {
    e.AgencyRegistered: _agency,
    e.UnitRegistered: _unit,
    e.UnitAmended: _unit_amended,
    e.IncidentCreated: _created,
    e.CallAdded: _call,
    e.IncidentReclassified: _reclassified,
    e.IncidentRelocated: _relocated,
    e.IncidentClosed: _closed,
    e.UnitDispatched: _dispatched,
    e.UnitStatusChanged: _status,
    e.UnitCleared: _cleared,
}
