"""Run-card filling: fastest qualifying units, no unit twice, reasons, unfilled slots."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tenfour.domain.run_cards import (
    Candidate,
    RunCard,
    Slot,
    fill_run_card,
    format_duration,
    run_card_book_from_dict,
)

RUNCARDS = Path(__file__).resolve().parents[3] / "src" / "tenfour" / "data" / "runcards.json"


def unit(uid: str, kind: str, eta: float, *caps: str, discipline: str = "fire") -> Candidate:
    return Candidate(uid, "HFD", kind, frozenset(caps), eta, discipline)


STRUCTURE = RunCard(
    "structure_fire",
    (
        Slot("engine", 2, unit_type="engine"),
        Slot("ladder", 1, unit_type="ladder"),
        Slot("chief", 1, unit_type="chief"),
    ),
)


def test_structure_fire_takes_fastest_of_each_type() -> None:
    pool = [
        unit("E1", "engine", 300),
        unit("E2", "engine", 120),
        unit("E3", "engine", 200),
        unit("L1", "ladder", 400),
        unit("L2", "ladder", 250),
        unit("C1", "chief", 500),
    ]
    result = fill_run_card(STRUCTURE, pool)
    assert [p.unit_id for p in result.picks] == ["E2", "E3", "L2", "C1"]
    assert result.unfilled == ()
    assert result.picks[0].reason == "E2, engine, 2 min 0 s by road, nearest engine"
    assert result.picks[1].reason.endswith("2nd nearest engine")


def test_excluded_and_unreachable_units_are_skipped() -> None:
    pool = [unit("E1", "engine", 60), unit("E2", "engine", float("inf")), unit("E3", "engine", 90)]
    card = RunCard("x", (Slot("engine", 2, unit_type="engine"),))
    result = fill_run_card(card, pool, exclude={"E1"})
    assert [p.unit_id for p in result.picks] == ["E3"]
    assert result.unfilled[0].missing == 1
    assert "only 1 of 2 engine available" in result.unfilled[0].why


def test_no_unit_twice_and_capability_slot_first() -> None:
    card = RunCard(
        "p1",
        (
            Slot("supervisor", 1, capability="supervisor", discipline="police"),
            Slot("patrol", 1, discipline="police"),
        ),
    )
    pool = [
        unit("1A1", "patrol", 60, discipline="police"),
        unit("1S2", "patrol", 100, "supervisor", discipline="police"),
        unit("E1", "engine", 10),
    ]
    result = fill_run_card(card, pool)
    assert [p.unit_id for p in result.picks] == ["1S2", "1A1"]
    assert "nearest unit with supervisor" in result.picks[0].reason


def test_medical_card_from_json_reports_missing_als() -> None:
    book = run_card_book_from_dict(json.loads(RUNCARDS.read_text(encoding="utf-8")))
    card = book.card_for("medical")
    pool = [unit("M1", "ambulance", 100, discipline="ems"), unit("E1", "engine", 50)]
    result = fill_run_card(card, pool)
    assert [p.unit_id for p in result.picks] == ["E1"]
    assert result.unfilled[0].why == "ALS ambulance: no available ambulance with ALS"


def test_card_selection_falls_back_by_priority_then_discipline() -> None:
    book = run_card_book_from_dict(json.loads(RUNCARDS.read_text(encoding="utf-8")))
    assert book.card_for("structure_fire").name == "structure_fire"
    assert book.card_for("shots_fired", 1, "police").name == "police_priority_1"
    default = book.card_for("noise_complaint", 3, "police")
    assert default.name == "default_police"
    assert [(s.unit_type, s.count) for s in default.slots] == [("patrol", 1)]
    unknown = book.card_for("ice_rescue", 3, "coast_guard")
    assert unknown.slots == (Slot("nearest coast_guard unit", 1, discipline="coast_guard"),)
    assert book.discipline_of("engine") == "fire"


def test_bad_run_cards_are_refused() -> None:
    with pytest.raises(ValueError, match="count"):
        run_card_book_from_dict({"cards": {"x": {"slots": [{"count": 0}]}}})
    with pytest.raises(ValueError, match="disciplines"):
        run_card_book_from_dict({"unit_types": {"engine": "space"}})


@pytest.mark.parametrize(
    ("seconds", "text"), [(42, "42 s"), (192.4, "3 min 12 s"), (float("inf"), "unknown time")]
)
def test_format_duration(seconds: float, text: str) -> None:
    assert format_duration(seconds) == text


def test_an_untyped_medical_call_gets_an_ambulance_not_the_nearest_ems_vehicle() -> None:
    from tenfour.geo.eta_ranking import load_run_cards

    card = load_run_cards().card_for("fall", 3, "ems")
    assert card.name == "default_ems"
    assert [(s.unit_type, s.count) for s in card.slots] == [("ambulance", 1)]
    assert load_run_cards().card_for("unknown_kind", 3, "coast_guard").name == "default_coast_guard"
