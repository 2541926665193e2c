"""Which points ``tenfour bench history`` measures."""

from __future__ import annotations

from tenfour.bench.history import POINTS, points_for


def test_the_standard_points_by_default() -> None:
    assert points_for(None) == list(POINTS) == [10_000, 100_000, 1_000_000]


def test_max_caps_the_points_and_is_a_point_itself() -> None:
    assert points_for(100_000) == [10_000, 100_000]
    assert points_for(50_000) == [10_000, 50_000]
    assert points_for(30) == [30]
    assert points_for(5_000_000) == list(POINTS)
