"""Idempotency keys, expected versions, and refusals that name their field and reason."""

from __future__ import annotations

from tests.integration.api.world import CENTRE, Api

INCIDENT = {
    "type_code": "structure_fire",
    "priority": 1,
    "address": "A 1",
    "lat": CENTRE[0],
    "lon": CENTRE[1],
}


def test_same_key_same_content_is_carried_out_once(api: Api) -> None:
    first = api.post("ct1", "/incidents", INCIDENT, key="retry-1")
    head = api.runtime.engine.head[0]
    again = api.post("ct1", "/incidents", INCIDENT, key="retry-1")
    assert first.status_code == again.status_code == 200
    assert again.json()["duplicate"] is True
    assert again.json()["events"] == first.json()["events"]
    assert first.json()["command_id"] == "retry-1"
    assert api.runtime.engine.head[0] == head


def test_same_key_other_content_is_409(api: Api) -> None:
    assert api.post("ct1", "/incidents", INCIDENT, key="retry-2").status_code == 200
    other = api.post("ct1", "/incidents", {**INCIDENT, "priority": 2}, key="retry-2")
    assert other.status_code == 409
    assert other.json()["field"] == "Idempotency-Key"


def test_without_key_each_post_is_new(api: Api) -> None:
    a = api.post("ct1", "/incidents", INCIDENT).json()
    b = api.post("ct1", "/incidents", INCIDENT).json()
    assert a["command_id"] != b["command_id"]


def test_422_names_the_field(api: Api) -> None:
    r = api.post("ct1", "/incidents", {**INCIDENT, "priority": "high"})
    assert r.status_code == 422
    assert r.json()["field"] == "priority" and r.json()["reason"] == "invalid"
    r = api.post("ct1", "/incidents", {**INCIDENT, "priority": 12})  # the domain's rule
    assert r.status_code == 422 and r.json()["field"] == "priority"
    r = api.post("ct1", "/incidents", {**INCIDENT, "surprise": 1})
    assert r.status_code == 422 and r.json()["field"] == "surprise"
    r = api.post("ct1", "/incidents", {**INCIDENT, "address": "bad\x00byte"})
    assert r.status_code == 422 and r.json()["field"] == "address"
    r = api.client.post("/api/v1/incidents", content=b"{not json", headers=api.headers("ct1"))
    assert r.status_code == 422


def test_404_409_and_stale_version(api: Api) -> None:
    r = api.post("disp1", "/units/NOPE/dispatch", {"incident": "2026-999999"})
    assert r.status_code == 404 and r.json()["reason"] == "not_found"
    incident = api.ok("ct1", "/incidents", INCIDENT)["events"][0]["payload"]["incident"]
    assert api.post("disp1", "/units/1A13/dispatch", {"incident": incident}).status_code == 200
    busy = api.post("disp1", "/units/1A13/dispatch", {"incident": incident})
    assert busy.status_code == 409 and "already assigned" in busy.json()["detail"]
    version = api.get("disp1", f"/incidents/{incident}").json()["version"]
    stale = api.post(
        "ct1",
        f"/incidents/{incident}/remarks",
        {"text": "x"},
        **{"X-Expected-Version": str(version - 1)},
    )
    assert stale.status_code == 409
    fresh = api.post(
        "ct1",
        f"/incidents/{incident}/remarks",
        {"text": "x"},
        **{"X-Expected-Version": str(version)},
    )
    assert fresh.status_code == 200


def test_unit_login_acts_only_for_its_own_unit(api: Api) -> None:
    incident = api.ok("ct1", "/incidents", INCIDENT)["events"][0]["payload"]["incident"]
    api.ok("disp1", "/units/1A13/dispatch", {"incident": incident})
    r = api.post("crew1a12", "/units/1A13/enroute")
    assert r.status_code == 403


def test_role_header_picks_a_held_role(api: Api) -> None:
    assert api.get("root", "/me", role="commander").json()["role"] == "commander"
    assert api.get("root", "/me").json()["role"] == "admin"  # the first role by default
    assert api.get("root", "/me", role="unit").status_code == 403
    assert api.get("root", "/me", role="wizard").status_code == 422
    r = api.post("root", "/incidents", INCIDENT, role="admin")
    assert r.status_code == 403 and "call_taker" in r.json()["detail"]
    assert api.post("root", "/incidents", INCIDENT, role="call_taker").status_code == 200


def test_deactivated_user_is_shut_out_at_once(api: Api) -> None:
    api.login("rec1")
    assert api.get("rec1", "/me").status_code == 200
    api.ok("admin", "/users/rec1/deactivate", {"reason": "left"})
    assert api.get("rec1", "/me").status_code == 401


def test_failed_logins_are_rate_limited(api: Api) -> None:
    form = {"username": "disp1", "password": "wrong password"}
    codes = [api.client.post("/api/v1/auth/token", data=form).status_code for _ in range(6)]
    assert codes == [401] * 5 + [429]
    r = api.client.post("/api/v1/auth/token", data={**form, "password": "correct horse battery"})
    assert r.status_code == 429 and int(r.headers["Retry-After"]) > 0
    ok = api.client.post(
        "/api/v1/auth/token", json={"username": "sgt1", "password": "correct horse battery"}
    )
    assert ok.status_code == 200 and ok.json()["token_type"] == "bearer"


def test_errors_are_json_never_500(api: Api) -> None:
    r = api.client.get("/api/v1/nope", headers=api.headers("disp1"))
    assert r.status_code == 404 and r.json()["reason"] == "not_found"
    r = api.client.delete("/api/v1/incidents", headers=api.headers("disp1"))
    assert r.status_code == 405


def test_metrics_count_commands(api: Api) -> None:
    api.post("ct1", "/incidents", INCIDENT)
    text = api.client.get("/metrics", headers=api.headers("admin")).text
    assert 'tenfour_commands_total{outcome="accepted",type="CreateIncident"}' in text
    assert "tenfour_command_seconds_bucket" in text
    assert "tenfour_stream_subscribers" in text and "tenfour_journal_lag_events" in text
