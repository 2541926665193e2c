"""Proposals: another system's differing type, priority or location for a local incident,
recorded for a dispatcher to accept or reject instead of overwriting it (docs/adr/0013).

A proposal is checked when it is made with the same handlers that will carry it out, so a
partner cannot record a priority of 12 or a position off the Earth; accepting runs those
handlers for whatever still differs, so hazards at a new place are matched as usual.
"""

from __future__ import annotations

from typing import Any

from tenfour.domain import commands as c
from tenfour.domain import decide_incidents as incidents
from tenfour.domain import events as e
from tenfour.domain.entities import Incident
from tenfour.domain.errors import conflict, not_found
from tenfour.domain.handler_context import Context, text
from tenfour.domain.interop import Proposal

Change = c.ReclassifyIncident | c.RelocateIncident


def differences(incident: Incident, cmd: c.ImportIncident) -> dict[str, Any]:
    """The document's values that differ from the incident as it is now."""
    out: dict[str, Any] = {}
    if (cmd.type_code, cmd.priority) != (incident.type_code, incident.priority):
        out.update(type_code=cmd.type_code, priority=cmd.priority)
    loc = incident.location
    if (cmd.address, cmd.lat, cmd.lon) != (loc.address, loc.lat, loc.lon):
        out.update(address=cmd.address, lat=cmd.lat, lon=cmd.lon)
    return out


def propose(
    ctx: Context, incident: Incident, cmd: c.ImportIncident, fields: dict[str, Any]
) -> e.IncidentChangeProposed:
    """Record the differing values; the same sender's earlier open proposals are replaced."""
    for change in _changes(incident.id, fields):
        _run(ctx, change)  # refuses what could never be accepted; the events are not kept
    earlier = tuple(
        p.id for p in ctx.state.interop.open_proposals(incident.id) if p.source == cmd.source
    )
    return e.IncidentChangeProposed(
        proposal=ctx.state.next_id("proposal"),
        incident=incident.id,
        source=cmd.source,
        external_id=cmd.external_id,
        supersedes=earlier,
        **fields,
    )


def _changes(incident: str, fields: dict[str, Any]) -> list[Change]:
    out: list[Change] = []
    if fields.get("type_code") is not None and fields.get("priority") is not None:
        out.append(
            c.ReclassifyIncident(
                incident=incident, type_code=fields["type_code"], priority=fields["priority"]
            )
        )
    if fields.get("address") is not None:
        out.append(
            c.RelocateIncident(
                incident=incident,
                address=fields["address"],
                lat=fields.get("lat"),
                lon=fields.get("lon"),
                verified=False,  # another system's position is never taken as verified here
            )
        )
    return out


def _run(ctx: Context, change: Change) -> list[e.Event]:
    if isinstance(change, c.ReclassifyIncident):
        return incidents.reclassify(ctx, change)
    return incidents.relocate(ctx, change)


def _open(ctx: Context, ident: str) -> Proposal:
    found = ctx.state.interop.proposals.get(ident)
    if found is None:
        raise not_found("proposal", ident)
    if found.status != "open":
        raise conflict(f"proposal {ident} is already {found.status}")
    return found


def _fields(p: Proposal) -> dict[str, Any]:
    return {
        "type_code": p.type_code,
        "priority": p.priority,
        "address": p.address,
        "lat": p.lat,
        "lon": p.lon,
    }


def accept(ctx: Context, cmd: c.AcceptProposal) -> list[e.Event]:
    """Carry out what the proposal still changes, and record who accepted it."""
    p = _open(ctx, cmd.proposal)
    incident = ctx.open_incident(p.incident_id)
    still = {k: v for k, v in _fields(p).items() if k in _still_different(incident, p)}
    out: list[e.Event] = [
        e.ProposalAccepted(
            proposal=p.id,
            incident=incident.id,
            reason=text(cmd.reason, "reason", required=False),
        )
    ]
    for change in _changes(incident.id, still):
        out += _run(ctx, change)
    return out


def _still_different(incident: Incident, p: Proposal) -> set[str]:
    keys: set[str] = set()
    if p.type_code is not None and (p.type_code, p.priority) != (
        incident.type_code,
        incident.priority,
    ):
        keys |= {"type_code", "priority"}
    loc = incident.location
    if p.address is not None and (p.address, p.lat, p.lon) != (loc.address, loc.lat, loc.lon):
        keys |= {"address", "lat", "lon"}
    return keys


def reject(ctx: Context, cmd: c.RejectProposal) -> list[e.Event]:
    """Turn the proposal down; the incident stays as it is."""
    p = _open(ctx, cmd.proposal)
    return [
        e.ProposalRejected(proposal=p.id, incident=p.incident_id, reason=text(cmd.reason, "reason"))
    ]
