"""AVL tracks for playback, and the offline map's data."""

from __future__ import annotations

import gzip
import json

from tests.integration.geo_api.conftest import GeoApi


def _report(geo_api: GeoApi, lat: float, lon: float) -> str:
    response = geo_api.post("/units/1A12/position", {"lat": lat, "lon": lon, "speed_kmh": 30})
    assert response.status_code == 200, response.text
    return str(response.json()["events"][0]["at"])


def test_track_returns_positions_in_order_and_by_time(geo_api: GeoApi) -> None:
    times = [_report(geo_api, lat, 24.94) for lat in (60.170, 60.171, 60.172)]
    _report_other = geo_api.post("/units/1A13/position", {"lat": 60.1, "lon": 24.9})
    assert _report_other.status_code == 200
    points = geo_api.get("/units/1A12/track").json()["points"]
    assert [p["lat"] for p in points] == [60.170, 60.171, 60.172]
    assert [p["at"] for p in points] == times and points[0]["speed_kmh"] == 30
    later = geo_api.get("/units/1A12/track", since=times[1]).json()["points"]
    assert [p["at"] for p in later] == times[1:]
    window = geo_api.get("/units/1A12/track", since=times[0], until=times[1]).json()["points"]
    assert len(window) == 2
    assert len(geo_api.get("/units/1A12/track", limit=1).json()["points"]) == 1
    more = _report(geo_api, 60.175, 24.95)  # the index catches up with new reports
    assert geo_api.get("/units/1A12/track").json()["points"][-1]["at"] == more


def test_track_refusals(geo_api: GeoApi) -> None:
    assert geo_api.get("/units/NOPE/track").status_code == 404
    bad = geo_api.get("/units/1A12/track", since="last tuesday")
    assert bad.status_code == 422 and "since" in bad.json()["detail"]
    assert geo_api.get("/units/1A12/track", user="").status_code == 401


def test_streets_are_geojson_gzip_or_plain(geo_api: GeoApi) -> None:
    zipped = geo_api.client.get("/api/v1/map/streets", headers={"Accept-Encoding": "gzip"})
    assert zipped.status_code == 200 and zipped.headers["content-encoding"] == "gzip"
    assert zipped.json()["type"] == "FeatureCollection"  # the client inflates it
    plain = geo_api.client.get("/api/v1/map/streets", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    assert json.loads(plain.content) == zipped.json()
    assert plain.content == gzip.decompress(geo_api.city.streets_geojson.read_bytes())


def test_buildings_are_served_as_geojson(geo_api: GeoApi) -> None:
    zipped = geo_api.client.get("/api/v1/map/buildings", headers={"Accept-Encoding": "gzip"})
    assert zipped.status_code == 200 and zipped.headers["content-encoding"] == "gzip"
    assert zipped.json()["features"][0]["geometry"]["type"] == "Polygon"
    assert "OpenStreetMap" in zipped.json()["attribution"]


def test_map_info_has_bounds_stations_hospitals_and_attribution(geo_api: GeoApi) -> None:
    body = geo_api.client.get("/api/v1/map/info").json()
    assert body["attribution"] == "© OpenStreetMap contributors (ODbL)"
    bounds = body["bounds"]
    assert bounds["south"] < body["center"][0] < bounds["north"]
    assert {s["kind"] for s in body["stations"]} == {"fire", "police", "ems"}
    assert any(h["kind"] == "hospital" for h in body["hospitals"])


def test_unit_eta_is_the_drive_by_road_to_its_incident(geo_api: GeoApi) -> None:
    ident = geo_api.incident(
        type_code="structure_fire",
        priority=1,
        agency="MFD",
        address="Korkeavuorenkatu 26",
        lat=60.16514,
        lon=24.94522,
        verified=True,
    )
    assert geo_api.get("/units/E1/eta").status_code == 404  # not on an incident yet
    assert geo_api.post("/units/E1/dispatch", {"incident": ident}).status_code == 200
    response = geo_api.get("/units/E1/eta")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["incident"] == ident and body["seconds"] > 0 and body["meters"] > 0
    assert len(body["route"]) >= 2
    assert geo_api.get("/units/NOPE/eta").status_code == 404
