"""Hostile input: bodies capped before anything reads them, strict JSON on every JSON route,
out-of-range dates, and the security headers on every answer (errors included)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient

from tenfour.api.app import DOCUMENT_ROUTES, create_app
from tests.integration.api.test_errors import INCIDENT
from tests.integration.api.world import Api, make_runtime, make_settings

SECURITY_HEADERS = ("X-Content-Type-Options", "Content-Security-Policy", "X-Frame-Options")


def nested_text(depth: int) -> bytes:
    return b'{"a":' * depth + b"1" + b"}" * depth


HOSTILE_JSON = {
    "nested-300": nested_text(300),
    "nested-4000": b"[" * 4000 + b"]" * 4000,
    "int-2^64": b'{"priority": 18446744073709551616}',
    "nan": b'{"priority": NaN}',
    "repeated": b'{"priority": 1, "priority": 2}',
}


def has_security_headers(headers: object) -> bool:
    return all(name in headers for name in SECURITY_HEADERS)  # type: ignore[operator]


def test_a_body_over_the_limit_is_refused_before_auth_by_its_length(api: Api) -> None:
    body = b"x" * (api.runtime.settings.max_body_bytes + 1)
    r = api.client.post("/api/v1/incidents", content=body)  # no token at all
    assert r.status_code == 413
    assert r.json()["reason"] == "too_large" and "bytes" in r.json()["detail"]
    assert has_security_headers(r.headers)


def test_a_streamed_body_is_counted_as_it_arrives(api: Api) -> None:
    limit = api.runtime.settings.max_body_bytes

    def chunks() -> Iterator[bytes]:  # no Content-Length: chunked
        for _ in range(limit // 4096 + 2):
            yield b"y" * 4096

    for path in ("/api/v1/incidents", "/api/v1/auth/token"):
        r = api.client.post(path, content=chunks(), headers={"Content-Type": "text/plain"})
        assert r.status_code == 413, path
    for path in ("/api/v1/incidents", "/api/v1/auth/token", "/api/v1/nowhere"):
        r = api.client.post(path, content=chunks(), headers={"Content-Type": "application/json"})
        assert r.status_code == 413, path


def test_login_reads_a_few_kilobytes_at_most(api: Api) -> None:
    r = api.client.post("/api/v1/auth/token", data={"username": "admin", "password": "p" * 9000})
    assert r.status_code == 413


def test_document_routes_take_more_than_the_default(api: Api) -> None:
    body = b"<alert>" + b" " * (api.runtime.settings.max_body_bytes + 10) + b"</alert>"
    headers = {**api.headers("disp1"), "Content-Type": "application/xml"}
    assert api.client.post("/api/v1/cap", content=body, headers=headers).status_code != 413


def json_routes(api: Api) -> list[str]:
    """Every route that takes a body, with made-up path parameters."""
    paths = set()
    for ctx in iter_route_contexts(api.client.app.routes):  # type: ignore[attr-defined]
        route, path = ctx.original_route, ctx.path_format or ""
        if not isinstance(route, APIRoute) or not (ctx.methods or set()) & {"POST", "PUT", "PATCH"}:
            continue
        if path.startswith(DOCUMENT_ROUTES):
            continue  # tenfour.interop's own parsers (tested there)
        paths.add(path.replace("{", "").replace("}", "").replace(":path", ""))
    return sorted(paths)


@pytest.mark.parametrize("case", list(HOSTILE_JSON))
def test_hostile_json_is_422_on_every_json_route(api: Api, case: str) -> None:
    routes = json_routes(api)
    assert "/api/v1/incidents" in routes and "/api/v1/auth/token" in routes
    for path in routes:
        for user in (None, "admin"):
            headers = {**api.headers(user), "Content-Type": "application/json"}
            r = api.client.post(path, content=HOSTILE_JSON[case], headers=headers)
            assert r.status_code == 422, (path, r.status_code, r.text)
            assert r.json()["field"] == "body", path
    assert api.post("ct1", "/incidents", INCIDENT).status_code == 200  # still writing


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("9999-12-31T23:00:00-14:00", "9999-12-31T23:30:00-14:00"),
        ("0001-01-01T00:00:00+14:00", "0001-01-01T01:00:00+14:00"),
        ("9999-12-30", "9999-12-31"),
        ("0001-01-01", "0001-01-02"),
        ("99999-01-01", "99999-01-02"),
    ],
)
def test_report_dates_out_of_range_are_422_or_answered(api: Api, start: str, end: str) -> None:
    r = api.client.get(
        "/api/v1/reports/response-times",
        params={"from": start, "to": end},
        headers=api.headers("sgt1"),
    )
    assert r.status_code in (200, 422), r.text


def test_error_pages_carry_the_security_headers(api: Api) -> None:
    pages = [
        api.client.get("/api/v1/nowhere"),  # 404
        api.client.get("/nowhere-page", headers={"Accept": "text/html"}),
        api.client.put("/api/v1/incidents"),  # 405
        api.post("ct1", "/incidents", {"priority": "x"}),  # 422
        api.get(None, "/incidents"),  # 401
    ]
    for page in pages:
        assert page.status_code >= 400
        assert has_security_headers(page.headers), (page.status_code, page.headers)


def test_a_500_carries_the_security_headers(tmp_path: Path) -> None:
    app = create_app(runtime=make_runtime(make_settings(tmp_path)))  # its own: one app a runtime

    async def boom() -> None:
        raise RuntimeError("boom")

    app.add_api_route("/boom", boom)
    with TestClient(app, raise_server_exceptions=False) as client:
        r = client.get("/boom")
    assert r.status_code == 500 and r.json()["reason"] == "error"
    assert has_security_headers(r.headers) and r.headers["Cache-Control"] == "no-store"


def test_personal_data_is_not_cached(api: Api) -> None:
    created = api.ok("ct1", "/incidents", INCIDENT)
    for r in (api.get("disp1", "/incidents"), api.client.post("/api/v1/auth/token", data={})):
        assert r.headers["Cache-Control"] == "no-store"
    assert created["accepted"]


def test_a_dead_writer_answers_503_turns_readyz_bad_and_the_node_recovers(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = api.runtime.engine
    assert api.client.get("/readyz").status_code == 200

    async def broken(*_: object) -> None:
        raise RuntimeError("the journal is gone")

    monkeypatch.setattr(engine, "_prepare", broken)
    monkeypatch.setattr(engine, "_recover", broken)
    monkeypatch.setattr(engine, "rebuild", broken)  # and the node cannot get back up yet
    first = api.post("ct1", "/incidents", INCIDENT)  # answered, not left hanging
    assert first.status_code == 503
    ready = api.client.get("/readyz")
    assert ready.status_code == 503 and ready.json()["reason"]
    alive = api.client.get("/healthz")  # liveness: the process is there
    assert alive.status_code == 200 and alive.json()["ready"] is False
    monkeypatch.undo()  # the fault clears: the node takes up writing again by itself
    deadline = time.monotonic() + 10
    answer = api.post("ct1", "/incidents", INCIDENT)
    while answer.status_code == 503 and time.monotonic() < deadline:
        time.sleep(0.1)
        answer = api.post("ct1", "/incidents", INCIDENT)
    assert answer.status_code == 200 and answer.json()["accepted"], answer.text
    assert api.client.get("/readyz").json()["role"] == "leader"
