"""Command routes for units: dispatch, status changes, clearance, service, position."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response

from tenfour.api import schemas_units as s
from tenfour.api.commanding import Commanding, command_route
from tenfour.domain import commands as c

router = APIRouter(tags=["units"])
UnitId = Annotated[str, Path(min_length=1, max_length=40, examples=["1A12"])]


@router.post(
    "/units/{unit}/dispatch",
    **command_route("DispatchUnit", "Assign the unit to an incident."),
)
async def dispatch(unit: UnitId, body: s.DispatchIn, cmd: Commanding) -> Response:
    """Dispatch a unit."""
    return await cmd.respond(c.DispatchUnit(unit=unit, **body.model_dump()))


@router.post("/units/{unit}/enroute", **command_route("MarkEnRoute", "The unit is on its way."))
async def en_route(unit: UnitId, cmd: Commanding) -> Response:
    """Mark en route."""
    return await cmd.respond(c.MarkEnRoute(unit=unit))


@router.post("/units/{unit}/onscene", **command_route("MarkOnScene", "The unit arrived."))
async def on_scene(unit: UnitId, cmd: Commanding) -> Response:
    """Mark on scene."""
    return await cmd.respond(c.MarkOnScene(unit=unit))


@router.post(
    "/units/{unit}/transporting",
    **command_route("MarkTransporting", "The unit is transporting a patient."),
)
async def transporting(unit: UnitId, cmd: Commanding) -> Response:
    """Mark transporting."""
    return await cmd.respond(c.MarkTransporting(unit=unit))


@router.post(
    "/units/{unit}/at-hospital", **command_route("MarkAtHospital", "The unit is at hospital.")
)
async def at_hospital(unit: UnitId, cmd: Commanding) -> Response:
    """Mark at hospital."""
    return await cmd.respond(c.MarkAtHospital(unit=unit))


@router.post(
    "/units/{unit}/clear",
    **command_route("ClearUnit", "Release the unit from its incident, citing any directive."),
)
async def clear(unit: UnitId, body: s.ClearIn, cmd: Commanding) -> Response:
    """Clear a unit."""
    return await cmd.respond(c.ClearUnit(unit=unit, **body.model_dump()))


@router.post(
    "/units/{unit}/service",
    **command_route("SetUnitService", "Take an available unit out of service or back in."),
)
async def service(unit: UnitId, body: s.ServiceIn, cmd: Commanding) -> Response:
    """Set service status."""
    return await cmd.respond(c.SetUnitService(unit=unit, **body.model_dump()))


@router.post("/units/{unit}/position", **command_route("ReportPosition", "An AVL position."))
async def position(unit: UnitId, body: s.PositionIn, cmd: Commanding) -> Response:
    """Report a position."""
    return await cmd.respond(c.ReportPosition(unit=unit, **body.model_dump()))
