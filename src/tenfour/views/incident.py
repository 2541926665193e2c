"""One incident as a console shows it: calls, remarks (struck ones marked), assignments with
every order, directives, bulletin and hazard hits, requests for assistance. No rules here."""

from __future__ import annotations

from tenfour.domain import authorization as authz
from tenfour.domain.actors import Actor
from tenfour.domain.entities import Assignment, Incident
from tenfour.domain.state import DispatchState
from tenfour.views.convert import (
    bulletin_out,
    directive_out,
    hazard_out,
    incident_row,
    request_out,
)
from tenfour.views.models import (
    AssignmentOut,
    CallOut,
    IncidentDetail,
    OrderOut,
    RemarkOut,
)


def _calls(state: DispatchState, incident: Incident, viewer: Actor) -> list[CallOut]:
    if not authz.may_read_callers(viewer):
        return []  # a crew or a partner CAD never reads callers' names and numbers
    calls = (state.calls[c] for c in incident.call_ids)
    return [
        CallOut(
            id=c.id,
            ani=c.ani,
            ali=c.ali,
            caller_name=c.caller_name,
            received_at=c.received_at,
            answered_at=c.answered_at,
            call_taker=c.call_taker,
        )
        for c in calls
    ]


def _remarks(state: DispatchState, incident: Incident) -> list[RemarkOut]:
    remarks = (state.remarks[r] for r in incident.remark_ids)
    return [
        RemarkOut(
            id=r.id,
            text=r.text,
            author=r.author,
            at=r.at,
            corrects=r.corrects,
            struck=r.struck_by is not None,
            struck_by=r.struck_by,
            struck_reason=r.struck_reason,
        )
        for r in remarks
    ]


def _assignment(a: Assignment) -> AssignmentOut:
    orders = [
        OrderOut(
            kind=o.kind.value,
            at=o.at,
            by=o.by,
            role=o.role.value,
            agency=o.agency,
            directive=o.directive_id,
            reason=o.reason,
        )
        for o in a.orders
    ]
    return AssignmentOut(
        id=a.id, unit=a.unit_id, active=a.active, override=a.override_id, orders=orders
    )


def incident_detail(
    state: DispatchState, incident_id: str, viewer: Actor, now: str
) -> IncidentDetail | None:
    """The incident as ``viewer`` may see it, or None when there is none they may read."""
    incident = state.incidents.get(incident_id)
    if incident is None or not authz.may_read_incident(state, viewer, incident):
        return None
    row = incident_row(state, incident, now, viewer)
    directive_ids = set(incident.directive_ids) | set(row.directives_in_force)
    found = [state.directives[d] for d in sorted(directive_ids) if d in state.directives]
    bulletins = [state.bulletins[b] for b in incident.bulletin_hits if b in state.bulletins]
    hazards = [state.hazards[h] for h in incident.hazard_hits if h in state.hazards]
    requests = [r for r in state.requests.values() if r.incident_id == incident.id]
    visible = [b for b in bulletins if authz.may_read_bulletin(viewer, b)]
    return IncidentDetail(
        **row.model_dump(),
        created_by=incident.created_by,
        disposition=incident.disposition,
        closed_at=incident.closed_at,
        links=list(incident.links),
        version=state.version_of(incident.id),
        calls=_calls(state, incident, viewer),
        remarks=_remarks(state, incident),
        assignments=[_assignment(state.assignments[a]) for a in incident.assignment_ids],
        directives=[directive_out(d, now) for d in found],
        bulletins_hit=[bulletin_out(b) for b in visible],
        hazards_hit=[hazard_out(h) for h in hazards],
        requests=[request_out(r) for r in requests],
    )
