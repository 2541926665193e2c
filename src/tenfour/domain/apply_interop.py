"""How the interop events change the live state (``INTEROP_APPLIERS``, in ``apply.APPLIERS``)."""

from __future__ import annotations

from typing import Any

from tenfour.domain import events as e
from tenfour.domain.interop import (
    NONCE_MEMORY_S,
    Alert,
    AlertArea,
    AlertCircle,
    LinkedDocument,
    Proposal,
    alert_key,
    delivery_key,
)
from tenfour.domain.recorded import Applier, Recorded
from tenfour.domain.state import DispatchState


def _document(s: DispatchState, ev: e.ExternalDocumentReceived, rec: Recorded) -> None:
    if ev.purpose not in ("import", "update"):
        return
    link = s.interop.links.get(ev.external_id)
    if link is None:
        link = LinkedDocument(ev.incident, ev.source, "", 0, "", opened=ev.purpose == "import")
        s.interop.links[ev.external_id] = link
    link.type_code, link.priority, link.address = ev.type_code, ev.priority, ev.address
    link.components.extend(ev.components)
    link.documents += 1


def _delivered(s: DispatchState, ev: e.AssistanceDelivered, rec: Recorded) -> None:
    s.interop.deliveries[delivery_key(ev.request, ev.message)] = ev.partner_ref


def _area(data: dict[str, Any]) -> AlertArea:
    return AlertArea(
        description=data["description"],
        polygons=[[(p[0], p[1]) for p in ring] for ring in data["polygons"]],
        circles=[AlertCircle(x[0], x[1], x[2]) for x in data["circles"]],
    )


def _alert(s: DispatchState, ev: e.AlertReceived, rec: Recorded) -> None:
    s.interop.alerts[ev.alert] = Alert(
        id=ev.alert,
        identifier=ev.identifier,
        sender=ev.sender,
        sent=ev.sent,
        status=ev.status,
        msg_type=ev.msg_type,
        scope=ev.scope,
        event=ev.event,
        categories=list(ev.categories),
        urgency=ev.urgency,
        severity=ev.severity,
        certainty=ev.certainty,
        headline=ev.headline,
        description=ev.description,
        instruction=ev.instruction,
        received_at=rec.at,
        received_by=rec.actor.user,
        expires=ev.expires,
        areas=[_area(a) for a in ev.areas],
        references=list(ev.references),
        ended_at=rec.at if ev.msg_type == "Cancel" else None,
    )
    s.interop.alert_keys[alert_key(ev.sender, ev.identifier)] = ev.alert
    for old in ev.supersedes:
        ended = s.interop.alerts[old]
        ended.superseded_by, ended.ended_at = ev.alert, rec.at


def _nonce(s: DispatchState, ev: e.PartnerNonceUsed, rec: Recorded) -> None:
    nonces = s.interop.nonces
    nonces[ev.nonce] = ev.signed_at
    oldest = ev.signed_at - NONCE_MEMORY_S
    for nonce in [n for n, at in nonces.items() if at < oldest]:
        del nonces[nonce]


def _proposed(s: DispatchState, ev: e.IncidentChangeProposed, rec: Recorded) -> None:
    s.counters["proposal"] = s.counters.get("proposal", 0) + 1
    for old in ev.supersedes:
        s.interop.proposals[old].status = "superseded"
    s.interop.proposals[ev.proposal] = Proposal(
        id=ev.proposal,
        incident_id=ev.incident,
        source=ev.source,
        external_id=ev.external_id,
        proposed_at=rec.at,
        proposed_by=rec.actor.user,
        type_code=ev.type_code,
        priority=ev.priority,
        address=ev.address,
        lat=ev.lat,
        lon=ev.lon,
    )


def _decided(s: DispatchState, proposal: str, status: str, reason: str, rec: Recorded) -> None:
    p = s.interop.proposals[proposal]
    p.status, p.reason = status, reason or None
    p.decided_by, p.decided_at = rec.actor.user, rec.at


def _accepted(s: DispatchState, ev: e.ProposalAccepted, rec: Recorded) -> None:
    _decided(s, ev.proposal, "accepted", ev.reason, rec)


def _rejected(s: DispatchState, ev: e.ProposalRejected, rec: Recorded) -> None:
    _decided(s, ev.proposal, "rejected", ev.reason, rec)


INTEROP_APPLIERS: dict[type[e.Event], Applier] = {
    e.ExternalDocumentReceived: _document,
    e.AssistanceDelivered: _delivered,
    e.AlertReceived: _alert,
    e.PartnerNonceUsed: _nonce,
    e.IncidentChangeProposed: _proposed,
    e.ProposalAccepted: _accepted,
    e.ProposalRejected: _rejected,
}
