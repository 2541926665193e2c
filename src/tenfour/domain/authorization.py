"""Who may act on what, and who may read what: the one authorization rule of the centre.

Every decision is a function of the actor (role, agency, the unit a crew login is bound to),
the agency that owns the target, and the agencies' dispatch relations held in the state:

* ``own``: the target belongs to the actor's agency;
* ``dispatched``: it belongs to an agency whose dispatch centre is the actor's agency
  (``Agency.dispatch_centre``: MPD's dispatchers dispatch MFD's engines);
* ``shared``: an incident of another agency shared with the actor's agency (a party to an
  assistance request on it, an agency whose units were dispatched to it, the partner whose
  document opened it);
* ``unrelated``: anything else.

What each role reaches: an agency administrator (``admin``) and a partner CAD act only on their
own agency; call takers, dispatchers, supervisors, commanders and records staff act on their
agency and the agencies they dispatch for; a unit login acts only for its own unit and reads only
its own assignments; the centre administrator (``centre_admin``) and the system reach every
agency. The per-command targets are in ``authorization_targets``; the reads (boards, timelines,
the live stream, command responses) use the same relations here.
"""

from __future__ import annotations

from enum import StrEnum

from tenfour.domain import events as e
from tenfour.domain.actors import Actor, Role
from tenfour.domain.entities import AssistanceRequest, Bulletin, Directive, Hazard, Incident, Unit
from tenfour.domain.radio import Transmission
from tenfour.domain.state import DispatchState

R = Role


class Relation(StrEnum):
    """How a target's owning agency stands to the actor's agency."""

    OWN = "own"
    DISPATCHED = "dispatched"
    SHARED = "shared"
    UNRELATED = "unrelated"


WIDE = frozenset({R.SYSTEM, R.CENTRE_ADMIN})  # reach every agency
OWN_ONLY = frozenset({R.ADMIN, R.PARTNER, R.UNIT})  # reach only their own agency
REACH = frozenset({Relation.OWN, Relation.DISPATCHED})
NO_CALLERS = frozenset({R.UNIT, R.PARTNER})  # never read callers' names and callback numbers


def relation(state: DispatchState, agency: str, owner: str) -> Relation:
    """How ``owner`` stands to ``agency``: own, dispatched for by it, or unrelated."""
    if owner == agency:
        return Relation.OWN
    found = state.agencies.get(owner)
    if found is not None and found.dispatch_centre == agency:
        return Relation.DISPATCHED
    return Relation.UNRELATED


def reaches(state: DispatchState, actor: Actor, owner: str) -> bool:
    """Whether the actor acts for (and reads the records of) agency ``owner``."""
    if actor.role in WIDE:
        return True
    if actor.role in OWN_ONLY:
        return owner == actor.agency
    return relation(state, actor.agency, owner) in REACH


def reached_agencies(state: DispatchState, actor: Actor) -> frozenset[str] | None:
    """The owning agencies whose records ``reaches`` lets the actor read (None: every agency).

    For indexes that file records by owner: the same answer as ``reaches`` for each agency.
    """
    if actor.role in WIDE:
        return None
    if actor.role in OWN_ONLY:
        return frozenset({actor.agency})
    found = {a.id for a in state.agencies.values() if a.dispatch_centre == actor.agency}
    return frozenset({actor.agency, *found})


def incident_relation(state: DispatchState, agency: str, incident: Incident) -> Relation:
    """How an incident stands to ``agency``, sharing included."""
    found = relation(state, agency, incident.agency)
    if found == Relation.UNRELATED and agency in incident.shared_with:
        return Relation.SHARED
    return found


def assigned(state: DispatchState, unit: str | None, incident: Incident) -> bool:
    """Whether ``unit`` has (or had) an assignment on the incident."""
    return unit is not None and any(
        state.assignments[a].unit_id == unit for a in incident.assignment_ids
    )


def may_reach_incident(
    state: DispatchState, actor: Actor, incident: Incident, *, shared: bool
) -> bool:
    """Whether the actor may act on an incident; ``shared``: also one shared with its agency."""
    if actor.role in WIDE:
        return True
    if actor.role == R.UNIT:
        return assigned(state, actor.unit, incident)
    found = incident_relation(state, actor.agency, incident)
    if actor.role in OWN_ONLY:
        return found == Relation.OWN or (shared and found == Relation.SHARED)
    return found in REACH or (shared and found == Relation.SHARED)


def may_reach_unit(state: DispatchState, actor: Actor, unit: Unit) -> bool:
    """Whether the actor acts for the unit: its own crew, or an agency that dispatches it."""
    if actor.role == R.UNIT:
        return actor.unit == unit.id
    return reaches(state, actor, unit.agency)


def may_reach_transmission(state: DispatchState, actor: Actor, found: Transmission) -> bool:
    """Whether the actor acts on (and reads) a transmission: one on a channel of an agency it
    reaches, or attributed to an incident it may act on; one of an unconfigured talkgroup only
    the centre's (a centre administrator, the system)."""
    if actor.role in WIDE:
        return True
    if found.agency is not None and actor.role != R.UNIT and reaches(state, actor, found.agency):
        return True
    return any(
        may_reach_incident(state, actor, incident, shared=False)
        for incident in (state.incidents.get(i) for i in found.incidents)
        if incident is not None
    )


# --- reads --------------------------------------------------------------------------------


def may_read_incident(state: DispatchState, viewer: Actor, incident: Incident) -> bool:
    """Own, dispatched-for and shared incidents; a unit its assignments; a partner what was
    shared with it."""
    return may_reach_incident(state, viewer, incident, shared=True)


def may_read_callers(viewer: Actor) -> bool:
    """Whether the viewer reads callers' names, callback numbers (ANI) and locations (ALI)."""
    return viewer.role not in NO_CALLERS


def may_read_unit(state: DispatchState, viewer: Actor, unit: Unit) -> bool:
    """Units of the agencies the viewer reaches; a crew its own unit."""
    return may_reach_unit(state, viewer, unit)


def may_read_bulletin(viewer: Actor, bulletin: Bulletin) -> bool:
    """Unrestricted bulletins, or the viewer's own agency's (even for the centre admin)."""
    return not bulletin.restricted or bulletin.agency == viewer.agency


def may_read_directive(state: DispatchState, viewer: Actor, directive: Directive) -> bool:
    """Directives of an agency the viewer reaches (a crew: its own agency's orders, which it
    acknowledges), or on an incident it may read."""
    if reaches(state, viewer, directive.agency):
        return True
    incident = state.incidents.get(directive.incident_id or "")
    return incident is not None and may_read_incident(state, viewer, incident)


def may_read_hazard(state: DispatchState, viewer: Actor, hazard: Hazard) -> bool:
    """Hazards of an agency the viewer reaches."""
    return reaches(state, viewer, hazard.agency)


def may_read_request(state: DispatchState, viewer: Actor, request: AssistanceRequest) -> bool:
    """Requests to or from an agency the viewer reaches, or on an incident it may read (a
    crew: only on its own assignments)."""
    parties = (request.from_agency, request.to_agency)
    if viewer.role != R.UNIT and any(reaches(state, viewer, a) for a in parties):
        return True
    incident = state.incidents.get(request.incident_id)
    return incident is not None and may_read_incident(state, viewer, incident)


def restricted_owner(state: DispatchState, event: e.Event) -> str | None:
    """The agency that alone may see this event (a restricted bulletin's), or None."""
    if isinstance(event, e.BulletinIssued):
        return event.agency if event.restricted else None
    bulletin_id = getattr(event, "bulletin", None)
    if isinstance(bulletin_id, str):
        bulletin = state.bulletins.get(bulletin_id)
        if bulletin is not None and bulletin.restricted:
            return bulletin.agency
    return None


# Events after which a user's open sessions and streams end (add credential changes here).
REVOKES_SESSIONS: tuple[type[e.Event], ...] = (e.UserDeactivated, e.PasswordSet)
CALLER_EVENTS = (e.CallAdded, e.ExternalDocumentReceived)  # carry caller identity or documents
ADMIN_EVENTS = (e.UserRegistered, e.UserDeactivated)


class Audience:
    """Who may see one event, worked out once (the stream offers each event to many viewers)."""

    __slots__ = ("agency", "event", "incident", "owner", "record", "transmission", "unit")

    def __init__(self, state: DispatchState, event: e.Event) -> None:
        self.event = event
        self.owner = restricted_owner(state, event)
        self.incident = state.incidents.get(event.incident_id or "")
        self.unit = state.units.get(getattr(event, "unit", None) or "")
        self.record = _record_of(state, event)
        self.agency = _agency_of(state, event)
        ident = getattr(event, "transmission", None)
        self.transmission = state.radio.transmissions.get(ident if isinstance(ident, str) else "")

    def admits(self, state: DispatchState, viewer: Actor) -> bool:
        """Whether ``viewer`` may see the event."""
        if self.owner is not None and self.owner != viewer.agency:
            return False
        if isinstance(self.event, CALLER_EVENTS) and not may_read_callers(viewer):
            return False
        if isinstance(self.event, ADMIN_EVENTS):  # user accounts: administrators and staff
            return may_read_callers(viewer) and reaches(state, viewer, self.agency or "")
        if self.incident is not None and may_read_incident(state, viewer, self.incident):
            return True
        if self.unit is not None and may_read_unit(state, viewer, self.unit):
            return True
        if self.transmission is not None:  # radio: its channel's agency, its incidents
            return may_reach_transmission(state, viewer, self.transmission)
        return self._admits_record(state, viewer)

    def _admits_record(self, state: DispatchState, viewer: Actor) -> bool:
        """A directive or request its agencies may see (also on an incident they may not);
        anything else only when it is about no incident or unit."""
        record = self.record
        if isinstance(record, Directive):
            return may_read_directive(state, viewer, record)
        if isinstance(record, AssistanceRequest):
            return may_read_request(state, viewer, record)
        if self.incident is not None or self.unit is not None:
            return False
        if isinstance(record, Bulletin) or isinstance(self.event, e.BulletinIssued):
            return True  # unrestricted (the restricted owner was checked first): every agency
        if self.agency is not None:
            return reaches(state, viewer, self.agency)
        return viewer.role not in NO_CALLERS  # centre-wide: public alerts


def _record_of(state: DispatchState, event: e.Event) -> object | None:
    for name, table in (
        ("request", state.requests),  # before directive: an answer may cite a directive
        ("directive", state.directives),
        ("bulletin", state.bulletins),
        ("hazard", state.hazards),
    ):
        key = getattr(event, name, None)
        if isinstance(key, str):
            return table.get(key)
    return None


def _agency_of(state: DispatchState, event: e.Event) -> str | None:
    hazard = state.hazards.get(getattr(event, "hazard", None) or "")
    if hazard is not None:
        return hazard.agency
    user = getattr(event, "user", None)
    if isinstance(user, str) and user in state.users:
        return state.users[user].agency
    agency = getattr(event, "agency", None)
    return agency if isinstance(agency, str) else None


def event_visible(state: DispatchState, viewer: Actor, event: e.Event) -> bool:
    """Whether ``viewer`` may see one event (stream, timeline, command response)."""
    return Audience(state, event).admits(state, viewer)
