"""AVL position history per unit, read from the journal's ``UnitMoved`` events, for playback.

A read model: rebuilt from the journal at any time, never a second source of truth. It catches
up incrementally (only records after the last one it saw), so the first query reads the whole
journal once and later ones only the tail. Each unit keeps its latest ``max_points`` positions.
"""

from __future__ import annotations

import bisect
import json
import threading
from collections import deque
from dataclasses import dataclass
from typing import Any

from tenfour.journal.store import Journal

UNIT_MOVED = "UnitMoved"
DEFAULT_MAX_POINTS = 20_000
READ_BATCH = 20_000


@dataclass(frozen=True, slots=True)
class TrackPoint:
    """One AVL report: when, where, heading and speed if known."""

    at: str
    lat: float
    lon: float
    heading: float | None = None
    speed_kmh: float | None = None


class TrackIndex:
    """Positions of every unit, in journal order."""

    def __init__(self, max_points: int = DEFAULT_MAX_POINTS) -> None:
        self._max = max_points
        self._tracks: dict[str, deque[TrackPoint]] = {}
        self._after = 0
        self._lock = threading.Lock()

    def catch_up(self, journal: Journal) -> int:
        """Read every record after the last one seen (blocking: call from a worker thread)."""
        with self._lock:
            while True:
                count = 0
                for record in journal.read(self._after, READ_BATCH):
                    count += 1
                    self._after = record.seq
                    if record.type == UNIT_MOVED:
                        self._add(record.at, json.loads(record.payload))
                if count < READ_BATCH:
                    return self._after

    def _add(self, at: str, payload: dict[str, Any]) -> None:
        unit = str(payload["unit"])
        track = self._tracks.get(unit)
        if track is None:
            track = self._tracks[unit] = deque(maxlen=self._max)
        track.append(
            TrackPoint(
                at,
                float(payload["lat"]),
                float(payload["lon"]),
                _number(payload.get("heading")),
                _number(payload.get("speed_kmh")),
            )
        )

    def track(
        self, unit: str, since: str | None = None, until: str | None = None, limit: int = 5000
    ) -> list[TrackPoint]:
        """The unit's positions with ``since <= at <= until`` (ISO times compare as text),
        oldest first, at most ``limit`` (the latest ones when there are more)."""
        with self._lock:
            points = list(self._tracks.get(unit, ()))
        times = [p.at for p in points]
        start = bisect.bisect_left(times, since) if since else 0
        end = bisect.bisect_right(times, until) if until else len(points)
        return points[max(start, end - limit) : end]


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None
