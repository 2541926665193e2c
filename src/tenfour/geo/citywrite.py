"""Write a city's non-road files: addresses, stations, bounds, map polylines, attribution.

The records here are plain Python values, so these writers work the same whatever parsed
the OSM extract. File formats (all small, all readable by another program):

- ``addresses.json.gz``: ``{"fields": [...], "rows": [[street, housenumber, postcode, lat, lon]],
  "streets": [[name, lat, lon]]}``; the street list gives a point for every named road, so a
  street without house numbers can still be found.
- ``stations.json``: ``{"stations": [...], "hospitals": [...]}``, each with id, name, kind,
  address, lat, lon, source (``osm`` or ``demo``).
- ``bounds.json``: south, west, north, east, center, attribution, source.
- ``streets.geojson.gz``: simplified street polylines (name, highway) for an offline map.
- ``buildings.geojson.gz``: simplified building footprints (outer ring; name, kind) for it.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ATTRIBUTION = "© OpenStreetMap contributors (ODbL)"
LICENSE_TEXT = """# Map data licence

The files in this directory (`roads.npz`, `addresses.json.gz`, `stations.json`, `bounds.json`,
`streets.geojson.gz`, `buildings.geojson.gz`) are derived from OpenStreetMap data.

{attribution} — <https://www.openstreetmap.org/copyright>

OpenStreetMap data is available under the Open Database License (ODbL) 1.0,
<https://opendatacommons.org/licenses/odbl/1-0/>. These derived files are made available under
the same licence. Source extract: `{source}`.

Stations marked `"source": "demo"` in `stations.json` are invented demo positions placed at real
addresses; they are not the real locations of any police, fire or EMS service.
"""
COORD_DIGITS = 6


@dataclass(frozen=True)
class AddressRecord:
    """One address point: a street, a house number and where it is."""

    street: str
    housenumber: str
    postcode: str
    lat: float
    lon: float


@dataclass(frozen=True)
class PlaceRecord:
    """A station or hospital."""

    id: str
    name: str
    kind: str
    address: str
    lat: float
    lon: float
    source: str = "osm"


def _round(value: float) -> float:
    return round(float(value), COORD_DIGITS)


def write_json_gz(path: Path, payload: object) -> int:
    """Write compact gzip-compressed JSON deterministically; return its size in bytes."""
    raw = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    data = gzip.compress(raw.encode("utf-8"), compresslevel=9, mtime=0)
    path.write_bytes(data)
    return len(data)


def write_json(path: Path, payload: object) -> int:
    """Write indented JSON; return its size in bytes."""
    text = json.dumps(payload, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    path.write_text(text, encoding="utf-8")
    return len(text.encode("utf-8"))


def write_addresses(
    path: Path,
    addresses: Iterable[AddressRecord],
    streets: Iterable[tuple[str, float, float]],
    places: Iterable[tuple[str, str, float, float]] = (),
    crossings: Iterable[tuple[str, str, float, float]] = (),
) -> int:
    """Write ``addresses.json.gz`` (with named places and street crossings for the geocoder)."""
    rows = sorted(
        [a.street, a.housenumber, a.postcode, _round(a.lat), _round(a.lon)] for a in addresses
    )
    street_rows = sorted([name, _round(lat), _round(lon)] for name, lat, lon in streets)
    payload = {
        "attribution": ATTRIBUTION,
        "fields": ["street", "housenumber", "postcode", "lat", "lon"],
        "rows": rows,
        "streets": street_rows,
        "places": sorted([n, k, _round(a), _round(b)] for n, k, a, b in places),
        "intersections": sorted([x, y, _round(a), _round(b)] for x, y, a, b in crossings),
    }
    return write_json_gz(path, payload)


def write_stations(
    path: Path, stations: Sequence[PlaceRecord], hospitals: Sequence[PlaceRecord]
) -> int:
    """Write ``stations.json``."""

    def rows(places: Sequence[PlaceRecord]) -> list[dict[str, Any]]:
        return [{**asdict(p), "lat": _round(p.lat), "lon": _round(p.lon)} for p in places]

    payload = {"attribution": ATTRIBUTION, "stations": rows(stations), "hospitals": rows(hospitals)}
    return write_json(path, payload)


def write_bounds(
    path: Path, south: float, west: float, north: float, east: float, source: str
) -> int:
    """Write ``bounds.json``."""
    payload = {
        "south": _round(south),
        "west": _round(west),
        "north": _round(north),
        "east": _round(east),
        "center": [_round((south + north) / 2), _round((west + east) / 2)],
        "attribution": ATTRIBUTION,
        "source": source,
    }
    return write_json(path, payload)


def write_streets_geojson(
    path: Path, lines: Iterable[tuple[str, str, Sequence[Sequence[tuple[float, float]]]]]
) -> int:
    """Write ``streets.geojson.gz`` from (name, highway, [[(lon, lat), ...], ...])."""
    features = [
        {
            "type": "Feature",
            "properties": {"name": name, "highway": highway},
            "geometry": {
                "type": "MultiLineString",
                "coordinates": [[[_round(x), _round(y)] for x, y in part] for part in parts],
            },
        }
        for name, highway, parts in lines
    ]
    features.sort(key=lambda f: json.dumps(f, sort_keys=True))
    payload = {"type": "FeatureCollection", "attribution": ATTRIBUTION, "features": features}
    return write_json_gz(path, payload)


def write_buildings_geojson(
    path: Path, buildings: Iterable[tuple[str, str, Sequence[tuple[float, float]]]]
) -> int:
    """Write ``buildings.geojson.gz`` from (name, kind, outer ring [(lon, lat), ...]): the
    footprints the offline map draws under the streets (holes and inner rings left out)."""
    features = [
        {
            "type": "Feature",
            "properties": {"name": name, "building": kind} if name else {"building": kind},
            "geometry": {
                "type": "Polygon",
                "coordinates": [[[_round(x), _round(y)] for x, y in ring]],
            },
        }
        for name, kind, ring in buildings
        if len(ring) >= 4
    ]
    features.sort(key=lambda f: json.dumps(f, sort_keys=True))
    payload = {"type": "FeatureCollection", "attribution": ATTRIBUTION, "features": features}
    return write_json_gz(path, payload)


def write_license(path: Path, source: str) -> int:
    """Write ``LICENSE-DATA.md`` with the ODbL attribution."""
    text = LICENSE_TEXT.format(attribution=ATTRIBUTION, source=source)
    path.write_text(text, encoding="utf-8")
    return len(text.encode("utf-8"))
