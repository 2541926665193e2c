"""Request bodies for unit commands: dispatch, clearance, service, position."""

from __future__ import annotations

from pydantic import Field

from tenfour.api.schemas_common import AnyId, Lat, Lon, StrictIn, Text


class DispatchIn(StrictIn):
    """Assign the unit to an incident."""

    incident: AnyId = Field(examples=["2026-000001"])
    override_reason: Text | None = Field(
        default=None,
        description="Required to dispatch under a stand-down or hold in force (else 409, and "
        "the refusal is recorded).",
        examples=[None],
    )
    recommended: bool = Field(default=False, description="The unit was the system's pick")
    reason: Text | None = Field(
        default=None,
        description="Why this unit, when it is not among the incident's latest recommendation "
        "(required then, else 422)",
    )


class ClearIn(StrictIn):
    """Release the unit from its incident."""

    directive: AnyId | None = Field(
        default=None,
        description="The directive ordering it, cited on the record",
        examples=["DIR1"],
    )
    reason: Text | None = Field(default=None, examples=["stand-down ordered"])


class ServiceIn(StrictIn):
    """Out of service or back in."""

    in_service: bool = Field(examples=[False])
    reason: Text | None = Field(default=None, examples=["vehicle fault"])


class PositionIn(StrictIn):
    """An AVL position report."""

    lat: Lat = Field(examples=[60.1702])
    lon: Lon = Field(examples=[24.9411])
    heading: float | None = Field(default=None, ge=0, le=360)
    speed_kmh: float | None = Field(default=None, ge=0, le=1000)
