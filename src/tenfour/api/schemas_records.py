"""Response models of the records and partner routes: timeline, response-time report, EIDO,
alerts, the partner outbox and proposals.

They describe what those routes return in ``/openapi.json`` (Swagger UI, ReDoc, generated
clients). The alert, outbox and proposal lists are small and validated as they go out; the
timeline, the report and the EIDO document are large and built by tested code, so their models
document them without a second pass over every entry (``responses={200: {"model": ...}}``).
Members a later version adds are allowed (``extra="allow"``): a client reads what it knows.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Open(BaseModel):
    """A documented object that may carry more members than described."""

    model_config = ConfigDict(extra="allow")


class ActorOut(Open):
    """Who gave a command, as what, for whom."""

    user: str
    role: str
    agency: str


class LinkOut(Open):
    """A record this entry cites, or that cites it."""

    seq: int
    type: str
    relation: str
    id: str | None = None


class EntryCheckOut(Open):
    """What was verified about one entry."""

    hash_recomputes: bool
    in_verified_chain: bool
    under_signed_checkpoint: bool | None = None
    matches_written_hash: bool | None = None


class TimelineEntryOut(Open):
    """One journal record of the incident, as a sentence with its proof."""

    seq: int = Field(description="the journal's global sequence number")
    at: str = Field(description="record time, ISO 8601 UTC with milliseconds")
    type: str = Field(description="event type (docs/events.schema.json)")
    kind: str
    actor: ActorOut
    sentence: str = Field(description="what happened, in words")
    payload: dict[str, Any] = Field(description="the event as recorded")
    hash: str
    cites: list[LinkOut]
    cited_by: list[LinkOut]
    check: EntryCheckOut
    record: dict[str, Any] = Field(description="the raw journal row (seq, prev_hash, hash ...)")
    happened_at: str | None = Field(
        default=None,
        description="when it happened: a radio transmission's start (recorded a little later), "
        "else the record time; entries in this order read as the incident unfolded",
    )


class VerificationOut(Open):
    """Whether the chain under the timeline verifies, and a statement saying so."""

    verified: bool
    statement: str


class UnitTimesOut(Open):
    """One unit's response: the NEMSIS v3.5 eTimes set and the intervals between (seconds)."""

    unit: str
    agency: str
    unit_type: str
    stood_down: bool = Field(description="cleared before reaching the scene")
    dispatched_at: str | None
    enroute_at: str | None
    onscene_at: str | None
    transport_at: str | None
    destination_at: str | None
    cleared_at: str | None
    turnout: float | None = Field(description="dispatched -> en route")
    travel: float | None = Field(description="en route -> on scene")
    on_scene: float | None = Field(description="on scene -> transporting, or cleared")
    transport: float | None = Field(description="transporting -> at the hospital")
    at_destination: float | None = Field(description="at the hospital -> cleared")
    committed: float | None = Field(description="dispatched -> cleared")


class TimelineOut(Open):
    """An incident's verified timeline."""

    incident: str
    generated_at: str
    summary: dict[str, Any] = Field(description="type, priority, place, opened, closed")
    entries: list[TimelineEntryOut]
    directives: list[dict[str, Any]] = Field(
        description="each directive with what cleared, refused, overrode or acknowledged it"
    )
    assignments: list[dict[str, Any]] = Field(
        description="each unit assignment with its statuses and the order behind its clearance"
    )
    verification: VerificationOut
    entry_count: int
    unit_intervals: list[UnitTimesOut] = []
    radio: list[dict[str, Any]] = Field(
        default=[],
        description="radio transmissions attributed to the incident, in the order they began: "
        "speaker (unit and radio id), machine text, any correction (the machine text struck), "
        "and audio: verified, altered or missing",
    )


class StatOut(Open):
    """Count, median, 90th and 95th percentile of an interval (seconds)."""

    count: int
    p50: float | None
    p90: float | None
    p95: float | None


class TargetCheckOut(Open):
    """One standard's target beside what was measured."""

    id: str
    standard: str
    interval: str
    percentile: float
    seconds: float
    count: int
    measured: float | None
    within_share: float | None
    met: bool | None


class ResponseTimeReportOut(Open):
    """The response-time report as data."""

    period: dict[str, str]
    filters: dict[str, str | None]
    assumed: str = Field(description="the standards' editions the targets assume")
    counts: dict[str, int] = Field(description="incidents and unit responses measured")
    overall: dict[str, StatOut] = Field(
        description="answering, processing, turnout, travel, total (per incident)"
    )
    units: dict[str, StatOut] = Field(
        description="turnout, travel, on_scene, transport, at_destination, committed over "
        "every unit response, stood down or not"
    )
    targets: list[TargetCheckOut]
    by: dict[str, dict[str, dict[str, StatOut]]] = Field(
        description="the same statistics by agency, type, priority and hour"
    )
    daily: dict[str, list[dict[str, Any]]]
    definitions: dict[str, str]


class EidoOut(Open):
    """A NENA-STA-024 Emergency Incident Data Object (the members tenfour fills; the full
    schema is NENA's, shipped in ``tenfour/interop/schemas/eido/``)."""

    id: str = Field(alias="$id")
    lastUpdateTimeStamp: str  # noqa: N815 - NENA's member names
    updatedByAgencyReference: str  # noqa: N815
    eidoVersion: str  # noqa: N815
    issuingElementIdentification: str  # noqa: N815
    incidentComponent: dict[str, Any]  # noqa: N815
    agencyComponent: list[dict[str, Any]]  # noqa: N815


class CircleOut(BaseModel):
    """A circle of a CAP area."""

    lat: float
    lon: float
    radius_km: float


class AlertAreaOut(BaseModel):
    """A CAP area: polygons as [lon, lat] rings, circles."""

    description: str
    polygons: list[list[list[float]]]
    circles: list[CircleOut]


class AlertOut(BaseModel):
    """An OASIS CAP 1.2 alert as received (``POST /api/v1/cap``)."""

    id: str
    identifier: str
    sender: str
    sent: str
    status: str
    msg_type: str
    event: str
    categories: list[str]
    urgency: str
    severity: str
    certainty: str
    headline: str | None = None
    description: str | None = None
    instruction: str | None = None
    expires: str | None = None
    received_at: str
    received_by: str
    current: bool = Field(description="not expired, cancelled or superseded")
    superseded_by: str | None = None
    areas: list[AlertAreaOut]


class OutboxItemOut(BaseModel):
    """A message still owed to a partner CAD, and why it has not gone."""

    partner: str
    request: str = Field(description="the assistance request it belongs to")
    message: str = Field(description="request or answer")
    attempts: int
    last_error: str | None
    failing_since: str | None
    next_try_in_s: float


class ProposalOut(BaseModel):
    """Another system's differing type, priority or place for an incident."""

    id: str
    incident_id: str
    source: str
    external_id: str
    proposed_at: str
    proposed_by: str
    type_code: str | None = None
    priority: int | None = None
    address: str | None = None
    lat: float | None = None
    lon: float | None = None
    status: str = Field(description="open, accepted, rejected or superseded")
    decided_by: str | None = None
    decided_at: str | None = None
    reason: str | None = None
