"""Command routes for directives, assistance requests, hazards and bulletins."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response

from tenfour.api import schemas_aid as s
from tenfour.api.commanding import Commanding, command_route
from tenfour.domain import commands as c

router = APIRouter()
Ident = Annotated[str, Path(min_length=1, max_length=64)]


@router.post(
    "/directives",
    tags=["directives"],
    **command_route(
        "IssueDirective",
        "Issue a command order. The agency's policy names the roles with that authority "
        "(default: commander, supervisor); a reason is required.",
    ),
)
async def issue_directive(body: s.IssueDirectiveIn, cmd: Commanding) -> Response:
    """Issue a directive."""
    return await cmd.respond(c.IssueDirective(**body.model_dump()))


@router.post(
    "/directives/{directive}/lift",
    tags=["directives"],
    **command_route("LiftDirective", "Lift a directive in force (same authority as issuing)."),
)
async def lift_directive(directive: Ident, body: s.ReasonIn, cmd: Commanding) -> Response:
    """Lift a directive."""
    return await cmd.respond(c.LiftDirective(directive=directive, reason=body.reason))


@router.post(
    "/directives/{directive}/acknowledge",
    tags=["directives"],
    **command_route("AcknowledgeDirective", "A unit confirms it received the directive."),
)
async def acknowledge(directive: Ident, body: s.AcknowledgeIn, cmd: Commanding) -> Response:
    """Acknowledge a directive."""
    return await cmd.respond(c.AcknowledgeDirective(directive=directive, unit=body.unit))


@router.post(
    "/assistance-requests",
    tags=["mutual aid"],
    **command_route("RequestAssistance", "Ask another agency for help on an incident."),
)
async def request_assistance(body: s.RequestAssistanceIn, cmd: Commanding) -> Response:
    """Request assistance."""
    return await cmd.respond(c.RequestAssistance(**body.model_dump()))


@router.post(
    "/assistance-requests/{request}/answer",
    tags=["mutual aid"],
    **command_route("AnswerAssistance", "Accept or decline a request made to your agency."),
)
async def answer_assistance(
    request: Ident, body: s.AnswerAssistanceIn, cmd: Commanding
) -> Response:
    """Answer a request."""
    data = body.model_dump()
    data["units"] = tuple(data["units"])
    return await cmd.respond(c.AnswerAssistance(request=request, **data))


@router.post("/hazards", tags=["hazards"], **command_route("AddHazard", "Add a premise alert."))
async def add_hazard(body: s.AddHazardIn, cmd: Commanding) -> Response:
    """Add a hazard."""
    return await cmd.respond(c.AddHazard(**body.model_dump()))


@router.post(
    "/hazards/{hazard}/remove",
    tags=["hazards"],
    **command_route("RemoveHazard", "Remove a premise alert, with a reason."),
)
async def remove_hazard(hazard: Ident, body: s.ReasonIn, cmd: Commanding) -> Response:
    """Remove a hazard."""
    return await cmd.respond(c.RemoveHazard(hazard=hazard, reason=body.reason))


@router.post(
    "/bulletins",
    tags=["bulletins"],
    **command_route("IssueBulletin", "Issue a bulletin (BOLO), optionally restricted."),
)
async def issue_bulletin(body: s.IssueBulletinIn, cmd: Commanding) -> Response:
    """Issue a bulletin."""
    data = body.model_dump()
    data["persons"], data["plates"] = tuple(data["persons"]), tuple(data["plates"])
    return await cmd.respond(c.IssueBulletin(**data))


@router.post(
    "/bulletins/{bulletin}/cancel",
    tags=["bulletins"],
    **command_route("CancelBulletin", "Cancel a bulletin, with a reason."),
)
async def cancel_bulletin(bulletin: Ident, body: s.ReasonIn, cmd: Commanding) -> Response:
    """Cancel a bulletin."""
    return await cmd.respond(c.CancelBulletin(bulletin=bulletin, reason=body.reason))
