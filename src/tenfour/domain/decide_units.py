"""Handlers for units: dispatch, status changes, clearance, service, position."""

from __future__ import annotations

from tenfour.domain import commands as c
from tenfour.domain import events as e
from tenfour.domain.entities import Incident, Unit
from tenfour.domain.errors import Reason, Rejected, conflict, invalid
from tenfour.domain.geometry import valid_position
from tenfour.domain.handler_context import Context, optional_text
from tenfour.domain.statuses import UnitStatus, transition_error


def _check_free(unit: Unit, incident: Incident) -> None:
    if unit.assignment_id is not None:
        raise conflict(f"unit {unit.id} is already assigned ({unit.status.value}); clear it first")
    problem = transition_error(unit.status, UnitStatus.DISPATCHED)
    if problem:
        raise conflict(f"unit {unit.id}: {problem}")


def _recommendation_reason(incident: Incident, unit: Unit, given: str | None) -> str | None:
    """The reason for sending a unit the latest recommendation did not pick (required then)."""
    reason = optional_text(given, "reason")
    picks = incident.recommended_units
    if reason is None and picks and unit.id not in picks:
        raise invalid(
            f"{unit.id} is not among the units recommended for {incident.id} "
            f"({', '.join(picks)}): give a reason for the override",
            "reason",
        )
    return reason


def dispatch(ctx: Context, cmd: c.DispatchUnit) -> list[e.Event]:
    """Assign a unit; under a stand-down or hold it needs an override with a reason, and a
    unit outside the incident's latest recommendation needs a reason too."""
    incident, unit = ctx.open_incident(cmd.incident), ctx.unit(cmd.unit)
    _check_free(unit, incident)
    why = _recommendation_reason(incident, unit, cmd.reason)
    assignment = ctx.state.next_id("assignment")
    blocking = ctx.state.blocking_directive(incident, unit.agency, ctx.now)
    if blocking is None:
        return [
            e.UnitDispatched(
                assignment=assignment,
                incident=incident.id,
                unit=unit.id,
                recommended=cmd.recommended,
                reason=why,
            )
        ]
    reason = optional_text(cmd.override_reason, "override_reason")
    if reason is None:
        refused = e.DispatchRefused(
            incident=incident.id,
            unit=unit.id,
            directive=blocking.id,
            reason=f"{blocking.kind.value} in force: {blocking.reason}",
        )
        raise Rejected(
            Reason.CONFLICT,
            f"directive {blocking.id} ({blocking.kind.value}) is in force on {incident.id}: "
            f"{blocking.reason}. Dispatching needs an override with a reason.",
            field="override_reason",
            record=[refused],
        )
    override = ctx.state.next_id("override")
    return [
        e.DirectiveOverridden(
            override=override,
            directive=blocking.id,
            incident=incident.id,
            unit=unit.id,
            reason=reason,
        ),
        e.UnitDispatched(
            assignment=assignment,
            incident=incident.id,
            unit=unit.id,
            override=override,
            recommended=cmd.recommended,
            reason=why,
        ),
    ]


def _advance(ctx: Context, unit_id: str, status: UnitStatus) -> list[e.Event]:
    unit = ctx.unit(unit_id)
    assignment = ctx.assignment_of(unit)
    problem = transition_error(unit.status, status)
    if problem:
        raise conflict(f"unit {unit.id}: {problem}")
    return [
        e.UnitStatusChanged(
            unit=unit.id,
            status=status.value,
            assignment=assignment.id,
            incident=assignment.incident_id,
        )
    ]


def en_route(ctx: Context, cmd: c.MarkEnRoute) -> list[e.Event]:
    """The unit is on its way."""
    return _advance(ctx, cmd.unit, UnitStatus.ENROUTE)


def on_scene(ctx: Context, cmd: c.MarkOnScene) -> list[e.Event]:
    """The unit arrived."""
    return _advance(ctx, cmd.unit, UnitStatus.ONSCENE)


def transporting(ctx: Context, cmd: c.MarkTransporting) -> list[e.Event]:
    """The unit is transporting a patient."""
    return _advance(ctx, cmd.unit, UnitStatus.TRANSPORTING)


def at_hospital(ctx: Context, cmd: c.MarkAtHospital) -> list[e.Event]:
    """The unit arrived at hospital."""
    return _advance(ctx, cmd.unit, UnitStatus.AT_HOSPITAL)


def clear(ctx: Context, cmd: c.ClearUnit) -> list[e.Event]:
    """Release a unit from its incident, citing the directive behind the order if any."""
    unit = ctx.unit(cmd.unit)
    assignment = ctx.assignment_of(unit)
    reason = optional_text(cmd.reason, "reason")
    if cmd.directive is not None:
        directive = ctx.directive(cmd.directive)
        incident = ctx.state.incidents[assignment.incident_id]
        if not directive.in_force(ctx.now):
            raise conflict(f"directive {directive.id} is no longer in force")
        if directive not in ctx.state.directives_in_force(incident, ctx.now):
            raise invalid(
                f"directive {directive.id} does not cover incident {incident.id}", "directive"
            )
        reason = reason or directive.reason
    return [
        e.UnitCleared(
            assignment=assignment.id,
            incident=assignment.incident_id,
            unit=unit.id,
            directive=cmd.directive,
            reason=reason,
        )
    ]


def set_service(ctx: Context, cmd: c.SetUnitService) -> list[e.Event]:
    """Take an available unit out of service or put it back."""
    unit = ctx.unit(cmd.unit)
    wanted = UnitStatus.AVAILABLE if cmd.in_service else UnitStatus.OUT_OF_SERVICE
    if unit.assignment_id is not None:
        raise conflict(f"unit {unit.id} is on an incident; clear it first")
    problem = transition_error(unit.status, wanted)
    if problem:
        raise conflict(f"unit {unit.id}: {problem}")
    return [
        e.UnitServiceChanged(
            unit=unit.id, status=wanted.value, reason=optional_text(cmd.reason, "reason")
        )
    ]


def report_position(ctx: Context, cmd: c.ReportPosition) -> list[e.Event]:
    """An AVL position report."""
    unit = ctx.unit(cmd.unit)
    if not valid_position(cmd.lat, cmd.lon):
        raise invalid("lat and lon must lie on Earth", "lat")
    return [
        e.UnitMoved(
            unit=unit.id, lat=cmd.lat, lon=cmd.lon, heading=cmd.heading, speed_kmh=cmd.speed_kmh
        )
    ]


def record_recommendation(ctx: Context, cmd: c.RecordRecommendation) -> list[e.Event]:
    """Put the recommendation a dispatcher was shown on the record."""
    incident = ctx.incident(cmd.incident)
    for pick in cmd.picks:
        if not isinstance(pick.get("unit"), str) or pick["unit"] not in ctx.state.units:
            raise invalid("every pick needs the id of a known unit", "picks")
    return [e.RecommendationMade(incident=incident.id, picks=cmd.picks, unfilled=cmd.unfilled)]
