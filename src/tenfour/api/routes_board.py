"""The board as a screen asks for it: ``GET /api/v1/board/incidents``, and the unit board's
cache validator.

A window of open incidents (filter, sort, cursor, counts) or, with ``since``, the changes after
the seq a console holds, read from the read side's index (``views.board_index``). The answer
carries an ETag on the board's seq (and the viewer and query): an unchanged board answers 304.
Every viewer sees only what the domain's authorization rule lets it read.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Request, Response, status

from tenfour.api.deps import CurrentUser, Principal, RuntimeDep
from tenfour.api.errors import ERROR_RESPONSES
from tenfour.domain.timefmt import iso
from tenfour.views.board_query import Ask, BoardFilter, BoardQueryError, board_page, parse_area
from tenfour.views.models import BoardPage

router = APIRouter(tags=["queries"], responses=ERROR_RESPONSES)

Status = Literal["pending", "dispatched", "enroute", "onscene"]
Discipline = Literal["police", "fire", "ems", "other"]
NOT_MODIFIED: dict[int | str, dict[str, Any]] = {
    304: {"description": "Unchanged since the ETag given in `If-None-Match`."}
}


def etag_of(seq: int, principal: Principal, request: Request) -> str:
    """A weak validator: the board's seq, and a digest of who asks and what (``since`` aside:
    a console holding the board at this seq has nothing to catch up with)."""
    asked = sorted((k, v) for k, v in request.query_params.multi_items() if k != "since")
    who = f"{principal.user}|{principal.role.value}|{principal.agency}|{asked}"
    return f'W/"{seq}-{hashlib.sha256(who.encode()).hexdigest()[:16]}"'


def not_modified(request: Request, response: Response, etag: str) -> Response | None:
    """Set the validator headers; a 304 when the client already holds this version."""
    response.headers["ETag"] = etag
    response.headers["Cache-Control"] = "private, no-cache"
    response.headers["Vary"] = "Authorization, X-Tenfour-Role"
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=status.HTTP_304_NOT_MODIFIED, headers=dict(response.headers))
    return None


@router.get(
    "/board/incidents",
    response_model=BoardPage,
    responses=NOT_MODIFIED,
    description="Open incidents for a screen: filtered on the server, in `sort` order, one window "
    "of at most `limit` rows after the cursor `after` (the previous answer's `next`), with counts "
    "of all matching rows per status, priority, discipline and agency. Each filter may be "
    "repeated (any of the values). With `since=SEQ` (the `seq` of an earlier answer) only what "
    "changed after it: the changed rows still matching, and the ids that left (`removed`); or "
    "`reload: true` when too far behind (fetch the window again). An `ETag` on the board's seq "
    "answers an unchanged board with 304. **Roles:** every authenticated role (each sees what "
    "it may read).",
)
async def board_incidents(
    request: Request,
    response: Response,
    runtime: RuntimeDep,
    principal: CurrentUser,
    agency: Annotated[list[str] | None, Query(description="Owning agency")] = None,
    discipline: Annotated[list[Discipline] | None, Query()] = None,
    status_: Annotated[list[Status] | None, Query(alias="status")] = None,
    priority: Annotated[list[int] | None, Query(description="1 is highest")] = None,
    area: Annotated[
        str | None,
        Query(description="south,west,north,east in degrees (at most 2 each way)", max_length=100),
    ] = None,
    sort: Annotated[Literal["priority", "age"], Query()] = "priority",
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    after: Annotated[str | None, Query(max_length=400, description="Cursor")] = None,
    since: Annotated[int | None, Query(ge=0, description="Changes after this seq")] = None,
) -> Response:
    """A window of the board, or the changes since a seq."""
    board = runtime.board
    board.ensure_built()
    cached = not_modified(request, response, etag_of(board.board_seq, principal, request))
    if cached is not None:
        return cached
    try:
        flt = BoardFilter(
            frozenset(agency or ()),
            frozenset(discipline or ()),
            frozenset(status_ or ()),
            frozenset(priority or ()),
            parse_area(area),
        )
        ask = Ask(flt, sort, limit, after, since)
        now = iso(datetime.now(UTC))
        page = board_page(board, runtime.engine.state, principal.actor(), ask, now)
    except BoardQueryError as err:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(err)) from None
    # Built and typed as BoardPage already: sent as is, not validated a second time.
    return Response(page.model_dump_json(), media_type="application/json", headers=response.headers)
