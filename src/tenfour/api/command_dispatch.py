"""``CommandDispatch``: the first of the app's routes. It finds the command route of a POST in
one dictionary lookup and (mostly) one regular expression and calls the endpoint through its
``CommandPlan``; every other request goes on to FastAPI's router untouched.

The routes themselves stay ordinary FastAPI routes - the OpenAPI document, the schemas and
FastAPI's handling of every request a plan declines are theirs. What a command skips is the
per-request machinery: the router's walk through the included routers (it matches twice, to
choose and to handle), dependency solving, and the exit stacks around the endpoint. Exceptions
raised on the way (401, 403, refusals) reach the same exception handlers as before.
See docs/adr/0009-lean-command-path.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute, RouteContext, iter_route_contexts
from starlette._utils import get_route_path
from starlette.requests import Request
from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tenfour.api.command_plan import CommandPlan, plan_of
from tenfour.api.commanding import COMMAND_MARK

_TELEMETRY = "fastapi.telemetry"  # set when FastAPI traces the request: leave that to FastAPI
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
    app: ASGIApp  # FastAPI's own handling of the route, for what the plan declines


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


class CommandDispatch(BaseRoute):
    """Matches POST requests for command routes; NONE for everything else."""

    def __init__(self, entries: Iterable[CommandEntry]) -> None:
        self.entries = tuple(entries)
        self._by_key = _index(self.entries)

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] != "http" or scope["method"] != "POST" or scope.get(_TELEMETRY):
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
    entries = []
    for ctx in iter_route_contexts(app.routes):
        route = ctx.original_route
        if isinstance(route, APIRoute) and COMMAND_MARK in (route.openapi_extra or {}):
            entry = _entry(ctx, route)
            if entry is not None:
                entries.append(entry)
    return entries


def _entry(ctx: RouteContext, route: APIRoute) -> CommandEntry | None:
    if ctx.methods != {"POST"} or getattr(ctx, "max_body_size", None) is not None:
        return None
    path_format = ctx.path_format
    if path_format is None or ":path}" in path_format:  # spans segments: not for ``_key``
        return None
    plan = plan_of(ctx.dependant, ctx.dependency_overrides_provider)
    if plan is None:
        return None
    return CommandEntry(path_format, ctx.path_regex, ctx.param_convertors, plan, route, ctx.app)


def install_command_dispatch(app: FastAPI) -> CommandDispatch:
    """Put a ``CommandDispatch`` for the app's command routes first among its routes."""
    dispatch = CommandDispatch(command_entries(app))
    app.router.routes.insert(0, dispatch)
    return dispatch
