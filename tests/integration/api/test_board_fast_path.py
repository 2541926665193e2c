"""The boards' lean read path (``api.board_fast_path``, ADR 0022) answers exactly as FastAPI's
routes do: the same rows for every role, the same refusals (no token, a bad or revoked one, a
role not held, a role header that is not a role), the same validators and security headers.
FastAPI's own routes answer when dependency overrides are in force, so each request is sent both
ways. And ``GET /board/windows``: several windows in one answer, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlencode

from starlette.routing import Match

from tenfour.api.board_fast_path import BoardFastPath
from tests.integration.api.test_board import create
from tests.integration.api.world import SUPER, SUPER_ROLES, USERS, Api

PENDING, ACTIVE = "status=pending&limit=3", "status=dispatched&status=enroute&limit=3"
PATHS = [
    f"/board/incidents?{PENDING}",
    f"/board/incidents?{ACTIVE}&sort=age",
    "/board/windows?" + urlencode([("w", PENDING), ("w", ACTIVE)]),
    "/units",
]
KEPT_HEADERS = ("etag", "cache-control", "vary", "content-type", "content-security-policy")
KEPT_HEADERS += ("x-content-type-options", "x-frame-options", "referrer-policy", "www-authenticate")


def _never() -> None:
    """A dependency nobody uses: overriding it puts every request on FastAPI's routes."""


@contextmanager
def fastapi_only(api: Api) -> Iterator[None]:
    app: Any = api.client.app
    app.dependency_overrides[_never] = _never
    try:
        yield
    finally:
        del app.dependency_overrides[_never]


def _timeless(body: Any) -> Any:
    """The answer without ages (the clock moves between the two requests)."""
    if isinstance(body, dict):
        return {k: _timeless(v) for k, v in body.items() if k not in ("age_s", "time_in_status_s")}
    if isinstance(body, list):
        return [_timeless(v) for v in body]
    return body


def answer(api: Api, path: str, headers: dict[str, str]) -> tuple[Any, ...]:
    r = api.client.get("/api/v1" + path, headers=headers)
    body = _timeless(r.json()) if r.content else None
    return r.status_code, body, {k: r.headers.get(k) for k in KEPT_HEADERS}


def both_ways(api: Api, path: str, headers: dict[str, str]) -> tuple[Any, ...]:
    lean = answer(api, path, headers)
    with fastapi_only(api):
        slow = answer(api, path, headers)
    assert lean == slow, path
    return lean


def busy(api: Api) -> list[str]:
    made = [create(api, n, 1 + n % 3) for n in range(5)]
    api.ok("disp1", "/units/1A12/dispatch", {"incident": made[0], "reason": "closest"})
    api.ok("disp1", "/units/1A13/dispatch", {"incident": made[1], "reason": "closest"})
    api.ok("disp1", "/units/1A13/enroute")
    return made


def test_every_role_reads_the_same_on_both_paths(api: Api) -> None:
    busy(api)
    users = [(user, None) for user, _, _ in USERS.values()]
    for user, role in [*users, *((SUPER, r) for r in SUPER_ROLES)]:
        headers = api.headers(user, role)
        for path in PATHS:
            status, _, _ = both_ways(api, path, headers)
            assert status == 200, (user, role, path)


def test_refusals_are_the_same_on_both_paths(api: Api) -> None:
    busy(api)
    good = api.headers("disp1")["Authorization"]
    cases = {
        "no token": {},
        "not bearer": {"Authorization": good.replace("Bearer", "Basic")},
        "bearer, no token": {"Authorization": "Bearer "},
        "forged token": {"Authorization": good[:-4] + "AAAA"},
        "role not held": {"Authorization": good, "X-Tenfour-Role": "admin"},
        "not a role": {"Authorization": good, "X-Tenfour-Role": "emperor"},
        "system role": {"Authorization": good, "X-Tenfour-Role": "system"},
    }
    expected = {"no token": 401, "not bearer": 401, "bearer, no token": 401}
    expected |= {"forged token": 401, "role not held": 403, "not a role": 422}
    expected |= {"system role": 422}
    for name, headers in cases.items():
        for path in PATHS:
            status, body, got = both_ways(api, path, headers)
            assert status == expected[name], (name, path, body)
            assert got["etag"] is None and got["x-frame-options"] == "DENY"


def test_a_revoked_session_is_refused_on_the_lean_path(api: Api) -> None:
    busy(api)
    body = {
        "user": "leaver",
        "agency": "MPD",
        "roles": ["dispatcher"],
        "password": "pw-" + "x" * 12,
    }
    api.as_super("admin", "/users", body)
    api.login("leaver", body["password"])
    headers = api.headers("leaver")
    assert answer(api, PATHS[2], headers)[0] == 200
    api.as_super("admin", "/users/leaver/deactivate", {"reason": "left"})
    for path in PATHS:
        status, got, _ = both_ways(api, path, headers)
        assert status == 401, (path, got)


def test_another_agency_reads_none_of_the_rows(api: Api) -> None:
    made = busy(api)
    fed = api.headers("fedcad")  # a partner CAD of another agency
    _, page, _ = both_ways(api, PATHS[2], fed)
    assert [w["rows"] for w in page["windows"]] == [[], []]
    assert [w["counts"]["total"] for w in page["windows"]] == [0, 0]
    crew = api.headers("crew1a12")  # a unit: its own assignment only
    _, page, _ = both_ways(api, "/board/incidents", crew)
    assert [row["id"] for row in page["rows"]] == [made[0]]


def test_the_board_gets_are_served_by_the_lean_path(api: Api) -> None:
    app: Any = api.client.app
    lean = next(r for r in app.router.routes if isinstance(r, BoardFastPath))

    def match(method: str, path: str, headers: list[tuple[bytes, bytes]]) -> Match:
        scope = {"type": "http", "method": method, "path": path, "headers": headers, "app": app}
        return lean.matches(scope)[0]

    for path in ("/api/v1/board/incidents", "/api/v1/board/windows", "/api/v1/units"):
        assert match("GET", path, []) == Match.FULL
        assert match("GET", path, [(b"x-tenfour-role", b"dispatcher")]) == Match.FULL
        assert match("POST", path, []) == Match.NONE  # FastAPI: 405 or the command
        assert match("GET", path + "/", []) == Match.NONE
        assert match("GET", path, [(b"x-tenfour-role", b"emperor")]) == Match.NONE
    with fastapi_only(api):
        assert match("GET", "/api/v1/units", []) == Match.NONE


def test_windows_answer_each_window_and_catch_up_together(any_api: Api) -> None:
    api = any_api
    made = [create(api, n, 1 + n % 2) for n in range(4)]
    api.ok("disp1", "/units/1A12/dispatch", {"incident": made[0], "reason": "closest"})
    path = "/board/windows?" + urlencode([("w", PENDING), ("w", ACTIVE)])
    r = api.client.get("/api/v1" + path, headers=api.headers("disp1"))
    assert r.status_code == 200, r.text
    got = r.json()
    pending, active = got["windows"]
    assert [row["id"] for row in pending["rows"]] == [made[2], made[1], made[3]]
    assert pending["counts"]["total"] == 3 and pending["next"] is None
    assert [row["id"] for row in active["rows"]] == [made[0]]
    assert got["seq"] == pending["seq"] == active["seq"]
    etag = r.headers["etag"]
    again = api.headers("disp1", **{"If-None-Match": etag})
    assert api.client.get("/api/v1" + path, headers=again).status_code == 304
    api.ok("disp1", "/units/1A13/dispatch", {"incident": made[2], "reason": "closest"})
    since = urlencode(
        [("w", f"{PENDING}&since={got['seq']}"), ("w", f"{ACTIVE}&since={got['seq']}")]
    )
    r = api.client.get(f"/api/v1/board/windows?{since}", headers=again)
    assert r.status_code == 200 and r.headers["etag"] != etag
    pending, active = r.json()["windows"]
    assert pending["removed"] == [made[2]] and pending["rows"] == []
    assert [row["id"] for row in active["rows"]] == [made[2]] and active["since"] == got["seq"]


def test_bad_windows_are_refused_with_a_reason(api: Api) -> None:
    for query, words in (
        ("", "from 1 to 4"),
        (urlencode([("w", "status=pending")] * 5), "from 1 to 4"),
        (urlencode([("w", "status=closed")]), "w[0]: status"),
        (urlencode([("w", "status=pending"), ("w", "limit=0")]), "w[1]: limit"),
        ("w=status%3Dpending&status=pending", "inside a window"),
        (urlencode([("w", "after=nonsense")]), "cursor"),
    ):
        r = api.client.get(f"/api/v1/board/windows?{query}", headers=api.headers("disp1"))
        assert r.status_code == 422 and words in r.json()["detail"], (query, r.text)


def test_the_openapi_description_shows_the_windows_form(api: Api) -> None:
    op = api.client.get("/openapi.json").json()["paths"]["/api/v1/board/windows"]["get"]
    (param,) = [p for p in op["parameters"] if p["in"] == "query"]
    assert param["name"] == "w" and param["schema"]["type"] == "array"
    assert "since" in op["description"] and "304" in op["responses"]
