"""``CommandPlan``: how to call a command endpoint straight from a request, worked out once.

A command endpoint takes path parameters, at most one JSON body model and the ``Commanding``
dependency, and returns a ``Response``. FastAPI works that out again for every request
(``solve_dependencies``: a third of the server's time per command). A plan validates the path
parameters and the body with the very fields FastAPI built for the route - so exactly the same
values pass - builds the ``CommandSender`` with ``command_context`` and calls the endpoint.

A plan handles only the plain, valid case. For anything else - a body that is not
``application/json``, empty, unparseable or invalid, an invalid path parameter, dependency
overrides in force - ``arguments`` says None and FastAPI's own handler answers, exactly as
before (422 naming the field, ...). Auth, role and header refusals are raised by
``command_context`` and the endpoint, as on FastAPI's path.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, get_type_hints

from fastapi import Response, params
from fastapi.dependencies.models import Dependant
from starlette.requests import Request

from tenfour.api.body_guard import SCOPE_KEY
from tenfour.api.commanding import command_context
from tenfour.strict_json import StrictJSONError, loads

JSON = "application/json"


@dataclass(frozen=True, slots=True)
class CommandPlan:
    """How to call one command endpoint from a request."""

    call: Callable[..., Awaitable[Response]]
    path: tuple[Any, ...]  # FastAPI's ModelFields of the path parameters
    body: Any | None  # FastAPI's ModelField of the body, if the endpoint takes one
    context_name: str  # the endpoint's ``Commanding`` parameter
    overrides: Any | None  # whoever may override dependencies (the app)

    async def arguments(self, request: Request) -> dict[str, Any] | None:
        """The endpoint's arguments, or None when FastAPI's handler must decide."""
        if self.overrides is not None and getattr(self.overrides, "dependency_overrides", None):
            return None
        values = self._path_values(request.path_params)
        if values is None:
            return None
        if self.body is not None:
            if request.headers.get("content-type") != JSON:
                return None
            body = await _json_body(request)
            if body is None:
                return None
            value, errors = self.body.validate(body, {}, loc=("body",))
            if errors:
                return None
            values[self.body.name] = value
        values[self.context_name] = await command_context(request)
        return values

    def _path_values(self, received: dict[str, Any]) -> dict[str, Any] | None:
        values: dict[str, Any] = {}
        for field in self.path:
            raw = received.get(field.alias)
            if not isinstance(raw, str) or not raw:
                return None
            value, errors = field.validate(raw, values, loc=("path", field.alias))
            if errors:
                return None
            values[field.name] = value
        return values


async def _json_body(request: Request) -> Any | None:
    if SCOPE_KEY in request.scope:  # parsed (strictly) by ``BodyGuard``: once is enough
        return request.scope[SCOPE_KEY]
    raw = await request.body()
    if not raw:
        return None
    try:
        return loads(raw)
    except StrictJSONError:
        return None  # FastAPI's handler answers (422)


def plan_of(dependant: Dependant, overrides: Any | None = None) -> CommandPlan | None:
    """The plan for an endpoint of the command shape, else None."""
    call = dependant.call
    if call is None or not inspect.iscoroutinefunction(call) or not _returns_response(call):
        return None
    if _special_params(dependant) or dependant.query_params or dependant.header_params:
        return None
    if dependant.cookie_params or len(dependant.body_params) > 1:
        return None
    if len(dependant.dependencies) != 1 or not _is_commanding(dependant.dependencies[0]):
        return None
    if not all(type(f.field_info) is params.Path for f in dependant.path_params):
        return None
    body = dependant.body_params[0] if dependant.body_params else None
    if body is not None and not _plain_json_body(body):
        return None
    name = dependant.dependencies[0].name
    if name is None:
        return None
    return CommandPlan(call, tuple(dependant.path_params), body, name, overrides)


def _plain_json_body(field: Any) -> bool:
    """A body parameter FastAPI validates as the whole JSON document (not embedded, no form)."""
    return type(field.field_info) is params.Body and not field.field_info.embed


def _returns_response(call: Callable[..., Any]) -> bool:
    try:
        returned = get_type_hints(call).get("return")
    except (NameError, TypeError):
        return False
    return isinstance(returned, type) and issubclass(returned, Response)


def _special_params(d: Dependant) -> bool:
    names = (
        d.request_param_name,
        d.websocket_param_name,
        d.http_connection_param_name,
        d.response_param_name,
        d.background_tasks_param_name,
        d.security_scopes_param_name,
    )
    return any(n is not None for n in names)


def _is_commanding(d: Dependant) -> bool:
    """The ``Commanding`` dependency: ``command_context(conn)`` and nothing else."""
    fields = d.path_params or d.query_params or d.header_params or d.cookie_params or d.body_params
    if d.call is not command_context or fields or d.dependencies:
        return False
    return d.http_connection_param_name is not None and d.request_param_name is None
