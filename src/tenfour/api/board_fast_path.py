"""``BoardFastPath``: the boards' GETs served without FastAPI's per-request machinery.

A console refreshes its boards every second or so on a busy night, fifty consoles at once; a
refresh that finds little changed costs the server less than FastAPI's own handling of the
request (the router's walk, dependency solving, exit stacks, response validation). This route,
put before FastAPI's among the app's routes, answers ``GET /api/v1/board/incidents``,
``/api/v1/board/windows`` and ``/api/v1/units`` by calling the very functions the FastAPI routes
call (``routes_board.*_answer``), after the same authentication (``deps.authenticate``: the
token, an active user, a session not ended, the role held). The middleware (security headers,
body guard, forwarding) and the exception handlers stay around it, as for every route.

It declines - FastAPI's route answers - whatever is not the plain case: another method, a
``X-Tenfour-Role`` header that is not a role (FastAPI's 422) or given twice, dependency
overrides in force, a request FastAPI traces. See docs/adr/0023-lean-board-reads.md.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import FastAPI
from starlette._utils import get_route_path
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Match
from starlette.types import Receive, Scope, Send

from tenfour.api import routes_board
from tenfour.api.command_fast_path import TELEMETRY, CommandFastPath
from tenfour.api.deps import ROLE_HEADER, Principal, authenticate, runtime_of, tokens_of
from tenfour.api.headers import ROLES, bearer_token
from tenfour.runtime import Runtime

Answer = Callable[[Request, Runtime, Principal], Response]
_ANSWER = "tenfour.board_answer"
_ROLE = ROLE_HEADER.lower().encode()
ANSWERS: dict[str, Answer] = {
    "/api/v1/board/incidents": routes_board.incidents_answer,
    "/api/v1/board/windows": routes_board.windows_answer,
    "/api/v1/units": routes_board.units_answer,
}


def _plain_role(scope: Scope) -> bool:
    """No role header, or one naming a role a person may hold (FastAPI refuses the rest)."""
    given = [v for k, v in scope["headers"] if k == _ROLE]
    return not given or (len(given) == 1 and given[0].decode("latin-1") in ROLES)


class BoardFastPath(BaseRoute):
    """Matches the plain GETs of the board routes; NONE for everything else."""

    def __init__(self, answers: dict[str, Answer]) -> None:
        self.answers = answers

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] != "http" or scope["method"] != "GET" or scope.get(TELEMETRY):
            return Match.NONE, {}
        answer = self.answers.get(get_route_path(scope))
        app = scope.get("app")
        if answer is None or getattr(app, "dependency_overrides", None) or not _plain_role(scope):
            return Match.NONE, {}
        return Match.FULL, {"endpoint": answer, _ANSWER: answer}

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        runtime = runtime_of(request)
        token, role = bearer_token(request), request.headers.get(ROLE_HEADER)
        principal = authenticate(runtime.engine.state, tokens_of(request), token, role)
        response = scope[_ANSWER](request, runtime, principal)
        await response(scope, receive, send)


def install_board_fast_path(app: FastAPI) -> BoardFastPath:
    """Put a ``BoardFastPath`` before FastAPI's routes (after the commands' ``CommandFastPath``,
    which matches only POSTs: the two never match the same request)."""
    route = BoardFastPath(ANSWERS)
    routes = app.router.routes
    routes.insert(1 if routes and isinstance(routes[0], CommandFastPath) else 0, route)
    return route
