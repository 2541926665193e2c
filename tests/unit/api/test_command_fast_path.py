"""The dispatcher picks, for a POST, the route FastAPI's router would pick first."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Path, Response
from pydantic import BaseModel
from starlette.routing import Match

from tenfour.api.command_fast_path import CommandFastPath, install_command_fast_path
from tenfour.api.commanding import COMMAND_MARK, Commanding

Id = Annotated[str, Path(min_length=1, max_length=8)]
MARK: dict[str, Any] = {"openapi_extra": {COMMAND_MARK: "Test"}}


class In(BaseModel):
    text: str


async def two(thing: Id, other: Id, body: In, cmd: Commanding) -> Response:
    return Response()


async def go(thing: Id, body: In, cmd: Commanding) -> Response:
    return Response()


def app_with(*paths: str) -> tuple[FastAPI, CommandFastPath]:
    router = APIRouter()
    for path in paths:
        router.post(path, **MARK)(two if "{other}" in path else go)
    app = FastAPI()
    app.include_router(router, prefix="/api")
    return app, install_command_fast_path(app)


def chosen(d: CommandFastPath, path: str) -> str | None:
    match, child = d.matches({"type": "http", "method": "POST", "path": path, "root_path": ""})
    return child["route"].path if match == Match.FULL else None


def test_a_route_ending_in_a_parameter_keeps_its_place() -> None:
    _, d = app_with("/t/{thing}/{other}", "/t/{thing}/go")
    assert chosen(d, "/api/t/1/go") == "/t/{thing}/{other}"  # first in order, as in FastAPI
    assert chosen(d, "/api/t/1/zz") == "/t/{thing}/{other}"
    _, d = app_with("/t/{thing}/go", "/t/{thing}/{other}")
    assert chosen(d, "/api/t/1/go") == "/t/{thing}/go"
    assert chosen(d, "/api/t/1/zz") == "/t/{thing}/{other}"


def test_other_lengths_and_methods_are_not_matched() -> None:
    _, d = app_with("/t/{thing}/go")
    assert chosen(d, "/api/t/1/go/") is None
    assert chosen(d, "/api/t/go") is None
    assert chosen(d, "/api/t/1/2/go") is None
    scope = {"type": "http", "method": "PUT", "path": "/api/t/1/go", "root_path": ""}
    assert d.matches(scope)[0] == Match.NONE


def test_path_params_come_from_the_match() -> None:
    _, d = app_with("/t/{thing}/{other}")
    scope = {"type": "http", "method": "POST", "path": "/api/t/a/b", "root_path": ""}
    assert d.matches(scope)[1]["path_params"] == {"thing": "a", "other": "b"}
