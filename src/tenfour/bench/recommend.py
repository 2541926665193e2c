"""Benchmark: recommend the 5 fastest of 1,000 randomly placed units, on Helsinki and on a
generated 250,000-node grid. Targets: p99 <= 2 ms (Helsinki), <= 20 ms (250k grid).

Each query is a full :meth:`Recommender.recommend` call: snap the incident and all units, one
early-stopping Dijkstra from the incident over the reversed graph, fill a 5-unit run card.
The headline figures reuse the snap cache (units sit still between queries, the usual case);
``cold_snap`` clears it before every query, so all 1,000 units are snapped again.
Optionally times networkx (given the answer's cutoff, its best case) for comparison.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

import numpy as np

from tenfour.bench.figures import p50_p99_ms
from tenfour.domain.run_cards import RunCard, RunCardBook, Slot
from tenfour.geo.eta_ranking import Recommender, UnitAt
from tenfour.geo.roads import RoadGraph, city_dir
from tenfour.geo.routing import Method, RoadNetwork, grid_network

TOP = 5
JITTER_DEG = 0.0002
TARGETS_MS = {"helsinki": 2.0, "grid": 20.0}


def _random_points(
    network: RoadNetwork, count: int, rng: np.random.Generator
) -> list[tuple[float, float]]:
    nodes = rng.integers(0, network.n_nodes, size=count)
    lat = network.graph.arrays.lat[nodes] + rng.uniform(-JITTER_DEG, JITTER_DEG, count)
    lon = network.graph.arrays.lon[nodes] + rng.uniform(-JITTER_DEG, JITTER_DEG, count)
    return list(zip(lat.tolist(), lon.tolist(), strict=True))


def _percentiles(samples_ms: list[float]) -> dict[str, float]:
    return {
        **p50_p99_ms(samples_ms, digits=3),
        "max_ms": round(max(samples_ms), 3),
        "mean_ms": round(statistics.fmean(samples_ms), 3),
    }


def bench_network(
    network: RoadNetwork, units: int, queries: int, seed: int, networkx_queries: int = 0
) -> dict[str, Any]:
    """Time ``queries`` recommendations of the top 5 of ``units`` random units."""
    rng = np.random.default_rng(seed)
    fleet = [
        UnitAt(f"U{i}", "demo", "engine", frozenset(), lat, lon)
        for i, (lat, lon) in enumerate(_random_points(network, units, rng))
    ]
    card = RunCard("top5", (Slot("any unit", TOP),))
    recommender = Recommender(network, RunCardBook({}, {}, {}))
    incidents = _random_points(network, queries, rng)
    for lat, lon in incidents[:5]:  # warm-up
        recommender.recommend(card, lat, lon, fleet)
    samples, cold = [], []
    for lat, lon in incidents:
        started = time.perf_counter()
        recommender.recommend(card, lat, lon, fleet)
        samples.append((time.perf_counter() - started) * 1000)
        network.clear_snap_cache()
        started = time.perf_counter()
        recommender.recommend(card, lat, lon, fleet)
        cold.append((time.perf_counter() - started) * 1000)
    result: dict[str, Any] = {
        "nodes": network.n_nodes,
        "edges": network.graph.n_edges,
        "units": units,
        "queries": queries,
        "method": network.method,
        **_percentiles(samples),
        "cold_snap": _percentiles(cold),
    }
    if networkx_queries:
        result["networkx"] = _bench_networkx(network, fleet, incidents[:networkx_queries])
    return result


def _bench_networkx(
    network: RoadNetwork, fleet: list[UnitAt], incidents: list[tuple[float, float]]
) -> dict[str, float]:
    import networkx as nx

    arrays = network.graph.arrays
    started = time.perf_counter()
    reverse = nx.DiGraph()
    reverse.add_weighted_edges_from(
        zip(arrays.dst.tolist(), arrays.src.tolist(), arrays.time_s.tolist(), strict=True)
    )
    build_s = time.perf_counter() - started
    points = [(u.unit_id, u.lat, u.lon) for u in fleet]
    samples = []
    for lat, lon in incidents:
        cutoff = max(network.etas_to(lat, lon, points, TOP).values())
        source = network.snap(lat, lon).node
        started = time.perf_counter()
        nx.single_source_dijkstra_path_length(reverse, source, cutoff=cutoff)
        samples.append((time.perf_counter() - started) * 1000)
    return {"graph_build_s": round(build_s, 2), **_percentiles(samples)}


def bench_recommend(
    units: int = 1000,
    queries: int = 200,
    seed: int = 0,
    grid_nodes: int = 250_000,
    method: Method = "scipy",
    networkx_queries: int = 0,
) -> dict[str, Any]:
    """p50/p99 ms of top-5 recommendations on Helsinki and on a ``grid_nodes`` grid."""
    started = time.perf_counter()
    helsinki = RoadNetwork(RoadGraph.load(city_dir() / "roads.npz"), method=method)
    load_s = time.perf_counter() - started
    started = time.perf_counter()
    grid = grid_network(grid_nodes, seed=seed, method=method)
    grid_s = time.perf_counter() - started
    report = {
        "helsinki": {
            **bench_network(helsinki, units, queries, seed, networkx_queries),
            "load_s": round(load_s, 3),
        },
        "grid": {
            **bench_network(grid, units, queries, seed, networkx_queries),
            "generate_s": round(grid_s, 2),
        },
    }
    for name, target in TARGETS_MS.items():
        report[name]["target_p99_ms"] = target
        report[name]["ok"] = report[name]["p99_ms"] <= target
    return report
