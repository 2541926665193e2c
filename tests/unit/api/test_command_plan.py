"""Which endpoints a ``CommandPlan`` may serve: only the plain command shape, else FastAPI."""

from __future__ import annotations

from typing import Annotated, Any

import pytest
from fastapi import APIRouter, Body, Depends, FastAPI, Path, Query, Request, Response, routing
from fastapi.routing import APIRoute, iter_route_contexts
from pydantic import BaseModel

from tenfour.api.command_fast_path import command_entries
from tenfour.api.command_plan import plan_of
from tenfour.api.commanding import COMMAND_MARK, Commanding
from tenfour.api.schemas_common import CommandOut

Id = Annotated[str, Path(min_length=1, max_length=8)]
MARK = {"openapi_extra": {COMMAND_MARK: "Test"}}


class In(BaseModel):
    text: str


async def shaped(thing: Id, body: In, cmd: Commanding) -> Response:
    return Response()


async def no_body(thing: Id, cmd: Commanding) -> Response:
    return Response()


async def returns_model(body: In, cmd: Commanding) -> CommandOut:
    raise NotImplementedError


async def with_query(body: In, cmd: Commanding, q: Annotated[int, Query()] = 1) -> Response:
    return Response()


async def with_request(request: Request, cmd: Commanding) -> Response:
    return Response()


async def extra_dependency() -> int:
    return 1


async def with_dependency(
    body: In, cmd: Commanding, n: Annotated[int, Depends(extra_dependency)]
) -> Response:
    return Response()


async def embedded(body: Annotated[In, Body(embed=True)], cmd: Commanding) -> Response:
    return Response()


async def two_bodies(a: In, b: In, cmd: Commanding) -> Response:
    return Response()


async def no_context(body: In) -> Response:
    return Response()


def route(endpoint: Any, path: str = "/things/{thing}") -> APIRoute:
    return APIRoute(path if "thing" in endpoint.__code__.co_varnames else "/x", endpoint)


def test_the_command_shape_gets_a_plan() -> None:
    plan = plan_of(route(shaped).dependant)
    assert plan is not None and plan.context_name == "cmd"
    assert [f.name for f in plan.path] == ["thing"] and plan.body is not None
    bare = plan_of(route(no_body).dependant)
    assert bare is not None and bare.body is None


def test_every_other_shape_is_left_to_fastapi() -> None:
    for endpoint in (
        returns_model,
        with_query,
        with_request,
        with_dependency,
        embedded,
        two_bodies,
        no_context,
    ):
        assert plan_of(route(endpoint).dependant) is None, endpoint.__name__


def test_router_dependencies_and_body_limits_keep_fastapi_in_charge() -> None:
    plain, guarded, limited = APIRouter(), APIRouter(), APIRouter()
    for router in (plain, guarded, limited):
        router.post("/things/{thing}", **MARK)(shaped)  # type: ignore[arg-type]
    app = FastAPI()
    app.include_router(plain, prefix="/a")
    app.include_router(guarded, prefix="/b", dependencies=[Depends(extra_dependency)])
    app.include_router(limited, prefix="/c", max_body_size=10)
    assert [e.path_format for e in command_entries(app)] == ["/a/things/{thing}"]


def test_unmarked_routes_are_not_dispatched() -> None:
    router = APIRouter()
    router.post("/things/{thing}")(shaped)
    app = FastAPI()
    app.include_router(router)
    assert command_entries(app) == []


def fastapi_entries(app: FastAPI) -> list[tuple[str, str, str, Any]]:
    """What FastAPI's own route contexts say of the app's command routes (the slow way)."""
    found = []
    for ctx in iter_route_contexts(app.routes):
        route = ctx.original_route
        if not isinstance(route, APIRoute) or COMMAND_MARK not in (route.openapi_extra or {}):
            continue
        plan = plan_of(ctx.dependant, ctx.dependency_overrides_provider)
        if ctx.methods == {"POST"} and ctx.max_body_size is None and plan is not None:
            found.append((ctx.path_format, ctx.path_regex.pattern, route.name, plan.overrides))
    return found


def nested_app() -> FastAPI:
    inner, outer, twice = APIRouter(prefix="/in"), APIRouter(), APIRouter()
    inner.post("/things/{thing}", **MARK)(shaped)  # type: ignore[arg-type]
    inner.post("/bare/{thing}", **MARK)(no_body)  # type: ignore[arg-type]
    outer.post("/things/{thing}/go", **MARK)(shaped)  # type: ignore[arg-type]
    outer.include_router(inner, prefix="/deep")
    twice.post("/t/{thing}", **MARK)(shaped)  # type: ignore[arg-type]
    app = FastAPI()
    app.post("/direct/{thing}", **MARK)(shaped)  # type: ignore[arg-type]
    app.include_router(outer, prefix="/v1")
    app.include_router(twice, prefix="/a")
    app.include_router(twice, prefix="/b")  # one route served at two paths
    app.include_router(outer, prefix="/guarded", dependencies=[Depends(extra_dependency)])
    return app


def test_entries_read_from_the_declared_routes_are_fastapis() -> None:
    app = nested_app()
    entries = [
        (e.path_format, e.regex.pattern, e.route.name, e.plan.overrides)
        for e in command_entries(app)
    ]
    assert entries == fastapi_entries(app)
    assert [e[0] for e in entries] == [
        "/direct/{thing}",
        "/v1/things/{thing}/go",
        "/v1/deep/in/things/{thing}",
        "/v1/deep/in/bare/{thing}",
        "/a/t/{thing}",
        "/b/t/{thing}",
    ]
    assert all(e[3] is app for e in entries)  # dependency overrides are looked up on the app


def test_fastapis_handler_of_a_command_route_is_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    app = nested_app()
    built: list[str] = []
    original = routing._EffectiveRouteContext.from_api_route

    def counting(**kwargs: Any) -> Any:
        built.append(kwargs["original_route"].path)
        return original(**kwargs)

    monkeypatch.setattr(routing._EffectiveRouteContext, "from_api_route", counting)
    entries = command_entries(app)
    assert built == []  # no FastAPI route context is built to find the command routes
    contexts = {
        (id(c.original_route), c.path_format): c.app for c in iter_route_contexts(app.routes)
    }
    for entry in entries:
        assert entry.app is contexts[(id(entry.route), entry.path_format)]
