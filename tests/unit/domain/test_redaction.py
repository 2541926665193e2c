"""The public redaction rules: the allow-list, known streets only, the delay from the record
time, keyed public ids, grid cells."""

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
    public_id,
    publish,
    to_minute,
)

STREETS = {"mannerheimintie": "Mannerheimintie", "kaivokatu": "Kaivokatu", "mainst": "Main St"}


class Streets:
    """A gazetteer of three streets, known by a folded key."""

    def street(self, name: str) -> str | None:
        return STREETS.get("".join(ch for ch in name.lower() if ch.isalnum() and ch.isascii()))

    def verifies(self, address: str, lat: float, lon: float) -> bool:
        return False


KNOWN = Streets()
POLICY = RedactionPolicy(
    delay_minutes=15,
    public_types={"disturbance": "Disturbance", "assault": "Assault"},
    streets=KNOWN,
    id_key=b"k" * 32,
)
RECORDED = "2026-11-25T14:00:00.000Z"


def facts(**kw: object) -> IncidentFacts:
    base: dict[str, object] = {
        "incident": "2026-000001",
        "type_code": "disturbance",
        "priority": 2,
        "received_at": "2026-11-25T13:59:00.000Z",
        "recorded_at": RECORDED,
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
        ("mannerheimintie 15", "0 block of Mannerheimintie"),
        ("1234 Main St.", "1200 block of Main St"),
        ("Smith residence, Kaivokatu 52a", "0 block of Kaivokatu"),
        ("Hotel Kamp, room 412, Kaivokatu 9", "0 block of Kaivokatu"),
        ("Matti Virtanen 12, Mannerheimintie 5", "0 block of Mannerheimintie"),
    ],
)
def test_a_known_street_number_becomes_its_block(address: str, block: str) -> None:
    assert block_of(address, KNOWN) == block


@pytest.mark.parametrize(
    "address",
    [
        "Hotel Kamp room 412",
        "room 412",
        "Matti Virtanen 12",
        "Naisten Turvakoti 3",
        "\u041c\u0430nnerheimintie 5",  # a Cyrillic M
        "Nonexistent Road 999",
    ],
)
def test_a_street_the_gazetteer_does_not_know_is_never_published(address: str) -> None:
    assert block_of(address, KNOWN) is None
    loc = generalise(address, 60.1675, 24.9525, streets=KNOWN)
    assert loc.precision == "grid" and address.split()[0] not in loc.text


def test_an_intersection_of_known_streets_stays_an_intersection() -> None:
    assert intersection_of("mannerheimintie & kaivokatu", KNOWN) == "Mannerheimintie & Kaivokatu"
    assert generalise("Mannerheimintie / Kaivokatu", None, None, streets=KNOWN).precision == (
        "intersection"
    )
    assert intersection_of("Mannerheimintie & Anna Smith", KNOWN) is None


def test_without_a_gazetteer_only_the_grid_cell_is_shown_never_the_point() -> None:
    loc = generalise("Mannerheimintie 5", 60.1675, 24.9525)
    assert loc.precision == "grid" and loc.cell and "Mannerheimintie" not in loc.text
    assert loc.lat is not None and loc.lon is not None
    assert (loc.lat, loc.lon) != (60.1675, 24.9525)
    assert distance_m(Point(loc.lat, loc.lon), Point(60.1675, 24.9525)) < 250


def test_grid_cells_are_about_the_size_asked() -> None:
    a = grid_cell(60.1699, 24.9384, 250)
    b = grid_cell(60.1699 + 250 / 111_320, 24.9384, 250)
    assert a[0] != b[0]
    assert 200 < distance_m(Point(a[1], a[2]), Point(b[1], b[2])) < 300
    assert grid_cell(60.16991, 24.93841)[0] == a[0]


def test_no_known_address_and_no_position_is_withheld() -> None:
    assert generalise("somewhere", None, None, streets=KNOWN).precision == "withheld"


def test_the_delay_counts_from_the_record_time_not_the_ring_time() -> None:
    backdated = facts(received_at="2026-11-24T00:00:00.000Z")
    assert publish(backdated, "2026-11-25T14:14:59.999Z", POLICY) is None
    shown = publish(backdated, "2026-11-25T14:15:00.000Z", POLICY)
    assert shown is not None and shown.received == "2026-11-25T14:00Z"  # implausible ring: record
    plausible = publish(facts(), "2026-11-25T14:15:00.000Z", POLICY)
    assert plausible is not None and plausible.received == "2026-11-25T13:59Z"


def test_a_ring_time_in_year_9999_is_not_shown() -> None:
    shown = publish(facts(received_at="9999-12-31T23:59:59.999Z"), "2026-12-01T00:00Z", POLICY)
    assert shown is not None and shown.received == "2026-11-25T14:00Z"


@pytest.mark.parametrize(
    "code",
    [
        "sexual_assault", "sex_assault", "rape_report", "dv", "domestic", "child_abuse_report",
        "officer_involved_shooting", "suicide_threat", "Disturbance", "disturbance ",
        "d\u0456sturbance",  # a Cyrillic i
        "John Smith is at it again!", "other", "",
    ],
)  # fmt: skip
def test_only_types_on_the_allow_list_are_published(code: str) -> None:
    assert publish(facts(type_code=code), "2026-12-01T00:00:00.000Z", POLICY) is None


def test_a_published_type_shows_its_public_label() -> None:
    shown = publish(facts(type_code="assault"), "2026-12-01T00:00:00.000Z", POLICY)
    assert shown is not None and shown.type_code == "Assault"


def test_the_public_id_is_a_keyed_hash_not_the_incident_number() -> None:
    shown = publish(facts(), "2026-12-01T00:00:00.000Z", POLICY)
    assert shown is not None and "000001" not in shown.incident
    assert shown.incident == public_id("2026-000001", b"k" * 32)
    assert public_id("2026-000001", b"other key") != shown.incident
    assert public_id("2026-000002", b"k" * 32) != shown.incident


def test_to_minute() -> None:
    assert to_minute("2026-11-25T14:55:59.999Z") == "2026-11-25T14:55Z"
