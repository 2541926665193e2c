"""Handlers for mutual aid, hazards and bulletins."""

from __future__ import annotations

from tenfour.domain import commands as c
from tenfour.domain import events as e
from tenfour.domain.entities import AnswerKind, Area, Bulletin, Hazard
from tenfour.domain.errors import conflict, invalid
from tenfour.domain.geometry import Point, valid_position
from tenfour.domain.handler_context import Context, optional_text, text, time_field
from tenfour.domain.match_hits import bulletin_hits, hazard_hits
from tenfour.domain.timefmt import plus

MAX_BULLETIN_DAYS = 365


def request_assistance(ctx: Context, cmd: c.RequestAssistance) -> list[e.Event]:
    """One agency asks another for help on an incident."""
    incident = ctx.open_incident(cmd.incident)
    from_agency = cmd.from_agency or ctx.actor.agency
    to = ctx.agency(cmd.to_agency).id
    if to == from_agency:
        raise invalid("an agency cannot ask itself for assistance", "to_agency")
    return [
        e.AssistanceRequested(
            request=ctx.state.next_id("request"),
            incident=incident.id,
            from_agency=from_agency,
            to_agency=to,
            what=text(cmd.what, "what"),
            where=text(cmd.where, "where", required=False) or incident.location.address,
            external_ref=optional_text(cmd.external_ref, "external_ref", 200),
        )
    ]


def answer_assistance(ctx: Context, cmd: c.AnswerAssistance) -> list[e.Event]:
    """The asked agency accepts (with units) or declines (with a reason, maybe a directive's)."""
    req = ctx.request(cmd.request)
    if req.answer is not None:
        raise conflict(f"request {req.id} was already answered ({req.answer.value})")
    try:
        answer = AnswerKind(cmd.answer)
    except ValueError:
        raise invalid("answer is 'accepted' or 'declined'", "answer") from None
    reason = text(cmd.reason, "reason")
    if cmd.directive is not None:
        ctx.directive(cmd.directive)
    for unit in cmd.units:
        if ctx.unit(unit).agency != req.to_agency:
            raise invalid(f"unit {unit} is not a {req.to_agency} unit", "units")
    if answer == AnswerKind.DECLINED and cmd.units:
        raise invalid("a declined request offers no units", "units")
    return [
        e.AssistanceAnswered(
            request=req.id,
            incident=req.incident_id,
            answer=answer.value,
            reason=reason,
            units=tuple(cmd.units),
            directive=cmd.directive,
        )
    ]


def add_hazard(ctx: Context, cmd: c.AddHazard) -> list[e.Event]:
    """A premise alert bound to a place or a person; open incidents it touches get a hit."""
    place = (cmd.lat, cmd.lon, cmd.radius_m)
    has_place = any(v is not None for v in place)
    if has_place and (not valid_position(cmd.lat, cmd.lon) or not (cmd.radius_m or 0) > 0):
        raise invalid("a place hazard needs lat, lon and radius_m > 0", "lat")
    person = optional_text(cmd.person, "person", 200)
    if not has_place and not person:
        raise invalid("a hazard is bound to a place (lat, lon, radius_m) or a person", "person")
    ident = ctx.state.next_id("hazard")
    added = e.HazardAdded(
        hazard=ident,
        agency=ctx.actor.agency,
        description=text(cmd.description, "description"),
        lat=cmd.lat,
        lon=cmd.lon,
        radius_m=cmd.radius_m,
        person=person,
        expires_at=time_field(ctx, cmd.expires_at, "expires_at", planned=True),
    )
    area = Area(cmd.lat, cmd.lon, cmd.radius_m) if has_place else None  # type: ignore[arg-type]
    draft = Hazard(
        id=ident,
        agency=added.agency,
        description=added.description,
        area=area,
        person=person,
        expires_at=added.expires_at,
    )
    return [added, *_hazard_sweep(ctx, draft)]


def _hazard_sweep(ctx: Context, draft: Hazard) -> list[e.Event]:
    out: list[e.Event] = []
    for i in ctx.state.open_incidents():
        lat, lon = i.location.lat, i.location.lon
        where = Point(lat, lon) if lat is not None and lon is not None else None
        texts = [ctx.state.remarks[r].text for r in i.remark_ids]
        out += hazard_hits([draft], i.id, where, texts, ctx.now, set(i.hazard_hits))
    return out


def remove_hazard(ctx: Context, cmd: c.RemoveHazard) -> list[e.Event]:
    """Retire a hazard (the record of it stays)."""
    hazard = ctx.state.hazards.get(cmd.hazard)
    if hazard is None or hazard.removed:
        raise conflict(f"hazard {cmd.hazard!r} is not in force")
    return [e.HazardRemoved(hazard=hazard.id, reason=text(cmd.reason, "reason"))]


def issue_bulletin(ctx: Context, cmd: c.IssueBulletin) -> list[e.Event]:
    """A BOLO; open incidents whose calls or remarks already name it get a hit at once."""
    persons = tuple(p.strip() for p in cmd.persons if p.strip())
    plates = tuple(p.strip().upper() for p in cmd.plates if p.strip())
    if not persons and not plates:
        raise invalid("a bulletin names at least one person or plate", "plates")
    valid_from = time_field(ctx, cmd.valid_from, "valid_from", planned=True) or ctx.now
    days = cmd.valid_days if cmd.valid_days is not None else 30
    if not 0 < days <= MAX_BULLETIN_DAYS:
        raise invalid(f"valid_days must be 1 to {MAX_BULLETIN_DAYS}", "valid_days")
    valid_until = time_field(ctx, cmd.valid_until, "valid_until", planned=True) or plus(
        valid_from, days=days
    )
    if valid_until <= valid_from:
        raise invalid("valid_until must be after valid_from", "valid_until")
    ident = ctx.state.next_id("bulletin")
    issued = e.BulletinIssued(
        bulletin=ident,
        agency=ctx.actor.agency,
        subject=text(cmd.subject, "subject"),
        persons=persons,
        plates=plates,
        valid_from=valid_from,
        valid_until=valid_until,
        restricted=cmd.restricted,
    )
    draft = Bulletin(
        id=ident,
        agency=issued.agency,
        subject=issued.subject,
        persons=persons,
        plates=plates,
        valid_from=valid_from,
        valid_until=valid_until,
    )
    return [issued, *_bulletin_sweep(ctx, draft)]


def _bulletin_sweep(ctx: Context, draft: Bulletin) -> list[e.Event]:
    out: list[e.Event] = []
    for i in ctx.state.open_incidents():
        seen = set(i.bulletin_hits)
        for rid in i.remark_ids:
            r = ctx.state.remarks[rid]
            if r.struck_by is None:
                out += bulletin_hits([draft], i.id, r.text, f"remark:{rid}", ctx.now, seen)
    return out


def cancel_bulletin(ctx: Context, cmd: c.CancelBulletin) -> list[e.Event]:
    """Withdraw a bulletin before it expires."""
    bulletin = ctx.state.bulletins.get(cmd.bulletin)
    if bulletin is None or bulletin.cancelled:
        raise conflict(f"bulletin {cmd.bulletin!r} is not in force")
    return [e.BulletinCancelled(bulletin=bulletin.id, reason=text(cmd.reason, "reason"))]
