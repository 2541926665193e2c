"""Road graph storage: compressed-sparse-row adjacency, a local metric projection, a synthetic grid.

``RoadGraph`` holds the directed graph twice, forward (for driving a route) and reversed (for
"every unit -> one incident" in a single search from the incident), as plain CSR arrays that
both scipy's ``csgraph`` and the pure-Python early-exit Dijkstra in :mod:`tenfour.geo.routing`
read. Parallel edges keep only the fastest.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path

import numpy as np
import numpy.typing as npt
from scipy.sparse import csr_matrix

from tenfour.geo.citybuild import (
    EARTH_RADIUS_M,
    FloatArray,
    IntArray,
    RoadArrays,
    load_road_arrays,
    strongly_connected_arrays,
)

DEFAULT_CITY = "helsinki"


def city_dir(city: str = DEFAULT_CITY) -> Path:
    """Directory of a city's shipped data files."""
    return Path(str(resources.files("tenfour.geo") / "data" / city))


@dataclass(frozen=True)
class Projection:
    """Equirectangular projection to metres around a reference point (fine for a county)."""

    lat0: float
    lon0: float

    @property
    def _kx(self) -> float:
        return math.radians(1.0) * EARTH_RADIUS_M * math.cos(math.radians(self.lat0))

    @property
    def _ky(self) -> float:
        return math.radians(1.0) * EARTH_RADIUS_M

    def to_xy(self, lat: FloatArray, lon: FloatArray) -> FloatArray:
        """(n, 2) array of x, y metres."""
        x = (np.asarray(lon, dtype=np.float64) - self.lon0) * self._kx
        y = (np.asarray(lat, dtype=np.float64) - self.lat0) * self._ky
        return np.column_stack([x, y])

    def point_xy(self, lat: float, lon: float) -> tuple[float, float]:
        """x, y metres of one point."""
        return (lon - self.lon0) * self._kx, (lat - self.lat0) * self._ky


@dataclass(frozen=True)
class Csr:
    """One direction of the graph: ``indptr``/``indices`` plus per-edge time, length, edge id."""

    indptr: npt.NDArray[np.int64]
    indices: npt.NDArray[np.int32]
    time_s: FloatArray
    edge: npt.NDArray[np.int64]

    def matrix(self, n: int) -> csr_matrix:
        """scipy sparse matrix of drive times (no duplicate entries)."""
        return csr_matrix((self.time_s, self.indices, self.indptr), shape=(n, n))

    @cached_property
    def lists(self) -> tuple[list[int], list[int], list[float]]:
        """indptr, indices, times as Python lists (fast scalar access in a Python loop)."""
        return self.indptr.tolist(), self.indices.tolist(), self.time_s.tolist()


def _csr(n: int, frm: IntArray, to: IntArray, time_s: FloatArray, edge: IntArray) -> Csr:
    order = np.lexsort((time_s, to, frm))
    frm, to, time_s, edge = frm[order], to[order], time_s[order], edge[order]
    first = np.ones(frm.shape[0], dtype=bool)
    first[1:] = (frm[1:] != frm[:-1]) | (to[1:] != to[:-1])
    frm, to, time_s, edge = frm[first], to[first], time_s[first], edge[first]
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(frm, minlength=n), out=indptr[1:])
    return Csr(indptr, to.astype(np.int32), time_s.astype(np.float64), edge.astype(np.int64))


class RoadGraph:
    """A directed road graph: node positions, edge attributes, forward and reversed CSR."""

    def __init__(self, arrays: RoadArrays) -> None:
        self.arrays = arrays
        self.n_nodes = arrays.n_nodes
        self.n_edges = arrays.n_edges
        self.projection = Projection(float(np.mean(arrays.lat)), float(np.mean(arrays.lon)))
        self.xy = self.projection.to_xy(arrays.lat, arrays.lon)
        src = arrays.src.astype(np.int64)
        dst = arrays.dst.astype(np.int64)
        time_s = arrays.time_s.astype(np.float64)
        edge = np.arange(self.n_edges, dtype=np.int64)
        self.forward = _csr(self.n_nodes, src, dst, time_s, edge)
        self.reverse = _csr(self.n_nodes, dst, src, time_s, edge)

    @classmethod
    def load(cls, path: Path) -> RoadGraph:
        """Read a ``roads.npz`` file."""
        return cls(load_road_arrays(path))

    def edge_length_m(self, edge: int) -> float:
        """Length of one directed edge."""
        return float(self.arrays.length_m[edge])


def grid_road_arrays(n_nodes: int = 250_000, seed: int = 0, spacing_m: float = 100.0) -> RoadArrays:
    """A synthetic city: a jittered square grid with mixed speeds, some one-way streets and
    some missing blocks, reduced to its largest strongly connected component."""
    rng = np.random.default_rng(seed)
    side = max(2, math.isqrt(max(n_nodes - 1, 1)) + 1)
    rows, cols = np.divmod(np.arange(side * side, dtype=np.int64), side)
    ky = math.radians(1.0) * EARTH_RADIUS_M
    lat0, lon0 = 40.0, -75.0
    kx = ky * math.cos(math.radians(lat0))
    jitter = rng.uniform(-0.15, 0.15, size=(2, rows.shape[0])) * spacing_m
    lat = lat0 + (rows * spacing_m + jitter[0]) / ky
    lon = lon0 + (cols * spacing_m + jitter[1]) / kx
    node = np.arange(side * side, dtype=np.int64).reshape(side, side)
    u = np.concatenate([node[:, :-1].ravel(), node[:-1, :].ravel()])
    v = np.concatenate([node[:, 1:].ravel(), node[1:, :].ravel()])
    line = np.concatenate([rows[node[:, :-1].ravel()], side + cols[node[:-1, :].ravel()]])
    street_speed = rng.choice(np.array([30.0, 40.0, 50.0, 60.0]), size=2 * side)
    street_dir = rng.choice(np.array([0, 0, 0, 1, -1]), size=2 * side)
    keep = rng.random(u.shape[0]) > 0.04
    u, v, line = u[keep], v[keep], line[keep]
    direction = street_dir[line]
    fwd, rev = direction >= 0, direction <= 0
    src = np.concatenate([u[fwd], v[rev]])
    dst = np.concatenate([v[fwd], u[rev]])
    speed = street_speed[np.concatenate([line[fwd], line[rev]])]
    cls = np.zeros(src.shape[0], dtype=np.uint8)
    nodes = (np.arange(side * side, dtype=np.int64), lat, lon)
    return strongly_connected_arrays(nodes, src, dst, speed, cls, ("residential",))
