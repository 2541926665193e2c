"""The call mix: police, fire and medical types in realistic proportions."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from tenfour.geo.eta_ranking import load_run_cards
from tenfour.sim.calltypes import BY_CODE, CALL_TYPES, pick_type


def test_weights_are_percentages_and_disciplines_split_62_9_29() -> None:
    assert sum(t.weight for t in CALL_TYPES) == pytest.approx(100.0)
    by = Counter[str]()
    for t in CALL_TYPES:
        by[t.discipline] += int(t.weight * 10)
    assert by == {"police": 620, "fire": 90, "ems": 290}


def test_drawn_mix_matches_the_weights() -> None:
    rng = random.Random(11)
    draws = Counter(pick_type(rng).type_code for _ in range(40_000))
    for code, count in draws.items():
        assert count / 40_000 == pytest.approx(BY_CODE[code].weight / 100, abs=0.006), code


def test_priorities_on_scene_times_and_transport_are_plausible() -> None:
    rng = random.Random(5)
    for t in CALL_TYPES:
        assert all(1 <= p <= 4 for p, _ in t.priorities)
        assert t.priority(rng) in {p for p, _ in t.priorities}
        times = [t.on_scene_s(rng) for _ in range(500)]
        assert min(times) >= 0.25 * t.on_scene_median_s and max(times) <= 4 * t.on_scene_median_s
        median = sorted(times)[250]
        assert median == pytest.approx(t.on_scene_median_s, rel=0.15)
        assert (t.transport_p > 0) == (t.discipline == "ems" or t.type_code == "traffic_collision")
        assert all(n for n in t.narratives)


def test_fire_and_medical_types_with_run_cards_use_them() -> None:
    cards = load_run_cards().cards
    for code in ("structure_fire", "vehicle_fire", "alarm_fire", "medical", "cardiac_arrest"):
        assert code in BY_CODE and code in cards
