"""Queries a console needs, read from the engine's state through ``tenfour.views``.

Every authenticated role may read these, each seeing only what the domain's authorization rule
lets it read (``domain.authorization``): its own agency's and those it dispatches for, incidents
shared with it; a unit login its own unit and assignments; a partner CAD what was shared with it.
An agency's restricted bulletins (and their hits) are shown only to that agency's users.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query, Request, Response, status

from tenfour.api import routes_board
from tenfour.api.deps import CurrentUser, RuntimeDep
from tenfour.api.errors import ERROR_RESPONSES, ErrorOut
from tenfour.domain.timefmt import iso
from tenfour.views import boards
from tenfour.views.access import access_of
from tenfour.views.incident import incident_detail
from tenfour.views.models import (
    BulletinOut,
    DirectiveOut,
    HazardOut,
    IncidentDetail,
    IncidentRow,
    MeOut,
    RequestOut,
    UnitRow,
)

router = APIRouter(tags=["queries"], responses=ERROR_RESPONSES)
router.include_router(routes_board.router)
EVERYONE = "**Roles:** every authenticated role."


def _now() -> str:
    return iso(datetime.now(UTC))


@router.get(
    "/me",
    response_model=MeOut,
    description=f"Who you are, and the screens, commands and records your role has. {EVERYONE}",
)
async def me(runtime: RuntimeDep, principal: CurrentUser) -> MeOut:
    """The authenticated principal and what the role acted in may see and do."""
    access = access_of(runtime.engine.state, principal.role, principal.agency)
    return MeOut(
        user=principal.user,
        agency=principal.agency,
        roles=[r.value for r in principal.roles],
        role=principal.role.value,
        unit=principal.unit,
        screens=access.screens,
        home=access.home,
        commands=access.commands,
        reads=access.reads,
    )


@router.get(
    "/queue",
    response_model=list[IncidentRow],
    description=f"Pending incidents (no unit yet) by priority, then age. {EVERYONE}",
)
async def pending(runtime: RuntimeDep, principal: CurrentUser) -> list[IncidentRow]:
    """The pending queue."""
    return boards.pending_queue(runtime.engine.state, _now(), principal.actor())


@router.get(
    "/incidents",
    response_model=list[IncidentRow],
    description=f"Open incidents by priority, then age. {EVERYONE}",
)
async def incidents(runtime: RuntimeDep, principal: CurrentUser) -> list[IncidentRow]:
    """Open incidents."""
    return boards.open_incidents(runtime.engine.state, _now(), principal.actor())


@router.get(
    "/incidents/{incident}",
    response_model=IncidentDetail,
    responses={404: {"model": ErrorOut, "description": "No such incident."}},
    description="One incident: calls, remarks (struck ones marked), assignments with who "
    f"ordered each change, directives, bulletin and hazard hits, requests. {EVERYONE}",
)
async def incident(
    incident: Annotated[str, Path(min_length=1, max_length=64)],
    runtime: RuntimeDep,
    principal: CurrentUser,
) -> IncidentDetail:
    """One incident."""
    found = incident_detail(runtime.engine.state, incident, principal.actor(), _now())
    if found is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"incident {incident!r} does not exist")
    return found


@router.get(
    "/units",
    response_model=list[UnitRow],
    responses=routes_board.NOT_MODIFIED,
    description="The unit board: status, time in status, position, incident. An `ETag` on the "
    f"seq of the last change to a unit answers an unchanged board with 304. {EVERYONE}",
)
async def units(request: Request, runtime: RuntimeDep, principal: CurrentUser) -> Response:
    """The unit board (also served by the lean read path: ``api.board_fast_path``)."""
    return routes_board.units_answer(request, runtime, principal)


@router.get(
    "/directives",
    response_model=list[DirectiveOut],
    description=f"Directives, newest first (in force only unless `all=true`). {EVERYONE}",
)
async def directives(
    runtime: RuntimeDep, principal: CurrentUser, all: Annotated[bool, Query()] = False
) -> list[DirectiveOut]:
    """Directives."""
    return boards.directives(runtime.engine.state, _now(), principal.actor(), in_force_only=not all)


@router.get(
    "/bulletins",
    response_model=list[BulletinOut],
    description="Bulletins (BOLOs) you may see; restricted ones only within their agency. "
    f"Cancelled ones with `all=true`. {EVERYONE}",
)
async def bulletins(
    runtime: RuntimeDep, principal: CurrentUser, all: Annotated[bool, Query()] = False
) -> list[BulletinOut]:
    """Bulletins."""
    return boards.bulletins(runtime.engine.state, principal.actor(), include_cancelled=all)


@router.get(
    "/hazards",
    response_model=list[HazardOut],
    description=f"Premise alerts (removed ones with `all=true`). {EVERYONE}",
)
async def hazards(
    runtime: RuntimeDep, principal: CurrentUser, all: Annotated[bool, Query()] = False
) -> list[HazardOut]:
    """Hazards."""
    return boards.hazards(runtime.engine.state, principal.actor(), include_removed=all)


@router.get(
    "/assistance-requests",
    response_model=list[RequestOut],
    description=f"Requests for assistance (open ones unless `all=true`). {EVERYONE}",
)
async def assistance_requests(
    runtime: RuntimeDep, principal: CurrentUser, all: Annotated[bool, Query()] = False
) -> list[RequestOut]:
    """Requests for assistance."""
    return boards.assistance_requests(runtime.engine.state, principal.actor(), open_only=not all)
