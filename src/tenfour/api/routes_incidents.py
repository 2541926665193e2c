"""Command routes for incidents: create, calls, remarks, reclassify, relocate, link, close."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response

from tenfour.api import schemas_incidents as s
from tenfour.api.commanding import Commanding, command_route
from tenfour.domain import commands as c

router = APIRouter(tags=["incidents"])
IncidentId = Annotated[str, Path(min_length=1, max_length=64, examples=["2026-000001"])]
RemarkId = Annotated[str, Path(min_length=1, max_length=64, examples=["R3"])]


@router.post("/incidents", **command_route("CreateIncident", "Open an incident from a first call."))
async def create_incident(body: s.CreateIncidentIn, cmd: Commanding) -> Response:
    """Create an incident."""
    return await cmd.respond(c.CreateIncident(**body.model_dump()))


@router.post("/incidents/{incident}/calls", **command_route("AddCall", "Attach a further call."))
async def add_call(incident: IncidentId, body: s.AddCallIn, cmd: Commanding) -> Response:
    """Add a call."""
    return await cmd.respond(c.AddCall(incident=incident, **body.model_dump()))


@router.post("/incidents/{incident}/remarks", **command_route("AddRemark", "Add a remark."))
async def add_remark(incident: IncidentId, body: s.AddRemarkIn, cmd: Commanding) -> Response:
    """Add a remark."""
    return await cmd.respond(c.AddRemark(incident=incident, text=body.text))


@router.post(
    "/incidents/{incident}/remarks/{remark}/strike",
    **command_route("StrikeRemark", "Strike a remark through (never edited), with a reason."),
)
async def strike_remark(
    incident: IncidentId, remark: RemarkId, body: s.StrikeRemarkIn, cmd: Commanding
) -> Response:
    """Strike a remark."""
    return await cmd.respond(c.StrikeRemark(incident=incident, remark=remark, **body.model_dump()))


@router.post(
    "/incidents/{incident}/reclassify",
    **command_route("ReclassifyIncident", "Change type and priority."),
)
async def reclassify(incident: IncidentId, body: s.ReclassifyIn, cmd: Commanding) -> Response:
    """Reclassify an incident."""
    return await cmd.respond(c.ReclassifyIncident(incident=incident, **body.model_dump()))


@router.post(
    "/incidents/{incident}/relocate", **command_route("RelocateIncident", "Correct the location.")
)
async def relocate(incident: IncidentId, body: s.RelocateIn, cmd: Commanding) -> Response:
    """Relocate an incident."""
    return await cmd.respond(c.RelocateIncident(incident=incident, **body.model_dump()))


@router.post(
    "/incidents/{incident}/links", **command_route("LinkIncidents", "Link another incident.")
)
async def link(incident: IncidentId, body: s.LinkIn, cmd: Commanding) -> Response:
    """Link two incidents."""
    return await cmd.respond(c.LinkIncidents(incident=incident, **body.model_dump()))


@router.post(
    "/incidents/{incident}/unlink",
    **command_route("UnlinkIncidents", "Undo a link made in error."),
)
async def unlink(incident: IncidentId, body: s.LinkIn, cmd: Commanding) -> Response:
    """Unlink two incidents."""
    return await cmd.respond(c.UnlinkIncidents(incident=incident, **body.model_dump()))


@router.post(
    "/incidents/{incident}/close", **command_route("CloseIncident", "Close with a disposition.")
)
async def close(incident: IncidentId, body: s.CloseIn, cmd: Commanding) -> Response:
    """Close an incident."""
    return await cmd.respond(c.CloseIncident(incident=incident, disposition=body.disposition))


@router.post(
    "/incidents/{incident}/recommendation-record",
    **command_route("RecordRecommendation", "Put the recommendation shown on the record."),
)
async def record_recommendation(
    incident: IncidentId, body: s.RecommendationIn, cmd: Commanding
) -> Response:
    """Record a recommendation."""
    picks = tuple(p.model_dump(exclude_none=True) for p in body.picks)
    command = c.RecordRecommendation(incident=incident, picks=picks, unfilled=tuple(body.unfilled))
    return await cmd.respond(command)
