"""Routing: ETAs agree with networkx, one-way streets hold, snapping, early stop is exact."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tenfour.geo.citybuild import RoadArrays
from tenfour.geo.roads import RoadGraph, grid_road_arrays
from tenfour.geo.routing import OFFROAD_MPS, NoRouteError, RoadNetwork, grid_network

GRID = grid_road_arrays(n_nodes=400, seed=3)


def _network(method: str = "scipy") -> RoadNetwork:
    return RoadNetwork(RoadGraph(GRID), method=method)  # type: ignore[arg-type]


def _nx_reverse(arrays: RoadArrays) -> nx.DiGraph:
    graph = nx.DiGraph()
    for s, d, t in zip(
        arrays.src.tolist(), arrays.dst.tolist(), arrays.time_s.tolist(), strict=True
    ):
        if not graph.has_edge(d, s) or graph[d][s]["weight"] > t:
            graph.add_edge(d, s, weight=t)
    return graph


def _units(arrays: RoadArrays, nodes: list[int]) -> list[tuple[str, float, float]]:
    return [(f"U{n}", float(arrays.lat[n]), float(arrays.lon[n])) for n in nodes]


@pytest.mark.parametrize("method", ["scipy", "heap"])
def test_etas_match_networkx(method: str) -> None:
    network = _network(method)
    reverse = _nx_reverse(GRID)
    rng = np.random.default_rng(1)
    for incident in rng.integers(0, GRID.n_nodes, 5).tolist():
        nodes = rng.integers(0, GRID.n_nodes, 30).tolist()
        lengths = nx.single_source_dijkstra_path_length(reverse, incident)
        etas = network.etas_to(
            float(GRID.lat[incident]), float(GRID.lon[incident]), _units(GRID, nodes)
        )
        for n in nodes:
            assert etas[f"U{n}"] == pytest.approx(lengths[n], rel=1e-5, abs=1e-3)


@settings(max_examples=40, deadline=None)
@given(k=st.integers(1, 25), seed=st.integers(0, 10_000), method=st.sampled_from(["scipy", "heap"]))
def test_early_stop_returns_an_exact_prefix(k: int, seed: int, method: str) -> None:
    network = _network(method)
    rng = np.random.default_rng(seed)
    lat = GRID.lat[rng.integers(0, GRID.n_nodes, 40)] + rng.uniform(-5e-4, 5e-4, 40)
    lon = GRID.lon[rng.integers(0, GRID.n_nodes, 40)] + rng.uniform(-5e-4, 5e-4, 40)
    units = [(f"U{i}", float(a), float(b)) for i, (a, b) in enumerate(zip(lat, lon, strict=True))]
    target = (float(GRID.lat[7]), float(GRID.lon[7]))
    full = network.etas_to(*target, units)
    part = network.etas_to(*target, units, max_candidates_needed=k)
    assert len(part) >= k
    for unit_id, eta in part.items():
        assert eta == pytest.approx(full[unit_id])
    slowest_kept = max(part.values())
    assert all(eta >= slowest_kept - 1e-6 for u, eta in full.items() if u not in part)


def _line_with_one_way() -> RoadNetwork:
    # 0 <-> 1 -> 2 <-> 3 and a slow way back 2 -> 4 -> 0, about 100 m apart along a meridian
    lat = np.array([60.0, 60.0009, 60.0018, 60.0027, 60.0009])
    lon = np.array([25.0, 25.0, 25.0, 25.0, 25.002])
    src = np.array([0, 1, 1, 2, 3, 2, 4], dtype=np.int32)
    dst = np.array([1, 0, 2, 3, 2, 4, 0], dtype=np.int32)
    length = np.full(7, 100.0, dtype=np.float32)
    speed = np.array([36, 36, 36, 36, 36, 3.6, 3.6], dtype=np.float32)
    arrays = RoadArrays(
        lat=lat,
        lon=lon,
        osm_id=np.arange(5, dtype=np.int64),
        src=src,
        dst=dst,
        length_m=length,
        speed_kmh=speed,
        time_s=(length / (speed / 3.6)).astype(np.float32),
        highway=np.zeros(7, dtype=np.uint8),
        classes=("residential",),
    )
    return RoadNetwork(RoadGraph(arrays))


@pytest.mark.parametrize("method", ["scipy", "heap"])
def test_one_way_is_respected(method: str) -> None:
    network = _line_with_one_way()
    network.method = method  # type: ignore[assignment]
    at = network.node_position
    etas = network.etas_to(*at(0), [("fwd", *at(1)), ("back", *at(2))])
    assert etas["fwd"] == pytest.approx(10.0)
    assert etas["back"] == pytest.approx(200.0)  # 2 -> 1 is one-way: the slow way round
    assert network.route(at(0), at(2)).seconds == pytest.approx(20.0)
    back = network.route(at(2), at(0))
    assert back.seconds == pytest.approx(200.0)
    assert back.coords[2] == at(4)


def test_snapping_adds_a_slow_off_road_leg() -> None:
    network = _line_with_one_way()
    lat, lon = network.node_position(0)
    snap = network.snap(lat - 0.0001, lon)  # ~11 m south of node 0
    assert snap.node == 0
    assert snap.distance_m == pytest.approx(11.1, abs=0.2)
    etas = network.etas_to(lat - 0.0001, lon, [("u", *network.node_position(1))])
    assert etas["u"] == pytest.approx(10.0 + snap.distance_m / OFFROAD_MPS)
    assert [s.node for s in network.snap_many([network.node_position(3), (lat, lon)])] == [3, 0]


def test_route_coords_start_and_end_at_the_points() -> None:
    network = _network()
    start = (float(GRID.lat[0]) + 1e-5, float(GRID.lon[0]))
    end = (float(GRID.lat[-1]), float(GRID.lon[-1]))
    route = network.route(start, end)
    assert route.coords[0] == start
    assert route.coords[-1] == end
    assert route.meters > 100
    etas = network.etas_to(*end, [("u", *start)])
    assert route.seconds == pytest.approx(etas["u"], rel=1e-6)


def test_unreachable_target_raises() -> None:
    network = _line_with_one_way()
    with pytest.raises(NoRouteError):
        network._path_edges(0, 99)


def test_grid_network_size_and_connectivity() -> None:
    network = grid_network(2500, seed=5)
    assert 2300 <= network.n_nodes <= 2500
    etas = network.etas_to(*network.node_position(0), _units(network.graph.arrays, [100, 2000]))
    assert all(math.isfinite(v) for v in etas.values())
    assert len(etas) == 2
    assert network.etas_to(0.0, 0.0, []) == {}
