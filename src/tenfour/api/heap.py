"""The garbage collector while the server runs: the dispatch state is long-lived, not garbage.

The server keeps the whole state in memory for its lifetime, and under load it grows by every
command (remarks, events). CPython's collector (3.11) still walks all of it: a full collection
took 110-250 ms with 5,000-40,000 remarks in memory, ran every 0.6-1 s at full load, found
nothing to free, and cost about a quarter of the server's processor time - and, landing in the
middle of other requests, their latency (the p99 spikes of ``tenfour bench http``).

So while the app runs: everything alive once the state is rebuilt (modules, the replayed state)
is frozen - never walked again, though still freed by reference counting - and the youngest
generation is collected every ``YOUNG_THRESHOLD`` allocations instead of every 700, which makes
every older collection fourteen times rarer too. Cycles of garbage are still found, later. On
exit the previous settings come back (tests start many apps in one process).
See docs/adr/0010-collector-settings-while-serving.md.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

YOUNG_THRESHOLD = 10_000


@contextmanager
def long_lived_heap(young_threshold: int = YOUNG_THRESHOLD) -> Iterator[None]:
    """Freeze what is alive now and collect less often, until the block ends."""
    before = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(young_threshold, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()
