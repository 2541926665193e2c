"""Intersections: "Mannerheimintie & Aleksanterinkatu" located where the two streets meet.

The city's street lines (``streets.geojson.gz``, the map's background) are indexed by street
key; two streets meet where a segment of one crosses a segment of the other, or, failing that,
where their closest vertices lie within ``TOUCH_M`` (lines that end on each other).
"""

from __future__ import annotations

import gzip
import itertools
import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from tenfour.geo.addresses import street_key
from tenfour.geo.roads import Projection

TOUCH_M = 25.0
# "A & B", "A / B", "A @ B", "A and B", "A ja B" (Finnish), "A x B": exactly two streets.
_SPLIT = re.compile(r"\s*(?:&|/|@|\band\b|\bja\b|\bx\b)\s*", re.IGNORECASE)

Line = list[tuple[float, float]]  # (lat, lon) vertices


def split_intersection(text: str) -> tuple[str, str] | None:
    """The two street names of an intersection query, or None when it is not one."""
    parts = [p.strip() for p in _SPLIT.split(text.strip())]
    if len(parts) != 2 or not all(any(c.isalpha() for c in p) for p in parts):
        return None
    return parts[0], parts[1]


def _cross(
    p: tuple[float, float], q: tuple[float, float], r: tuple[float, float], s: tuple[float, float]
) -> tuple[float, float] | None:
    """Where segment p-q crosses segment r-s (x, y), or None."""
    d1 = (q[0] - p[0], q[1] - p[1])
    d2 = (s[0] - r[0], s[1] - r[1])
    den = d1[0] * d2[1] - d1[1] * d2[0]
    if den == 0:
        return None
    t = ((r[0] - p[0]) * d2[1] - (r[1] - p[1]) * d2[0]) / den
    u = ((r[0] - p[0]) * d1[1] - (r[1] - p[1]) * d1[0]) / den
    if 0 <= t <= 1 and 0 <= u <= 1:
        return p[0] + t * d1[0], p[1] + t * d1[1]
    return None


class StreetLines:
    """Street lines by street key, to find where two streets meet."""

    def __init__(self, lines: Mapping[str, list[Line]]) -> None:
        self._lines = {k: v for k, v in lines.items() if v}
        vertices = [pt for ls in self._lines.values() for line in ls for pt in line]
        lat = sum(p[0] for p in vertices) / len(vertices) if vertices else 0.0
        lon = sum(p[1] for p in vertices) / len(vertices) if vertices else 0.0
        self._projection = Projection(lat, lon)

    @classmethod
    def from_features(cls, features: Iterable[Mapping[str, Any]]) -> StreetLines:
        """From GeoJSON features (LineString / MultiLineString with a ``name``)."""
        lines: dict[str, list[Line]] = {}
        for f in features:
            name = (f.get("properties") or {}).get("name")
            geometry = f.get("geometry") or {}
            if not isinstance(name, str) or not name.strip():
                continue
            kind, coords = geometry.get("type"), geometry.get("coordinates") or []
            parts = (
                [coords] if kind == "LineString" else coords if kind == "MultiLineString" else []
            )
            key = street_key(name)
            for part in parts:
                lines.setdefault(key, []).append([(float(y), float(x)) for x, y, *_ in part])
        return cls(lines)

    @classmethod
    def load(cls, path: Path) -> StreetLines:
        """From a ``streets.geojson.gz`` file (empty when the file is missing)."""
        if not path.exists():
            return cls({})
        with gzip.open(path, "rt", encoding="utf-8") as f:
            return cls.from_features(json.load(f).get("features", []))

    def knows(self, key: str) -> bool:
        """Whether the street has lines."""
        return key in self._lines

    def meet(self, a_key: str, b_key: str) -> tuple[float, float] | None:
        """Where the two streets meet (lat, lon), or None when they do not."""
        a, b = self._lines.get(a_key), self._lines.get(b_key)
        if not a or not b or a_key == b_key:
            return None
        xy = self._projection.point_xy
        a_xy = [[xy(*p) for p in line] for line in a]
        b_xy = [[xy(*p) for p in line] for line in b]
        for la in a_xy:
            for p, q in itertools.pairwise(la):
                for lb in b_xy:
                    for r, s in itertools.pairwise(lb):
                        hit = _cross(p, q, r, s)
                        if hit is not None:
                            return self._back(hit)
        best: tuple[float, tuple[float, float]] | None = None
        for pa in (p for line in a_xy for p in line):
            for pb in (p for line in b_xy for p in line):
                d = ((pa[0] - pb[0]) ** 2 + (pa[1] - pb[1]) ** 2) ** 0.5
                if best is None or d < best[0]:
                    best = (d, ((pa[0] + pb[0]) / 2, (pa[1] + pb[1]) / 2))
        if best is not None and best[0] <= TOUCH_M:
            return self._back(best[1])
        return None

    def _back(self, point: tuple[float, float]) -> tuple[float, float]:
        """A local (x, y) in metres back to (lat, lon)."""
        pr = self._projection
        kx, ky = pr.point_xy(pr.lat0, pr.lon0 + 1.0)[0], pr.point_xy(pr.lat0 + 1.0, pr.lon0)[1]
        return pr.lat0 + point[1] / ky, pr.lon0 + point[0] / kx
