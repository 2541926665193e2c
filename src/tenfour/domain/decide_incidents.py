"""Handlers for incidents, calls and remarks."""

from __future__ import annotations

from tenfour.domain import commands as c
from tenfour.domain import events as e
from tenfour.domain.entities import Incident
from tenfour.domain.errors import conflict, invalid
from tenfour.domain.geometry import Point, valid_position
from tenfour.domain.handler_context import Context, optional_text, text, time_field
from tenfour.domain.match_hits import bulletin_hits, hazard_hits

MAX_PRIORITY = 9


def _priority(value: int) -> int:
    if not 1 <= value <= MAX_PRIORITY:
        raise invalid(f"priority must be 1 (highest) to {MAX_PRIORITY}", "priority")
    return value


def _position(lat: float | None, lon: float | None) -> Point | None:
    if lat is None and lon is None:
        return None
    if lat is None or lon is None or not valid_position(lat, lon):
        raise invalid("lat and lon must both be given and lie on Earth", "lat")
    return Point(lat, lon)


def _call_event(ctx: Context, incident: str, cmd: c.CreateIncident | c.AddCall) -> e.CallAdded:
    received = time_field(ctx, cmd.received_at, "received_at") or ctx.now
    answered = time_field(ctx, cmd.answered_at, "answered_at")
    if answered is not None and answered < received:
        raise invalid("answered_at is before received_at", "answered_at")
    return e.CallAdded(
        call=ctx.state.next_id("call"),
        incident=incident,
        ani=text(cmd.ani, "ani", required=False, limit=32),
        ali=text(cmd.ali, "ali", required=False, limit=400),
        caller_name=text(cmd.caller_name, "caller_name", required=False, limit=200),
        received_at=received,
        answered_at=answered,
        linked_as_duplicate=isinstance(cmd, c.AddCall) and cmd.duplicate,
    )


def _hits(
    ctx: Context,
    incident: str,
    texts: list[tuple[str, str]],
    where: Point | None,
    known: Incident | None = None,
) -> list[e.Event]:
    seen_b = set(known.bulletin_hits) if known else set()
    seen_h = set(known.hazard_hits) if known else set()
    out: list[e.Event] = []
    for body, source in texts:
        out += bulletin_hits(ctx.state.bulletins.values(), incident, body, source, ctx.now, seen_b)
    out += hazard_hits(
        ctx.state.hazards.values(), incident, where, (t for t, _ in texts), ctx.now, seen_h
    )
    return out


def create_incident(ctx: Context, cmd: c.CreateIncident) -> list[e.Event]:
    """Open an incident with its first call, narrative, and any bulletin or hazard hits."""
    agency = ctx.agency(cmd.agency or ctx.actor.agency).id
    where = _position(cmd.lat, cmd.lon)
    address = text(cmd.address, "address", limit=400)
    year = ctx.now[:4]
    ident = ctx.state.next_incident_id(year)
    type_code = ctx.type_code(cmd.type_code)
    priority = ctx.default_priority(type_code) if cmd.priority is None else cmd.priority
    created = e.IncidentCreated(
        incident=ident,
        agency=agency,
        type_code=type_code,
        priority=_priority(priority),
        address=address,
        lat=cmd.lat,
        lon=cmd.lon,
        verified=ctx.verified(address, where),  # the server's gazetteer, never cmd.verified
    )
    out: list[e.Event] = [created, _call_event(ctx, ident, cmd)]
    narrative = optional_text(cmd.narrative, "narrative")
    texts = [(created.address, "location")]
    if narrative:
        rid = ctx.state.next_id("remark")
        out.append(e.RemarkAdded(remark=rid, incident=ident, text=narrative))
        texts.append((narrative, f"remark:{rid}"))
    return out + _hits(ctx, ident, texts, where)


def add_call(ctx: Context, cmd: c.AddCall) -> list[e.Event]:
    """Attach a further call, and its narrative as a remark."""
    incident = ctx.open_incident(cmd.incident)
    call = _call_event(ctx, incident.id, cmd)
    out: list[e.Event] = [call]
    narrative = optional_text(cmd.narrative, "narrative")
    if narrative:
        rid = ctx.state.next_id("remark")
        out.append(e.RemarkAdded(remark=rid, incident=incident.id, text=narrative))
        out += _hits(ctx, incident.id, [(narrative, f"remark:{rid}")], None, incident)
    return out


def add_remark(ctx: Context, cmd: c.AddRemark) -> list[e.Event]:
    """A narrative line, matched against bulletins and person hazards."""
    incident = ctx.incident(cmd.incident)
    body = text(cmd.text, "text")
    rid = ctx.state.next_id("remark")
    added = e.RemarkAdded(remark=rid, incident=incident.id, text=body)
    return [added, *_hits(ctx, incident.id, [(body, f"remark:{rid}")], None, incident)]


def strike_remark(ctx: Context, cmd: c.StrikeRemark) -> list[e.Event]:
    """Strike a remark through, with a reason, and add the correction if given."""
    incident = ctx.incident(cmd.incident)
    remark = ctx.state.remarks.get(cmd.remark)
    if remark is None or remark.incident_id != incident.id:
        raise invalid(f"remark {cmd.remark!r} is not on incident {incident.id}", "remark")
    if remark.struck_by is not None:
        raise conflict(f"remark {remark.id} is already struck")
    out: list[e.Event] = [
        e.RemarkStruck(remark=remark.id, incident=incident.id, reason=text(cmd.reason, "reason"))
    ]
    correction = optional_text(cmd.correction, "correction")
    if correction:
        rid = ctx.state.next_id("remark")
        out.append(
            e.RemarkAdded(remark=rid, incident=incident.id, text=correction, corrects=remark.id)
        )
        out += _hits(ctx, incident.id, [(correction, f"remark:{rid}")], None, incident)
    return out


def reclassify(ctx: Context, cmd: c.ReclassifyIncident) -> list[e.Event]:
    """Change an open incident's type and priority."""
    incident = ctx.open_incident(cmd.incident)
    return [
        e.IncidentReclassified(
            incident=incident.id,
            type_code=ctx.type_code(cmd.type_code),
            priority=_priority(cmd.priority),
        )
    ]


def relocate(ctx: Context, cmd: c.RelocateIncident) -> list[e.Event]:
    """Correct an open incident's location; hazards at the new place are matched."""
    incident = ctx.open_incident(cmd.incident)
    where = _position(cmd.lat, cmd.lon)
    address = text(cmd.address, "address", limit=400)
    moved = e.IncidentRelocated(
        incident=incident.id,
        address=address,
        lat=cmd.lat,
        lon=cmd.lon,
        verified=ctx.verified(address, where),
    )
    return [moved, *_hits(ctx, incident.id, [(moved.address, "location")], where, incident)]


def link(ctx: Context, cmd: c.LinkIncidents) -> list[e.Event]:
    """Link two incidents about the same event."""
    incident, other = ctx.incident(cmd.incident), ctx.incident(cmd.other)
    if incident.id == other.id:
        raise invalid("an incident cannot be linked to itself", "other")
    if other.id in incident.links:
        raise conflict(f"{incident.id} and {other.id} are already linked")
    return [
        e.IncidentsLinked(incident=incident.id, other=other.id, reason=text(cmd.reason, "reason"))
    ]


def unlink(ctx: Context, cmd: c.UnlinkIncidents) -> list[e.Event]:
    """Undo a link made in error, with a reason."""
    incident, other = ctx.incident(cmd.incident), ctx.incident(cmd.other)
    if other.id not in incident.links:
        raise conflict(f"{incident.id} and {other.id} are not linked")
    return [
        e.IncidentsUnlinked(incident=incident.id, other=other.id, reason=text(cmd.reason, "reason"))
    ]


def close(ctx: Context, cmd: c.CloseIncident) -> list[e.Event]:
    """Close an incident; every unit still on it is cleared by the same order."""
    incident = ctx.open_incident(cmd.incident)
    disposition = text(cmd.disposition, "disposition", limit=64)
    cleared: list[e.Event] = [
        e.UnitCleared(
            assignment=a.id, incident=incident.id, unit=a.unit_id, reason="incident closed"
        )
        for a in ctx.state.active_assignments(incident)
    ]
    return [*cleared, e.IncidentClosed(incident=incident.id, disposition=disposition)]
