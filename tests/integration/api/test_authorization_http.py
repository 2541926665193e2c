"""The authorization rule over the real API, for a representative slice: another agency's
users against MPD's records (commands, reads, the stream, command responses), and sessions
that end on deactivation, on a password change and at the session's absolute lifetime.

The whole command x role x relation matrix is tests/unit/domain/test_authorization.py.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import jwt
import pytest
from starlette.testclient import WebSocketTestSession

from tests.integration.api.test_stream import receive_until_closed
from tests.integration.api.world import (
    CENTRE,
    CENTRE_ADMIN,
    PASSWORD,
    SECRET,
    Api,
    make_settings,
    running_api,
)

NPD = {"npd-disp": "dispatcher", "npd-sup": "supervisor", "npd-chief": "commander"}
NPD_ADMIN = "npd-admin"
INCIDENT = {
    "type_code": "disturbance",
    "priority": 2,
    "address": "Street 1",
    "lat": CENTRE[0],
    "lon": CENTRE[1],
    "ani": "+358401112222",
    "caller_name": "SECRET CALLER",
}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Api, dict[str, str]]]:
    """MPD's incident with 1A12 on it, a hazard and a directive; NPD (unrelated) with its
    users; MFD, which MPD dispatches for, with engine E1."""
    with running_api(make_settings(tmp_path_factory.mktemp("authz"))) as api:
        centre = CENTRE_ADMIN
        api.ok(centre, "/agencies", {"agency": "NPD", "name": "Neighbour PD", "kind": "police"})
        body = {"agency": "MFD", "name": "Fire", "kind": "fire", "dispatch_centre": "MPD"}
        api.ok(centre, "/agencies", body)
        api.ok(centre, "/units", {"unit": "E1", "agency": "MFD", "unit_type": "engine"})
        api.ok(centre, "/units", {"unit": "N1", "agency": "NPD", "unit_type": "patrol"})
        for user, role in {**NPD, NPD_ADMIN: "admin"}.items():
            body = {"user": user, "agency": "NPD", "roles": [role], "password": PASSWORD}
            api.ok(centre, "/users", body)
        incident = events(api.ok("ct1", "/incidents", INCIDENT))["IncidentCreated"]["incident"]
        api.ok("disp1", "/units/1A12/dispatch", {"incident": incident, "reason": "near"})
        hazard = api.ok("disp1", "/hazards", {"description": "ARMED OCCUPANT", "person": "X Y"})
        directive = api.ok(
            "chief", "/directives", {"kind": "hold", "reason": "wait", "incident": incident}
        )
        yield (
            api,
            {
                "incident": incident,
                "hazard": events(hazard)["HazardAdded"]["hazard"],
                "directive": events(directive)["DirectiveIssued"]["directive"],
            },
        )


def events(out: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {e["type"]: e["payload"] for e in out["events"]}


def cross_agency_commands(ids: dict[str, str]) -> list[tuple[str, Any]]:
    """What was seen done to another agency's records, one of each kind."""
    incident = ids["incident"]
    return [
        ("/units/1A13/dispatch", {"incident": incident, "reason": "x"}),
        ("/units/1A12/enroute", None),
        ("/units/1A12/clear", {"reason": "x"}),
        ("/units/1A13/service", {"in_service": False}),
        ("/units/1A13/position", {"lat": 60.0, "lon": 24.0}),
        (f"/incidents/{incident}/relocate", {"address": "Decoy Road 1"}),
        (f"/incidents/{incident}/reclassify", {"type_code": "crowd", "priority": 5}),
        (f"/incidents/{incident}/remarks", {"text": "disregard"}),
        (f"/incidents/{incident}/close", {"disposition": "x"}),
        (f"/hazards/{ids['hazard']}/remove", {"reason": "x"}),
        (f"/directives/{ids['directive']}/acknowledge", {"unit": "1A12"}),
        (f"/directives/{ids['directive']}/lift", {"reason": "x"}),
    ]


@pytest.mark.parametrize("user", sorted(NPD))
def test_another_agencys_floor_cannot_touch_mpds_units_incidents_hazards_directives(
    world: tuple[Api, dict[str, str]], user: str
) -> None:
    api, ids = world
    before = api.runtime.engine.head[0]
    got = {
        path: api.post(user, path, body).status_code for path, body in cross_agency_commands(ids)
    }
    assert set(got.values()) == {403}, got
    assert api.runtime.engine.head[0] == before


def test_another_agencys_admin_administers_only_its_own(world: tuple[Api, dict[str, str]]) -> None:
    api, _ = world
    new_admin = {"user": "evil", "agency": "MPD", "roles": ["admin"], "password": PASSWORD}
    assert api.post(NPD_ADMIN, "/users", new_admin).status_code == 403
    pw = {"password": "another good password"}
    assert (
        api.client.put(
            "/api/v1/users/disp1/password", json=pw, headers=api.headers(NPD_ADMIN)
        ).status_code
        == 403
    )
    policy = {"directive_roles": ["call_taker"]}
    assert api.post(NPD_ADMIN, "/agencies/MPD/policy", policy).status_code == 403
    assert api.post(NPD_ADMIN, "/users/chief/deactivate", {"reason": "x"}).status_code == 403
    centre = {"user": "evil2", "agency": "NPD", "roles": ["centre_admin"], "password": PASSWORD}
    assert api.post(NPD_ADMIN, "/users", centre).status_code == 403
    own = {"user": "npd-new", "agency": "NPD", "roles": ["dispatcher"], "password": PASSWORD}
    assert api.post(NPD_ADMIN, "/users", own).status_code == 200


def test_mpd_dispatches_for_mfd(world: tuple[Api, dict[str, str]]) -> None:
    api, _ = world
    fire = api.ok("ct1", "/incidents", {**INCIDENT, "agency": "MFD"})
    incident = events(fire)["IncidentCreated"]["incident"]
    assert api.post("disp1", "/units/E1/dispatch", {"incident": incident}).status_code == 200
    assert api.post("npd-disp", "/units/E1/clear", {"reason": "x"}).status_code == 403


def test_another_agency_reads_nothing_of_mpds(world: tuple[Api, dict[str, str]]) -> None:
    api, ids = world
    incident = ids["incident"]
    assert api.get("npd-disp", f"/incidents/{incident}").status_code == 404
    assert api.get("npd-disp", f"/incidents/{incident}/timeline").status_code == 404
    assert api.get("npd-disp", "/units/1A12/track").status_code == 404
    assert incident not in {r["id"] for r in api.get("npd-disp", "/incidents").json()}
    assert {u["agency"] for u in api.get("npd-disp", "/units").json()} == {"NPD"}
    assert ids["hazard"] not in {h["id"] for h in api.get("npd-disp", "/hazards").json()}
    assert api.get("disp1", f"/incidents/{incident}").status_code == 200


def test_a_crew_and_a_partner_never_read_callers(world: tuple[Api, dict[str, str]]) -> None:
    api, ids = world
    incident = ids["incident"]
    crew = api.get("crew1a12", f"/incidents/{incident}")
    assert crew.status_code == 200 and crew.json()["calls"] == []
    assert "SECRET CALLER" not in crew.text and "+358401112222" not in crew.text
    assert api.get("fedcad", f"/incidents/{incident}").status_code == 404  # not shared
    api.ok("disp1", "/assistance-requests", {"incident": incident, "to_agency": "FED", "what": "x"})
    partner = api.get("fedcad", f"/incidents/{incident}")  # shared by asking FED for help
    assert partner.status_code == 200 and "SECRET CALLER" not in partner.text


def test_a_command_response_leaves_out_another_agencys_restricted_bulletin(
    world: tuple[Api, dict[str, str]],
) -> None:
    api, _ = world
    body = {"subject": "FED ONLY", "plates": ["RST-999"], "restricted": True}
    api.ok("fedcad", "/bulletins", body)
    narrative = {**INCIDENT, "agency": None, "narrative": "van RST 999 seen"}
    out = api.post("npd-disp", "/incidents", {**narrative, "agency": "NPD"})
    assert out.status_code == 200 and "RST" not in out.text.replace("van RST 999", "")
    assert "BulletinMatched" not in out.text and "FED ONLY" not in out.text


@contextmanager
def stream(api: Api, user: str, after: int) -> Iterator[WebSocketTestSession]:
    """The live stream after ``after`` as ``user`` (the token is the first message)."""
    with api.client.websocket_connect(f"/api/v1/stream?after={after}") as ws:
        ws.send_text(json.dumps({"token": api.login(user)}))
        yield ws


def test_the_stream_applies_the_rule_to_each_event(world: tuple[Api, dict[str, str]]) -> None:
    api, ids = world
    head = api.runtime.engine.head[0]
    with stream(api, "npd-disp", head) as ws:
        api.ok("disp1", f"/incidents/{ids['incident']}/remarks", {"text": "MPD ONLY"})
        api.ok("npd-disp", "/incidents", {**INCIDENT, "agency": "NPD"})
        first = ws.receive_json()
    assert first["type"] == "IncidentCreated" and first["payload"]["agency"] == "NPD"


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[Api]:
    with running_api(make_settings(tmp_path)) as api:
        yield api


def test_deactivation_closes_the_users_stream_at_once(fresh: Api) -> None:
    api = fresh
    with stream(api, "disp1", api.runtime.engine.head[0]) as ws:
        api.ok(CENTRE_ADMIN, "/users/disp1/deactivate", {"reason": "left"})
        messages, code = receive_until_closed(ws)
    assert code == 4401 and messages[-1]["type"] == "revoked"


def test_a_password_change_ends_the_users_sessions(fresh: Api) -> None:
    api = fresh
    token = api.login("disp1")
    with stream(api, "disp1", api.runtime.engine.head[0]) as ws:
        pw = {"password": "a brand new password"}
        put = api.client.put("/api/v1/users/disp1/password", json=pw, headers=api.headers("admin"))
        assert put.status_code == 204
        messages, code = receive_until_closed(ws)
    assert code == 4401 and messages[-1]["type"] == "revoked"
    old = {"Authorization": f"Bearer {token}"}
    assert api.client.get("/api/v1/me", headers=old).status_code == 401
    assert api.client.post("/api/v1/auth/refresh", headers=old).status_code == 401
    assert api.login("disp1", "a brand new password")


def test_a_refresh_keeps_the_sessions_start_and_end(fresh: Api) -> None:
    api = fresh
    token = api.login("disp1")
    began = claims(token)["auth_time"]
    out = api.client.post("/api/v1/auth/refresh", headers={"Authorization": f"Bearer {token}"})
    assert out.status_code == 200
    again = claims(out.json()["access_token"])
    assert again["auth_time"] == began
    assert again["exp"] <= began + api.runtime.settings.session_hours * 3600


def claims(token: str) -> dict[str, Any]:
    found: dict[str, Any] = jwt.decode(token, SECRET, algorithms=["HS256"], issuer="tenfour")
    return found
