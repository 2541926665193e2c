"""Turn raw OSM road segments into the compact routing arrays that ship with a city.

Pure numpy/scipy: no OSM parser here, so the rules (speeds, one-way handling, connectivity)
are testable without the optional ``pyrosm`` dependency. ``osm_import`` feeds it.

Default speeds per ``highway`` class, used where ``maxspeed`` is not tagged (km/h):

=================  ====    =================  ====
motorway            100    motorway_link        60
trunk                80    trunk_link           50
primary              50    primary_link         40
secondary            40    secondary_link       35
tertiary             40    tertiary_link        30
unclassified         30    residential          30
living_street        10    service              15
road                 30
=================  ====    =================  ====

Tagged ``maxspeed`` wins ("50", "30 mph", "FI:urban" = 50, "FI:rural" = 80, "walk" = 6).
A one-way way (``oneway=yes/true/1``, ``junction=roundabout``) becomes one directed edge, ``-1``
becomes the reverse edge only, anything else two. Only the largest strongly connected component
is kept, so every kept node can reach and be reached from every other.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

DEFAULT_SPEEDS_KMH: dict[str, float] = {
    "motorway": 100.0,
    "motorway_link": 60.0,
    "trunk": 80.0,
    "trunk_link": 50.0,
    "primary": 50.0,
    "primary_link": 40.0,
    "secondary": 40.0,
    "secondary_link": 35.0,
    "tertiary": 40.0,
    "tertiary_link": 30.0,
    "unclassified": 30.0,
    "residential": 30.0,
    "living_street": 10.0,
    "service": 15.0,
    "road": 30.0,
}
DRIVABLE_CLASSES: frozenset[str] = frozenset(DEFAULT_SPEEDS_KMH)
SYMBOLIC_SPEEDS_KMH: dict[str, float] = {
    "fi:urban": 50.0,
    "fi:rural": 80.0,
    "fi:motorway": 120.0,
    "walk": 6.0,
    "living_street": 10.0,
}
_FORWARD = frozenset({"yes", "true", "1"})
_REVERSE = frozenset({"-1", "reverse"})
_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(mph|km/h|kmh)?\s*$")
EARTH_RADIUS_M = 6_371_008.8

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class RawRoads:
    """Undirected road segments as read from OSM, one row per segment between two nodes."""

    node_id: IntArray
    node_lat: FloatArray
    node_lon: FloatArray
    seg_u: IntArray
    seg_v: IntArray
    highway: Sequence[str]
    name: Sequence[str]
    maxspeed: Sequence[str | None]
    oneway: Sequence[str | None]
    junction: Sequence[str | None]


@dataclass(frozen=True)
class RoadArrays:
    """Directed, strongly connected road graph ready to be saved as ``roads.npz``."""

    lat: FloatArray
    lon: FloatArray
    osm_id: IntArray
    src: npt.NDArray[np.int32]
    dst: npt.NDArray[np.int32]
    length_m: npt.NDArray[np.float32]
    speed_kmh: npt.NDArray[np.float32]
    time_s: npt.NDArray[np.float32]
    highway: npt.NDArray[np.uint8]
    classes: tuple[str, ...]

    @property
    def n_nodes(self) -> int:
        """Number of road nodes."""
        return int(self.lat.shape[0])

    @property
    def n_edges(self) -> int:
        """Number of directed edges."""
        return int(self.src.shape[0])


def parse_maxspeed(value: str | None) -> float | None:
    """Read an OSM ``maxspeed`` value in km/h, or None when missing or unreadable."""
    if value is None:
        return None
    text = str(value).strip().lower()
    if text in SYMBOLIC_SPEEDS_KMH:
        return SYMBOLIC_SPEEDS_KMH[text]
    match = _NUMBER.match(text.split(";")[0])
    if match is None:
        return None
    speed = float(match.group(1))
    if match.group(2) == "mph":
        speed *= 1.609344
    return speed if speed > 0 else None


def oneway_direction(oneway: str | None, junction: str | None) -> int:
    """+1 for forward only, -1 for reverse only, 0 for both directions."""
    tag = (oneway or "").strip().lower()
    if tag in _FORWARD:
        return 1
    if tag in _REVERSE:
        return -1
    if tag == "no":
        return 0
    return 1 if (junction or "").strip().lower() in {"roundabout", "circular"} else 0


def haversine_m(
    lat1: FloatArray, lon1: FloatArray, lat2: FloatArray, lon2: FloatArray
) -> FloatArray:
    """Great-circle distance in metres, vectorised."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(lon2 - lon1)
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return np.asarray(2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(a)), dtype=np.float64)


def segment_speeds(raw: RawRoads) -> FloatArray:
    """Speed in km/h per segment: tagged maxspeed, else the class default."""
    speeds = [
        parse_maxspeed(tag) or DEFAULT_SPEEDS_KMH.get(hw, 30.0)
        for tag, hw in zip(raw.maxspeed, raw.highway, strict=True)
    ]
    return np.asarray(speeds, dtype=np.float64)


def build_road_arrays(raw: RawRoads) -> RoadArrays:
    """Expand one-way tags into directed edges and keep the largest strongly connected part."""
    keep = np.asarray([hw in DRIVABLE_CLASSES for hw in raw.highway], dtype=bool)
    index = {int(osm): i for i, osm in enumerate(raw.node_id.tolist())}
    u = np.asarray([index[int(x)] for x in raw.seg_u[keep]], dtype=np.int64)
    v = np.asarray([index[int(x)] for x in raw.seg_v[keep]], dtype=np.int64)
    speed = segment_speeds(raw)[keep]
    classes = tuple(sorted(DRIVABLE_CLASSES))
    code_of = {c: i for i, c in enumerate(classes)}
    hw = np.asarray([code_of[h] for h, k in zip(raw.highway, keep, strict=True) if k], np.uint8)
    direction = np.asarray(
        [
            oneway_direction(o, j)
            for o, j, k in zip(raw.oneway, raw.junction, keep, strict=True)
            if k
        ],
        dtype=np.int8,
    )
    fwd, rev = direction >= 0, direction <= 0
    src = np.concatenate([u[fwd], v[rev]])
    dst = np.concatenate([v[fwd], u[rev]])
    spd = np.concatenate([speed[fwd], speed[rev]])
    cls = np.concatenate([hw[fwd], hw[rev]])
    nodes = (raw.node_id, raw.node_lat, raw.node_lon)
    return strongly_connected_arrays(nodes, src, dst, spd, cls, classes)


def strongly_connected_arrays(
    nodes: tuple[IntArray, FloatArray, FloatArray],
    src: IntArray,
    dst: IntArray,
    speed: FloatArray,
    cls: npt.NDArray[np.uint8],
    classes: tuple[str, ...],
) -> RoadArrays:
    """Keep the largest strongly connected component of a directed edge list.

    ``nodes`` is (osm id, lat, lon); edge lengths are measured here, drive times follow.
    """
    node_id, node_lat, node_lon = nodes
    n = node_id.shape[0]
    ones = np.ones(src.shape[0])
    graph = coo_matrix((ones, (src, dst)), shape=(n, n)).tocsr()
    _, labels = connected_components(graph, directed=True, connection="strong")
    biggest = np.bincount(labels).argmax()
    node_keep = labels == biggest
    edge_keep = node_keep[src] & node_keep[dst] & (src != dst)
    new_index = np.cumsum(node_keep) - 1
    s, d = new_index[src[edge_keep]], new_index[dst[edge_keep]]
    lat, lon = node_lat[node_keep], node_lon[node_keep]
    length = haversine_m(lat[s], lon[s], lat[d], lon[d])
    spd = speed[edge_keep]
    return RoadArrays(
        lat=lat.astype(np.float64),
        lon=lon.astype(np.float64),
        osm_id=node_id[node_keep].astype(np.int64),
        src=s.astype(np.int32),
        dst=d.astype(np.int32),
        length_m=length.astype(np.float32),
        speed_kmh=spd.astype(np.float32),
        time_s=(length / (spd / 3.6)).astype(np.float32),
        highway=cls[edge_keep],
        classes=classes,
    )


def save_road_arrays(roads: RoadArrays, path: Path) -> None:
    """Write ``roads.npz`` (compressed, no pickled objects)."""
    np.savez_compressed(
        path,
        lat=roads.lat,
        lon=roads.lon,
        osm_id=roads.osm_id,
        src=roads.src,
        dst=roads.dst,
        length_m=roads.length_m,
        speed_kmh=roads.speed_kmh,
        time_s=roads.time_s,
        highway=roads.highway,
        classes=np.asarray(roads.classes, dtype=np.str_),
    )


def load_road_arrays(path: Path) -> RoadArrays:
    """Read ``roads.npz`` written by :func:`save_road_arrays`."""
    with np.load(path, allow_pickle=False) as data:
        return RoadArrays(
            lat=data["lat"],
            lon=data["lon"],
            osm_id=data["osm_id"],
            src=data["src"],
            dst=data["dst"],
            length_m=data["length_m"],
            speed_kmh=data["speed_kmh"],
            time_s=data["time_s"],
            highway=data["highway"],
            classes=tuple(str(c) for c in data["classes"]),
        )
