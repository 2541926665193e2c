"""First contact: health, login, one command, one query."""

from __future__ import annotations

from tests.integration.api.world import CENTRE, Api


def test_health_needs_no_token(api: Api) -> None:
    r = api.client.get("/healthz")
    assert r.status_code == 200
    assert r.json()["engine_running"] is True
    assert r.json()["head_seq"] > 0


def test_a_single_node_leads_is_ready_and_names_itself(api: Api) -> None:
    ready = api.client.get("/readyz")
    body = ready.json()
    assert ready.status_code == 200 and body["ready"] and body["role"] == "leader"
    assert body["reason"] == "" and body["leader"] is None and body["applied_seq"] > 0
    assert api.client.get("/readyz?role=leader").status_code == 200
    assert ready.headers["x-tenfour-node"] == body["node"]
    assert api.client.get("/healthz").json()["role"] == "leader"
    metrics = api.client.get("/metrics", headers=api.headers("admin")).text
    assert "tenfour_node_leader 1.0" in metrics and "tenfour_node_ready 1.0" in metrics


def test_create_incident_and_read_it_back(api: Api) -> None:
    body = {
        "type_code": "disturbance",
        "priority": 2,
        "address": "Street 1",
        "lat": CENTRE[0],
        "lon": CENTRE[1],
    }
    out = api.ok("ct1", "/incidents", body)
    assert out["accepted"] and not out["duplicate"]
    incident = out["events"][0]["payload"]["incident"]
    r = api.get("disp1", f"/incidents/{incident}")
    assert r.status_code == 200, r.text
    assert r.json()["calls"][0]["call_taker"] == "ct1"
    assert [row["id"] for row in api.get("disp1", "/queue").json()] == [incident]
