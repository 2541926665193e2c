"""Read models a console needs, as Pydantic models (the API's response schemas)."""

from __future__ import annotations

from pydantic import BaseModel, Field


class AreaOut(BaseModel):
    """A circle on the map."""

    lat: float
    lon: float
    radius_m: float


class IncidentRow(BaseModel):
    """One line of the pending queue or the open incidents board."""

    id: str = Field(examples=["2026-000001"])
    agency: str
    type_code: str
    priority: int
    status: str
    address: str
    lat: float | None
    lon: float | None
    verified: bool
    created_at: str
    age_s: float = Field(description="Seconds since the incident was entered")
    units: list[str] = Field(description="Units assigned and not cleared")
    directives_in_force: list[str]
    bulletin_hits: int
    hazard_hits: int


class BoardCounts(BaseModel):
    """How many incidents match a board's filter, in all and per group (keys as strings)."""

    total: int
    status: dict[str, int]
    priority: dict[str, int]
    discipline: dict[str, int]
    agency: dict[str, int] = Field(description="By owning agency")


class BoardPage(BaseModel):
    """A window of a board, or the changes to it after a seq (``since``)."""

    seq: int = Field(description="The board's seq: ask `since=` this to get what changes next")
    since: int | None = Field(default=None, description="The seq the changes are after")
    reload: bool = Field(
        default=False,
        description="Too far behind to catch up by changes: fetch the window again",
    )
    rows: list[IncidentRow] = Field(
        default_factory=list,
        description="The window in order; with `since`, the rows changed (and still matching)",
    )
    removed: list[str] = Field(
        default_factory=list,
        description="With `since`: incidents that left the board (closed or no longer matching)",
    )
    next: str | None = Field(
        default=None, description="Cursor for the next window (`after=`); null at the end"
    )
    counts: BoardCounts


class CallOut(BaseModel):
    """One call attached to an incident."""

    id: str
    ani: str
    ali: str
    caller_name: str
    received_at: str
    answered_at: str | None
    call_taker: str


class RemarkOut(BaseModel):
    """A narrative line; struck lines stay, marked."""

    id: str
    text: str
    author: str
    at: str
    corrects: str | None
    struck: bool
    struck_by: str | None
    struck_reason: str | None


class OrderOut(BaseModel):
    """One attributable change on an assignment."""

    kind: str
    at: str
    by: str
    role: str
    agency: str
    directive: str | None
    reason: str | None


class AssignmentOut(BaseModel):
    """A unit on the incident and every order it was given."""

    id: str
    unit: str
    active: bool
    override: str | None
    orders: list[OrderOut]


class DirectiveOut(BaseModel):
    """A command order with its issuer, authority, reason and acknowledgments."""

    id: str
    agency: str
    kind: str
    issuer: str
    role: str
    authority: str
    reason: str
    issued_at: str
    incident: str | None
    area: AreaOut | None
    expires_at: str | None
    message: str | None
    stage_at: str | None
    lights_and_siren: bool | None
    notified_units: list[str]
    acks: dict[str, str] = Field(description="unit -> time acknowledged")
    in_force: bool
    lifted_at: str | None
    lifted_by: str | None
    lift_reason: str | None


class RequestOut(BaseModel):
    """A request for assistance and its answer."""

    id: str
    incident: str
    from_agency: str
    to_agency: str
    what: str
    where: str
    requested_at: str
    requested_by: str
    external_ref: str | None
    answer: str | None
    answer_reason: str | None
    answered_by: str | None
    answered_at: str | None
    units: list[str]
    directive: str | None


class BulletinOut(BaseModel):
    """A BOLO."""

    id: str
    agency: str
    subject: str
    persons: list[str]
    plates: list[str]
    valid_from: str
    valid_until: str
    restricted: bool
    cancelled: bool


class HazardOut(BaseModel):
    """A premise alert."""

    id: str
    agency: str
    description: str
    area: AreaOut | None
    person: str | None
    expires_at: str | None
    removed: bool


class IncidentDetail(IncidentRow):
    """Everything about one incident a console shows."""

    created_by: str
    disposition: str | None
    closed_at: str | None
    links: list[str]
    version: int = Field(description="Send as X-Expected-Version to guard against stale edits")
    calls: list[CallOut]
    remarks: list[RemarkOut]
    assignments: list[AssignmentOut]
    directives: list[DirectiveOut]
    bulletins_hit: list[BulletinOut]
    hazards_hit: list[HazardOut]
    requests: list[RequestOut]


class UnitRow(BaseModel):
    """One line of the unit board."""

    id: str
    agency: str
    unit_type: str
    capabilities: list[str]
    station: str | None
    status: str
    status_since: str
    time_in_status_s: float | None
    lat: float | None
    lon: float | None
    incident: str | None
    eta_s: float | None = Field(
        default=None, description="The drive time the unit was dispatched with (recommended)."
    )
    version: int


class MeOut(BaseModel):
    """Who the token belongs to, the role acted in, and what that role may see and do."""

    user: str
    agency: str
    roles: list[str]
    role: str
    unit: str | None
    screens: list[str] = Field(description="Console screens the role may use; the first is home.")
    home: str | None = Field(description="The screen the role works on (none for a partner).")
    commands: list[str] = Field(description="Commands the role may give (the policy table).")
    reads: list[str] = Field(description="Records the role may read (timeline, report).")
