"""Simulated time: a virtual clock for tests (no waiting) or wall time times a speed factor.

The scheduler runs actions in time order (ties in the order they were scheduled), one at a
time, so a run with a virtual clock and a seed is exactly repeatable.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import time
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Protocol

Action = Callable[[], Awaitable[None]]


class Clock(Protocol):
    """Seconds of simulated time since the start."""

    def now(self) -> float:
        """The current simulated time."""
        ...

    async def wait_until(self, t: float) -> None:
        """Return once simulated time ``t`` has come."""


class VirtualClock:
    """Time jumps to each next action at once: a simulated day runs in seconds."""

    def __init__(self, epoch: datetime) -> None:
        self.epoch = epoch
        self._t = 0.0

    def now(self) -> float:
        """The current simulated time."""
        return self._t

    async def wait_until(self, t: float) -> None:
        """Jump to ``t`` (never backwards)."""
        self._t = max(self._t, t)
        await asyncio.sleep(0)

    def datetime(self) -> datetime:
        """The current simulated moment (use as the engine's clock to journal sim times)."""
        return self.epoch + timedelta(seconds=self._t)


class RealClock:
    """Wall time since the start, times ``speed``."""

    def __init__(self, speed: float = 1.0) -> None:
        if speed <= 0:
            raise ValueError("speed must be positive")
        self.speed = speed
        self._start = time.monotonic()

    def now(self) -> float:
        """The current simulated time."""
        return (time.monotonic() - self._start) * self.speed

    async def wait_until(self, t: float) -> None:
        """Sleep until simulated time ``t``."""
        delay = (t - self.now()) / self.speed
        if delay > 0:
            await asyncio.sleep(delay)


class Scheduler:
    """Actions queued by simulated time."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self._queue: list[tuple[float, int, Action]] = []
        self._order = itertools.count()

    def at(self, t: float, action: Action) -> None:
        """Run ``action`` at simulated time ``t``."""
        heapq.heappush(self._queue, (t, next(self._order), action))

    def after(self, delay: float, action: Action) -> None:
        """Run ``action`` ``delay`` seconds from now."""
        self.at(self.clock.now() + max(delay, 0.0), action)

    def __len__(self) -> int:
        return len(self._queue)

    async def run(self, until: float) -> int:
        """Run every action due up to ``until``; returns how many ran."""
        ran = 0
        while self._queue and self._queue[0][0] <= until:
            t, _, action = heapq.heappop(self._queue)
            await self.clock.wait_until(t)
            await action()
            ran += 1
        await self.clock.wait_until(until)
        return ran
