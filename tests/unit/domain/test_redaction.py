"""The public redaction rules: blocks, intersections, grid cells, withheld types, the delay."""

from __future__ import annotations

import pytest

from tenfour.domain.geometry import Point, distance_m
from tenfour.domain.redaction import (
    IncidentFacts,
    RedactionPolicy,
    block_of,
    generalise,
    grid_cell,
    intersection_of,
    public_type,
    publish,
    to_minute,
)

POLICY = RedactionPolicy(delay_minutes=15, withheld_types=frozenset({"sexual_assault"}))


def facts(**kw: object) -> IncidentFacts:
    base: dict[str, object] = {
        "incident": "2026-000001",
        "type_code": "disturbance",
        "priority": 2,
        "received_at": "2026-11-25T14:00:00.000Z",
        "address": "Mannerheimintie 123 B 4, Helsinki",
        "lat": 60.1699,
        "lon": 24.9384,
    }
    base.update(kw)
    return IncidentFacts(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("address", "block"),
    [
        ("Mannerheimintie 123 B 4, Helsinki", "100 block of Mannerheimintie"),
        ("Mannerheimintie 15", "0 block of Mannerheimintie"),
        ("1234 Main St.", "1200 block of Main St"),
        ("Smith residence, Aleksanterinkatu 52a", "0 block of Aleksanterinkatu"),
        ("St. John's Road 250", "200 block of St. John's Road"),
    ],
)
def test_a_house_number_becomes_its_block(address: str, block: str) -> None:
    assert block_of(address) == block


def test_an_intersection_stays_an_intersection() -> None:
    assert intersection_of("Mannerheimintie & Kaivokatu") == "Mannerheimintie & Kaivokatu"
    assert generalise("Mannerheimintie / Kaivokatu", None, None).precision == "intersection"


def test_without_a_house_number_the_grid_cell_is_shown_never_the_point() -> None:
    loc = generalise("Kauppatori market", 60.1675, 24.9525)
    assert loc.precision == "grid" and loc.cell and "Kauppatori" not in loc.text
    assert loc.lat is not None and loc.lon is not None
    assert (loc.lat, loc.lon) != (60.1675, 24.9525)
    assert distance_m(Point(loc.lat, loc.lon), Point(60.1675, 24.9525)) < 250


def test_grid_cells_are_about_the_size_asked() -> None:
    a = grid_cell(60.1699, 24.9384, 250)
    b = grid_cell(60.1699 + 250 / 111_320, 24.9384, 250)
    assert a[0] != b[0]
    assert 200 < distance_m(Point(a[1], a[2]), Point(b[1], b[2])) < 300
    assert grid_cell(60.16991, 24.93841)[0] == a[0]


def test_no_address_and_no_position_is_withheld() -> None:
    assert generalise("somewhere", None, None).precision == "withheld"


def test_nothing_is_published_before_the_delay() -> None:
    assert publish(facts(), "2026-11-25T14:14:59.999Z", POLICY) is None
    shown = publish(facts(), "2026-11-25T14:15:00.000Z", POLICY)
    assert shown is not None and shown.received == "2026-11-25T14:00Z"


def test_withheld_types_are_never_published() -> None:
    assert publish(facts(type_code="sexual_assault"), "2026-12-01T00:00:00.000Z", POLICY) is None
    assert publish(facts(type_code="Sexual Assault"), "2026-12-01T00:00:00.000Z", POLICY) is None


def test_free_text_types_become_other() -> None:
    assert public_type("disturbance") == "disturbance"
    assert public_type("John Smith is at it again!") == "other"


def test_to_minute() -> None:
    assert to_minute("2026-11-25T14:55:59.999Z") == "2026-11-25T14:55Z"
