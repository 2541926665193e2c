"""The city gazetteer: exact street names only, verified addresses near their point."""

from __future__ import annotations

import pytest

from tenfour.geo.gazetteer import CityGazetteer


@pytest.fixture(scope="module")
def gazetteer() -> CityGazetteer:
    return CityGazetteer.load()


def test_known_streets_are_named_in_the_gazetteers_spelling(gazetteer: CityGazetteer) -> None:
    assert gazetteer.street("mannerheimintie") == "Mannerheimintie"
    assert gazetteer.street("MANNERHEIMINTIE") == "Mannerheimintie"


@pytest.mark.parametrize(
    "name", ["room", "Hotel Kämp room", "Matti Virtanen", "Naisten Turvakoti", "\u041c\u0430nnerheimintie",
             "Mannerheimintiee", "Nonexistent Road", ""],
)  # fmt: skip
def test_anything_else_is_unknown(gazetteer: CityGazetteer, name: str) -> None:
    assert gazetteer.street(name) is None


def test_an_address_is_verified_only_at_its_place(gazetteer: CityGazetteer) -> None:
    assert gazetteer.verifies("Mannerheimintie 5", 60.1695, 24.94)
    assert not gazetteer.verifies("Mannerheimintie 5", 60.20, 24.94)  # 3 km off
    assert not gazetteer.verifies("Nonexistent Road 999", 60.1695, 24.94)
