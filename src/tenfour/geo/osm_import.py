"""Build a city's offline data files from any OpenStreetMap ``.pbf`` extract.

Needs the optional ``pyrosm`` dependency (``pip install 'tenfour[osm]'``); nothing else in
tenfour does. Output (see :mod:`tenfour.geo.citywrite` and :mod:`tenfour.geo.citybuild`):
``roads.npz``, ``addresses.json.gz``, ``stations.json``, ``bounds.json``,
``streets.geojson.gz`` and ``LICENSE-DATA.md``.
"""

from __future__ import annotations

import importlib
import json
import re
import time
import warnings
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from tenfour.geo.citybuild import RawRoads, build_road_arrays, save_road_arrays
from tenfour.geo.citywrite import (
    AddressRecord,
    PlaceRecord,
    write_addresses,
    write_bounds,
    write_buildings_geojson,
    write_license,
    write_stations,
    write_streets_geojson,
)

ProgressFn = Callable[[str, int, int], None]
"""Called as ``progress(step_description, steps_done, steps_total)``."""

STATION_KINDS = {"fire_station": "fire", "police": "police", "ambulance_station": "ems"}
HOSPITAL_KINDS = {"hospital": "hospital", "clinic": "clinic", "doctors": "clinic"}
SIMPLIFY_DEGREES = 0.00001
_LETTER_SUFFIX = re.compile(r"^(\d+)\s*([A-Z])$")
_STEPS = ("read extract", "roads", "addresses", "stations", "map lines", "write")


class OsmImportError(RuntimeError):
    """The extract cannot be imported (missing dependency, unreadable file, no roads)."""


@dataclass(frozen=True)
class DemoPlace:
    """A station (kind fire/police/ems) or hospital invented for the demo, at a real address."""

    id: str
    name: str
    kind: str
    street: str
    housenumber: str


@dataclass
class ImportSummary:
    """What :func:`import_osm` wrote."""

    nodes: int = 0
    edges: int = 0
    addresses: int = 0
    streets: int = 0
    stations: int = 0
    hospitals: int = 0
    places: int = 0
    crossings: int = 0
    files: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)

    @property
    def total_bytes(self) -> int:
        """Size of everything written."""
        return sum(self.files.values())


def _load_pyrosm() -> Any:
    try:
        return importlib.import_module("pyrosm")
    except ImportError as exc:
        raise OsmImportError(
            "importing OSM extracts needs pyrosm: pip install 'tenfour[osm]'"
        ) from exc


def _tag(row: Any, key: str) -> str | None:
    value = row.get(key) if hasattr(row, "get") else None
    if value is not None and value == value:  # NaN != NaN
        return str(value)
    tags = row.get("tags") if hasattr(row, "get") else None
    if isinstance(tags, str) and tags:
        found = json.loads(tags).get(key)
        return None if found is None else str(found)
    return None


def _raw_roads(nodes: Any, edges: Any) -> RawRoads:
    rows = [r for _, r in edges.iterrows()]
    return RawRoads(
        node_id=np.asarray(nodes["id"], dtype=np.int64),
        node_lat=np.asarray(nodes["lat"], dtype=np.float64),
        node_lon=np.asarray(nodes["lon"], dtype=np.float64),
        seg_u=np.asarray(edges["u"], dtype=np.int64),
        seg_v=np.asarray(edges["v"], dtype=np.int64),
        highway=[str(r["highway"]) for r in rows],
        name=[_tag(r, "name") or "" for r in rows],
        maxspeed=[_tag(r, "maxspeed") for r in rows],
        oneway=[_tag(r, "oneway") for r in rows],
        junction=[_tag(r, "junction") for r in rows],
    )


def _point(row: Any) -> tuple[float, float]:
    geom = row["geometry"]
    pt = geom if geom.geom_type == "Point" else geom.representative_point()
    return float(pt.y), float(pt.x)


def clean_housenumbers(value: str) -> list[str]:
    """``"7, Floors 1-3"`` -> ``["7"]``; ``"1;3"`` -> ``["1", "3"]``; ``"20b"`` -> ``["20 B"]``."""
    out = []
    for part in value.split(";"):
        text = " ".join(part.split(",")[0].split()).upper()
        text = _LETTER_SUFFIX.sub(r"\1 \2", text)
        if text and text[0].isdigit():
            out.append(text)
    return out


def clean_street(value: str, known: set[str]) -> str | None:
    """A street name, or the known street inside ``"Asemahalli, Kaivokatu"``; else None."""
    parts = [p.strip() for p in value.split(",") if p.strip()]
    if len(parts) == 1:
        return parts[0]
    return next((p for p in reversed(parts) if p in known), None)


def merge_addresses(points: Sequence[tuple[str, str, str, float, float]]) -> list[AddressRecord]:
    """Merge duplicates (several shops at one address) and fill missing postcodes per street."""
    groups: dict[tuple[str, str], list[tuple[str, float, float]]] = defaultdict(list)
    street_codes: dict[str, Counter[str]] = defaultdict(Counter)
    for street, number, postcode, lat, lon in points:
        groups[(street, number)].append((postcode, lat, lon))
        if postcode:
            street_codes[street][postcode] += 1
    out = []
    for (street, number), items in groups.items():
        codes = Counter(c for c, _, _ in items if c) or street_codes[street]
        postcode = codes.most_common(1)[0][0] if codes else ""
        lat = sum(i[1] for i in items) / len(items)
        lon = sum(i[2] for i in items) / len(items)
        out.append(AddressRecord(street, number, postcode, lat, lon))
    return out


def _addresses(osm: Any, known_streets: set[str]) -> list[AddressRecord]:
    cols = ["addr:street", "addr:housenumber", "addr:postcode"]
    frame = osm.get_data_by_custom_criteria(
        custom_filter={"addr:housenumber": True},
        filter_type="keep",
        keep_nodes=True,
        keep_ways=True,
        keep_relations=True,
        tags_as_columns=cols,
    )
    points = []
    for _, row in [] if frame is None else frame.iterrows():
        street_tag, number_tag = _tag(row, "addr:street"), _tag(row, "addr:housenumber")
        street = clean_street(street_tag, known_streets) if street_tag else None
        if street is None or number_tag is None:
            continue
        lat, lon = _point(row)
        for number in clean_housenumbers(number_tag):
            points.append((street, number, _tag(row, "addr:postcode") or "", lat, lon))
    return merge_addresses(points)


def _street_points(raw: RawRoads) -> list[tuple[str, float, float]]:
    where = {int(n): i for i, n in enumerate(raw.node_id.tolist())}
    mids: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for name, u, v in zip(raw.name, raw.seg_u.tolist(), raw.seg_v.tolist(), strict=True):
        if name:
            a, b = where[u], where[v]
            lat = (raw.node_lat[a] + raw.node_lat[b]) / 2
            lon = (raw.node_lon[a] + raw.node_lon[b]) / 2
            mids[name].append((float(lat), float(lon)))
    out = []
    for name, pts in mids.items():
        clat = sum(p[0] for p in pts) / len(pts)
        clon = sum(p[1] for p in pts) / len(pts)
        lat, lon = min(pts, key=lambda p: (p[0] - clat) ** 2 + (p[1] - clon) ** 2)
        out.append((name, lat, lon))
    return out


def street_crossings(raw: RawRoads) -> list[tuple[str, str, float, float]]:
    """Every pair of differently named streets sharing a road node, once, at that node."""
    names: dict[int, set[str]] = defaultdict(set)
    for name, u, v in zip(raw.name, raw.seg_u.tolist(), raw.seg_v.tolist(), strict=True):
        if name:
            names[int(u)].add(name)
            names[int(v)].add(name)
    where = {int(n): i for i, n in enumerate(raw.node_id.tolist())}
    out: dict[tuple[str, str], tuple[str, str, float, float]] = {}
    for node, found in names.items():
        ordered = sorted(found)
        for i, first in enumerate(ordered):
            for second in ordered[i + 1 :]:
                at = where[node]
                point = (first, second, float(raw.node_lat[at]), float(raw.node_lon[at]))
                out.setdefault((first, second), point)
    return list(out.values())


PLACE_TAGS = ("amenity", "tourism", "leisure", "historic", "railway", "public_transport", "shop")


def _pois(osm: Any, custom_filter: dict[str, Any]) -> Any:
    """pyrosm's points of interest; an area with none is an answer, not a warning."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Could not find any POIs", UserWarning)
        return osm.get_pois(custom_filter=custom_filter)


def _named_places(osm: Any) -> list[tuple[str, str, float, float]]:
    frame = _pois(osm, dict.fromkeys(PLACE_TAGS, True))
    out: dict[str, tuple[str, str, float, float]] = {}
    for _, row in [] if frame is None else frame.iterrows():
        name = _tag(row, "name")
        if not name or row.get("geometry") is None:
            continue
        kind = next((f"{t}={_tag(row, t)}" for t in PLACE_TAGS if _tag(row, t)), "place")
        lat, lon = _point(row)
        out.setdefault(name, (name, kind, lat, lon))
    return list(out.values())


def _address_text(row: Any) -> str:
    street, number = _tag(row, "addr:street"), _tag(row, "addr:housenumber")
    numbers = clean_housenumbers(number or "")
    return f"{street} {numbers[0]}" if street and numbers else (street or "")


def _places(osm: Any, kinds: dict[str, str], prefix: str) -> list[PlaceRecord]:
    frame = _pois(osm, {"amenity": list(kinds)})
    out: list[PlaceRecord] = []
    for _, row in [] if frame is None else frame.iterrows():
        kind = kinds.get(str(row.get("amenity")), "")
        if not kind:
            continue
        lat, lon = _point(row)
        name = _tag(row, "name") or kind
        place_id = f"{prefix}{len(out) + 1}"
        out.append(PlaceRecord(place_id, name, kind, _address_text(row), lat, lon))
    return out


def _demo_places(
    demo: Sequence[DemoPlace], addresses: Sequence[AddressRecord], summary: ImportSummary
) -> list[PlaceRecord]:
    index = {(a.street, a.housenumber): a for a in addresses}
    out = []
    for place in demo:
        found = index.get((place.street, place.housenumber))
        if found is None:
            summary.warnings.append(f"demo place {place.id}: no address {place.street} ...")
            continue
        address = f"{found.street} {found.housenumber}"
        out.append(
            PlaceRecord(place.id, place.name, place.kind, address, found.lat, found.lon, "demo")
        )
    return out


def _map_lines(edges: Any) -> list[tuple[str, str, list[list[tuple[float, float]]]]]:
    from shapely import line_merge, simplify
    from shapely.geometry import MultiLineString

    groups: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for _, row in edges.iterrows():
        groups[(_tag(row, "name") or "", str(row["highway"]))].append(row["geometry"])
    out = []
    for (name, highway), geoms in groups.items():
        merged = simplify(line_merge(MultiLineString(geoms)), SIMPLIFY_DEGREES)
        parts = list(getattr(merged, "geoms", [merged]))
        out.append((name, highway, [list(p.coords) for p in parts if not p.is_empty]))
    return out


def building_footprints(osm: Any) -> list[tuple[str, str, list[tuple[float, float]]]]:
    """(name, kind, outer ring) of every building in the extract, simplified like the streets:
    the map's buildings, built once here so the server fetches nothing at run time."""
    from shapely import simplify

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pyrosm's pandas chatter
        found = osm.get_buildings()
    out: list[tuple[str, str, list[tuple[float, float]]]] = []
    for _, row in found.iterrows() if found is not None else ():
        shape = simplify(row["geometry"], SIMPLIFY_DEGREES)
        for polygon in getattr(shape, "geoms", [shape]):
            if polygon.is_empty or polygon.geom_type != "Polygon":
                continue
            ring = [(float(x), float(y)) for x, y in polygon.exterior.coords]
            out.append((_tag(row, "name") or "", _tag(row, "building") or "yes", ring))
    return out


def write_buildings(pbf_path: Path, out_dir: Path) -> int:
    """Write only ``buildings.geojson.gz`` of a city from its extract (a city imported before
    buildings were kept gets them without a full import); its size in bytes."""
    osm = _load_pyrosm().OSM(str(pbf_path))
    return write_buildings_geojson(out_dir / "buildings.geojson.gz", building_footprints(osm))


def import_osm(
    pbf_path: Path,
    out_dir: Path,
    progress: ProgressFn | None = None,
    demo_places: Sequence[DemoPlace] = (),
) -> ImportSummary:
    """Read ``pbf_path`` and write the city files into ``out_dir``."""
    started, summary = time.perf_counter(), ImportSummary()
    report: ProgressFn = progress or (lambda _s, _d, _t: None)
    steps = iter(enumerate(_STEPS))

    def step() -> None:
        done, name = next(steps)
        report(name, done, len(_STEPS))

    if not pbf_path.is_file():
        raise OsmImportError(f"no such extract: {pbf_path}")
    step()
    osm = _load_pyrosm().OSM(str(pbf_path))
    nodes, edges = osm.get_network(network_type="driving+service", nodes=True)
    if edges is None or len(edges) == 0:
        raise OsmImportError(f"no drivable roads in {pbf_path}")
    step()
    raw = _raw_roads(nodes, edges)
    roads = build_road_arrays(raw)
    step()
    streets = _street_points(raw)
    addresses = _addresses(osm, {s[0] for s in streets})
    crossings = street_crossings(raw)
    named = _named_places(osm)
    step()
    demo = _demo_places(demo_places, addresses, summary)
    stations = _places(osm, STATION_KINDS, "S") + [p for p in demo if p.kind != "hospital"]
    hospitals = _places(osm, HOSPITAL_KINDS, "H") + [p for p in demo if p.kind == "hospital"]
    step()
    lines = _map_lines(edges)
    buildings = building_footprints(osm)
    step()
    out_dir.mkdir(parents=True, exist_ok=True)
    save_road_arrays(roads, out_dir / "roads.npz")
    files = summary.files
    files["addresses.json.gz"] = write_addresses(
        out_dir / "addresses.json.gz", addresses, streets, named, crossings
    )
    files["stations.json"] = write_stations(out_dir / "stations.json", stations, hospitals)
    south, north = float(roads.lat.min()), float(roads.lat.max())
    west, east = float(roads.lon.min()), float(roads.lon.max())
    files["bounds.json"] = write_bounds(
        out_dir / "bounds.json", south, west, north, east, pbf_path.name
    )
    files["streets.geojson.gz"] = write_streets_geojson(out_dir / "streets.geojson.gz", lines)
    files["buildings.geojson.gz"] = write_buildings_geojson(
        out_dir / "buildings.geojson.gz", buildings
    )
    files["LICENSE-DATA.md"] = write_license(out_dir / "LICENSE-DATA.md", pbf_path.name)
    files["roads.npz"] = (out_dir / "roads.npz").stat().st_size
    report("done", len(_STEPS), len(_STEPS))
    summary.nodes, summary.edges = roads.n_nodes, roads.n_edges
    summary.addresses, summary.streets = len(addresses), len(streets)
    summary.stations, summary.hospitals = len(stations), len(hospitals)
    summary.places, summary.crossings = len(named), len(crossings)
    summary.seconds = time.perf_counter() - started
    return summary
