"""Calls arrive as a Poisson process following the day's curve."""

from __future__ import annotations

import itertools
import math
import random

import pytest

from tenfour.sim.curve import FLAT, HOURLY_WEIGHTS, DayCurve


def _arrivals(curve: DayCurve, seed: int, days: int) -> list[float]:
    rng, t, out = random.Random(seed), 0.0, []
    while True:
        t = curve.next_arrival(rng, t)
        if t >= days * 86_400:
            return out
        out.append(t)


def test_weights_average_one_and_have_a_night_trough_and_evening_peak() -> None:
    assert len(HOURLY_WEIGHTS) == 24 and sum(HOURLY_WEIGHTS) == pytest.approx(24.0)
    assert min(HOURLY_WEIGHTS) == HOURLY_WEIGHTS[4] < 0.5
    assert max(HOURLY_WEIGHTS) == HOURLY_WEIGHTS[17] > 1.4


def test_hourly_counts_follow_the_curve_within_tolerance() -> None:
    days, rate = 60, 12.0
    counts = [0] * 24
    for t in _arrivals(DayCurve(rate), seed=7, days=days):
        counts[int(t // 3600) % 24] += 1
    for hour, count in enumerate(counts):
        expected = days * rate * HOURLY_WEIGHTS[hour]
        assert abs(count - expected) < 4 * math.sqrt(expected), (hour, count, expected)
    total = days * 24 * rate
    assert abs(sum(counts) - total) < 4 * math.sqrt(total)


def test_start_hour_shifts_the_curve() -> None:
    curve = DayCurve(10.0, start_hour=17.5)
    assert curve.hour_at(0) == 17 and curve.hour_at(1800) == 18 and curve.hour_at(7 * 3600) == 0
    assert curve.rate_at(0) == pytest.approx(10.0 / 3600 * HOURLY_WEIGHTS[17])


def test_flat_curve_gives_exponential_gaps_at_the_rate() -> None:
    arrivals = _arrivals(DayCurve(3600.0, weights=FLAT), seed=1, days=1)
    gaps = [b - a for a, b in itertools.pairwise(arrivals)]
    assert len(arrivals) == pytest.approx(86_400, rel=0.02)
    assert sum(gaps) / len(gaps) == pytest.approx(1.0, rel=0.02)


def test_same_seed_same_arrivals() -> None:
    curve = DayCurve(12.0)
    assert _arrivals(curve, 3, 2) == _arrivals(curve, 3, 2) != _arrivals(curve, 4, 2)


def test_bad_curves_are_refused() -> None:
    with pytest.raises(ValueError, match="positive"):
        DayCurve(0)
    with pytest.raises(ValueError, match="24"):
        DayCurve(1.0, weights=(1.0,) * 23)
