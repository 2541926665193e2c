"""Boards a console shows: pending queue, open incidents, units, directives, bulletins, hazards.

Pure functions of the engine's state (read only) and the time; ordering and field selection
only - no business rules.
"""

from __future__ import annotations

from tenfour.domain.state import DispatchState
from tenfour.views.convert import (
    bulletin_out,
    bulletin_visible,
    directive_out,
    hazard_out,
    incident_row,
    request_out,
    since,
)
from tenfour.views.models import (
    BulletinOut,
    DirectiveOut,
    HazardOut,
    IncidentRow,
    RequestOut,
    UnitRow,
)


def open_incidents(state: DispatchState, now: str, agency: str) -> list[IncidentRow]:
    """Incidents not closed, highest priority first, then oldest first."""
    found = sorted(state.open_incidents(), key=lambda i: (i.priority, i.created_at, i.id))
    return [incident_row(state, i, now, agency) for i in found]


def pending_queue(state: DispatchState, now: str, agency: str) -> list[IncidentRow]:
    """Open incidents with no unit yet, by priority then age."""
    return [row for row in open_incidents(state, now, agency) if row.status == "pending"]


def unit_board(state: DispatchState, now: str) -> list[UnitRow]:
    """Every unit with its status, time in status, position and incident, by call sign."""
    rows = []
    for unit in sorted(state.units.values(), key=lambda u: u.id):
        assignment = state.assignments.get(unit.assignment_id or "")
        rows.append(
            UnitRow(
                id=unit.id,
                agency=unit.agency,
                unit_type=unit.unit_type,
                capabilities=list(unit.capabilities),
                station=unit.station,
                status=unit.status.value,
                status_since=unit.status_since,
                time_in_status_s=since(unit.status_since, now),
                lat=unit.lat,
                lon=unit.lon,
                incident=assignment.incident_id if assignment else None,
                version=state.version_of(unit.id),
            )
        )
    return rows


def directives(state: DispatchState, now: str, *, in_force_only: bool) -> list[DirectiveOut]:
    """Directives, newest first."""
    found = [d for d in state.directives.values() if d.in_force(now) or not in_force_only]
    found.sort(key=lambda d: (d.issued_at, d.id), reverse=True)
    return [directive_out(d, now) for d in found]


def bulletins(state: DispatchState, agency: str, *, include_cancelled: bool) -> list[BulletinOut]:
    """Bulletins the agency may see (restricted ones only for their own agency), newest first."""
    found = [
        b
        for b in state.bulletins.values()
        if bulletin_visible(state, b, agency) and (include_cancelled or not b.cancelled)
    ]
    found.sort(key=lambda b: (b.valid_from, b.id), reverse=True)
    return [bulletin_out(b) for b in found]


def hazards(state: DispatchState, *, include_removed: bool) -> list[HazardOut]:
    """Premise alerts, by id."""
    found = [h for h in state.hazards.values() if include_removed or not h.removed]
    return [hazard_out(h) for h in sorted(found, key=lambda h: h.id)]


def assistance_requests(state: DispatchState, *, open_only: bool) -> list[RequestOut]:
    """Requests for assistance, newest first."""
    found = [r for r in state.requests.values() if r.answer is None or not open_only]
    found.sort(key=lambda r: (r.requested_at, r.id), reverse=True)
    return [request_out(r) for r in found]
