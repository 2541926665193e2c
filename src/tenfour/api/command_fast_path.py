"""``CommandFastPath``: the first of the app's routes. It finds the command route of a POST in
one dictionary lookup and (mostly) one regular expression and calls the endpoint through its
``CommandPlan``; every other request goes on to FastAPI's router untouched.

The routes themselves stay ordinary FastAPI routes - the OpenAPI document, the schemas and
FastAPI's handling of every request a plan declines are theirs. What a command skips is the
per-request machinery: the router's walk through the included routers (it matches twice, to
choose and to handle), dependency solving, and the exit stacks around the endpoint. Exceptions
raised on the way (401, 403, refusals) reach the same exception handlers as before.
See docs/adr/0009-lean-command-path.md.

The entries are read from the routes as declared (the route, its router's prefix), not from the
per-app contexts FastAPI builds for every route of every included router: building those for
all routes cost more than the rest of ``create_app``. FastAPI's own handler of a command route
is looked up only when a plan first declines a request for it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from starlette._utils import get_route_path
from starlette.requests import Request
from starlette.routing import BaseRoute, Match, compile_path
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tenfour.api.command_plan import CommandPlan, plan_of
from tenfour.api.commanding import COMMAND_MARK

TELEMETRY = "fastapi.telemetry"  # set when FastAPI traces the request: leave that to FastAPI
_ENTRY = "tenfour.command"
PARAM = "{"  # the last segment of a route ending in a path parameter


@dataclass(frozen=True, slots=True)
class CommandEntry:
    """One command route as the dispatcher serves it."""

    path_format: str  # with the router's prefix, e.g. /api/v1/incidents/{incident}/remarks
    regex: re.Pattern[str]
    convertors: dict[str, Any]
    plan: CommandPlan
    route: APIRoute
    # FastAPI's own handling of the route, for what the plan declines; looked up when first needed
    fastapi: _FastAPIHandler = field(compare=False)

    @property
    def app(self) -> ASGIApp:
        """FastAPI's own handling of the route (its route context is built on first use)."""
        return self.fastapi.of(self)


class _FastAPIHandler:
    """FastAPI's handlers of an app's routes, looked up (and so built) at most once."""

    def __init__(self, routes: Sequence[BaseRoute]) -> None:
        self._routes = routes
        self._apps: dict[tuple[int, str], ASGIApp] | None = None

    def of(self, entry: CommandEntry) -> ASGIApp:
        if self._apps is None:
            self._apps = {
                (id(ctx.original_route), ctx.path_format or ""): ctx.app
                for ctx in iter_route_contexts(self._routes)
                if isinstance(ctx.original_route, APIRoute)
            }
        return self._apps[(id(entry.route), entry.path_format)]


def _key(path: str) -> tuple[int, str]:
    """How many segments and the last one: ``(5, "remarks")`` for
    ``/api/v1/incidents/{incident}/remarks`` and for every path it matches."""
    return path.count("/"), path.rsplit("/", 1)[-1]


def _index(entries: Sequence[CommandEntry]) -> dict[tuple[int, str], list[CommandEntry]]:
    """Candidates by ``_key``, in the routes' order. A route ending in a parameter is filed
    under ``(count, PARAM)`` and among the candidates of every literal key of its length."""
    by_key: dict[tuple[int, str], list[CommandEntry]] = {}
    for entry in entries:
        count, last = _key(entry.path_format)
        by_key.setdefault((count, PARAM if "{" in last else last), []).append(entry)
    order = {id(e): i for i, e in enumerate(entries)}
    for (count, last), found in by_key.items():
        if last != PARAM:
            found += by_key.get((count, PARAM), [])
            found.sort(key=lambda e: order[id(e)])
    return by_key


class CommandFastPath(BaseRoute):
    """Matches POST requests for command routes; NONE for everything else."""

    def __init__(self, entries: Iterable[CommandEntry]) -> None:
        self.entries = tuple(entries)
        self._by_key = _index(self.entries)

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] != "http" or scope["method"] != "POST" or scope.get(TELEMETRY):
            return Match.NONE, {}
        path = get_route_path(scope)
        key = _key(path)
        for entry in self._by_key.get(key) or self._by_key.get((key[0], PARAM)) or ():
            found = entry.regex.match(path)
            if found is not None:
                params = {k: entry.convertors[k].convert(v) for k, v in found.groupdict().items()}
                return Match.FULL, {
                    "endpoint": entry.route.endpoint,
                    "route": entry.route,
                    "path_params": {**scope.get("path_params", {}), **params},
                    _ENTRY: entry,
                }
        return Match.NONE, {}

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        entry: CommandEntry = scope[_ENTRY]
        request = Request(scope, receive, send)
        arguments = await entry.plan.arguments(request)
        if arguments is None:
            await entry.app(scope, _replay(request, receive), send)
            return
        response = await entry.plan.call(**arguments)
        await response(scope, receive, send)


def _replay(request: Request, receive: Receive) -> Receive:
    """``receive`` that first gives back the body the plan has already read."""
    body: bytes | None = getattr(request, "_body", None)
    if body is None:
        return receive

    async def again() -> Message:
        nonlocal body
        if body is None:
            return await receive()
        message: Message = {"type": "http.request", "body": body, "more_body": False}
        body = None
        return message

    return again


def command_entries(app: FastAPI) -> list[CommandEntry]:
    """The app's command routes that a plan can serve (POST, command shape, no body limit)."""
    fastapi = _FastAPIHandler(app.routes)
    entries = []
    for route, include in declared_routes(app.routes):
        if COMMAND_MARK in (route.openapi_extra or {}):
            entry = _entry(route, include, fastapi)
            if entry is not None:
                entries.append(entry)
    return entries


def declared_routes(
    routes: Iterable[BaseRoute], include: Any | None = None
) -> Iterator[tuple[APIRoute, Any | None]]:
    """Every ``APIRoute`` in FastAPI's order with the inclusion it is served under (its prefix,
    dependencies, body limit; None for a route of the app itself), without building FastAPI's
    route contexts.

    An included router is FastAPI's ``_IncludedRouter`` (``original_router`` and
    ``include_context``); tests/unit/api/test_command_plan.py holds the entries read this way
    to those FastAPI's ``iter_route_contexts`` builds.
    """
    for route in routes:
        if isinstance(route, APIRoute):
            yield route, include
            continue
        router = getattr(route, "original_router", None)
        context = getattr(route, "include_context", None)
        if router is not None and context is not None:
            inner = context if include is None else include.combine(context)
            yield from declared_routes(router.routes, inner)


def _entry(route: APIRoute, include: Any | None, fastapi: _FastAPIHandler) -> CommandEntry | None:
    if route.methods != {"POST"} or _body_limit(route, include) is not None:
        return None
    if include is not None and include.dependencies:  # the router's dependencies: FastAPI's job
        return None
    if ":path}" in route.path:  # spans segments: not for ``_key``
        return None
    prefix, overrides = "", route.dependency_overrides_provider
    if include is not None:
        prefix, overrides = include.prefix, include.dependency_overrides_provider
    regex, path_format, convertors = compile_path(prefix + route.path)
    plan = plan_of(route.dependant, overrides)
    if plan is None:
        return None
    return CommandEntry(path_format, regex, convertors, plan, route, fastapi)


def _body_limit(route: APIRoute, include: Any | None) -> int | None:
    limit = getattr(route, "max_body_size", None)
    return getattr(include, "max_body_size", None) if limit is None else limit


def install_command_fast_path(app: FastAPI) -> CommandFastPath:
    """Put a ``CommandFastPath`` for the app's command routes first among its routes."""
    dispatch = CommandFastPath(command_entries(app))
    app.router.routes.insert(0, dispatch)
    return dispatch
