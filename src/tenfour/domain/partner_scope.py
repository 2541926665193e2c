"""What a partner CAD may touch: only what was shared with it (docs/adr/0013).

An incident is shared with a partner agency when it is that agency's own incident, when a
document of that agency opened it here, or when we asked that agency for assistance on it.
A request the partner itself made on one of our incidents shares nothing: asking is not being
let in. Everything a partner sends to change an incident outside that set is refused.

``partner_refusal`` is the rule as one function (actor, state, incident -> None or a reason),
so the centre-wide authorization decision can call it for the partner role; the interop and
mutual-aid handlers call ``require_shared``.
"""

from __future__ import annotations

from tenfour.domain.actors import Actor, Role
from tenfour.domain.errors import forbidden
from tenfour.domain.state import DispatchState


def opened_by(state: DispatchState, incident_id: str, source: str) -> bool:
    """Whether a document from ``source`` opened the incident here."""
    return any(
        link.opened and link.incident_id == incident_id and link.source == source
        for link in state.interop.links.values()
    )


def shared_with(state: DispatchState, incident_id: str, agency: str) -> bool:
    """Whether the incident is shared with ``agency`` (see the module docstring)."""
    incident = state.incidents.get(incident_id)
    if incident is None:
        return False
    if incident.agency == agency or opened_by(state, incident_id, agency):
        return True
    return any(
        r.incident_id == incident_id and r.to_agency == agency for r in state.requests.values()
    )


def partner_refusal(state: DispatchState, actor: Actor, incident_id: str) -> str | None:
    """Why ``actor`` may not touch the incident, or None. Only the partner role is limited."""
    if actor.role != Role.PARTNER or shared_with(state, incident_id, actor.agency):
        return None
    return f"incident {incident_id} was not shared with {actor.agency}"


def require_shared(state: DispatchState, actor: Actor, incident_id: str) -> None:
    """Refuse (403) a partner acting on an incident not shared with it."""
    reason = partner_refusal(state, actor, incident_id)
    if reason is not None:
        raise forbidden(reason)


def require_own_source(actor: Actor, source: str) -> None:
    """A partner's documents are recorded under its own agency, never another's name."""
    if actor.role == Role.PARTNER and source != actor.agency:
        raise forbidden(f"a partner sends documents as {actor.agency}, not {source!r}")
