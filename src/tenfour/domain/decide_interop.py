"""Handlers for other systems: incidents taken in from documents, deliveries, public alerts.

An import is one command so that it is all or nothing: its handler runs the ordinary incident
handlers one after another on a scratch copy of the parts of the state they touch, and
returns every event they produced, or the first refusal.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from tenfour.domain import commands as c
from tenfour.domain import decide_incidents as incidents
from tenfour.domain import events as e
from tenfour.domain.actors import Role
from tenfour.domain.apply import apply
from tenfour.domain.decide_proposals import differences, propose
from tenfour.domain.errors import conflict, invalid
from tenfour.domain.geometry import valid_position
from tenfour.domain.handler_context import Context, text, time_field
from tenfour.domain.interop import DELIVERED_MESSAGES, LinkedDocument, alert_key, delivery_key
from tenfour.domain.partner_scope import require_own_source, require_shared
from tenfour.domain.recorded import Recorded
from tenfour.domain.retention import Retention
from tenfour.domain.state import DispatchState

MAX_DOCUMENT_BYTES = 65_536
MESSAGES = DELIVERED_MESSAGES
MIN_NONCE = 16
PURPOSES = ("record", "assistance-request", "assistance-answer")


def _scratch(state: DispatchState, incident: str | None) -> DispatchState:
    """A copy safe to apply incident, call and remark events to, sharing everything else."""
    scratch = copy.copy(state)
    for name in ("incidents", "calls", "remarks", "counters", "versions"):
        setattr(scratch, name, dict(getattr(state, name)))
    scratch.retention = Retention()  # nothing leaves a scratch copy (it shares the rest)
    if incident is not None:
        scratch.incidents[incident] = copy.deepcopy(state.incidents[incident])
    return scratch


class _Run:
    """Runs incident handlers in order on a scratch state, collecting their events."""

    def __init__(self, ctx: Context, incident: str | None) -> None:
        self.ctx = ctx
        self.scratch = _scratch(ctx.state, incident)
        self.events: list[e.Event] = []

    def __call__(self, handler: Callable[[Context, Any], list[e.Event]], cmd: Any) -> None:
        # The document's call times are the partner's record: hours old for a long incident.
        surroundings = self.ctx.surroundings.for_history()
        found = handler(Context(self.scratch, self.ctx.actor, self.ctx.now, surroundings), cmd)
        for ev in found:
            apply(self.scratch, ev, Recorded(0, self.ctx.now, self.ctx.actor))
        self.events.extend(found)


def _document(cmd: c.ImportIncident | c.RecordExternalDocument) -> None:
    text(cmd.source, "source", limit=200)
    text(cmd.external_id, "external_id", limit=400)
    if not 0 < cmd.size_bytes <= MAX_DOCUMENT_BYTES:
        raise invalid(f"a document is 1 to {MAX_DOCUMENT_BYTES} bytes", "size_bytes")
    if len(cmd.digest) != 64:
        raise invalid("digest is a SHA-256 in hex", "digest")


def import_incident(ctx: Context, cmd: c.ImportIncident) -> list[e.Event]:
    """Open an incident from another system's document, or bring the linked one up to date.

    A document about an incident that is not the sender's own never changes its type,
    priority or location: the differences become a proposal (``decide_proposals``). A partner
    may name only incidents shared with it (``partner_scope``).
    """
    _document(cmd)
    require_own_source(ctx.actor, cmd.source)
    link = ctx.state.interop.links.get(cmd.external_id)
    target = cmd.incident or (link.incident_id if link else None)
    if target is not None:
        ctx.incident(target)
        require_shared(ctx.state, ctx.actor, target)
    if target is not None and not ctx.state.incidents[target].open:
        return [_received(cmd, target, "record", ())]
    run = _Run(ctx, target)
    seen = set(link.components) if link else set()
    proposed: list[e.Event] = []
    if target is None:
        target = _open(run, cmd)
        seen.update(x.ref for x in cmd.calls[:1])
    else:
        proposed = _changes(run, cmd, target, link)
    for call in cmd.calls:
        if call.ref not in seen:
            run(incidents.add_call, _call(target, call))
    for note in cmd.notes:
        if note.ref not in seen:
            run(incidents.add_remark, c.AddRemark(incident=target, text=note.text))
    before = set(link.components) if link else set()
    refs = [x.ref for x in cmd.calls] + [x.ref for x in cmd.notes]
    taken = tuple(r for r in refs if r not in before)
    purpose = "update" if link or cmd.incident else "import"
    return [*run.events, *proposed, _received(cmd, target, purpose, taken)]


def _open(run: _Run, cmd: c.ImportIncident) -> str:
    """Create the incident with the document's first call (an empty one if it has none)."""
    first = cmd.calls[0] if cmd.calls else c.ExternalCall(ref="")
    run(
        incidents.create_incident,
        c.CreateIncident(
            type_code=cmd.type_code,
            priority=cmd.priority,
            address=cmd.address,
            lat=cmd.lat,
            lon=cmd.lon,
            verified=cmd.verified,
            ani=first.ani,
            ali=first.ali,
            caller_name=first.caller_name,
            received_at=first.received_at,
            answered_at=first.answered_at,
            agency=cmd.agency or run.ctx.actor.agency,
        ),
    )
    created = run.events[0]
    assert isinstance(created, e.IncidentCreated)
    return created.incident


def _changes(
    run: _Run, cmd: c.ImportIncident, target: str, link: LinkedDocument | None
) -> list[e.Event]:
    """What the sender changed since its last document: carried out when the incident is the
    sender's own and nobody here changed that value since; otherwise proposed. A call
    transfer brings calls only: it proposes nothing."""
    if cmd.transfer:
        return []
    incident = run.ctx.state.incidents[target]
    before = link or LinkedDocument(target, cmd.source, "", 0, "")
    own = link is not None and link.opened and link.source == cmd.source
    differs = differences(incident, cmd)
    proposal: dict[str, Any] = {}
    if "type_code" in differs and (cmd.type_code, cmd.priority) != (
        before.type_code,
        before.priority,
    ):
        if own and (incident.type_code, incident.priority) == (before.type_code, before.priority):
            run(
                incidents.reclassify,
                c.ReclassifyIncident(
                    incident=target, type_code=cmd.type_code, priority=cmd.priority
                ),
            )
        else:
            proposal.update(type_code=cmd.type_code, priority=cmd.priority)
    if "address" in differs and cmd.address != before.address:
        if own and incident.location.address == before.address:
            run(
                incidents.relocate,
                c.RelocateIncident(
                    incident=target,
                    address=cmd.address,
                    lat=cmd.lat,
                    lon=cmd.lon,
                    verified=cmd.verified,
                ),
            )
        else:
            proposal.update(address=cmd.address, lat=cmd.lat, lon=cmd.lon)
    return [propose(run.ctx, incident, cmd, proposal)] if proposal else []


def _call(incident: str, call: c.ExternalCall) -> c.AddCall:
    return c.AddCall(
        incident=incident,
        ani=call.ani,
        ali=call.ali,
        caller_name=call.caller_name,
        received_at=call.received_at,
        answered_at=call.answered_at,
    )


def _received(
    cmd: c.ImportIncident, incident: str, purpose: str, taken: tuple[str, ...]
) -> e.ExternalDocumentReceived:
    return e.ExternalDocumentReceived(
        incident=incident,
        source=cmd.source,
        purpose=purpose,
        external_id=cmd.external_id,
        digest=cmd.digest,
        size_bytes=cmd.size_bytes,
        type_code=cmd.type_code,
        priority=cmd.priority,
        address=cmd.address,
        components=taken,
        unknown_members=dict(cmd.unknown_members),
        document=dict(cmd.document),
    )


def record_document(ctx: Context, cmd: c.RecordExternalDocument) -> list[e.Event]:
    """Keep a document on an incident's record (for example one sent with an answer)."""
    _document(cmd)
    require_own_source(ctx.actor, cmd.source)
    incident = ctx.incident(cmd.incident)
    require_shared(ctx.state, ctx.actor, incident.id)
    if cmd.purpose not in PURPOSES:
        raise invalid(f"purpose is one of {', '.join(PURPOSES)}", "purpose")
    return [
        e.ExternalDocumentReceived(
            incident=incident.id,
            source=cmd.source,
            purpose=cmd.purpose,
            external_id=cmd.external_id,
            digest=cmd.digest,
            size_bytes=cmd.size_bytes,
            unknown_members=dict(cmd.unknown_members),
            document=dict(cmd.document),
        )
    ]


def acknowledge_delivery(ctx: Context, cmd: c.AcknowledgeDelivery) -> list[e.Event]:
    """Record that the partner has our request, or our answer; the outbox stops resending."""
    req = ctx.request(cmd.request)
    if cmd.message not in MESSAGES:
        raise invalid("message is 'request' or 'answer'", "message")
    if cmd.message == "answer" and req.answer is None:
        raise conflict(f"request {req.id} has no answer to deliver")
    if delivery_key(req.id, cmd.message) in ctx.state.interop.deliveries:
        raise conflict(f"the {cmd.message} of {req.id} was already delivered")
    partner = req.to_agency if cmd.message == "request" else req.from_agency
    return [
        e.AssistanceDelivered(
            request=req.id,
            incident=req.incident_id,
            message=cmd.message,
            partner=partner,
            partner_ref=text(cmd.partner_ref, "partner_ref", required=False, limit=200),
        )
    ]


def record_nonce(ctx: Context, cmd: c.RecordPartnerNonce) -> list[e.Event]:
    """Remember a partner request's nonce; the same nonce again is refused as a replay."""
    nonce = text(cmd.nonce, "nonce", limit=128)
    if len(nonce) < MIN_NONCE:
        raise invalid(f"a nonce is {MIN_NONCE} to 128 characters", "nonce")
    if nonce in ctx.state.interop.nonces:
        raise conflict("the request's nonce was already used (a replay?)")
    return [
        e.PartnerNonceUsed(
            partner=cmd.partner,
            nonce=nonce,
            signed_at=cmd.signed_at,
            path=text(cmd.path, "path", limit=200),
        )
    ]


# --- public alerts (CAP) ------------------------------------------------------------------

CAP_STATUS = ("Actual", "Exercise", "System", "Test", "Draft")
CAP_MSG_TYPES = ("Alert", "Update", "Cancel", "Ack", "Error")


def ingest_alert(ctx: Context, cmd: c.IngestAlert) -> list[e.Event]:
    """Add a public alert to the list; an update or cancel supersedes the alerts it names."""
    key = alert_key(text(cmd.sender, "sender", limit=400), text(cmd.identifier, "identifier"))
    if key in ctx.state.interop.alert_keys:
        raise conflict(f"alert {cmd.identifier} from {cmd.sender} was already received")
    if cmd.status not in CAP_STATUS:
        raise invalid(f"status is one of {', '.join(CAP_STATUS)}", "status")
    if cmd.msg_type not in CAP_MSG_TYPES:
        raise invalid(f"msg_type is one of {', '.join(CAP_MSG_TYPES)}", "msg_type")
    supersedes = _supersedes(ctx, cmd)
    return [
        e.AlertReceived(
            alert=f"AL{len(ctx.state.interop.alerts) + 1}",
            identifier=cmd.identifier.strip(),
            sender=cmd.sender.strip(),
            sent=time_field(ctx, cmd.sent, "sent", planned=True),
            status=cmd.status,
            msg_type=cmd.msg_type,
            scope=cmd.scope,
            event=text(cmd.event, "event", limit=400),
            urgency=cmd.urgency,
            severity=cmd.severity,
            certainty=cmd.certainty,
            categories=tuple(cmd.categories),
            headline=text(cmd.headline, "headline", required=False, limit=400),
            description=text(cmd.description, "description", required=False),
            instruction=text(cmd.instruction, "instruction", required=False),
            expires=time_field(ctx, cmd.expires, "expires", planned=True),
            areas=tuple(_area(a) for a in cmd.areas),
            references=tuple(cmd.references),
            supersedes=supersedes,
        )
    ]


def _supersedes(ctx: Context, cmd: c.IngestAlert) -> tuple[str, ...]:
    """The alerts an update or cancel replaces: only the same sender's, and for a partner
    only those that partner itself brought in (another's alerts are not its to cancel)."""
    known, alerts = ctx.state.interop.alert_keys, ctx.state.interop.alerts
    found = [alerts[known[r]] for r in cmd.references if r in known]
    return tuple(
        a.id
        for a in found
        if a.sender == cmd.sender.strip()
        and (ctx.actor.role != Role.PARTNER or a.received_by == ctx.actor.user)
    )


def _area(area: c.AlertAreaSpec) -> dict[str, Any]:
    for ring in area.polygons:
        if len(ring) < 4 or ring[0] != ring[-1]:
            raise invalid("a polygon has at least 4 points and ends where it starts", "areas")
    points = [p for ring in area.polygons for p in ring] + [(x[0], x[1]) for x in area.circles]
    if not all(valid_position(lat, lon) for lat, lon in points):
        raise invalid("area points must lie on Earth", "areas")
    if any(not x[2] >= 0 for x in area.circles):
        raise invalid("a circle's radius is 0 km or more", "areas")
    return {
        "description": text(area.description, "areas", limit=400),
        "polygons": [[list(p) for p in ring] for ring in area.polygons],
        "circles": [list(x) for x in area.circles],
    }
