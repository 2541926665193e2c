"""Entity -> read model conversions shared by the boards and the incident view. No rules here."""

from __future__ import annotations

from tenfour.domain.actors import Actor
from tenfour.domain.authorization import may_read_bulletin
from tenfour.domain.entities import (
    Area,
    AssistanceRequest,
    Bulletin,
    Directive,
    Hazard,
    Incident,
)
from tenfour.domain.state import DispatchState
from tenfour.domain.timefmt import seconds_between
from tenfour.views.models import (
    AreaOut,
    BulletinOut,
    DirectiveOut,
    HazardOut,
    IncidentRow,
    RequestOut,
)


def since(start: str, now: str) -> float | None:
    """Seconds from ``start`` to ``now`` (None when unknown)."""
    return round(seconds_between(start, now), 3) if start else None


def area_out(area: Area | None) -> AreaOut | None:
    """An area, if any."""
    return AreaOut(lat=area.lat, lon=area.lon, radius_m=area.radius_m) if area else None


def incident_row(state: DispatchState, incident: Incident, now: str, viewer: Actor) -> IncidentRow:
    """An incident as one board line, as ``viewer`` may see it."""
    loc = incident.location
    hits = [state.bulletins[b] for b in incident.bulletin_hits if b in state.bulletins]
    return IncidentRow(
        id=incident.id,
        agency=incident.agency,
        type_code=incident.type_code,
        priority=incident.priority,
        status=incident.status.value,
        address=loc.address,
        lat=loc.lat,
        lon=loc.lon,
        verified=loc.verified,
        created_at=incident.created_at,
        age_s=since(incident.created_at, now) or 0.0,
        units=[a.unit_id for a in state.active_assignments(incident)],
        directives_in_force=[d.id for d in state.directives_in_force(incident, now)],
        bulletin_hits=sum(may_read_bulletin(viewer, b) for b in hits),
        hazard_hits=len(incident.hazard_hits),
    )


def directive_out(d: Directive, now: str) -> DirectiveOut:
    """A directive."""
    return DirectiveOut(
        id=d.id,
        agency=d.agency,
        kind=d.kind.value,
        issuer=d.issuer,
        role=d.role.value,
        authority=d.authority,
        reason=d.reason,
        issued_at=d.issued_at,
        incident=d.incident_id,
        area=area_out(d.area),
        expires_at=d.expires_at,
        message=d.message,
        stage_at=d.stage_at,
        lights_and_siren=d.lights_and_siren,
        notified_units=list(d.notified_units),
        acks=dict(d.acks),
        in_force=d.in_force(now),
        lifted_at=d.lifted_at,
        lifted_by=d.lifted_by,
        lift_reason=d.lift_reason,
    )


def request_out(r: AssistanceRequest) -> RequestOut:
    """A request for assistance."""
    return RequestOut(
        id=r.id,
        incident=r.incident_id,
        from_agency=r.from_agency,
        to_agency=r.to_agency,
        what=r.what,
        where=r.where,
        requested_at=r.requested_at,
        requested_by=r.requested_by,
        external_ref=r.external_ref,
        answer=r.answer.value if r.answer else None,
        answer_reason=r.answer_reason,
        answered_by=r.answered_by,
        answered_at=r.answered_at,
        units=list(r.units),
        directive=r.directive_id,
    )


def bulletin_out(b: Bulletin) -> BulletinOut:
    """A bulletin."""
    return BulletinOut(
        id=b.id,
        agency=b.agency,
        subject=b.subject,
        persons=list(b.persons),
        plates=list(b.plates),
        valid_from=b.valid_from,
        valid_until=b.valid_until,
        restricted=b.restricted,
        cancelled=b.cancelled,
    )


def hazard_out(h: Hazard) -> HazardOut:
    """A hazard."""
    return HazardOut(
        id=h.id,
        agency=h.agency,
        description=h.description,
        area=area_out(h.area),
        person=h.person,
        expires_at=h.expires_at,
        removed=h.removed,
    )
