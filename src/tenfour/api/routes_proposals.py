"""Proposals from other systems: the list of what waits for a decision, and accepting or
rejecting one (docs/adr/0013-partner-proposals.md). A partner's differing type, priority or
location for a local incident never changes it until a dispatcher accepts it here."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Response
from pydantic import Field

from tenfour.api.commanding import Commanding, command_route
from tenfour.api.deps import RuntimeDep, require_roles
from tenfour.api.errors import ERROR_RESPONSES
from tenfour.api.schemas_common import StrictIn, Text
from tenfour.api.schemas_records import ProposalOut
from tenfour.domain import commands as c
from tenfour.domain.actors import Role
from tenfour.domain.policy import roles_for

router = APIRouter()
Ident = Annotated[str, Path(min_length=1, max_length=64)]
DECIDERS = tuple(r for r in roles_for("AcceptProposal") if r != Role.SYSTEM)


class AcceptIn(StrictIn):
    """Why (optional) a proposal is taken."""

    reason: Text = Field(default="", examples=["confirmed with the caller"])


class RejectIn(StrictIn):
    """Why a proposal is turned down."""

    reason: Text = Field(examples=["our caller is still on the line at the first address"])


@router.get(
    "/proposals",
    tags=["interop"],
    response_model=list[ProposalOut],
    responses=ERROR_RESPONSES,
    dependencies=[Depends(require_roles(*DECIDERS))],
)
async def proposals(
    runtime: RuntimeDep, incident: str | None = None, decided: bool = False
) -> list[dict[str, Any]]:
    """Changes other systems proposed to incidents: open ones (and decided ones too with
    ``decided=true``), optionally of one incident."""
    found = runtime.engine.state.interop.proposals.values()
    return [
        dataclasses.asdict(p)
        for p in found
        if (decided or p.status == "open") and incident in (None, p.incident_id)
    ]


@router.post(
    "/proposals/{proposal}/accept",
    tags=["interop"],
    **command_route(
        "AcceptProposal",
        "Take another system's proposed type, priority or location for an incident.",
    ),
)
async def accept_proposal(proposal: Ident, body: AcceptIn, cmd: Commanding) -> Response:
    """Accept a proposal."""
    return await cmd.respond(c.AcceptProposal(proposal=proposal, reason=body.reason))


@router.post(
    "/proposals/{proposal}/reject",
    tags=["interop"],
    **command_route("RejectProposal", "Turn down another system's proposed change, with a reason."),
)
async def reject_proposal(proposal: Ident, body: RejectIn, cmd: Commanding) -> Response:
    """Reject a proposal."""
    return await cmd.respond(c.RejectProposal(proposal=proposal, reason=body.reason))
