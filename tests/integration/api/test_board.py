"""``GET /api/v1/board/incidents`` over HTTP: windows, filters, changes since a seq, ETag/304,
each viewer's share, refusals; the unit board's validator; the OpenAPI description."""

from __future__ import annotations

from typing import Any

from tests.integration.api.world import CENTRE, Api

BOARD = "/board/incidents"


def create(api: Api, n: int, priority: int) -> str:
    body = {
        "type_code": "disturbance",
        "priority": priority,
        "address": f"Street {n}",
        "lat": CENTRE[0] + n * 0.001,
        "lon": CENTRE[1],
    }
    out = api.ok("ct1", "/incidents", body)
    return str(out["events"][0]["payload"]["incident"])


def board(api: Api, user: str, query: str = "", **headers: str) -> Any:
    r = api.client.get(f"/api/v1{BOARD}?{query}", headers=api.headers(user, **headers))
    assert r.status_code in (200, 304), r.text
    return r


def test_windows_follow_the_cursor_and_match_the_open_incidents(api: Api) -> None:
    for n in range(7):
        create(api, n, 1 + n % 3)
    everything = [row["id"] for row in api.get("disp1", "/incidents").json()]
    seen, query = [], "limit=3"
    while True:
        page = board(api, "disp1", query).json()
        seen += [row["id"] for row in page["rows"]]
        assert page["counts"]["total"] == 7 and page["counts"]["status"] == {"pending": 7}
        if page["next"] is None:
            break
        query = f"limit=3&after={page['next']}"
    assert seen == everything


def test_changes_since_a_seq_and_an_etag_for_an_unchanged_board(api: Api) -> None:
    first, second = create(api, 1, 2), create(api, 2, 3)
    r = board(api, "disp1", "status=pending")
    etag, seq = r.headers["etag"], r.json()["seq"]
    assert board(api, "disp1", "status=pending", **{"If-None-Match": etag}).status_code == 304
    api.ok("disp1", "/units/1A12/dispatch", {"incident": first, "reason": "closest"})
    changed = board(api, "disp1", f"status=pending&since={seq}").json()
    assert changed["removed"] == [first] and changed["rows"] == []
    assert changed["counts"]["total"] == 1 and changed["seq"] > seq
    again = board(api, "disp1", "status=pending", **{"If-None-Match": etag})
    assert again.status_code == 200 and [row["id"] for row in again.json()["rows"]] == [second]


def test_each_viewer_sees_its_share(api: Api) -> None:
    create(api, 1, 1)
    assert board(api, "fedcad").json()["counts"]["total"] == 0
    assert board(api, "fedcad").json()["rows"] == []
    assert board(api, "crew1a12").json()["counts"]["total"] == 0
    assert board(api, "centre", "agency=MPD").json()["counts"]["agency"] == {"MPD": 1}


def test_bad_filters_cursors_and_areas_are_refused_with_a_reason(api: Api) -> None:
    for query in ("status=closed", "after=nonsense", "area=1,2", "limit=0", "sort=name"):
        r = api.client.get(f"/api/v1{BOARD}?{query}", headers=api.headers("disp1"))
        assert r.status_code == 422, (query, r.text)
    r = api.client.get(f"/api/v1{BOARD}?area=60,24,63,25", headers=api.headers("disp1"))
    assert "at most" in r.json()["detail"]


def test_the_unit_board_answers_304_until_a_unit_changes(api: Api) -> None:
    r = api.get("disp1", "/units")
    etag = r.headers["etag"]
    headers = api.headers("disp1", **{"If-None-Match": etag})
    assert api.client.get("/api/v1/units", headers=headers).status_code == 304
    create(api, 1, 1)  # no unit changed
    assert api.client.get("/api/v1/units", headers=headers).status_code == 304
    api.ok("disp1", "/units/1A13/service", {"in_service": False, "reason": "flat tyre"})
    assert api.client.get("/api/v1/units", headers=headers).status_code == 200


def test_the_openapi_description_shows_filters_windows_and_since(api: Api) -> None:
    op = api.client.get("/openapi.json").json()["paths"]["/api/v1/board/incidents"]["get"]
    params = {p["name"] for p in op["parameters"] if p["in"] == "query"}
    assert params == {
        "agency",
        "discipline",
        "status",
        "priority",
        "area",
        "sort",
        "limit",
        "after",
        "since",
    }
    assert "304" in op["responses"] and "since" in op["description"]
