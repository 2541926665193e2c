"""The shipped Helsinki files: size, load time, contents; OSM import rules; recommender."""

from __future__ import annotations

import gzip
import json

import numpy as np
import pytest

from tenfour.geo.city import load_city
from tenfour.geo.citybuild import RawRoads, build_road_arrays, oneway_direction, parse_maxspeed
from tenfour.geo.eta_ranking import Recommender, UnitAt, load_run_cards
from tenfour.geo.osm_import import (
    OsmImportError,
    clean_housenumbers,
    clean_street,
    import_osm,
    merge_addresses,
)
from tenfour.geo.roads import city_dir


def test_shipped_files_are_small_and_attributed() -> None:
    folder = city_dir()
    sizes = {p.name: p.stat().st_size for p in folder.iterdir()}
    assert sum(sizes.values()) < 5_000_000
    assert sizes["streets.geojson.gz"] < 1_500_000
    assert "OpenStreetMap contributors" in (folder / "LICENSE-DATA.md").read_text(encoding="utf-8")
    streets = json.loads(gzip.decompress((folder / "streets.geojson.gz").read_bytes()))
    assert streets["type"] == "FeatureCollection"
    assert "OpenStreetMap" in streets["attribution"]
    assert sizes["buildings.geojson.gz"] < 200_000
    buildings = json.loads(gzip.decompress((folder / "buildings.geojson.gz").read_bytes()))
    assert len(buildings["features"]) > 400 and "OpenStreetMap" in buildings["attribution"]
    named = {f["properties"].get("name") for f in buildings["features"]}
    assert {"Ateneum", "Kiasma"} <= named  # from the extract, at build time


def test_city_loads_with_its_parts() -> None:
    city = load_city()
    assert city.network.n_nodes > 1000
    assert city.geocoder.address_count > 500
    assert {s.kind for s in city.stations} == {"fire", "police", "ems"}
    assert any(h.kind == "hospital" for h in city.hospitals)
    assert all(city.bounds.contains(s.lat, s.lon) for s in city.stations)


def test_recommender_on_helsinki() -> None:
    city = load_city()
    book = load_run_cards()
    stations = {s.kind: s for s in city.stations}
    fire, ems = stations["fire"], stations["ems"]
    units = [
        UnitAt("E1", "HFD", "engine", frozenset(), fire.lat, fire.lon),
        UnitAt("E2", "HFD", "engine", frozenset(), ems.lat, ems.lon),
        UnitAt("M1", "HEMS", "ambulance", frozenset({"ALS"}), ems.lat, ems.lon),
    ]
    incident = city.geocoder.geocode("Kalevankatu 10")
    assert incident is not None
    result = Recommender(city.network, book).recommend_for(
        "medical", 2, "ems", incident.lat, incident.lon, units
    )
    assert result.picks[0].unit_id == "M1"
    assert len(result.picks) == 2
    assert "by road" in result.picks[0].reason


@pytest.mark.parametrize(
    ("tag", "kmh"), [("50", 50.0), ("30 mph", 48.28), ("FI:urban", 50.0), ("x", None), (None, None)]
)
def test_parse_maxspeed(tag: str | None, kmh: float | None) -> None:
    assert parse_maxspeed(tag) == (pytest.approx(kmh, abs=0.01) if kmh else None)


def test_oneway_tags() -> None:
    assert oneway_direction("yes", None) == 1
    assert oneway_direction("-1", None) == -1
    assert oneway_direction(None, "roundabout") == 1
    assert oneway_direction("no", "roundabout") == 0
    assert oneway_direction(None, None) == 0


def test_build_keeps_drivable_strong_component() -> None:
    raw = RawRoads(
        node_id=np.array([10, 11, 12, 13], dtype=np.int64),
        node_lat=np.array([60.0, 60.001, 60.002, 60.003]),
        node_lon=np.array([25.0, 25.0, 25.0, 25.0]),
        seg_u=np.array([10, 11, 12], dtype=np.int64),
        seg_v=np.array([11, 12, 13], dtype=np.int64),
        highway=["residential", "primary", "footway"],
        name=["a", "b", "c"],
        maxspeed=[None, "50", None],
        oneway=[None, None, None],
        junction=[None, None, None],
    )
    roads = build_road_arrays(raw)
    assert roads.osm_id.tolist() == [10, 11, 12]
    assert roads.n_edges == 4
    assert sorted(roads.speed_kmh.tolist()) == [30.0, 30.0, 50.0, 50.0]


def test_address_cleaning() -> None:
    assert clean_housenumbers("7, Floors 1-3") == ["7"]
    assert clean_housenumbers("1;3") == ["1", "3"]
    assert clean_housenumbers("16b") == ["16 B"]
    assert clean_street("Asemahalli, Kaivokatu", {"Kaivokatu"}) == "Kaivokatu"
    assert clean_street("Nowhere, Else", set()) is None
    merged = merge_addresses([("A", "1", "", 60.0, 25.0), ("A", "1", "00100", 60.1, 25.1)])
    assert len(merged) == 1
    assert merged[0].postcode == "00100"
    assert merged[0].lat == pytest.approx(60.05)


def test_import_without_pyrosm_or_file_is_a_clear_error(tmp_path) -> None:
    with pytest.raises(OsmImportError, match="no such extract"):
        import_osm(tmp_path / "missing.pbf", tmp_path / "out")
    fake = tmp_path / "x.osm.pbf"
    fake.write_bytes(b"")
    try:
        import pyrosm  # noqa: F401
    except ImportError:
        with pytest.raises(OsmImportError, match=r"tenfour\[osm\]"):
            import_osm(fake, tmp_path / "out")
