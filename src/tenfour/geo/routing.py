"""Drive-time ETAs and routes over a :class:`~tenfour.geo.roads.RoadGraph`.

Points off the road are snapped to the nearest road node (a cKDTree over projected node
positions) and the straight-line leg to it is driven at :data:`OFFROAD_SPEED_KMH`.

``etas_to`` answers "how long for each of these units to reach the incident" with ONE Dijkstra
from the incident over the reversed graph. With ``max_candidates_needed=k`` it stops as soon as
the k fastest units are certain: when the k-th best ETA found so far is no more than the
distance of the next node to settle plus the incident's own off-road leg (every unit not yet
reached needs at least that). Two engines are available: scipy's C ``dijkstra`` with a doubling
``limit`` (the default, ``method="scipy"``) and a pure-Python heap with that exact early exit
(``method="heap"``); :mod:`tenfour.bench.recommend` measures both.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, cast

import numpy as np
from scipy.sparse.csgraph import dijkstra
from scipy.spatial import cKDTree

from tenfour.geo.citybuild import FloatArray, IntArray
from tenfour.geo.roads import RoadGraph, grid_road_arrays

OFFROAD_SPEED_KMH = 10.0
OFFROAD_MPS = OFFROAD_SPEED_KMH / 3.6
Method = Literal["heap", "scipy"]
UnitPoint = tuple[str, float, float]
DETOUR = 1.3
MAX_LIMIT_S = 24 * 3600.0
SNAP_CACHE_SIZE = 200_000


class NoRouteError(LookupError):
    """No drivable path between two points."""


@dataclass(frozen=True)
class Snap:
    """A point attached to the road graph."""

    node: int
    distance_m: float

    @property
    def seconds(self) -> float:
        """Time to cover the off-road leg."""
        return self.distance_m / OFFROAD_MPS


@dataclass(frozen=True)
class _Search:
    target: Snap
    ids: Sequence[UnitPoint]  # the candidates, unit id first
    nodes: IntArray
    extra: FloatArray  # both off-road legs, seconds
    wanted: int


@dataclass(frozen=True)
class Route:
    """A drivable path: (lat, lon) points from start to end, total seconds and metres."""

    coords: list[tuple[float, float]]
    seconds: float
    meters: float


class RoadNetwork:
    """Snapping, ETAs and routes on one road graph."""

    def __init__(self, graph: RoadGraph, method: Method = "scipy") -> None:
        self.graph = graph
        self.method: Method = method
        self._tree = cKDTree(graph.xy)
        self._reverse_matrix = graph.reverse.matrix(graph.n_nodes)
        self._typical_mps = float(np.median(graph.arrays.speed_kmh)) / 3.6
        self._snap_cache: dict[tuple[float, float], tuple[int, float]] = {}

    @property
    def n_nodes(self) -> int:
        """Road nodes in the graph."""
        return self.graph.n_nodes

    def snap(self, lat: float, lon: float) -> Snap:
        """Nearest road node to a point."""
        distance, node = self._tree.query(self.graph.projection.point_xy(lat, lon))
        return Snap(int(node), float(distance))

    def snap_many(self, points: Sequence[tuple[float, float]]) -> list[Snap]:
        """Snap many (lat, lon) points in one vectorised query."""
        nodes, meters = self._snap_arrays(points)
        return [Snap(n, d) for n, d in zip(nodes.tolist(), meters.tolist(), strict=True)]

    def _snap_arrays(
        self, points: Sequence[tuple[Any, ...]], lat_at: int = 0
    ) -> tuple[IntArray, FloatArray]:
        """Nodes and off-road metres for many points (lat, lon at ``lat_at``, ``lat_at + 1``),
        via a snap cache keyed by the tuples themselves: units mostly sit still between
        recommendations, and a moved unit is a new key."""
        count = len(points)
        found: list[tuple[int, float] | None] = list(map(self._snap_cache.get, points))
        misses = [i for i, hit in enumerate(found) if hit is None]
        if misses:
            self._snap_misses(points, lat_at, misses, found)
        hits = cast(list[tuple[int, float]], found)
        nodes = np.fromiter((h[0] for h in hits), np.int64, count)
        meters = np.fromiter((h[1] for h in hits), np.float64, count)
        return nodes, meters

    def _snap_misses(
        self,
        points: Sequence[tuple[Any, ...]],
        lat_at: int,
        misses: list[int],
        found: list[tuple[int, float] | None],
    ) -> None:
        lat = np.fromiter((points[i][lat_at] for i in misses), np.float64, len(misses))
        lon = np.fromiter((points[i][lat_at + 1] for i in misses), np.float64, len(misses))
        meters, nodes = self._tree.query(self.graph.projection.to_xy(lat, lon))
        if len(self._snap_cache) + len(misses) > SNAP_CACHE_SIZE:
            self._snap_cache.clear()
        for i, node, dist in zip(misses, nodes.tolist(), meters.tolist(), strict=True):
            found[i] = self._snap_cache[points[i]] = (node, dist)

    def clear_snap_cache(self) -> None:
        """Forget cached snaps (the benchmark's cold runs use this)."""
        self._snap_cache.clear()

    def node_position(self, node: int) -> tuple[float, float]:
        """(lat, lon) of a road node."""
        return float(self.graph.arrays.lat[node]), float(self.graph.arrays.lon[node])

    def etas_to(
        self,
        lat: float,
        lon: float,
        candidates: Sequence[UnitPoint],
        max_candidates_needed: int | None = None,
    ) -> dict[str, float]:
        """Seconds for each (unit_id, lat, lon) to drive to the point.

        With ``max_candidates_needed=k`` the result holds at least the k fastest units, and
        every unit it holds is at least as fast as every unit it leaves out (a prefix of the
        ranking, so filling slots from it is exact); without it, every reachable unit.
        """
        if not candidates:
            return {}
        target = self.snap(lat, lon)
        nodes, meters = self._snap_arrays(candidates, lat_at=1)
        search = _Search(
            target=target,
            ids=candidates,
            nodes=nodes,
            extra=meters / OFFROAD_MPS + target.seconds,
            wanted=max(1, min(max_candidates_needed or len(candidates), len(candidates))),
        )
        if self.method == "scipy":
            return self._etas_scipy(search, lat, lon)
        return self._etas_heap(search)

    def _etas_heap(self, search: _Search) -> dict[str, float]:
        indptr, indices, weights = self.graph.reverse.lists
        starts: dict[int, list[tuple[str, float]]] = {}
        for unit_id, node, extra in zip(
            (c[0] for c in search.ids), search.nodes.tolist(), search.extra.tolist(), strict=True
        ):
            starts.setdefault(node, []).append((unit_id, extra))
        wanted, tail, total = search.wanted, search.target.seconds, len(search.ids)
        found: dict[str, float] = {}
        bound = math.inf  # units slower than this may be missing
        best: list[float] = []  # max-heap (negated) of the `wanted` smallest ETAs
        dist: dict[int, float] = {search.target.node: 0.0}
        heap: list[tuple[float, int]] = [(0.0, search.target.node)]
        pop, push = heapq.heappop, heapq.heappush
        while heap:
            d, u = pop(heap)
            if d > dist[u]:
                continue
            if len(best) == wanted and -best[0] <= d + tail:
                bound = d + tail
                break
            for unit_id, extra in starts.get(u, ()):
                eta = found[unit_id] = d + extra
                if len(best) < wanted:
                    push(best, -eta)
                elif eta < -best[0]:
                    heapq.heapreplace(best, -eta)
            if len(found) == total:
                break
            for e in range(indptr[u], indptr[u + 1]):
                v, nd = indices[e], d + weights[e]
                if nd < dist.get(v, math.inf):
                    dist[v] = nd
                    push(heap, (nd, v))
        return {k: v for k, v in found.items() if v <= bound}

    def _etas_scipy(self, search: _Search, lat: float, lon: float) -> dict[str, float]:
        limit = self._first_limit(search, lat, lon)
        while True:
            dist = dijkstra(self._reverse_matrix, indices=search.target.node, limit=limit)
            etas = dist[search.nodes] + search.extra
            certain = int(np.count_nonzero(etas <= limit + search.target.seconds))
            if certain >= search.wanted or math.isinf(limit):
                keep = np.flatnonzero(etas <= limit + search.target.seconds).tolist()
                return {search.ids[i][0]: float(etas[i]) for i in keep}
            limit = limit * 1.6 if limit < MAX_LIMIT_S else math.inf

    def _first_limit(self, search: _Search, lat: float, lon: float) -> float:
        """Guess the k-th drive time from the k-th straight-line distance; a low guess costs
        one more (bounded) search, a high one explores more than needed."""
        x, y = self.graph.projection.point_xy(lat, lon)
        xy = self.graph.xy[search.nodes]
        straight = np.hypot(xy[:, 0] - x, xy[:, 1] - y)
        kth = float(np.partition(straight, search.wanted - 1)[search.wanted - 1])
        return max(kth * DETOUR / self._typical_mps, 10.0)

    def route(self, start: tuple[float, float], end: tuple[float, float]) -> Route:
        """Fastest drivable path from ``start`` to ``end`` (both (lat, lon))."""
        a, b = self.snap(*start), self.snap(*end)
        edges = self._path_edges(a.node, b.node)
        arrays = self.graph.arrays
        nodes = [a.node] + [int(arrays.dst[e]) for e in edges]
        coords = [start] + [self.node_position(n) for n in nodes] + [end]
        seconds = a.seconds + b.seconds + float(sum(float(arrays.time_s[e]) for e in edges))
        meters = a.distance_m + b.distance_m + sum(self.graph.edge_length_m(e) for e in edges)
        return Route(coords=coords, seconds=seconds, meters=meters)

    def _path_edges(self, source: int, target: int) -> list[int]:
        indptr, indices, weights = self.graph.forward.lists
        edge_ids = self.graph.forward.edge
        dist: dict[int, float] = {source: 0.0}
        came: dict[int, tuple[int, int]] = {}
        heap: list[tuple[float, int]] = [(0.0, source)]
        while heap:
            d, u = heapq.heappop(heap)
            if u == target:
                return _walk_back(came, source, target)
            if d > dist[u]:
                continue
            for e in range(indptr[u], indptr[u + 1]):
                v, nd = indices[e], d + weights[e]
                if nd < dist.get(v, math.inf):
                    dist[v] = nd
                    came[v] = (u, int(edge_ids[e]))
                    heapq.heappush(heap, (nd, v))
        raise NoRouteError(f"no road path from node {source} to node {target}")


def _walk_back(came: dict[int, tuple[int, int]], source: int, target: int) -> list[int]:
    edges: list[int] = []
    node = target
    while node != source:
        node, edge = came[node]
        edges.append(edge)
    edges.reverse()
    return edges


def grid_network(n_nodes: int = 250_000, seed: int = 0, method: Method = "scipy") -> RoadNetwork:
    """A synthetic grid city of about ``n_nodes`` road nodes (for benchmarks and tests)."""
    return RoadNetwork(RoadGraph(grid_road_arrays(n_nodes=n_nodes, seed=seed)), method=method)
