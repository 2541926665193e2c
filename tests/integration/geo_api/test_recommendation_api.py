"""Recommendations from live state, recorded through the engine; overrides need a reason."""

from __future__ import annotations

from tests.integration.geo_api.conftest import GeoApi

NEAR_S1 = {"address": "Korkeavuorenkatu 26", "lat": 60.16514, "lon": 24.94522, "verified": True}


def _fire(geo_api: GeoApi) -> str:
    return geo_api.incident(type_code="structure_fire", priority=1, agency="MFD", **NEAR_S1)


def test_structure_fire_gets_the_run_card_with_etas_and_reasons(geo_api: GeoApi) -> None:
    ident = _fire(geo_api)
    response = geo_api.post(f"/incidents/{ident}/recommendation")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["card"] == "structure_fire" and body["unfilled"] == []
    slots = [p["slot"] for p in body["picks"]]
    assert slots == ["engine", "engine", "ladder", "chief"]
    first = body["picks"][0]
    assert first["unit"] in {"E1", "E2"} and first["eta_s"] < 120
    assert first["reason"].startswith(f"{first['unit']}, engine, ") and "by road" in first["reason"]
    assert body["seq"] is not None
    detail = geo_api.get(f"/incidents/{ident}").json()
    assert detail["version"] >= 1


def test_dispatching_outside_the_recommendation_needs_a_reason(geo_api: GeoApi) -> None:
    ident = _fire(geo_api)
    picks = [p["unit"] for p in geo_api.post(f"/incidents/{ident}/recommendation").json()["picks"]]
    other = next(u for u in ("E3", "E4") if u not in picks)
    refused = geo_api.post(f"/units/{other}/dispatch", {"incident": ident})
    assert refused.status_code == 422 and refused.json()["field"] == "reason"
    sent = geo_api.post(
        f"/units/{other}/dispatch", {"incident": ident, "reason": "E1 crew at drill"}
    )
    assert sent.status_code == 200, sent.text
    assert sent.json()["events"][0]["payload"]["reason"] == "E1 crew at drill"
    assert geo_api.post(f"/units/{picks[0]}/dispatch", {"incident": ident}).status_code == 200


def _dispatch_all(geo_api: GeoApi, ident: str) -> set[str]:
    picks = geo_api.post(f"/incidents/{ident}/recommendation").json()["picks"]
    for pick in picks:
        answer = geo_api.post(f"/units/{pick['unit']}/dispatch", {"incident": ident})
        assert answer.status_code == 200, answer.text
    return {p["unit"] for p in picks}


def test_busy_units_are_not_recommended_and_unfilled_slots_are_explained(geo_api: GeoApi) -> None:
    assert _dispatch_all(geo_api, _fire(geo_api)) == {"E1", "E2", "L1", "C1"}
    assert _dispatch_all(geo_api, _fire(geo_api)) == {"E3", "E4", "L2", "C2"}
    body = geo_api.post(f"/incidents/{_fire(geo_api)}/recommendation").json()
    assert body["picks"] == []
    assert [u["slot"] for u in body["unfilled"]] == ["engine", "ladder", "chief"]
    assert body["unfilled"][0]["missing"] == 2
    assert "no available engine" in body["unfilled"][0]["why"]


def test_recommendation_refusals(geo_api: GeoApi) -> None:
    assert geo_api.post("/incidents/2026-999999/recommendation").status_code == 404
    unlocated = geo_api.incident()
    refused = geo_api.post(f"/incidents/{unlocated}/recommendation")
    assert refused.status_code == 422 and "no position" in refused.json()["detail"]
    located = _fire(geo_api)
    assert geo_api.post(f"/incidents/{located}/recommendation", user="records").status_code == 403
