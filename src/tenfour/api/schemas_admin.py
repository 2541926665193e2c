"""Request bodies for the organisation: agencies, their policy, units, users."""

from __future__ import annotations

from pydantic import Field

from tenfour.api.schemas_common import AnyId, HumanRole, Ident, Lat, Lon, ShortText, StrictIn

RoleName = HumanRole


def _default_directive_roles() -> list[RoleName]:
    return ["commander", "supervisor"]


class RegisterAgencyIn(StrictIn):
    """A police, fire, EMS or partner organisation."""

    agency: Ident = Field(examples=["MPD"])
    name: ShortText = Field(examples=["Metro Police"])
    kind: ShortText = Field(examples=["police"])
    directive_roles: list[RoleName] = Field(default_factory=_default_directive_roles, max_length=20)
    dispatch_centre: AnyId | None = Field(
        default=None, description="Agency whose dispatchers dispatch this agency's units"
    )


class PolicyIn(StrictIn):
    """Which roles may issue directives for the agency."""

    directive_roles: list[RoleName] = Field(max_length=20, examples=[["commander"]])


class RegisterUnitIn(StrictIn):
    """A field unit."""

    unit: Ident = Field(examples=["1A12"])
    agency: AnyId = Field(examples=["MPD"])
    unit_type: ShortText = Field(examples=["patrol"])
    capabilities: list[ShortText] = Field(default_factory=list, max_length=50)
    station: ShortText | None = None
    lat: Lat | None = None
    lon: Lon | None = None


class RegisterUserIn(StrictIn):
    """A person who logs in, with their first password."""

    user: Ident = Field(examples=["disp1"])
    agency: AnyId = Field(examples=["MPD"])
    roles: list[RoleName] = Field(max_length=20, examples=[["dispatcher"]])
    unit: AnyId | None = Field(default=None, description="Call sign, for the unit role")
    password: str = Field(min_length=1, max_length=1024, examples=["correct horse battery"])


class DeactivateIn(StrictIn):
    """Withdraw a user's access."""

    reason: ShortText = Field(examples=["left the service"])


class PasswordIn(StrictIn):
    """A new password."""

    password: str = Field(min_length=1, max_length=1024)
