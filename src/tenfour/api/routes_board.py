"""The board as a screen asks for it: ``GET /api/v1/board/incidents``, several windows at once
(``GET /api/v1/board/windows``), and the unit board's cache validator.

A window of open incidents (filter, sort, cursor, counts) or, with ``since``, the changes after
the seq a console holds, read from the read side's index (``views.board_index``). The answer
carries an ETag on the board's seq (and the viewer and query): an unchanged board answers 304.
Every viewer sees only what the domain's authorization rule lets it read.

The answers are made by ``*_answer`` functions from the request, the runtime and the principal:
the FastAPI routes below call them (and describe them in the OpenAPI document), and so does the
lean read path (``api.board_fast_path``, ADR 0023) that serves the same GETs without FastAPI's
per-request machinery.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, HTTPException, Request, Response, status
from pydantic import TypeAdapter
from starlette.datastructures import QueryParams

from tenfour.api.deps import CurrentUser, Principal, RuntimeDep
from tenfour.api.errors import ERROR_RESPONSES
from tenfour.domain.statuses import IncidentStatus
from tenfour.domain.timefmt import iso
from tenfour.runtime import Runtime
from tenfour.views.board_json import page_json, pages_json
from tenfour.views.board_query import (
    SORTS,
    Ask,
    BoardFilter,
    BoardQueryError,
    parse_area,
)
from tenfour.views.boards import unit_board
from tenfour.views.models import BoardPage, BoardWindows, UnitRow

router = APIRouter(tags=["queries"], responses=ERROR_RESPONSES)

NOT_MODIFIED: dict[int | str, dict[str, Any]] = {
    304: {"description": "Unchanged since the ETag given in `If-None-Match`."}
}


def _asked(query: QueryParams) -> list[tuple[str, str]]:
    return sorted((k, v) for k, v in query.multi_items() if k != "since")


def etag_of(seq: int, principal: Principal, request: Request, asked: object = None) -> str:
    """A weak validator: the board's seq, and a digest of who asks and what (``since`` aside:
    a console holding the board at this seq has nothing to catch up with)."""
    if asked is None:
        asked = _asked(request.query_params)
    who = f"{principal.user}|{principal.role.value}|{principal.agency}|{asked}"
    return f'W/"{seq}-{hashlib.sha256(who.encode()).hexdigest()[:16]}"'


VALIDATOR_HEADERS = {"Cache-Control": "private, no-cache", "Vary": "Authorization, X-Tenfour-Role"}


def held(request: Request, etag: str) -> Response | None:
    """A 304 when the client already holds this version (``If-None-Match``), else None."""
    if etag in request.headers.get("if-none-match", ""):
        headers = {"ETag": etag, **VALIDATOR_HEADERS}
        return Response(status_code=status.HTTP_304_NOT_MODIFIED, headers=headers)
    return None


def json_answer(etag: str, body: bytes) -> Response:
    """JSON bytes with the validator headers."""
    headers = {"ETag": etag, **VALIDATOR_HEADERS}
    return Response(body, media_type="application/json", headers=headers)


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


MAX_WINDOWS = 4
WINDOWS_PARAMETERS = [
    {
        **_param(
            "w",
            {
                **_many({"type": "string", "maxLength": 1000}),
                "minItems": 1,
                "maxItems": MAX_WINDOWS,
            },
            "One window: a query of `GET /board/incidents` (its filters, `sort`, `limit`, "
            "`after`, `since`), URL-encoded; repeat for each window",
        ),
        "required": True,
        "example": ["status=pending&limit=100", "status=dispatched&status=enroute&limit=100"],
    }
]


def asks_of(query: QueryParams) -> tuple[list[Ask], list[list[tuple[str, str]]]]:
    """The windows a ``/board/windows`` query asks for, and what each asks (``since`` aside,
    for the ETag)."""
    extra = [k for k in query if k != "w"]
    if extra:
        raise BoardQueryError(f"{extra[0]}: not a parameter here (put it inside a window `w`)")
    windows = query.getlist("w")
    if not 1 <= len(windows) <= MAX_WINDOWS:
        raise BoardQueryError(f"w: from 1 to {MAX_WINDOWS} windows")
    if any(len(w) > 1000 for w in windows):
        raise BoardQueryError("w: at most 1000 characters")
    parsed = [QueryParams(w) for w in windows]
    asks = []
    for n, one in enumerate(parsed):
        try:
            asks.append(ask_of(one))
        except BoardQueryError as err:
            raise BoardQueryError(f"w[{n}]: {err}") from None
    return asks, [_asked(one) for one in parsed]


def _unprocessable(err: BoardQueryError) -> HTTPException:
    return HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(err))


def incidents_answer(request: Request, runtime: Runtime, principal: Principal) -> Response:
    """``GET /board/incidents``: a window of the board, or the changes since a seq."""
    board = runtime.board
    board.ensure_built()
    etag = etag_of(board.board_seq, principal, request)
    cached = held(request, etag)
    if cached is not None:
        return cached
    try:
        ask = ask_of(request.query_params)
        body = page_json(board, runtime.engine.state, principal.actor(), ask, _now())
    except BoardQueryError as err:  # a cursor is read as the window is walked
        raise _unprocessable(err) from None
    return json_answer(etag, body)


def windows_answer(request: Request, runtime: Runtime, principal: Principal) -> Response:
    """``GET /board/windows``: several windows (or their changes) in one answer."""
    board = runtime.board
    board.ensure_built()
    try:
        asks, asked = asks_of(request.query_params)
    except BoardQueryError as err:
        raise _unprocessable(err) from None
    etag = etag_of(board.board_seq, principal, request, asked)
    cached = held(request, etag)
    if cached is not None:
        return cached
    try:
        body = pages_json(board, runtime.engine.state, principal.actor(), asks, _now())
    except BoardQueryError as err:
        raise _unprocessable(err) from None
    return json_answer(etag, body)


def units_answer(request: Request, runtime: Runtime, principal: Principal) -> Response:
    """``GET /units``: the unit board, or 304 when no unit changed since the ETag held."""
    runtime.board.ensure_built()
    etag = etag_of(runtime.board.units_seq, principal, request)
    cached = held(request, etag)
    if cached is not None:
        return cached
    rows = unit_board(runtime.engine.state, _now(), principal.actor())
    return json_answer(etag, UNIT_ROWS.dump_json(rows))


def _now() -> str:
    return iso(datetime.now(UTC))


UNIT_ROWS = TypeAdapter(list[UnitRow])


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
    request: Request, runtime: RuntimeDep, principal: CurrentUser
) -> Response:
    """A window of the board, or the changes since a seq."""
    # Sent as JSON bytes joined from the rows' kept parts, not validated a second time.
    return incidents_answer(request, runtime, principal)


@router.get(
    "/board/windows",
    response_model=BoardWindows,
    responses=NOT_MODIFIED,
    openapi_extra={"parameters": WINDOWS_PARAMETERS},
    description="Several windows of the open-incident board in one request (a screen's queue "
    "and its active board: no row in two of them when their filters are disjoint). Each `w` is "
    "the query of one `GET /board/incidents` (filters, `sort`, `limit`, `after`, and `since` "
    "to get only its changes); the answer holds one page per window, in order, each as "
    "`/board/incidents` gives it. One `ETag` for all of them: an unchanged board answers 304. "
    "**Roles:** every authenticated role (each sees what it may read).",
)
async def board_windows(request: Request, runtime: RuntimeDep, principal: CurrentUser) -> Response:
    """Several windows, or their changes since a seq, at once."""
    return windows_answer(request, runtime, principal)
