"""The figures every benchmark reports: percentiles by nearest rank, in milliseconds."""

from __future__ import annotations

import math
from collections.abc import Sequence


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) by nearest rank; 0 for no values.

    Nearest rank reports a latency that was measured, never one interpolated between two.
    """
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, math.ceil(q / 100 * len(ordered)) - 1))
    return ordered[rank]


def p50_p99_ms(samples_ms: Sequence[float], digits: int = 2) -> dict[str, float]:
    """``p50_ms`` and ``p99_ms`` of samples already in milliseconds, rounded to ``digits``."""
    return {
        "p50_ms": round(percentile(samples_ms, 50), digits),
        "p99_ms": round(percentile(samples_ms, 99), digits),
    }
