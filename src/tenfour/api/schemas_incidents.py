"""Request bodies for incidents, calls, remarks and recommendations."""

from __future__ import annotations

from pydantic import Field

from tenfour.api.schemas_common import AnyId, Lat, Lon, ShortText, StrictIn, Text, Timestamp


class CallFields(StrictIn):
    """What a call taker records about one contact."""

    ani: ShortText = Field(default="", description="Callback number", examples=["+358401234567"])
    ali: ShortText = Field(
        default="", description="Reported location", examples=["Mannerheimintie 1"]
    )
    caller_name: ShortText = Field(default="", examples=["J. Smith"])
    received_at: Timestamp | None = Field(default=None, description="Ring time (default: now)")
    answered_at: Timestamp | None = None


class CreateIncidentIn(CallFields):
    """Open an incident from its first call."""

    type_code: ShortText = Field(examples=["assist_other_agency"])
    priority: int | None = Field(
        default=None,
        ge=-(2**31),
        le=2**31,
        description="1 is highest; left out: the type's default priority",
        examples=[1],
    )
    address: Text = Field(examples=["Mannerheimintie 1, Helsinki"])
    lat: Lat | None = Field(default=None, examples=[60.1699])
    lon: Lon | None = Field(default=None, examples=[24.9384])
    verified: bool = Field(
        default=False,
        description="Ignored: the server's own gazetteer decides whether a location is verified",
    )
    narrative: Text = Field(
        default="",
        examples=["CALLER IS 1 OF APPROX 30 FEDERAL OFFICERS BEING SURROUNDED BY A LARGE CROWD"],
    )
    agency: AnyId | None = Field(default=None, description="Owning agency (default: yours)")


class AddCallIn(CallFields):
    """A further call linked to the incident."""

    narrative: Text = ""
    duplicate: bool = Field(default=False, description="The call taker linked it as a duplicate")


class AddRemarkIn(StrictIn):
    """A narrative line."""

    text: Text = Field(examples=["WHITE VAN PLATE ABC-123 LEAVING NORTH"])


class StrikeRemarkIn(StrictIn):
    """Strike a remark through, optionally with the corrected text."""

    reason: Text = Field(examples=["wrong plate"])
    correction: Text | None = Field(default=None, examples=["WHITE VAN PLATE ABC-128"])


class ReclassifyIn(StrictIn):
    """New type and priority."""

    type_code: ShortText = Field(examples=["riot"])
    priority: int = Field(ge=-(2**31), le=2**31, examples=[1])


class RelocateIn(StrictIn):
    """A corrected location."""

    address: Text = Field(examples=["Mannerheimintie 3"])
    lat: Lat | None = None
    lon: Lon | None = None
    verified: bool = Field(default=False, description="Ignored: the server's gazetteer decides")


class LinkIn(StrictIn):
    """Link another incident to this one."""

    other: AnyId = Field(examples=["2026-000002"])
    reason: Text = Field(examples=["same crowd, reported within 200 m"])


class CloseIn(StrictIn):
    """Close with a disposition code."""

    disposition: ShortText = Field(examples=["stood_down"])


class PickIn(StrictIn):
    """One recommended unit as the dispatcher was shown it."""

    unit: AnyId = Field(examples=["1A12"])
    eta_s: float | None = Field(default=None, ge=0, examples=[192.4])
    reason: ShortText = Field(default="", examples=["1A12, patrol, 3 min 12 s by road, nearest"])
    slot: ShortText | None = None


class RecommendationIn(StrictIn):
    """The recommendation a dispatcher was shown, for the record."""

    picks: list[PickIn] = Field(max_length=100)
    unfilled: list[ShortText] = Field(default_factory=list, max_length=100)
