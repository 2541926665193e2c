"""Driving along a route: where a unit is, which way it faces and how fast, at any moment.

A trip follows the road network's fastest route at the route's average road speed (the route's
drive time over its length), so it arrives exactly when the router said it would.
"""

from __future__ import annotations

import bisect
import itertools
import math
from dataclasses import dataclass

from tenfour.domain.geometry import Point, distance_m
from tenfour.geo.routing import NoRouteError, RoadNetwork

FALLBACK_KMH = 25.0  # straight line, if ever no road path exists


@dataclass(frozen=True)
class Fix:
    """An AVL position: where, heading (degrees from north), speed."""

    lat: float
    lon: float
    heading: float | None
    speed_kmh: float


def bearing(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Initial compass bearing from a to b, degrees 0-360."""
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    dl = math.radians(b[1] - a[1])
    y = math.sin(dl) * math.cos(p2)
    x = math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl)
    return (math.degrees(math.atan2(y, x)) + 360.0) % 360.0


@dataclass(frozen=True)
class Trip:
    """A drive from ``coords[0]`` to ``coords[-1]`` starting at ``start_s`` (sim seconds)."""

    coords: tuple[tuple[float, float], ...]
    cumulative_m: tuple[float, ...]
    start_s: float
    seconds: float

    @classmethod
    def through(cls, coords: list[tuple[float, float]], start_s: float, seconds: float) -> Trip:
        """A trip along ``coords`` taking ``seconds``."""
        total = [0.0]
        for a, b in itertools.pairwise(coords):
            total.append(total[-1] + distance_m(Point(*a), Point(*b)))
        return cls(tuple(coords), tuple(total), start_s, max(seconds, 1.0))

    @property
    def end_s(self) -> float:
        """When the unit arrives."""
        return self.start_s + self.seconds

    @property
    def meters(self) -> float:
        """Length of the drive."""
        return self.cumulative_m[-1]

    @property
    def destination(self) -> tuple[float, float]:
        """Where it ends."""
        return self.coords[-1]

    def fix_at(self, t: float) -> Fix:
        """The position at sim time ``t`` (clamped to the trip)."""
        fraction = min(max((t - self.start_s) / self.seconds, 0.0), 1.0)
        speed = self.meters / self.seconds * 3.6 if fraction < 1.0 else 0.0
        if len(self.coords) == 1 or self.meters == 0:
            return Fix(self.coords[-1][0], self.coords[-1][1], None, speed)
        along = fraction * self.meters
        i = min(max(bisect.bisect_right(self.cumulative_m, along) - 1, 0), len(self.coords) - 2)
        a, b = self.coords[i], self.coords[i + 1]
        span = self.cumulative_m[i + 1] - self.cumulative_m[i]
        k = (along - self.cumulative_m[i]) / span if span > 0 else 1.0
        lat, lon = a[0] + (b[0] - a[0]) * k, a[1] + (b[1] - a[1]) * k
        return Fix(round(lat, 6), round(lon, 6), round(bearing(a, b), 1), round(speed, 1))


def plan_trip(
    network: RoadNetwork, start: tuple[float, float], end: tuple[float, float], start_s: float
) -> Trip:
    """The fastest road route from ``start`` to ``end``, departing at ``start_s``."""
    try:
        route = network.route(start, end)
    except NoRouteError:
        straight = distance_m(Point(*start), Point(*end))
        return Trip.through([start, end], start_s, straight / (FALLBACK_KMH / 3.6))
    return Trip.through(route.coords, start_s, route.seconds)
