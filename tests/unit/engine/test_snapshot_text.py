"""Snapshots round-trip rich states and hold the same data the plain encoding gives."""

from __future__ import annotations

import json

import pytest

from tenfour.domain.codec import to_data
from tenfour.engine.snapshot import SNAPSHOT_FORMAT, dump_state, load_state
from tests.unit.interop.scene import scenario_world, varied_world


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_varied_state_round_trips_and_matches_the_plain_encoding(seed: int) -> None:
    w, _ = varied_world(seed)
    text = dump_state(w.state)
    assert load_state(text) == w.state
    data = json.loads(text)
    assert data["format"] == SNAPSHOT_FORMAT
    plain = to_data(w.state)
    assert _unordered(data["state"]) == _unordered(plain)


def test_a_snapshot_of_another_format_is_not_loaded() -> None:
    w, _ = scenario_world()
    data = json.loads(dump_state(w.state))
    data["format"] = SNAPSHOT_FORMAT + 1
    assert load_state(json.dumps(data)) is None


def _unordered(value: object) -> object:
    """Lists compared as multisets: sets in the state have no order."""
    if isinstance(value, dict):
        return {k: _unordered(v) for k, v in value.items()}
    if isinstance(value, list):
        return sorted((_unordered(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    return value
