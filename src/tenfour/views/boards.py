"""Boards a console shows: pending queue, open incidents, units, directives, bulletins, hazards.

Pure functions of the engine's state (read only), the time and the viewer; ordering and field
selection only - what a viewer may read is the domain's rule (``domain.authorization``).
"""

from __future__ import annotations

from tenfour.domain import authorization as authz
from tenfour.domain.actors import Actor
from tenfour.domain.state import DispatchState
from tenfour.views.convert import (
    bulletin_out,
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


def open_incidents(state: DispatchState, now: str, viewer: Actor) -> list[IncidentRow]:
    """Incidents not closed the viewer may read, highest priority first, then oldest first."""
    readable = (i for i in state.open_incidents() if authz.may_read_incident(state, viewer, i))
    found = sorted(readable, key=lambda i: (i.priority, i.created_at, i.id))
    return [incident_row(state, i, now, viewer) for i in found]


def pending_queue(state: DispatchState, now: str, viewer: Actor) -> list[IncidentRow]:
    """Open incidents with no unit yet, by priority then age."""
    return [row for row in open_incidents(state, now, viewer) if row.status == "pending"]


def unit_board(state: DispatchState, now: str, viewer: Actor) -> list[UnitRow]:
    """The units the viewer may read: status, time in status, position, incident; by call sign."""
    rows = []
    readable = (u for u in state.units.values() if authz.may_read_unit(state, viewer, u))
    for unit in sorted(readable, key=lambda u: u.id):
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
                eta_s=assignment.eta_s if assignment else None,
                version=state.version_of(unit.id),
            )
        )
    return rows


def directives(
    state: DispatchState, now: str, viewer: Actor, *, in_force_only: bool
) -> list[DirectiveOut]:
    """Directives the viewer may read, newest first."""
    found = [
        d
        for d in state.directives.values()
        if (d.in_force(now) or not in_force_only) and authz.may_read_directive(state, viewer, d)
    ]
    found.sort(key=lambda d: (d.issued_at, d.id), reverse=True)
    return [directive_out(d, now) for d in found]


def bulletins(state: DispatchState, viewer: Actor, *, include_cancelled: bool) -> list[BulletinOut]:
    """Bulletins the viewer may see (restricted ones only in their own agency), newest first."""
    found = [
        b
        for b in state.bulletins.values()
        if authz.may_read_bulletin(viewer, b) and (include_cancelled or not b.cancelled)
    ]
    found.sort(key=lambda b: (b.valid_from, b.id), reverse=True)
    return [bulletin_out(b) for b in found]


def hazards(state: DispatchState, viewer: Actor, *, include_removed: bool) -> list[HazardOut]:
    """Premise alerts the viewer may read, by id."""
    found = [
        h
        for h in state.hazards.values()
        if (include_removed or not h.removed) and authz.may_read_hazard(state, viewer, h)
    ]
    return [hazard_out(h) for h in sorted(found, key=lambda h: h.id)]


def assistance_requests(
    state: DispatchState, viewer: Actor, *, open_only: bool
) -> list[RequestOut]:
    """Requests for assistance the viewer may read, newest first."""
    found = [
        r
        for r in state.requests.values()
        if (r.answer is None or not open_only) and authz.may_read_request(state, viewer, r)
    ]
    found.sort(key=lambda r: (r.requested_at, r.id), reverse=True)
    return [request_out(r) for r in found]
