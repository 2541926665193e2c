"""The command dispatcher answers exactly as FastAPI's own routing and handling would.

Each request below is sent twice to the same app: with the dispatcher first among the routes,
and with it taken out (plain FastAPI). The answers must be the same: status, the headers a client
acts on, and the body (up to the ids, sequence numbers and times that differ between two sends).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from starlette.routing import Match

from tenfour.api import command_plan
from tenfour.api.command_fast_path import CommandFastPath, command_entries
from tenfour.api.command_plan import plan_of
from tenfour.api.commanding import COMMAND_MARK
from tests.integration.api.world import Api

HEADERS_COMPARED = ("content-type", "www-authenticate", "allow", "location", "retry-after")
HOT = {"AddRemark", "CreateIncident", "DispatchUnit", "MarkEnRoute", "MarkOnScene"}
HOT |= {"ReportPosition", "ClearUnit", "AddCall"}
LONG_ID = "X" * 65
JSON = "application/json"
Case = tuple[str, str, dict[str, str], bytes | None]  # method, path, headers, raw body


def the_app(api: Api) -> FastAPI:
    app = api.client.app
    assert isinstance(app, FastAPI)
    return app


def dispatcher(app: FastAPI) -> CommandFastPath:
    first = app.router.routes[0]
    assert isinstance(first, CommandFastPath)
    return first


@pytest.fixture
def incident(api: Api) -> str:
    body = {"type_code": "structure_fire", "priority": 1, "address": "A 1"}
    return str(api.ok("ct1", "/incidents", body)["events"][0]["payload"]["incident"])


def cases(api: Api, incident: str, run: str) -> list[Case]:
    """Requests that a dispatcher could get wrong; ``run`` keeps idempotency keys apart."""
    remarks = f"/api/v1/incidents/{incident}/remarks"
    disp = api.headers("disp1")
    json_ct = {**disp, "Content-Type": JSON}
    ok = b'{"text": "LINE"}'
    return [
        ("POST", remarks, {"Content-Type": JSON}, ok),
        ("POST", remarks, {"Authorization": "Bearer nonsense", "Content-Type": "x"}, ok),
        ("POST", remarks, {"Authorization": "Basic abc"}, ok),
        ("POST", remarks, {**json_ct, "X-Tenfour-Role": "commander"}, ok),
        ("POST", remarks, {**json_ct, "X-Tenfour-Role": "wizard"}, ok),
        ("POST", remarks, {**json_ct, "Idempotency-Key": "has space"}, ok),
        ("POST", remarks, {**json_ct, "X-Expected-Version": "abc"}, ok),
        ("POST", remarks, {**json_ct, "X-Expected-Version": "0"}, ok),
        ("POST", remarks, {**json_ct, "Idempotency-Key": "has space"}, b"{}"),
        ("POST", remarks, json_ct, b"{}"),
        ("POST", remarks, json_ct, b'{"text": 5}'),
        ("POST", remarks, json_ct, b'{"text": "a", "extra": 1}'),
        ("POST", remarks, json_ct, b'{"text": "a", "text": 1}'),
        ("POST", remarks, json_ct, b'{"text": "\\u0000"}'),
        ("POST", remarks, json_ct, b'{"text": "\\ud800"}'),
        ("POST", remarks, json_ct, b'{"text": NaN}'),
        ("POST", remarks, json_ct, b"null"),
        ("POST", remarks, json_ct, b"[1]"),
        ("POST", remarks, json_ct, b"{not json"),
        ("POST", remarks, json_ct, b""),
        ("POST", remarks, json_ct, b"\xff\xfe"),
        ("POST", remarks, {**disp, "Content-Type": "text/plain"}, ok),
        ("POST", remarks, disp, ok),
        ("POST", remarks, {**disp, "Content-Type": "application/json; charset=utf-8"}, ok),
        ("POST", remarks, {**disp, "Content-Type": "application/merge-patch+json"}, ok),
        ("POST", remarks, {**json_ct, "Idempotency-Key": f"{run}-once"}, ok),
        ("POST", remarks, {**json_ct, "Idempotency-Key": f"{run}-once"}, ok),
        ("POST", remarks, {**json_ct, "Idempotency-Key": f"{run}-once"}, b'{"text": "B"}'),
        ("POST", remarks, json_ct, ok),
        ("POST", remarks + "/", json_ct, ok),
        ("GET", remarks, disp, None),
        ("PUT", remarks, json_ct, ok),
        ("POST", f"/api/v1/incidents/{LONG_ID}/remarks", json_ct, ok),
        ("POST", "/api/v1/incidents/2026-999999/remarks", json_ct, ok),
        ("POST", "/api/v1/units/1A12/dispatch", api.headers("ct1"), b'{"incident": "x"}'),
        ("POST", "/api/v1/units/1A12/dispatch", json_ct, b'{"incident": "2026-999999"}'),
        ("POST", "/api/v1/units/1A14/onscene", disp, None),
        ("POST", "/api/v1/units/1A14/onscene", json_ct, b'{"ignored": true}'),
        ("POST", "/api/v1/incidents", api.headers("ct1", **{"Content-Type": JSON}), b"{}"),
    ]


def answers(api: Api, incident: str, run: str) -> list[tuple[Any, ...]]:
    out = []
    for method, path, headers, body in cases(api, incident, run):
        r = api.client.request(method, path, headers=headers, content=body, follow_redirects=False)
        picked = tuple(r.headers.get(h) for h in HEADERS_COMPARED)
        text = normalized(r.content).replace(f"{run}-once", "KEY")
        out.append((method, path, r.status_code, text, picked))
    return out


def normalized(content: bytes) -> str:
    """The body with what differs between two sends of the same command blanked out."""
    text = content.decode()
    text = re.sub(r'"(command_id|at|remark)":"[^"]*"', r'"\1":"-"', text)
    text = re.sub(r'"(seq|version)":\d+', r'"\1":0', text)
    text = re.sub(r"at version \d+", "at version -", text)
    return re.sub(r"[0-9a-f]{8}-[0-9a-f-]{27}", "-", text)


def test_answers_are_those_of_fastapi(api: Api, incident: str) -> None:
    with_dispatch = answers(api, incident, "a")
    app = the_app(api)
    removed = app.router.routes.pop(0)
    try:
        plain = answers(api, incident, "b")
    finally:
        app.router.routes.insert(0, removed)
    for ours, theirs in zip(with_dispatch, plain, strict=True):
        assert ours == theirs
    statuses = {a[2] for a in with_dispatch}
    assert {200, 307, 401, 403, 404, 405, 409, 422} <= statuses


def test_plain_commands_take_the_plan(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = command_plan.command_context

    async def spy(conn: Any) -> Any:
        calls.append(conn.url.path)
        return await real(conn)

    monkeypatch.setattr(command_plan, "command_context", spy)
    api.ok("ct1", "/incidents", {"type_code": "structure_fire", "priority": 1, "address": "A 1"})
    assert calls == ["/api/v1/incidents"]
    r = api.client.post(
        "/api/v1/incidents",
        content=b'{"type_code": "structure_fire", "priority": 1, "address": "A 1"}',
        headers={**api.headers("ct1"), "Content-Type": "application/json; charset=utf-8"},
    )
    assert r.status_code == 200 and calls == ["/api/v1/incidents"]  # FastAPI's handler did it


def test_the_hot_commands_are_dispatched(api: Api) -> None:
    app = the_app(api)
    served = {(e.route.openapi_extra or {})[COMMAND_MARK] for e in dispatcher(app).entries}
    assert served >= HOT
    for ctx in iter_route_contexts(app.routes[1:]):
        route = ctx.original_route
        extra = getattr(route, "openapi_extra", None) or {}
        if COMMAND_MARK in extra and extra[COMMAND_MARK] not in served:
            assert plan_of(ctx.dependant) is None, extra[COMMAND_MARK]


def test_fastapi_would_choose_the_same_route(api: Api) -> None:
    """No route before a command route (in FastAPI's order) matches its POSTs."""
    app = the_app(api)
    others = list(iter_route_contexts(app.routes[1:]))
    for entry in dispatcher(app).entries:
        path = re.sub(r"\{[^}]+\}", "X1", entry.path_format)
        scope = {"type": "http", "method": "POST", "path": path, "root_path": ""}
        assert dispatcher(app).matches(scope)[0] == Match.FULL
        first = next(c for c in others if c.matches(scope)[0] == Match.FULL)
        assert first.original_route is entry.route, path


def test_only_post_to_a_command_path_is_matched(api: Api) -> None:
    d = dispatcher(the_app(api))
    path = "/api/v1/incidents/X1/remarks"
    scope: dict[str, Any] = {"type": "http", "method": "POST", "path": path, "root_path": ""}
    assert d.matches(scope)[0] == Match.FULL
    assert d.matches({**scope, "method": "GET"})[0] == Match.NONE
    assert d.matches({**scope, "path": path + "/"})[0] == Match.NONE
    assert d.matches({**scope, "path": "/api/v1/incidents/X1"})[0] == Match.NONE
    assert d.matches({**scope, "type": "websocket"})[0] == Match.NONE
    assert d.matches({**scope, "fastapi.telemetry": object()})[0] == Match.NONE  # FastAPI traces


def test_entries_are_rebuilt_from_the_app(api: Api) -> None:
    app = the_app(api)
    assert [e.path_format for e in command_entries(app)] == [
        e.path_format for e in dispatcher(app).entries
    ]
