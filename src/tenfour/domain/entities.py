"""The things a dispatch centre keeps track of, as the engine holds them in memory.

Entities are plain mutable dataclasses changed only by ``apply``; commands never touch them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from tenfour.domain.actors import Role
from tenfour.domain.statuses import IncidentStatus, UnitStatus

DEFAULT_DIRECTIVE_ROLES = (Role.COMMANDER, Role.SUPERVISOR)


@dataclass
class Agency:
    """A police, fire, EMS or partner organisation, and its configured policy."""

    id: str
    name: str
    kind: str
    directive_roles: tuple[Role, ...] = DEFAULT_DIRECTIVE_ROLES
    dispatch_centre: str | None = None  # agency whose dispatchers dispatch our units


@dataclass
class User:
    """A person who logs in (credentials live outside the journal)."""

    id: str
    agency: str
    roles: tuple[Role, ...]
    unit: str | None = None
    active: bool = True
    credential: str | None = None  # SHA-256 of the stored password hash (PasswordSet)
    revoked_at: str | None = None  # sessions begun before this time are void (deactivation)


@dataclass
class Location:
    """Where an incident is: the address as entered, a position, and whether it was verified."""

    address: str
    lat: float | None = None
    lon: float | None = None
    verified: bool = False


@dataclass
class Call:
    """One contact with the centre: callback number, reported location, caller, times."""

    id: str
    incident_id: str
    ani: str
    ali: str
    caller_name: str
    received_at: str
    answered_at: str | None
    call_taker: str


@dataclass
class Remark:
    """A narrative line. Never edited: a correction strikes it and adds a new one."""

    id: str
    incident_id: str
    text: str
    author: str
    at: str
    corrects: str | None = None
    struck_by: str | None = None  # user who struck it
    struck_reason: str | None = None


class OrderKind(StrEnum):
    """The status changes an assignment records, each with who ordered it."""

    DISPATCHED = "dispatched"
    ENROUTE = "enroute"
    ONSCENE = "onscene"
    TRANSPORTING = "transporting"
    AT_HOSPITAL = "atHospital"
    CLEARED = "cleared"


@dataclass
class Order:
    """One attributable change on an assignment."""

    kind: OrderKind
    at: str
    by: str
    role: Role
    agency: str
    directive_id: str | None = None
    reason: str | None = None


@dataclass
class Assignment:
    """A unit on an incident, with its times and who ordered each change."""

    id: str
    incident_id: str
    unit_id: str
    orders: list[Order] = field(default_factory=list)
    override_id: str | None = None
    active: bool = True
    eta_s: float | None = None  # the drive time the recommendation gave when it was dispatched


@dataclass
class Incident:
    """A call for service."""

    id: str
    agency: str
    type_code: str
    priority: int
    location: Location
    created_at: str
    created_by: str
    status: IncidentStatus = IncidentStatus.PENDING
    disposition: str | None = None
    closed_at: str | None = None
    call_ids: list[str] = field(default_factory=list)
    remark_ids: list[str] = field(default_factory=list)
    assignment_ids: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    bulletin_hits: list[str] = field(default_factory=list)
    hazard_hits: list[str] = field(default_factory=list)
    directive_ids: list[str] = field(default_factory=list)
    recommended_units: list[str] = field(default_factory=list)  # picks of the latest recommendation
    recommended_eta_s: dict[str, float] = field(default_factory=dict)  # their drive times by unit
    # Other agencies the incident is shared with: parties to an assistance request on it, the
    # agencies of units dispatched to it, the partner whose document opened it.
    shared_with: list[str] = field(default_factory=list)

    def share(self, agency: str) -> None:
        """Share the incident with another agency (its own needs no sharing)."""
        if agency != self.agency and agency not in self.shared_with:
            self.shared_with.append(agency)

    @property
    def open(self) -> bool:
        """Not yet closed."""
        return self.status != IncidentStatus.CLOSED


@dataclass
class Unit:
    """A field resource: call sign, agency, type, capabilities, status, position."""

    id: str
    agency: str
    unit_type: str
    capabilities: tuple[str, ...] = ()
    station: str | None = None
    status: UnitStatus = UnitStatus.AVAILABLE
    status_since: str = ""
    lat: float | None = None
    lon: float | None = None
    assignment_id: str | None = None


class DirectiveKind(StrEnum):
    """What a command order tells units to do."""

    STAND_DOWN = "stand_down"
    HOLD = "hold"
    STAGE_AT = "stage_at"
    RESPOND_CODE = "respond_code"
    BROADCAST = "broadcast"


# Directives under which dispatching the issuing agency's units needs a recorded override.
BLOCKING_KINDS = frozenset({DirectiveKind.STAND_DOWN, DirectiveKind.HOLD})


@dataclass
class Area:
    """A circle on the map, for directives and hazards bound to a place."""

    lat: float
    lon: float
    radius_m: float


@dataclass
class Directive:
    """A command order on one incident or an area, with issuer, authority and reason."""

    id: str
    agency: str
    kind: DirectiveKind
    issuer: str
    role: Role
    authority: str
    reason: str
    issued_at: str
    incident_id: str | None = None
    area: Area | None = None
    expires_at: str | None = None
    message: str | None = None
    stage_at: str | None = None
    lights_and_siren: bool | None = None
    notified_units: list[str] = field(default_factory=list)
    acks: dict[str, str] = field(default_factory=dict)  # unit id -> time
    lifted_at: str | None = None
    lifted_by: str | None = None
    lift_reason: str | None = None

    def in_force(self, now: str) -> bool:
        """Not lifted and not expired at ``now`` (ISO times compare as text)."""
        if self.lifted_at is not None:
            return False
        return self.expires_at is None or now < self.expires_at


class AnswerKind(StrEnum):
    """How a partner answered a request for assistance."""

    ACCEPTED = "accepted"
    DECLINED = "declined"


@dataclass
class AssistanceRequest:
    """One agency asks another for help (mutual aid)."""

    id: str
    incident_id: str
    from_agency: str
    to_agency: str
    what: str
    where: str
    requested_at: str
    requested_by: str
    external_ref: str | None = None
    answer: AnswerKind | None = None
    answer_reason: str | None = None
    answered_by: str | None = None
    answered_at: str | None = None
    units: list[str] = field(default_factory=list)
    directive_id: str | None = None


@dataclass
class Hazard:
    """A premise alert: a caution bound to a place (radius) or a person."""

    id: str
    agency: str
    description: str
    area: Area | None = None
    person: str | None = None
    expires_at: str | None = None
    removed: bool = False
    removed_at: str | None = None


@dataclass
class Bulletin:
    """A BOLO: persons and vehicles to look out for, valid for a window."""

    id: str
    agency: str
    subject: str
    persons: tuple[str, ...] = ()
    plates: tuple[str, ...] = ()
    valid_from: str = ""
    valid_until: str = ""
    restricted: bool = False
    cancelled: bool = False
    cancelled_at: str | None = None
