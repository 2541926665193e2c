"""Recorded facts, in the past tense. Each type has an explicit name and schema version.

Payloads hold only plain data so that another program can read the journal. Who did it and
when is not in the payload: the journal row carries the actor and time of every event.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from tenfour.domain.codec import from_data, to_data


@dataclass(frozen=True, kw_only=True)
class Event:
    """Base of all events."""

    TYPE: ClassVar[str] = ""
    VERSION: ClassVar[int] = 1
    REFUSAL: ClassVar[bool] = False
    """True for the record of a refused command (journaled although the command was refused)."""

    @property
    def incident_id(self) -> str | None:
        """The incident this event belongs to, for timelines (None when it has none)."""
        value = getattr(self, "incident", None)
        return value if isinstance(value, str) else None


REGISTRY: dict[str, type[Event]] = {}


def event(cls: type[Event]) -> type[Event]:
    """Register an event class under its class name."""
    cls.TYPE = cls.__name__
    REGISTRY[cls.TYPE] = cls
    return cls


def encode(e: Event) -> dict[str, Any]:
    """An event's payload as plain data."""
    return dict(to_data(e))


def decode(type_name: str, payload: dict[str, Any]) -> Event:
    """Rebuild an event from its type name and payload."""
    try:
        cls = REGISTRY[type_name]
    except KeyError:
        raise ValueError(f"unknown event type {type_name!r}") from None
    return from_data(cls, payload)


# --- organisation -------------------------------------------------------------------------


@event
@dataclass(frozen=True, kw_only=True)
class AgencyRegistered(Event):
    agency: str
    name: str
    kind: str
    directive_roles: tuple[str, ...]
    dispatch_centre: str | None = None


@event
@dataclass(frozen=True, kw_only=True)
class AgencyPolicyChanged(Event):
    agency: str
    directive_roles: tuple[str, ...]


@event
@dataclass(frozen=True, kw_only=True)
class RetentionSet(Event):
    """From this event on, closed incidents and ended directives, hazards, bulletins and alerts
    leave the live state ``closed_window_s`` seconds after they ended (``domain.retention``)."""

    closed_window_s: int


@event
@dataclass(frozen=True, kw_only=True)
class UserRegistered(Event):
    user: str
    agency: str
    roles: tuple[str, ...]
    unit: str | None = None


@event
@dataclass(frozen=True, kw_only=True)
class UserDeactivated(Event):
    user: str
    reason: str


@event
@dataclass(frozen=True, kw_only=True)
class UserReactivated(Event):
    user: str
    reason: str


@event
@dataclass(frozen=True, kw_only=True)
class PasswordSet(Event):
    """A user's password was set or reset (by the event's actor); never the hash itself."""

    user: str
    credential: str  # SHA-256 (hex) of the stored argon2id hash: login refuses any other


@event
@dataclass(frozen=True, kw_only=True)
class UnitRegistered(Event):
    unit: str
    agency: str
    unit_type: str
    capabilities: tuple[str, ...]
    station: str | None = None
    lat: float | None = None
    lon: float | None = None


@event
@dataclass(frozen=True, kw_only=True)
class AgencyAmended(Event):
    agency: str
    name: str
    kind: str
    dispatch_centre: str | None = None


@event
@dataclass(frozen=True, kw_only=True)
class UnitAmended(Event):
    unit: str
    unit_type: str
    capabilities: tuple[str, ...]
    station: str | None = None


@event
@dataclass(frozen=True, kw_only=True)
class CentreEntrySet(Event):
    """One entry of the centre's configuration set (``value`` None: withdrawn)."""

    section: str
    key: str
    value: dict[str, Any] | None = None


# --- incidents, calls, remarks ------------------------------------------------------------


@event
@dataclass(frozen=True, kw_only=True)
class IncidentCreated(Event):
    incident: str
    agency: str
    type_code: str
    priority: int
    address: str
    lat: float | None
    lon: float | None
    verified: bool


@event
@dataclass(frozen=True, kw_only=True)
class IncidentReclassified(Event):
    incident: str
    type_code: str
    priority: int


@event
@dataclass(frozen=True, kw_only=True)
class IncidentRelocated(Event):
    incident: str
    address: str
    lat: float | None
    lon: float | None
    verified: bool


@event
@dataclass(frozen=True, kw_only=True)
class IncidentsLinked(Event):
    incident: str
    other: str
    reason: str


@event
@dataclass(frozen=True, kw_only=True)
class IncidentsUnlinked(Event):
    """A link made in error undone (the link stays on the record; this one says it no longer
    holds)."""

    incident: str
    other: str
    reason: str


@event
@dataclass(frozen=True, kw_only=True)
class IncidentClosed(Event):
    incident: str
    disposition: str


@event
@dataclass(frozen=True, kw_only=True)
class CallAdded(Event):
    call: str
    incident: str
    ani: str
    ali: str
    caller_name: str
    received_at: str
    answered_at: str | None
    linked_as_duplicate: bool = False


@event
@dataclass(frozen=True, kw_only=True)
class RemarkAdded(Event):
    remark: str
    incident: str
    text: str
    corrects: str | None = None


@event
@dataclass(frozen=True, kw_only=True)
class RemarkStruck(Event):
    remark: str
    incident: str
    reason: str


# --- units and assignments ----------------------------------------------------------------


@event
@dataclass(frozen=True, kw_only=True)
class UnitDispatched(Event):
    assignment: str
    incident: str
    unit: str
    override: str | None = None
    recommended: bool = False
    reason: str | None = None  # why a unit outside the recommendation was sent


@event
@dataclass(frozen=True, kw_only=True)
class UnitStatusChanged(Event):
    """A committed unit moved on: en route, on scene, transporting, at hospital."""

    unit: str
    status: str
    assignment: str | None = None
    incident: str | None = None


@event
@dataclass(frozen=True, kw_only=True)
class UnitCleared(Event):
    assignment: str
    incident: str
    unit: str
    directive: str | None = None
    reason: str | None = None


@event
@dataclass(frozen=True, kw_only=True)
class UnitServiceChanged(Event):
    """An uncommitted unit went out of service or back in."""

    unit: str
    status: str
    reason: str | None = None


@event
@dataclass(frozen=True, kw_only=True)
class UnitMoved(Event):
    unit: str
    lat: float
    lon: float
    heading: float | None = None
    speed_kmh: float | None = None


@event
@dataclass(frozen=True, kw_only=True)
class RecommendationMade(Event):
    incident: str
    picks: tuple[dict[str, Any], ...]
    unfilled: tuple[str, ...] = ()


# --- directives ---------------------------------------------------------------------------


@event
@dataclass(frozen=True, kw_only=True)
class DirectiveIssued(Event):
    directive: str
    agency: str
    kind: str
    authority: str
    reason: str
    incident: str | None = None
    area_lat: float | None = None
    area_lon: float | None = None
    area_radius_m: float | None = None
    expires_at: str | None = None
    message: str | None = None
    stage_at: str | None = None
    lights_and_siren: bool | None = None
    notified_units: tuple[str, ...] = ()


@event
@dataclass(frozen=True, kw_only=True)
class DirectiveLifted(Event):
    directive: str
    reason: str
    incident: str | None = None


@event
@dataclass(frozen=True, kw_only=True)
class DirectiveAcknowledged(Event):
    directive: str
    unit: str
    incident: str | None = None


@event
@dataclass(frozen=True, kw_only=True)
class DirectiveOverridden(Event):
    """A dispatcher dispatched despite a directive in force, with a reason on the record."""

    override: str
    directive: str
    incident: str
    unit: str
    reason: str


@event
@dataclass(frozen=True, kw_only=True)
class DispatchRefused(Event):
    """A dispatch the system refused because a directive was in force."""

    REFUSAL: ClassVar[bool] = True

    incident: str
    unit: str
    directive: str
    reason: str


# --- mutual aid, hazards, bulletins -------------------------------------------------------


@event
@dataclass(frozen=True, kw_only=True)
class AssistanceRequested(Event):
    request: str
    incident: str
    from_agency: str
    to_agency: str
    what: str
    where: str
    external_ref: str | None = None


@event
@dataclass(frozen=True, kw_only=True)
class AssistanceAnswered(Event):
    request: str
    incident: str
    answer: str
    reason: str
    units: tuple[str, ...] = ()
    directive: str | None = None


@event
@dataclass(frozen=True, kw_only=True)
class HazardAdded(Event):
    hazard: str
    agency: str
    description: str
    lat: float | None = None
    lon: float | None = None
    radius_m: float | None = None
    person: str | None = None
    expires_at: str | None = None


@event
@dataclass(frozen=True, kw_only=True)
class HazardRemoved(Event):
    hazard: str
    reason: str


@event
@dataclass(frozen=True, kw_only=True)
class HazardMatched(Event):
    hazard: str
    incident: str
    distance_m: float | None
    matched: str


@event
@dataclass(frozen=True, kw_only=True)
class BulletinIssued(Event):
    bulletin: str
    agency: str
    subject: str
    persons: tuple[str, ...]
    plates: tuple[str, ...]
    valid_from: str
    valid_until: str
    restricted: bool = False


@event
@dataclass(frozen=True, kw_only=True)
class BulletinCancelled(Event):
    bulletin: str
    reason: str


@event
@dataclass(frozen=True, kw_only=True)
class BulletinMatched(Event):
    bulletin: str
    incident: str
    matched: str
    source: str  # "remark:R12", "call:C3", "narrative"


# --- other systems: EIDO documents, deliveries, CAP alerts --------------------------------


@event
@dataclass(frozen=True, kw_only=True)
class ExternalDocumentReceived(Event):
    """Another system's document (EIDO) on an incident's record, verbatim, with what was new.

    ``purpose``: ``import`` (opened the incident), ``update`` (changed it), ``record`` (kept
    only, e.g. with an assistance answer). ``unknown_members`` maps a JSON pointer to each
    member the schema does not define; ``components`` lists the $ids taken in.
    """

    incident: str
    source: str
    purpose: str
    external_id: str
    digest: str
    size_bytes: int
    type_code: str = ""
    priority: int = 0
    address: str = ""
    components: tuple[str, ...] = ()
    unknown_members: dict[str, Any] = field(default_factory=dict)
    document: dict[str, Any] = field(default_factory=dict)


@event
@dataclass(frozen=True, kw_only=True)
class AssistanceDelivered(Event):
    """A partner CAD acknowledged our assistance ``request`` or our ``answer`` to one."""

    request: str
    incident: str
    message: str
    partner: str
    partner_ref: str = ""


@event
@dataclass(frozen=True, kw_only=True)
class AlertReceived(Event):
    """A public alert (CAP 1.2) taken into the alert list; it supersedes ``references``."""

    alert: str
    identifier: str
    sender: str
    sent: str
    status: str
    msg_type: str
    scope: str
    event: str
    urgency: str
    severity: str
    certainty: str
    categories: tuple[str, ...] = ()
    headline: str = ""
    description: str = ""
    instruction: str = ""
    expires: str | None = None
    areas: tuple[dict[str, Any], ...] = ()
    references: tuple[str, ...] = ()
    supersedes: tuple[str, ...] = ()


@event
@dataclass(frozen=True, kw_only=True)
class PartnerNonceUsed(Event):
    """A partner's signed request (``path``) carried this nonce; the same nonce again is a
    replay. Kept in the state for ``NONCE_MEMORY_S`` after ``signed_at`` (epoch seconds)."""

    partner: str
    nonce: str
    signed_at: int
    path: str


@event
@dataclass(frozen=True, kw_only=True)
class IncidentChangeProposed(Event):
    """Another system's document differs from a local incident's type, priority or location.

    Recorded instead of changing the incident: a dispatcher accepts or rejects it. Fields the
    document does not change are None. ``supersedes`` lists the same sender's earlier open
    proposals on the incident, which this one replaces.
    """

    proposal: str
    incident: str
    source: str
    external_id: str
    type_code: str | None = None
    priority: int | None = None
    address: str | None = None
    lat: float | None = None
    lon: float | None = None
    supersedes: tuple[str, ...] = ()


@event
@dataclass(frozen=True, kw_only=True)
class ProposalAccepted(Event):
    """A dispatcher took a proposal; the changes follow as their own events."""

    proposal: str
    incident: str
    reason: str = ""


@event
@dataclass(frozen=True, kw_only=True)
class ProposalRejected(Event):
    """A dispatcher turned a proposal down; the incident stays as it is."""

    proposal: str
    incident: str
    reason: str


# --- radio on the record ------------------------------------------------------------------


@event
@dataclass(frozen=True, kw_only=True)
class TransmissionRecorded(Event):
    """A radio transmission on the record, attributed when it was recorded: the channel's
    ``agency``, each source's ``unit`` (the radio id's assignment valid at ``started_at``) and
    the ``incidents`` those units were assigned to at that moment."""

    transmission: str
    channel: str | None
    talkgroup: int
    system: str
    started_at: str
    ended_at: str
    audio_sha256: str
    audio_bytes: int
    audio_format: str
    duration_s: float
    recorder: str
    frequency_hz: int | None = None
    emergency: bool = False
    sources: tuple[dict[str, Any], ...] = ()  # {"radio", "offset_s", "unit"}
    agency: str | None = None
    incidents: tuple[str, ...] = ()


@event
@dataclass(frozen=True, kw_only=True)
class TranscriptAdded(Event):
    transmission: str
    model: str
    model_version: str
    engine: str
    language: str
    text: str
    segments: tuple[dict[str, Any], ...] = ()


@event
@dataclass(frozen=True, kw_only=True)
class TranscriptCorrected(Event):
    transmission: str
    text: str
    reason: str


@event
@dataclass(frozen=True, kw_only=True)
class RadioPhraseProposed(Event):
    proposal: str
    transmission: str
    kind: str
    phrase: str
    unit: str | None = None
    incident: str | None = None
    directive: str | None = None


@event
@dataclass(frozen=True, kw_only=True)
class RadioPhraseConfirmed(Event):
    proposal: str
    transmission: str
    note: str = ""
    incident: str | None = None


@event
@dataclass(frozen=True, kw_only=True)
class RadioPhraseDismissed(Event):
    proposal: str
    transmission: str
    reason: str
    incident: str | None = None
