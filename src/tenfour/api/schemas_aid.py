"""Request bodies for directives, assistance requests, hazards and bulletins."""

from __future__ import annotations

from pydantic import Field

from tenfour.api.schemas_common import AnyId, Lat, Lon, ShortText, StrictIn, Text, Timestamp


class IssueDirectiveIn(StrictIn):
    """A command order on one incident or on an area."""

    kind: ShortText = Field(
        description="stand_down, hold, stage_at, respond_code or broadcast", examples=["stand_down"]
    )
    reason: Text = Field(examples=["NO UNITS WILL RESPOND"])
    authority: ShortText = Field(default="", examples=["Chief of Patrol"])
    incident: AnyId | None = Field(default=None, examples=["2026-000001"])
    area_lat: Lat | None = None
    area_lon: Lon | None = None
    area_radius_m: float | None = Field(default=None, gt=0, le=1_000_000)
    expires_at: Timestamp | None = None
    message: Text | None = None
    stage_at: ShortText | None = None
    lights_and_siren: bool | None = None


class ReasonIn(StrictIn):
    """Why (lifting a directive, removing a hazard, cancelling a bulletin)."""

    reason: Text = Field(examples=["situation resolved"])


class AcknowledgeIn(StrictIn):
    """A unit confirms it received the directive."""

    unit: AnyId = Field(examples=["1A12"])


class RequestAssistanceIn(StrictIn):
    """Ask another agency for help on an incident."""

    incident: AnyId = Field(examples=["2026-000001"])
    to_agency: AnyId = Field(examples=["MPD"])
    what: Text = Field(examples=["crowd control for 30 officers"])
    where: Text = Field(default="", examples=["Mannerheimintie 1"])
    from_agency: AnyId | None = Field(
        default=None, description="A partner CAD asking on its agency's behalf"
    )
    external_ref: ShortText | None = Field(default=None, examples=["FED-2026-0042"])


class AnswerAssistanceIn(StrictIn):
    """Accept (with units) or decline (with a reason)."""

    answer: ShortText = Field(description="accepted or declined", examples=["declined"])
    reason: Text = Field(examples=["NO UNITS WILL RESPOND"])
    units: list[AnyId] = Field(default_factory=list, max_length=100)
    directive: AnyId | None = Field(default=None, examples=["DIR1"])


class AddHazardIn(StrictIn):
    """A premise alert bound to a place or a person."""

    description: Text = Field(examples=["dog on premises"])
    lat: Lat | None = None
    lon: Lon | None = None
    radius_m: float | None = Field(default=None, gt=0, le=1_000_000)
    person: ShortText | None = None
    expires_at: Timestamp | None = None


class IssueBulletinIn(StrictIn):
    """A BOLO: persons and vehicle plates to look out for."""

    subject: Text = Field(examples=["wanted: J. DOE, white van"])
    persons: list[ShortText] = Field(default_factory=list, max_length=100, examples=[["JOHN DOE"]])
    plates: list[ShortText] = Field(default_factory=list, max_length=100, examples=[["ABC-123"]])
    valid_from: Timestamp | None = None
    valid_until: Timestamp | None = None
    valid_days: int | None = Field(default=None, ge=-(2**31), le=2**31, examples=[30])
    restricted: bool = Field(default=False, description="Visible only to your agency")
