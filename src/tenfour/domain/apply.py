"""``apply(state, event)``: how each recorded fact changes the live state.

Apply never refuses: the event already happened. It is deterministic, so replaying the
journal rebuilds exactly the state the engine had.
"""

from __future__ import annotations

from typing import Any

from tenfour.domain import events as e
from tenfour.domain.actors import Role
from tenfour.domain.apply_interop import INTEROP_APPLIERS
from tenfour.domain.apply_radio import RADIO_APPLIERS
from tenfour.domain.entities import (
    Agency,
    AnswerKind,
    Area,
    Assignment,
    AssistanceRequest,
    Bulletin,
    Call,
    Directive,
    DirectiveKind,
    Hazard,
    Incident,
    Location,
    Order,
    OrderKind,
    Remark,
    Unit,
    User,
)
from tenfour.domain.evict import closed, expire, set_window
from tenfour.domain.recorded import Applier, Recorded
from tenfour.domain.state import DispatchState
from tenfour.domain.statuses import IncidentStatus, UnitStatus, incident_status_from


def apply(state: DispatchState, event: e.Event, rec: Recorded) -> DispatchState:
    """Apply one event in place and return the state."""
    APPLIERS[type(event)](state, event, rec)
    for name in ("incident", "unit", "directive", "request"):
        value = getattr(event, name, None)
        if isinstance(value, str):
            state.versions[value] = state.versions.get(value, 0) + 1
    expire(state, rec.at)
    return state


def _count(state: DispatchState, kind: str) -> None:
    state.counters[kind] = state.counters.get(kind, 0) + 1


def _refresh(state: DispatchState, incident: Incident) -> None:
    if incident.open:
        statuses = [state.units[a.unit_id].status for a in state.active_assignments(incident)]
        served = any(
            o.kind == OrderKind.ONSCENE
            for a in (state.assignments[x] for x in incident.assignment_ids)
            for o in a.orders
        )
        incident.status = incident_status_from(statuses, served=served)


def _order(kind: OrderKind, rec: Recorded, **extra: Any) -> Order:
    a = rec.actor
    return Order(kind=kind, at=rec.at, by=a.user, role=a.role, agency=a.agency, **extra)


def _agency(s: DispatchState, ev: e.AgencyRegistered, rec: Recorded) -> None:
    roles = tuple(Role(r) for r in ev.directive_roles)
    s.agencies[ev.agency] = Agency(ev.agency, ev.name, ev.kind, roles, ev.dispatch_centre)


def _policy(s: DispatchState, ev: e.AgencyPolicyChanged, rec: Recorded) -> None:
    s.agencies[ev.agency].directive_roles = tuple(Role(r) for r in ev.directive_roles)


def _agency_amended(s: DispatchState, ev: e.AgencyAmended, rec: Recorded) -> None:
    agency = s.agencies[ev.agency]
    agency.name, agency.kind, agency.dispatch_centre = ev.name, ev.kind, ev.dispatch_centre


def _unit_amended(s: DispatchState, ev: e.UnitAmended, rec: Recorded) -> None:
    unit = s.units[ev.unit]
    unit.unit_type, unit.capabilities, unit.station = ev.unit_type, ev.capabilities, ev.station


def _centre_entry(s: DispatchState, ev: e.CentreEntrySet, rec: Recorded) -> None:
    section = s.config.setdefault(ev.section, {})
    if ev.value is None:
        section.pop(ev.key, None)
    else:
        section[ev.key] = ev.value


def _user(s: DispatchState, ev: e.UserRegistered, rec: Recorded) -> None:
    s.users[ev.user] = User(ev.user, ev.agency, tuple(Role(r) for r in ev.roles), ev.unit)


def _user_off(s: DispatchState, ev: e.UserDeactivated, rec: Recorded) -> None:
    user = s.users[ev.user]
    user.active, user.revoked_at = False, rec.at


def _user_on(s: DispatchState, ev: e.UserReactivated, rec: Recorded) -> None:
    s.users[ev.user].active = True


def _password(s: DispatchState, ev: e.PasswordSet, rec: Recorded) -> None:
    s.users[ev.user].credential = ev.credential


def _unit(s: DispatchState, ev: e.UnitRegistered, rec: Recorded) -> None:
    s.units[ev.unit] = Unit(
        ev.unit,
        ev.agency,
        ev.unit_type,
        ev.capabilities,
        ev.station,
        status_since=rec.at,
        lat=ev.lat,
        lon=ev.lon,
    )


def _incident(s: DispatchState, ev: e.IncidentCreated, rec: Recorded) -> None:
    _count(s, "incident")
    where = Location(ev.address, ev.lat, ev.lon, ev.verified)
    s.incidents[ev.incident] = Incident(
        ev.incident,
        ev.agency,
        ev.type_code,
        ev.priority,
        where,
        created_at=rec.at,
        created_by=rec.actor.user,
    )
    if rec.actor.role == Role.PARTNER:  # a partner's document: shared with the partner
        s.incidents[ev.incident].share(rec.actor.agency)


def _reclassified(s: DispatchState, ev: e.IncidentReclassified, rec: Recorded) -> None:
    incident = s.incidents[ev.incident]
    incident.type_code, incident.priority = ev.type_code, ev.priority


def _relocated(s: DispatchState, ev: e.IncidentRelocated, rec: Recorded) -> None:
    s.incidents[ev.incident].location = Location(ev.address, ev.lat, ev.lon, ev.verified)


def _linked(s: DispatchState, ev: e.IncidentsLinked, rec: Recorded) -> None:
    s.incidents[ev.incident].links.append(ev.other)
    s.incidents[ev.other].links.append(ev.incident)


def _unlinked(s: DispatchState, ev: e.IncidentsUnlinked, rec: Recorded) -> None:
    s.incidents[ev.incident].links.remove(ev.other)
    s.incidents[ev.other].links.remove(ev.incident)


def _closed(s: DispatchState, ev: e.IncidentClosed, rec: Recorded) -> None:
    incident = s.incidents[ev.incident]
    incident.status, incident.disposition, incident.closed_at = (
        IncidentStatus.CLOSED,
        ev.disposition,
        rec.at,
    )
    closed(s, ev.incident, rec.at)


def _retention(s: DispatchState, ev: e.RetentionSet, rec: Recorded) -> None:
    set_window(s, ev.closed_window_s, rec.at)


def _call(s: DispatchState, ev: e.CallAdded, rec: Recorded) -> None:
    _count(s, "call")
    s.calls[ev.call] = Call(
        ev.call,
        ev.incident,
        ev.ani,
        ev.ali,
        ev.caller_name,
        ev.received_at,
        ev.answered_at,
        rec.actor.user,
    )
    s.incidents[ev.incident].call_ids.append(ev.call)


def _remark(s: DispatchState, ev: e.RemarkAdded, rec: Recorded) -> None:
    _count(s, "remark")
    s.remarks[ev.remark] = Remark(
        ev.remark, ev.incident, ev.text, rec.actor.user, rec.at, ev.corrects
    )
    s.incidents[ev.incident].remark_ids.append(ev.remark)


def _struck(s: DispatchState, ev: e.RemarkStruck, rec: Recorded) -> None:
    remark = s.remarks[ev.remark]
    remark.struck_by, remark.struck_reason = rec.actor.user, ev.reason


def _dispatched(s: DispatchState, ev: e.UnitDispatched, rec: Recorded) -> None:
    _count(s, "assignment")
    assignment = Assignment(
        ev.assignment,
        ev.incident,
        ev.unit,
        [_order(OrderKind.DISPATCHED, rec)],
        override_id=ev.override,
    )
    s.assignments[ev.assignment] = assignment
    unit = s.units[ev.unit]
    unit.status, unit.status_since, unit.assignment_id = (
        UnitStatus.DISPATCHED,
        rec.at,
        ev.assignment,
    )
    incident = s.incidents[ev.incident]
    incident.assignment_ids.append(ev.assignment)
    incident.share(unit.agency)
    _refresh(s, incident)


def _status(s: DispatchState, ev: e.UnitStatusChanged, rec: Recorded) -> None:
    unit = s.units[ev.unit]
    unit.status, unit.status_since = UnitStatus(ev.status), rec.at
    if ev.assignment is not None:
        s.assignments[ev.assignment].orders.append(_order(OrderKind(ev.status), rec))
        _refresh(s, s.incidents[s.assignments[ev.assignment].incident_id])


def _cleared(s: DispatchState, ev: e.UnitCleared, rec: Recorded) -> None:
    assignment = s.assignments[ev.assignment]
    assignment.active = False
    assignment.orders.append(
        _order(OrderKind.CLEARED, rec, directive_id=ev.directive, reason=ev.reason)
    )
    unit = s.units[ev.unit]
    unit.status, unit.status_since, unit.assignment_id = UnitStatus.AVAILABLE, rec.at, None
    _refresh(s, s.incidents[ev.incident])


def _service(s: DispatchState, ev: e.UnitServiceChanged, rec: Recorded) -> None:
    unit = s.units[ev.unit]
    unit.status, unit.status_since = UnitStatus(ev.status), rec.at


def _moved(s: DispatchState, ev: e.UnitMoved, rec: Recorded) -> None:
    unit = s.units[ev.unit]
    unit.lat, unit.lon = ev.lat, ev.lon


def _recommended(s: DispatchState, ev: e.RecommendationMade, rec: Recorded) -> None:
    """The latest recommendation's picks: dispatching any other unit needs a reason."""
    picks = (p.get("unit") for p in ev.picks)
    s.incidents[ev.incident].recommended_units = [u for u in picks if isinstance(u, str)]


def _directive(s: DispatchState, ev: e.DirectiveIssued, rec: Recorded) -> None:
    _count(s, "directive")
    area = None
    if ev.area_lat is not None and ev.area_lon is not None and ev.area_radius_m is not None:
        area = Area(ev.area_lat, ev.area_lon, ev.area_radius_m)
    s.directives[ev.directive] = Directive(
        id=ev.directive,
        agency=ev.agency,
        kind=DirectiveKind(ev.kind),
        issuer=rec.actor.user,
        role=rec.actor.role,
        authority=ev.authority,
        reason=ev.reason,
        issued_at=rec.at,
        incident_id=ev.incident,
        area=area,
        expires_at=ev.expires_at,
        message=ev.message,
        stage_at=ev.stage_at,
        lights_and_siren=ev.lights_and_siren,
        notified_units=list(ev.notified_units),
    )
    if ev.incident is not None:
        s.incidents[ev.incident].directive_ids.append(ev.directive)


def _lifted(s: DispatchState, ev: e.DirectiveLifted, rec: Recorded) -> None:
    d = s.directives[ev.directive]
    d.lifted_at, d.lifted_by, d.lift_reason = rec.at, rec.actor.user, ev.reason


def _acked(s: DispatchState, ev: e.DirectiveAcknowledged, rec: Recorded) -> None:
    s.directives[ev.directive].acks[ev.unit] = rec.at


def _overridden(s: DispatchState, ev: e.DirectiveOverridden, rec: Recorded) -> None:
    """A unit sent in under an override is told of the directive like the units already there:
    it joins the list of units that must acknowledge it."""
    _count(s, "override")
    s.overrides[ev.override] = ev.directive
    directive = s.directives.get(ev.directive)
    if directive is not None and ev.unit not in directive.notified_units:
        directive.notified_units.append(ev.unit)


def _refused(s: DispatchState, ev: e.DispatchRefused, rec: Recorded) -> None:
    """On the record only."""


def _requested(s: DispatchState, ev: e.AssistanceRequested, rec: Recorded) -> None:
    _count(s, "request")
    s.requests[ev.request] = AssistanceRequest(
        ev.request,
        ev.incident,
        ev.from_agency,
        ev.to_agency,
        ev.what,
        ev.where,
        rec.at,
        rec.actor.user,
        ev.external_ref,
    )
    s.incidents[ev.incident].share(ev.to_agency)  # asking another agency shares the incident


def _answered(s: DispatchState, ev: e.AssistanceAnswered, rec: Recorded) -> None:
    r = s.requests[ev.request]
    r.answer, r.answer_reason, r.answered_by, r.answered_at = (
        AnswerKind(ev.answer),
        ev.reason,
        rec.actor.user,
        rec.at,
    )
    r.units, r.directive_id = list(ev.units), ev.directive
    if r.answer == AnswerKind.ACCEPTED:  # the asked agency shares its incident with the asker
        s.incidents[r.incident_id].share(r.from_agency)


def _hazard(s: DispatchState, ev: e.HazardAdded, rec: Recorded) -> None:
    _count(s, "hazard")
    area = (
        Area(ev.lat, ev.lon, ev.radius_m)
        if ev.lat is not None and ev.lon is not None and ev.radius_m
        else None
    )
    s.hazards[ev.hazard] = Hazard(
        ev.hazard, ev.agency, ev.description, area, ev.person, ev.expires_at
    )


def _hazard_off(s: DispatchState, ev: e.HazardRemoved, rec: Recorded) -> None:
    hazard = s.hazards[ev.hazard]
    hazard.removed, hazard.removed_at = True, rec.at


def _hazard_hit(s: DispatchState, ev: e.HazardMatched, rec: Recorded) -> None:
    s.incidents[ev.incident].hazard_hits.append(ev.hazard)


def _bulletin(s: DispatchState, ev: e.BulletinIssued, rec: Recorded) -> None:
    _count(s, "bulletin")
    s.bulletins[ev.bulletin] = Bulletin(
        ev.bulletin,
        ev.agency,
        ev.subject,
        ev.persons,
        ev.plates,
        ev.valid_from,
        ev.valid_until,
        ev.restricted,
    )


def _bulletin_off(s: DispatchState, ev: e.BulletinCancelled, rec: Recorded) -> None:
    bulletin = s.bulletins[ev.bulletin]
    bulletin.cancelled, bulletin.cancelled_at = True, rec.at


def _bulletin_hit(s: DispatchState, ev: e.BulletinMatched, rec: Recorded) -> None:
    s.incidents[ev.incident].bulletin_hits.append(ev.bulletin)


APPLIERS: dict[type[e.Event], Applier] = {
    e.AgencyRegistered: _agency,
    e.AgencyPolicyChanged: _policy,
    e.RetentionSet: _retention,
    e.UserRegistered: _user,
    e.UserDeactivated: _user_off,
    e.UserReactivated: _user_on,
    e.PasswordSet: _password,
    e.UnitRegistered: _unit,
    e.AgencyAmended: _agency_amended,
    e.UnitAmended: _unit_amended,
    e.CentreEntrySet: _centre_entry,
    e.IncidentCreated: _incident,
    e.IncidentReclassified: _reclassified,
    e.IncidentRelocated: _relocated,
    e.IncidentsLinked: _linked,
    e.IncidentsUnlinked: _unlinked,
    e.IncidentClosed: _closed,
    e.CallAdded: _call,
    e.RemarkAdded: _remark,
    e.RemarkStruck: _struck,
    e.UnitDispatched: _dispatched,
    e.UnitStatusChanged: _status,
    e.UnitCleared: _cleared,
    e.UnitServiceChanged: _service,
    e.UnitMoved: _moved,
    e.RecommendationMade: _recommended,
    e.DirectiveIssued: _directive,
    e.DirectiveLifted: _lifted,
    e.DirectiveAcknowledged: _acked,
    e.DirectiveOverridden: _overridden,
    e.DispatchRefused: _refused,
    e.AssistanceRequested: _requested,
    e.AssistanceAnswered: _answered,
    e.HazardAdded: _hazard,
    e.HazardRemoved: _hazard_off,
    e.HazardMatched: _hazard_hit,
    e.BulletinIssued: _bulletin,
    e.BulletinCancelled: _bulletin_off,
    e.BulletinMatched: _bulletin_hit,
    **INTEROP_APPLIERS,
    **RADIO_APPLIERS,
}
