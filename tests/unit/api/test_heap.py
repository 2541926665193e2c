"""The server's collector settings hold while the app runs and are put back afterwards."""

from __future__ import annotations

import gc

from tenfour.api.heap import long_lived_heap


def test_frozen_and_rarer_inside_restored_after() -> None:
    before = gc.get_threshold()
    with long_lived_heap(12_345):
        assert gc.get_threshold() == (12_345, *before[1:])
        assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_restored_when_the_block_fails() -> None:
    before = gc.get_threshold()
    try:
        with long_lived_heap():
            raise RuntimeError("the app stopped")
    except RuntimeError:
        pass
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0
