"""Orders given to the dispatch engine, in the imperative. Small, frozen, plain data."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar


@dataclass(frozen=True, kw_only=True)
class Command:
    """Base of all commands. ``target`` names the aggregate an expected version refers to."""

    NAME: ClassVar[str] = ""

    @property
    def target(self) -> str | None:
        """The incident or unit id a stale-version check applies to."""
        for name in ("incident", "unit", "directive", "request"):
            value = getattr(self, name, None)
            if isinstance(value, str):
                return value
        return None


COMMANDS: dict[str, type[Command]] = {}


def command(cls: type[Command]) -> type[Command]:
    """Register a command class under its class name."""
    cls.NAME = cls.__name__
    COMMANDS[cls.NAME] = cls
    return cls


# --- organisation -------------------------------------------------------------------------


@command
@dataclass(frozen=True, kw_only=True)
class RegisterAgency(Command):
    agency: str
    name: str
    kind: str
    directive_roles: tuple[str, ...] = ("commander", "supervisor")
    dispatch_centre: str | None = None


@command
@dataclass(frozen=True, kw_only=True)
class SetDirectivePolicy(Command):
    agency: str
    directive_roles: tuple[str, ...]


@command
@dataclass(frozen=True, kw_only=True)
class RegisterUser(Command):
    user: str
    agency: str
    roles: tuple[str, ...]
    unit: str | None = None


@command
@dataclass(frozen=True, kw_only=True)
class DeactivateUser(Command):
    user: str
    reason: str


@command
@dataclass(frozen=True, kw_only=True)
class ReactivateUser(Command):
    user: str
    reason: str


@command
@dataclass(frozen=True, kw_only=True)
class SetPassword(Command):
    """Record that a user's password was set; ``credential`` binds the stored hash.

    ``credential`` is the SHA-256 (hex) of the argon2id hash the credentials table holds -
    never the hash itself - so a hash swapped in that table does not log in.
    """

    user: str
    credential: str


@command
@dataclass(frozen=True, kw_only=True)
class RegisterUnit(Command):
    unit: str
    agency: str
    unit_type: str
    capabilities: tuple[str, ...] = ()
    station: str | None = None
    lat: float | None = None
    lon: float | None = None


@command
@dataclass(frozen=True, kw_only=True)
class SetRetention(Command):
    """How long closed incidents stay in the live state (tenfour records it at start-up)."""

    closed_window_s: int


@command
@dataclass(frozen=True, kw_only=True)
class AmendAgency(Command):
    """Change an agency's name, kind or the agency that dispatches its units."""

    agency: str
    name: str
    kind: str
    dispatch_centre: str | None = None


@command
@dataclass(frozen=True, kw_only=True)
class AmendUnit(Command):
    """Change a unit's type, capabilities or home station (its status is untouched)."""

    unit: str
    unit_type: str
    capabilities: tuple[str, ...] = ()
    station: str | None = None


@command
@dataclass(frozen=True, kw_only=True)
class SetCentreEntry(Command):
    """Set (or, with ``value`` None, withdraw) one entry of the centre's configuration.

    ``section`` is one of ``CENTRE_SECTIONS``: stations, run cards, incident types, unit types,
    status timers and the radio configuration (``domain.radio``), each entry a small object of
    plain data under its ``key``.
    """

    section: str
    key: str
    value: dict[str, Any] | None = None


CENTRE_SECTIONS = (
    "station",
    "unit_type",
    "run_card",
    "incident_type",
    "status_timer",
    "radio_channel",  # radio: a channel (agency, system, talkgroup, dispatch or not)
    "radio_id",  # radio: a radio id's assignments to units (shifts)
    "recorder",  # radio: a recorder and the SHA-256 of its upload key
)


# --- incidents, calls, remarks ------------------------------------------------------------


@command
@dataclass(frozen=True, kw_only=True)
class CreateIncident(Command):
    """Open an incident from a first call."""

    type_code: str
    priority: int
    address: str
    lat: float | None = None
    lon: float | None = None
    verified: bool = False
    narrative: str = ""
    ani: str = ""
    ali: str = ""
    caller_name: str = ""
    received_at: str | None = None
    answered_at: str | None = None
    agency: str | None = None


@command
@dataclass(frozen=True, kw_only=True)
class AddCall(Command):
    """Attach a further call to an incident (a duplicate the call taker linked)."""

    incident: str
    ani: str = ""
    ali: str = ""
    caller_name: str = ""
    received_at: str | None = None
    answered_at: str | None = None
    narrative: str = ""
    duplicate: bool = False


@command
@dataclass(frozen=True, kw_only=True)
class AddRemark(Command):
    incident: str
    text: str


@command
@dataclass(frozen=True, kw_only=True)
class StrikeRemark(Command):
    """Strike a remark through; ``correction`` adds the corrected line."""

    incident: str
    remark: str
    reason: str
    correction: str | None = None


@command
@dataclass(frozen=True, kw_only=True)
class ReclassifyIncident(Command):
    incident: str
    type_code: str
    priority: int


@command
@dataclass(frozen=True, kw_only=True)
class RelocateIncident(Command):
    incident: str
    address: str
    lat: float | None = None
    lon: float | None = None
    verified: bool = False


@command
@dataclass(frozen=True, kw_only=True)
class LinkIncidents(Command):
    incident: str
    other: str
    reason: str


@command
@dataclass(frozen=True, kw_only=True)
class UnlinkIncidents(Command):
    incident: str
    other: str
    reason: str


@command
@dataclass(frozen=True, kw_only=True)
class CloseIncident(Command):
    incident: str
    disposition: str


# --- units --------------------------------------------------------------------------------


@command
@dataclass(frozen=True, kw_only=True)
class DispatchUnit(Command):
    incident: str
    unit: str
    override_reason: str | None = None
    recommended: bool = False
    reason: str | None = None  # required when the unit is not among the latest recommendation


@command
@dataclass(frozen=True, kw_only=True)
class MarkEnRoute(Command):
    unit: str


@command
@dataclass(frozen=True, kw_only=True)
class MarkOnScene(Command):
    unit: str


@command
@dataclass(frozen=True, kw_only=True)
class MarkTransporting(Command):
    unit: str


@command
@dataclass(frozen=True, kw_only=True)
class MarkAtHospital(Command):
    unit: str


@command
@dataclass(frozen=True, kw_only=True)
class ClearUnit(Command):
    """Release a unit from its incident; ``directive`` cites the order behind it."""

    unit: str
    directive: str | None = None
    reason: str | None = None


@command
@dataclass(frozen=True, kw_only=True)
class SetUnitService(Command):
    """Take an available unit out of service, or put it back in."""

    unit: str
    in_service: bool
    reason: str | None = None


@command
@dataclass(frozen=True, kw_only=True)
class ReportPosition(Command):
    unit: str
    lat: float
    lon: float
    heading: float | None = None
    speed_kmh: float | None = None


@command
@dataclass(frozen=True, kw_only=True)
class RecordRecommendation(Command):
    incident: str
    picks: tuple[dict[str, Any], ...]
    unfilled: tuple[str, ...] = ()


# --- directives ---------------------------------------------------------------------------


@command
@dataclass(frozen=True, kw_only=True)
class IssueDirective(Command):
    kind: str
    reason: str
    authority: str = ""
    incident: str | None = None
    area_lat: float | None = None
    area_lon: float | None = None
    area_radius_m: float | None = None
    expires_at: str | None = None
    message: str | None = None
    stage_at: str | None = None
    lights_and_siren: bool | None = None


@command
@dataclass(frozen=True, kw_only=True)
class LiftDirective(Command):
    directive: str
    reason: str


@command
@dataclass(frozen=True, kw_only=True)
class AcknowledgeDirective(Command):
    directive: str
    unit: str


# --- mutual aid, hazards, bulletins -------------------------------------------------------


@command
@dataclass(frozen=True, kw_only=True)
class RequestAssistance(Command):
    incident: str
    to_agency: str
    what: str
    where: str = ""
    from_agency: str | None = None  # set when a partner CAD asks on its own behalf
    external_ref: str | None = None


@command
@dataclass(frozen=True, kw_only=True)
class AnswerAssistance(Command):
    request: str
    answer: str
    reason: str
    units: tuple[str, ...] = ()
    directive: str | None = None


@command
@dataclass(frozen=True, kw_only=True)
class AddHazard(Command):
    description: str
    lat: float | None = None
    lon: float | None = None
    radius_m: float | None = None
    person: str | None = None
    expires_at: str | None = None


@command
@dataclass(frozen=True, kw_only=True)
class RemoveHazard(Command):
    hazard: str
    reason: str


@command
@dataclass(frozen=True, kw_only=True)
class IssueBulletin(Command):
    subject: str
    persons: tuple[str, ...] = ()
    plates: tuple[str, ...] = ()
    valid_from: str | None = None
    valid_until: str | None = None
    valid_days: int | None = None
    restricted: bool = False


@command
@dataclass(frozen=True, kw_only=True)
class CancelBulletin(Command):
    bulletin: str
    reason: str


# --- other systems: EIDO documents, deliveries, CAP alerts --------------------------------


@dataclass(frozen=True, kw_only=True)
class ExternalCall:
    """A call as another system's document describes it; ``ref`` is its component $id."""

    ref: str
    ani: str = ""
    ali: str = ""
    caller_name: str = ""
    received_at: str | None = None
    answered_at: str | None = None


@dataclass(frozen=True, kw_only=True)
class ExternalNote:
    """A note (remark) from another system's document; ``ref`` is its component $id."""

    ref: str
    text: str


@command
@dataclass(frozen=True, kw_only=True)
class ImportIncident(Command):
    """Take in an incident from another system's document, all of it or nothing.

    Opens a new incident, or updates the one a previous document of ``external_id`` opened
    (or ``incident`` when the caller names it). ``document`` and ``unknown_members`` are kept
    verbatim on the record.
    """

    source: str
    external_id: str
    digest: str
    size_bytes: int
    type_code: str
    priority: int
    address: str
    lat: float | None = None
    lon: float | None = None
    verified: bool = False
    calls: tuple[ExternalCall, ...] = ()
    notes: tuple[ExternalNote, ...] = ()
    unknown_members: dict[str, Any] = field(default_factory=dict)
    document: dict[str, Any] = field(default_factory=dict)
    incident: str | None = None
    agency: str | None = None
    transfer: bool = False  # a call transfer: calls only, no type, priority or place of its own


@command
@dataclass(frozen=True, kw_only=True)
class RecordExternalDocument(Command):
    """Keep another system's document on an incident's record without changing the incident."""

    incident: str
    source: str
    purpose: str
    external_id: str
    digest: str
    size_bytes: int
    unknown_members: dict[str, Any] = field(default_factory=dict)
    document: dict[str, Any] = field(default_factory=dict)


@command
@dataclass(frozen=True, kw_only=True)
class AcknowledgeDelivery(Command):
    """A partner CAD acknowledged receiving our ``request`` or ``answer`` message."""

    request: str
    message: str
    partner_ref: str = ""


@command
@dataclass(frozen=True, kw_only=True)
class RecordPartnerNonce(Command):
    """A partner's signed request used ``nonce``; journaled so a replay is refused, restarts
    included (``signed_at`` is the request's own time, seconds since the epoch)."""

    partner: str
    nonce: str
    signed_at: int
    path: str


@command
@dataclass(frozen=True, kw_only=True)
class AcceptProposal(Command):
    """Take another system's proposed type, priority or location for an incident."""

    proposal: str
    reason: str = ""


@command
@dataclass(frozen=True, kw_only=True)
class RejectProposal(Command):
    """Turn down another system's proposed change to an incident, with a reason."""

    proposal: str
    reason: str


@dataclass(frozen=True, kw_only=True)
class AlertAreaSpec:
    """A CAP area: polygons are lists of (lat, lon) pairs; circles are (lat, lon, radius_km)."""

    description: str
    polygons: tuple[tuple[tuple[float, float], ...], ...] = ()
    circles: tuple[tuple[float, float, float], ...] = ()


@command
@dataclass(frozen=True, kw_only=True)
class IngestAlert(Command):
    """Take a public alert (CAP 1.2) into the supervisors' alert list."""

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
    areas: tuple[AlertAreaSpec, ...] = ()
    references: tuple[str, ...] = ()


# --- radio on the record (docs/adr: radio on the record) ----------------------------------


@command
@dataclass(frozen=True, kw_only=True)
class RecordTransmission(Command):
    """One radio transmission a recorder took: its channel, talkgroup, the radio ids that keyed
    up (``sources``: ``{"radio": int, "offset_s": float}``) and the SHA-256 of the original audio
    bytes kept in the audio store. The domain attributes radios to units and incidents."""

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
    sources: tuple[dict[str, Any], ...] = ()


@command
@dataclass(frozen=True, kw_only=True)
class AddTranscript(Command):
    """A machine transcript of a transmission (``segments``: ``start_s``, ``end_s``, ``text``,
    ``confidence``), with the model that made it."""

    transmission: str
    model: str
    model_version: str
    engine: str
    language: str
    text: str
    segments: tuple[dict[str, Any], ...] = ()


@command
@dataclass(frozen=True, kw_only=True)
class CorrectTranscript(Command):
    """A person's correction of a transcript; the machine's text stays on the record."""

    transmission: str
    text: str
    reason: str


RADIO_PHRASE_KINDS = ("stand_down", "no_units_respond", "enroute", "onscene")


@command
@dataclass(frozen=True, kw_only=True)
class ProposeRadioPhrase(Command):
    """A phrase heard on the radio that matters to the record, for a dispatcher to confirm or
    dismiss (never applied by itself). ``kind`` is one of ``RADIO_PHRASE_KINDS``."""

    proposal: str
    transmission: str
    kind: str
    phrase: str
    unit: str | None = None
    incident: str | None = None
    directive: str | None = None


@command
@dataclass(frozen=True, kw_only=True)
class ConfirmRadioPhrase(Command):
    """Confirm a proposed radio phrase; an en route / on scene one also changes the unit's
    status, as the confirming dispatcher's order."""

    proposal: str
    note: str = ""


@command
@dataclass(frozen=True, kw_only=True)
class DismissRadioPhrase(Command):
    """Dismiss a proposed radio phrase, with a reason."""

    proposal: str
    reason: str
