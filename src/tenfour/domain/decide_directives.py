"""Handlers for directives: command orders with issuer, authority, reason, scope, expiry."""

from __future__ import annotations

from tenfour.domain import commands as c
from tenfour.domain import events as e
from tenfour.domain.actors import Role
from tenfour.domain.entities import Area, Directive, DirectiveKind, Incident
from tenfour.domain.errors import conflict, forbidden, invalid
from tenfour.domain.geometry import valid_position
from tenfour.domain.handler_context import Context, optional_text, text, time_field
from tenfour.domain.state import covers


def _may_issue(ctx: Context) -> None:
    if ctx.actor.role == Role.SYSTEM:
        return
    policy = ctx.agency(ctx.actor.agency).directive_roles
    if ctx.actor.role not in policy:
        allowed = ", ".join(r.value for r in policy)
        raise forbidden(
            f"{ctx.actor.agency} policy: only {allowed} may issue or lift directives, "
            f"not {ctx.actor.role.value}"
        )


def _kind(value: str) -> DirectiveKind:
    try:
        return DirectiveKind(value)
    except ValueError:
        kinds = ", ".join(k.value for k in DirectiveKind)
        raise invalid(f"unknown directive kind {value!r} (one of {kinds})", "kind") from None


def _scope(ctx: Context, cmd: c.IssueDirective) -> Incident | None:
    area = (cmd.area_lat, cmd.area_lon, cmd.area_radius_m)
    if cmd.incident is not None:
        if any(v is not None for v in area):
            raise invalid("a directive covers one incident or an area, not both", "incident")
        return ctx.open_incident(cmd.incident)
    if not valid_position(cmd.area_lat, cmd.area_lon) or not (cmd.area_radius_m or 0) > 0:
        raise invalid(
            "give an incident, or an area: area_lat, area_lon and area_radius_m > 0", "incident"
        )
    return None


def _expiry(ctx: Context, value: str | None) -> str | None:
    moment = time_field(ctx, value, "expires_at", planned=True)
    if moment is None:
        return None
    if moment <= ctx.now:
        raise invalid("expires_at must be in the future", "expires_at")
    return moment


def _kind_fields(kind: DirectiveKind, cmd: c.IssueDirective) -> None:
    if kind == DirectiveKind.STAGE_AT and not (cmd.stage_at or "").strip():
        raise invalid("a stage_at directive needs the staging place", "stage_at")
    if kind == DirectiveKind.RESPOND_CODE and cmd.lights_and_siren is None:
        raise invalid(
            "a respond_code directive says lights_and_siren true or false", "lights_and_siren"
        )
    if kind == DirectiveKind.BROADCAST and not (cmd.message or "").strip():
        raise invalid("a broadcast directive needs a message", "message")


def _notified(ctx: Context, incident: Incident | None, draft: Directive) -> tuple[str, ...]:
    """Units of the issuing agency committed to the incidents the directive covers."""
    incidents = (
        [incident] if incident else [i for i in ctx.state.open_incidents() if covers(draft, i)]
    )
    units = [
        a.unit_id
        for i in incidents
        for a in ctx.state.active_assignments(i)
        if ctx.state.units[a.unit_id].agency == draft.agency
    ]
    return tuple(sorted(set(units)))


def issue(ctx: Context, cmd: c.IssueDirective) -> list[e.Event]:
    """Issue a directive; only roles the agency's policy allows, and never without a reason."""
    _may_issue(ctx)
    kind = _kind(cmd.kind)
    reason = text(cmd.reason, "reason")
    incident = _scope(ctx, cmd)
    _kind_fields(kind, cmd)
    authority = optional_text(cmd.authority, "authority", 200) or ctx.actor.role.value
    ident = ctx.state.next_id("directive")
    draft = Directive(
        id=ident,
        agency=ctx.actor.agency,
        kind=kind,
        issuer=ctx.actor.user,
        role=ctx.actor.role,
        authority=authority,
        reason=reason,
        issued_at=ctx.now,
        incident_id=incident.id if incident else None,
    )
    if incident is None:
        draft.area = Area(cmd.area_lat or 0.0, cmd.area_lon or 0.0, cmd.area_radius_m or 0.0)
    return [
        e.DirectiveIssued(
            directive=ident,
            agency=draft.agency,
            kind=kind.value,
            authority=authority,
            reason=reason,
            incident=draft.incident_id,
            area_lat=cmd.area_lat if incident is None else None,
            area_lon=cmd.area_lon if incident is None else None,
            area_radius_m=cmd.area_radius_m if incident is None else None,
            expires_at=_expiry(ctx, cmd.expires_at),
            message=optional_text(cmd.message, "message"),
            stage_at=optional_text(cmd.stage_at, "stage_at", 400),
            lights_and_siren=cmd.lights_and_siren,
            notified_units=_notified(ctx, incident, draft),
        )
    ]


def lift(ctx: Context, cmd: c.LiftDirective) -> list[e.Event]:
    """Lift a directive in force (same authority as issuing it, same agency)."""
    _may_issue(ctx)
    directive = ctx.directive(cmd.directive)
    if not directive.in_force(ctx.now):
        raise conflict(f"directive {directive.id} is not in force")
    return [
        e.DirectiveLifted(
            directive=directive.id,
            reason=text(cmd.reason, "reason"),
            incident=directive.incident_id,
        )
    ]


def acknowledge(ctx: Context, cmd: c.AcknowledgeDirective) -> list[e.Event]:
    """A unit confirms it received a directive."""
    directive = ctx.directive(cmd.directive)
    unit = ctx.unit(cmd.unit)
    if unit.agency != directive.agency:
        raise invalid(f"directive {directive.id} is not addressed to {unit.agency} units", "unit")
    if unit.id in directive.acks:
        raise conflict(f"unit {unit.id} already acknowledged directive {directive.id}")
    return [
        e.DirectiveAcknowledged(
            directive=directive.id, unit=unit.id, incident=directive.incident_id
        )
    ]
