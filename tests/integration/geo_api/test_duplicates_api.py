"""Duplicate-call proposals over the API."""

from __future__ import annotations

from tests.integration.geo_api.conftest import GeoApi

LAT, LON = 60.1690, 24.9400


def test_incident_proposes_the_open_incident_nearby(geo_api: GeoApi) -> None:
    first = geo_api.incident(lat=LAT, lon=LON, verified=True)
    second = geo_api.incident(lat=LAT + 0.0009, lon=LON, verified=True)  # ~100 m north
    geo_api.incident(lat=LAT + 0.01, lon=LON)  # ~1.1 km away
    body = geo_api.get(f"/incidents/{second}/duplicates").json()
    assert body["radius_m"] == 200 and body["window_s"] == 600
    [proposal] = body["proposals"]
    assert proposal["incident"] == first
    assert 95 < proposal["distance_m"] < 105 and 0 <= proposal["age_s"] < 60
    assert proposal["address"] == "Bulevardi 10" and proposal["type_code"] == "disturbance"
    narrow = geo_api.get(f"/incidents/{second}/duplicates", radius_m=50).json()
    assert narrow["proposals"] == []


def test_a_call_not_yet_entered_gets_proposals_nearest_first(geo_api: GeoApi) -> None:
    far = geo_api.incident(lat=LAT + 0.0015, lon=LON)
    near = geo_api.incident(lat=LAT + 0.0002, lon=LON)
    body = geo_api.get("/duplicates", lat=LAT, lon=LON).json()
    assert [p["incident"] for p in body["proposals"]] == [near, far]


def test_unknown_incident_and_bad_parameters_are_refused(geo_api: GeoApi) -> None:
    assert geo_api.get("/incidents/2026-999999/duplicates").status_code == 404
    assert geo_api.get("/duplicates", lat=LAT, lon=LON, radius_m=0).status_code == 422
    bad_time = geo_api.get("/duplicates", lat=LAT, lon=LON, at="yesterday")
    assert bad_time.status_code == 422 and "at" in bad_time.json()["detail"]


def test_unlocated_incident_has_no_proposals(geo_api: GeoApi) -> None:
    geo_api.incident(lat=LAT, lon=LON)
    lost = geo_api.incident()
    assert geo_api.get(f"/incidents/{lost}/duplicates").json()["proposals"] == []
