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
from typing import Any

from fastapi import APIRouter, HTTPException, Request, Response, status
from starlette.datastructures import QueryParams

from tenfour.api.deps import CurrentUser, Principal, RuntimeDep
from tenfour.api.errors import ERROR_RESPONSES
from tenfour.domain.statuses import IncidentStatus
from tenfour.domain.timefmt import iso
from tenfour.views.board_query import (
    SORTS,
    Ask,
    BoardFilter,
    BoardQueryError,
    board_page,
    parse_area,
)
from tenfour.views.models import BoardPage

router = APIRouter(tags=["queries"], responses=ERROR_RESPONSES)

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


def _param(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"name": name, "in": "query", "schema": schema, "description": description}


def _many(schema: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": schema}


STATUSES = tuple(s.value for s in IncidentStatus if s != IncidentStatus.CLOSED)  # open ones
DISCIPLINES = ("police", "fire", "ems", "other")
MAX_LIMIT = 500
# The query is read in one pass by ``ask_of`` (FastAPI's per-parameter solving cost more than
# the board query itself); these describe it for the OpenAPI document.
PARAMETERS = [
    _param("agency", _many({"type": "string"}), "Owning agency (repeat for any of several)"),
    _param("discipline", _many({"enum": list(DISCIPLINES)}), "The incident type's discipline"),
    _param("status", _many({"enum": list(STATUSES)}), "Incident status (repeat: any of)"),
    _param("priority", _many({"type": "integer"}), "Priority, 1 is highest (repeat: any of)"),
    _param("area", {"type": "string"}, "south,west,north,east in degrees, at most 2 each way"),
    _param("sort", {"enum": ["priority", "age"], "default": "priority"}, "Order of the rows"),
    _param(
        "limit",
        {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": 100},
        "Rows in the window",
    ),
    _param(
        "after", {"type": "string", "maxLength": 400}, "Cursor: the `next` of the previous window"
    ),
    _param(
        "since",
        {"type": "integer", "minimum": 0},
        "Only the changes after this seq (a `seq` the board gave)",
    ),
]


def _ints(values: list[str], name: str, low: int, high: int) -> list[int]:
    try:
        found = [int(v) for v in values]
    except ValueError:
        raise BoardQueryError(f"{name}: a whole number") from None
    if any(not low <= v <= high for v in found):
        raise BoardQueryError(f"{name}: from {low} to {high}")
    return found


def _one_of(values: list[str], name: str, allowed: tuple[str, ...]) -> frozenset[str]:
    wrong = [v for v in values if v not in allowed]
    if wrong:
        raise BoardQueryError(f"{name}: {wrong[0]!r} is not one of {', '.join(allowed)}")
    return frozenset(values)


def _last(query: QueryParams, name: str, longest: int) -> str | None:
    values = query.getlist(name)
    if len(values) > 1:
        raise BoardQueryError(f"{name}: give it once")
    if values and len(values[0]) > longest:
        raise BoardQueryError(f"{name}: at most {longest} characters")
    return values[0] if values else None


def ask_of(query: QueryParams) -> Ask:
    """The board request a query string makes (``BoardQueryError`` for one it cannot)."""
    flt = BoardFilter(
        frozenset(query.getlist("agency")),
        _one_of(query.getlist("discipline"), "discipline", DISCIPLINES),
        _one_of(query.getlist("status"), "status", STATUSES),
        frozenset(_ints(query.getlist("priority"), "priority", -(2**31), 2**31)),
        parse_area(_last(query, "area", 100)),
    )
    sort = _last(query, "sort", 10) or "priority"
    if sort not in SORTS:
        raise BoardQueryError("sort: priority or age")
    limit = _ints(query.getlist("limit"), "limit", 1, MAX_LIMIT) or [100]
    since = _ints(query.getlist("since"), "since", 0, 2**62)
    return Ask(flt, sort, limit[-1], _last(query, "after", 400), since[-1] if since else None)


@router.get(
    "/board/incidents",
    response_model=BoardPage,
    responses=NOT_MODIFIED,
    openapi_extra={"parameters": PARAMETERS},
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
    request: Request, response: Response, runtime: RuntimeDep, principal: CurrentUser
) -> Response:
    """A window of the board, or the changes since a seq."""
    board = runtime.board
    board.ensure_built()
    cached = not_modified(request, response, etag_of(board.board_seq, principal, request))
    if cached is not None:
        return cached
    try:
        ask = ask_of(request.query_params)
        now = iso(datetime.now(UTC))
        page = board_page(board, runtime.engine.state, principal.actor(), ask, now)
    except BoardQueryError as err:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(err)) from None
    # Built and typed as BoardPage already: sent as is, not validated a second time.
    return Response(page.model_dump_json(), media_type="application/json", headers=response.headers)
