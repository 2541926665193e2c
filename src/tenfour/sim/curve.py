"""When calls arrive: a Poisson process whose rate follows a day's curve.

``HOURLY_WEIGHTS`` is the relative call volume for each local hour (0 = midnight to 1 am),
normalised to a mean of 1.0, so ``rate x weight`` is the rate in that hour and the day's total
is ``24 x rate``. The shape is the usual one of emergency-call volume as centres staff for it
(an illustrative curve, not fitted to one centre's data): quietest around 4-5 am (about 42 % of
the mean), rising through the morning, busiest in the late afternoon and early evening (about
146 % at 5 pm).

Arrivals are drawn by thinning (Lewis and Shedler): candidates at the peak rate, each kept with
probability ``rate(t) / peak``. That is exact for a rate that changes from hour to hour.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

_RAW = (
    0.70, 0.60, 0.52, 0.45, 0.40, 0.40, 0.50, 0.70, 0.90, 1.00, 1.08, 1.14,
    1.18, 1.20, 1.22, 1.28, 1.34, 1.38, 1.36, 1.30, 1.22, 1.10, 0.96, 0.82,
)  # fmt: skip
HOURLY_WEIGHTS: tuple[float, ...] = tuple(w * 24 / sum(_RAW) for w in _RAW)
FLAT: tuple[float, ...] = (1.0,) * 24


class DayCurve:
    """A call rate (calls per second) that changes hour by hour over the day."""

    def __init__(
        self,
        mean_per_hour: float,
        start_hour: float = 0.0,
        weights: Sequence[float] = HOURLY_WEIGHTS,
    ) -> None:
        if mean_per_hour <= 0:
            raise ValueError("the call rate must be positive")
        if len(weights) != 24 or min(weights) < 0:
            raise ValueError("a day curve needs 24 non-negative hourly weights")
        self.mean_per_s = mean_per_hour / 3600.0
        self.start_hour = start_hour % 24
        self.weights = tuple(weights)
        self.peak_per_s = self.mean_per_s * max(self.weights)

    def hour_at(self, t: float) -> int:
        """The local hour (0-23) at ``t`` seconds after the start."""
        return math.floor(self.start_hour + t / 3600.0) % 24

    def rate_at(self, t: float) -> float:
        """Calls per second at ``t`` seconds after the start."""
        return self.mean_per_s * self.weights[self.hour_at(t)]

    def next_arrival(self, rng: random.Random, after: float) -> float:
        """The time of the next call after ``after`` (seconds since the start)."""
        t = after
        while True:
            t += rng.expovariate(self.peak_per_s)
            if rng.random() * self.peak_per_s <= self.rate_at(t):
                return t
