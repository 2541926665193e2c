"""A city's shipped geo data, loaded on demand: road network, geocoder, stations, bounds.

Nothing is read at import time; the composition root calls :func:`load_city` once.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tenfour.geo.geocoder import Geocoder
from tenfour.geo.roads import DEFAULT_CITY, RoadGraph, city_dir
from tenfour.geo.routing import Method, RoadNetwork


@dataclass(frozen=True)
class Place:
    """A station (kind ``fire``/``police``/``ems``) or a hospital/clinic."""

    id: str
    name: str
    kind: str
    address: str
    lat: float
    lon: float
    source: str


@dataclass(frozen=True)
class Bounds:
    """The area the data covers."""

    south: float
    west: float
    north: float
    east: float

    @property
    def center(self) -> tuple[float, float]:
        """(lat, lon) of the middle."""
        return (self.south + self.north) / 2, (self.west + self.east) / 2

    def contains(self, lat: float, lon: float) -> bool:
        """Whether a point lies inside."""
        return self.south <= lat <= self.north and self.west <= lon <= self.east


@dataclass(frozen=True)
class City:
    """Everything geo about one city."""

    name: str
    directory: Path
    network: RoadNetwork
    geocoder: Geocoder
    stations: list[Place]
    hospitals: list[Place]
    bounds: Bounds
    attribution: str

    @property
    def streets_geojson(self) -> Path:
        """Gzipped GeoJSON of the street polylines, for drawing the offline map."""
        return self.directory / "streets.geojson.gz"

    @property
    def buildings_geojson(self) -> Path:
        """Gzipped GeoJSON of the building footprints (a city imported before buildings were
        kept has none: the map then draws streets only)."""
        return self.directory / "buildings.geojson.gz"


def _places(rows: list[dict[str, Any]]) -> list[Place]:
    return [
        Place(
            id=str(r["id"]),
            name=str(r["name"]),
            kind=str(r["kind"]),
            address=str(r["address"]),
            lat=float(r["lat"]),
            lon=float(r["lon"]),
            source=str(r.get("source", "osm")),
        )
        for r in rows
    ]


CITY_FILES = ("roads.npz", "addresses.json.gz", "stations.json", "bounds.json")


def check_city_dir(directory: Path) -> None:
    """Refuse (ValueError) a directory not written by ``import-osm``, saying what is missing."""
    if not directory.is_dir():
        raise ValueError(f"city {directory}: no such directory (tenfour import-osm FILE --out DIR)")
    missing = [name for name in CITY_FILES if not (directory / name).is_file()]
    if missing:
        raise ValueError(
            f"city {directory}: missing {', '.join(missing)}; is it the --out directory of "
            "tenfour import-osm?"
        )


def load_city(
    name: str = DEFAULT_CITY, directory: Path | None = None, method: Method = "scipy"
) -> City:
    """Load a city from the package (by name) or from a directory written by ``import-osm``."""
    folder = directory or city_dir(name)
    stations = json.loads((folder / "stations.json").read_text(encoding="utf-8"))
    bounds = json.loads((folder / "bounds.json").read_text(encoding="utf-8"))
    return City(
        name=name,
        directory=folder,
        network=RoadNetwork(RoadGraph.load(folder / "roads.npz"), method=method),
        geocoder=Geocoder.load(folder / "addresses.json.gz"),
        stations=_places(stations["stations"]),
        hospitals=_places(stations["hospitals"]),
        bounds=Bounds(bounds["south"], bounds["west"], bounds["north"], bounds["east"]),
        attribution=str(bounds["attribution"]),
    )
