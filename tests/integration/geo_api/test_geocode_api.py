"""Geocoding over the API: forward with confidence and suggestions, autocomplete, reverse."""

from __future__ import annotations

import pytest

from tests.integration.geo_api.conftest import GeoApi


def test_exact_address_is_verified_with_full_confidence(geo_api: GeoApi) -> None:
    body = geo_api.get("/geocode", q="mannerheimintie 20 b").json()
    assert body["found"] and body["verified"]
    assert body["address"] == "Mannerheimintie 20 B"
    assert body["confidence"] == pytest.approx(1.0)
    assert 60.16 < body["lat"] < 60.18 and 24.93 < body["lon"] < 24.96


def test_misspelt_address_is_found_with_lower_confidence(geo_api: GeoApi) -> None:
    body = geo_api.get("/geocode", q="Manerheimintie 20").json()
    assert body["found"] and body["address"].startswith("Mannerheimintie 20")
    assert body["confidence"] < 1.0


def test_nonsense_is_not_found(geo_api: GeoApi) -> None:
    body = geo_api.get("/geocode", q="qqqq zzzz").json()
    assert body == {
        "query": "qqqq zzzz",
        "found": False,
        "address": None,
        "lat": None,
        "lon": None,
        "postcode": "",
        "confidence": 0.0,
        "verified": False,
        "suggestions": [],
        "approximate": None,
    }


def test_geocoding_needs_a_token_and_a_query(geo_api: GeoApi) -> None:
    assert geo_api.get("/geocode", user="", q="Bulevardi 10").status_code == 401
    refused = geo_api.get("/geocode")
    assert refused.status_code == 422 and refused.json()["field"] == "q"


def test_suggest_completes_streets_and_numbers(geo_api: GeoApi) -> None:
    streets = geo_api.get("/geocode/suggest", q="Bulev", limit=3).json()["suggestions"]
    assert streets and streets[0]["address"] == "Bulevardi"
    numbers = geo_api.get("/geocode/suggest", q="Bulevardi 1", limit=5).json()["suggestions"]
    assert 1 <= len(numbers) <= 5
    assert all(s["address"].startswith("Bulevardi 1") for s in numbers)
    assert geo_api.get("/geocode/suggest", q="Bulev", limit=0).status_code == 422


def test_reverse_finds_the_nearest_address(geo_api: GeoApi) -> None:
    spot = geo_api.city.geocoder.geocode("Kaivokatu 8")
    assert spot is not None
    body = geo_api.get("/geocode/reverse", lat=spot.lat, lon=spot.lon).json()
    assert body["address"] == "Kaivokatu 8" and body["distance_m"] < 1.0
    assert geo_api.get("/geocode/reverse", lat=91, lon=24.9).status_code == 422
