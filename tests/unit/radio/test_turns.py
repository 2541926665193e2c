"""A call's talkers' turns, from trunk-recorder's srcList offsets."""

from __future__ import annotations

from tenfour.radio.transcribe import turn_bounds
from tenfour.radio.worker import job_of


def test_each_offset_starts_a_turn_that_ends_at_the_next() -> None:
    assert turn_bounds([0.0, 4.2, 7.5], 10.0) == [(0.0, 4.2), (4.2, 7.5), (7.5, 10.0)]
    assert turn_bounds([0.3], 5.0) == [(0.0, 5.0)]  # the first turn takes the key-up too
    assert turn_bounds([], 5.0) == [(0.0, 5.0)]


def test_offsets_past_the_end_or_out_of_order_give_empty_turns() -> None:
    assert turn_bounds([0.0, 12.0], 10.0) == [(0.0, 10.0), (10.0, 10.0)]
    assert turn_bounds([0.0, 6.0, 3.0], 10.0) == [(0.0, 6.0), (6.0, 6.0), (3.0, 10.0)]


def test_a_job_keeps_each_sources_offset() -> None:
    sources = ({"radio": 9001, "offset_s": 0.0}, {"radio": 4512, "offset_s": 5.8, "unit": "1A12"})
    assert job_of("T1", "a" * 64, 8.0, sources).turns == (0.0, 5.8)
    assert job_of("T2", "a" * 64, 8.0, ()).turns == (0.0,)
