"""Geocoder tests on the shipped Helsinki addresses, with typos and abbreviations."""

from __future__ import annotations

import random

import pytest

from tenfour.geo.addresses import number_key, parse_query, street_key
from tenfour.geo.city import City, load_city


@pytest.fixture(scope="module")
def city() -> City:
    return load_city()


def _real_addresses(city: City, count: int = 40) -> list[tuple[str, str]]:
    rows = sorted(
        (a.street, a.housenumber)
        for s in city.geocoder._streets.values()
        for a in s.numbers.values()
        if len(a.street) >= 8 and "-" not in a.housenumber
    )
    return random.Random(7).sample(rows, count)


def _swap(word: str, at: int) -> str:
    return word[:at] + word[at + 1] + word[at] + word[at + 2 :]


def _drop(word: str, at: int) -> str:
    return word[:at] + word[at + 1 :]


PERTURBATIONS = [
    ("exact", lambda s: s),
    ("upper", str.upper),
    ("lower", str.lower),
    ("swapped letters", lambda s: _swap(s, len(s) // 2)),
    ("dropped letter", lambda s: _drop(s, len(s) // 2)),
]


@pytest.mark.parametrize(("name", "perturb"), PERTURBATIONS, ids=[p[0] for p in PERTURBATIONS])
def test_real_addresses_survive_perturbation(city: City, name: str, perturb) -> None:
    misses = []
    for street, number in _real_addresses(city):
        result = city.geocoder.geocode(f"{perturb(street)} {number}")
        if result is None or result.address != f"{street} {number}":
            misses.append((street, number, result and result.address))
    assert not misses, f"{name}: {misses}"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("mannerheimint. 10", "Mannerheimintie 10"),
        ("Mannerheimin t 10", "Mannerheimintie 10"),
        ("Kalevank. 10", "Kalevankatu 10"),
        ("KALEVAN K 10", "Kalevankatu 10"),
        ("Pohjoisespa 11", "Pohjoisesplanadi 11"),
        ("yrjonkatu 34", "Yrjönkatu 34"),
        ("Kalevankatu 3b", "Kalevankatu 3 B"),
        ("Kalevankatu 10, 00100 Helsinki", "Kalevankatu 10"),
    ],
)
def test_abbreviations_and_forms(city: City, typed: str, expected: str) -> None:
    result = city.geocoder.geocode(typed)
    assert result is not None
    assert result.address == expected
    assert result.verified


def test_exact_is_verified_with_full_confidence(city: City) -> None:
    result = city.geocoder.geocode("Kalevankatu 10")
    assert result is not None
    assert result.verified
    assert result.confidence == 1.0
    assert result.postcode == "00100"
    assert abs(result.lat - 60.1671) < 0.001


def test_number_inside_a_range_is_verified(city: City) -> None:
    result = city.geocoder.geocode("Pohjoisesplanadi 13")
    assert result is not None
    assert result.verified
    assert 0.8 <= result.confidence < 1.0


def test_missing_house_number_gives_street_with_lower_confidence(city: City) -> None:
    result = city.geocoder.geocode("Bulevardi")
    assert result is not None
    assert result.address == "Bulevardi"
    assert not result.verified
    assert result.confidence <= 0.5


def test_unknown_number_falls_back_to_nearest_and_is_not_verified(city: City) -> None:
    result = city.geocoder.geocode("Bulevardi 99")
    assert result is not None
    assert not result.verified
    assert result.confidence < 0.8
    assert result.suggestions
    assert all(s.address.startswith("Bulevardi") for s in result.suggestions[:3])
    nearest = result.suggestions[0]
    assert result.approximate == nearest.address  # says whose position it took
    assert (result.lat, result.lon) == (nearest.lat, nearest.lon)


def test_only_an_unknown_number_is_approximate(city: City) -> None:
    unknown = city.geocoder.geocode("Mannerheimintie 999")
    assert unknown is not None and unknown.approximate == "Mannerheimintie 13 A"
    assert unknown.address == "Mannerheimintie 999" and not unknown.verified
    for exact in ("Kalevankatu 10", "Pohjoisesplanadi 13", "Bulevardi", "Stockmann"):
        found = city.geocoder.geocode(exact)
        assert found is not None and found.approximate is None, exact


def test_street_without_addresses_is_found(city: City) -> None:
    result = city.geocoder.geocode("Kaisaniementie")
    assert result is not None
    assert result.address == "Kaisaniementie"


def test_nonsense_finds_nothing(city: City) -> None:
    assert city.geocoder.geocode("qqqq zzzz 1") is None
    assert city.geocoder.geocode("") is None


def test_suggest_is_prefix_based(city: City) -> None:
    geocoder = city.geocoder
    found = geocoder.suggest("mannerheimint 1")  # speed: measured in the benchmarks
    assert found
    assert all(s.address.startswith("Mannerheimintie 1") for s in found)
    assert len(geocoder.suggest("a", limit=3)) <= 3
    espa = [s.address for s in geocoder.suggest("espa")]
    assert espa == [
        "Eteläesplanadi",
        "Pohjoisesplanadi",
        "Esplanadinpuisto",
    ]  # streets, then places


def test_reverse_finds_the_nearest_address(city: City) -> None:
    forward = city.geocoder.geocode("Kalevankatu 10")
    assert forward is not None
    back = city.geocoder.reverse(forward.lat + 0.00002, forward.lon)
    assert back is not None
    assert back.address == "Kalevankatu 10"
    assert back.distance_m < 5


def test_key_helpers() -> None:
    assert street_key("Alvar Aallon katu") == street_key("alvar aallonkatu")
    assert street_key("Main St.") == street_key("main street")
    assert street_key("Oak rd") == "oakroad"
    assert number_key("20b") == number_key("20 B") == "20 B"
    assert parse_query("10 Main St").number == "10"
    assert parse_query("10 Main St").street == "Main St"
    assert parse_query("Annankatu 5 b, Helsinki").number == "5 B"
