"""Handlers for the organisation: agencies, their policy, users, units."""

from __future__ import annotations

import re

from tenfour.domain import commands as c
from tenfour.domain import events as e
from tenfour.domain.actors import SERVICES, Role
from tenfour.domain.errors import conflict, invalid, not_found
from tenfour.domain.geometry import valid_position
from tenfour.domain.handler_context import Context, text

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_IDENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,39}$")


def ident(value: str, field: str) -> str:
    """A short identifier: letters, digits, dot, dash, underscore."""
    if not _IDENT.match(value):
        raise invalid(f"{field} must be 1-40 letters, digits, '.', '-' or '_'", field)
    return value


def _roles(values: tuple[str, ...], field: str) -> tuple[str, ...]:
    try:
        roles = tuple(Role(v).value for v in values)
    except ValueError:
        raise invalid(f"{field}: unknown role in {list(values)}", field) from None
    if Role.SYSTEM.value in roles:
        raise invalid(f"{field}: the system role belongs to tenfour itself, not to a person", field)
    if any(Role(r) in SERVICES for r in roles):
        raise invalid(f"{field}: recorder and transcriber are services, not people", field)
    if not roles:
        raise invalid(f"{field} needs at least one role", field)
    return roles


def register_agency(ctx: Context, cmd: c.RegisterAgency) -> list[e.Event]:
    """A new agency with its directive policy."""
    if cmd.agency in ctx.state.agencies:
        raise conflict(f"agency {cmd.agency} already exists")
    if cmd.dispatch_centre is not None and cmd.dispatch_centre != cmd.agency:
        ctx.agency(cmd.dispatch_centre)
    return [
        e.AgencyRegistered(
            agency=ident(cmd.agency, "agency"),
            name=text(cmd.name, "name", limit=200),
            kind=text(cmd.kind, "kind", limit=40),
            directive_roles=_roles(cmd.directive_roles, "directive_roles"),
            dispatch_centre=cmd.dispatch_centre,
        )
    ]


def set_policy(ctx: Context, cmd: c.SetDirectivePolicy) -> list[e.Event]:
    """Change which roles may issue directives for an agency."""
    agency = ctx.agency(cmd.agency)
    return [
        e.AgencyPolicyChanged(
            agency=agency.id, directive_roles=_roles(cmd.directive_roles, "directive_roles")
        )
    ]


def register_user(ctx: Context, cmd: c.RegisterUser) -> list[e.Event]:
    """A person who may log in, with roles in one agency."""
    if cmd.user in ctx.state.users:
        raise conflict(f"user {cmd.user} already exists")
    agency = ctx.agency(cmd.agency)
    roles = _roles(cmd.roles, "roles")
    if cmd.unit is not None and ctx.unit(cmd.unit).agency != agency.id:
        raise invalid(f"unit {cmd.unit} is not a {agency.id} unit", "unit")
    if Role.UNIT.value in roles and cmd.unit is None:
        raise invalid("a user with the unit role is bound to a unit", "unit")
    return [
        e.UserRegistered(user=ident(cmd.user, "user"), agency=agency.id, roles=roles, unit=cmd.unit)
    ]


def deactivate_user(ctx: Context, cmd: c.DeactivateUser) -> list[e.Event]:
    """Withdraw a user's access; their record stays."""
    user = ctx.state.users.get(cmd.user)
    if user is None or not user.active:
        raise conflict(f"user {cmd.user!r} is not active")
    return [e.UserDeactivated(user=user.id, reason=text(cmd.reason, "reason"))]


def reactivate_user(ctx: Context, cmd: c.ReactivateUser) -> list[e.Event]:
    """Give a deactivated user their access back."""
    user = ctx.state.users.get(cmd.user)
    if user is None or user.active:
        raise conflict(f"user {cmd.user!r} is not a deactivated user")
    return [e.UserReactivated(user=user.id, reason=text(cmd.reason, "reason"))]


def set_password(ctx: Context, cmd: c.SetPassword) -> list[e.Event]:
    """Record a password set or reset, bound to the stored hash by its SHA-256."""
    if cmd.user not in ctx.state.users:
        raise not_found("user", cmd.user)
    if not _SHA256.match(cmd.credential):
        raise invalid("credential must be the SHA-256 of the stored hash (64 hex digits)",
                      "credential")  # fmt: skip
    return [e.PasswordSet(user=cmd.user, credential=cmd.credential)]


def register_unit(ctx: Context, cmd: c.RegisterUnit) -> list[e.Event]:
    """A unit of an agency, available at its station."""
    if cmd.unit in ctx.state.units:
        raise conflict(f"unit {cmd.unit} already exists")
    agency = ctx.agency(cmd.agency)
    if (cmd.lat is not None or cmd.lon is not None) and not valid_position(cmd.lat, cmd.lon):
        raise invalid("lat and lon must both be given and lie on Earth", "lat")
    caps = tuple(sorted({text(cap, "capabilities", limit=40) for cap in cmd.capabilities}))
    return [
        e.UnitRegistered(
            unit=ident(cmd.unit, "unit"),
            agency=agency.id,
            unit_type=text(cmd.unit_type, "unit_type", limit=40),
            capabilities=caps,
            station=cmd.station,
            lat=cmd.lat,
            lon=cmd.lon,
        )
    ]


MAX_WINDOW_S = 10 * 366 * 86_400


def set_retention(ctx: Context, cmd: c.SetRetention) -> list[e.Event]:
    """Record a new window for the live state; nothing when it is the one in force."""
    if not 0 <= cmd.closed_window_s <= MAX_WINDOW_S:
        raise invalid(
            f"closed_window_s is 0 to {MAX_WINDOW_S} seconds (ten years)", "closed_window_s"
        )
    if ctx.state.retention.closed_window_s == cmd.closed_window_s:
        return []
    return [e.RetentionSet(closed_window_s=cmd.closed_window_s)]
