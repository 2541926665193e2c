"""The centre's gazetteer for the rules: street names it knows exactly, addresses it verifies.

Backs ``tenfour.domain.surroundings.Gazetteer`` with the offline geocoder. A street is known
only by its exact key (case, diacritics and abbreviations folded, never a fuzzy guess), so a
typed name, room number or shelter's name is never taken for a street. An address is verified
only when the geocoder verifies it and the position given lies within ``tolerance_m`` of it.
"""

from __future__ import annotations

from pathlib import Path

from tenfour.domain.geometry import Point, distance_m
from tenfour.geo.geocoder import Geocoder
from tenfour.geo.roads import city_dir

DEFAULT_TOLERANCE_M = 150.0


class CityGazetteer:
    """One city's streets and addresses."""

    def __init__(self, geocoder: Geocoder, tolerance_m: float = DEFAULT_TOLERANCE_M) -> None:
        self._geocoder = geocoder
        self._tolerance_m = tolerance_m

    @classmethod
    def load(cls, directory: Path | None = None) -> CityGazetteer:
        """The gazetteer of the shipped city (or of a directory written by ``import-osm``)."""
        return cls(Geocoder.load((directory or city_dir()) / "addresses.json.gz"))

    def street(self, name: str) -> str | None:
        """The gazetteer's spelling of a street known by exactly this name."""
        return self._geocoder.street_named(name)

    def verifies(self, address: str, lat: float, lon: float) -> bool:
        """A verified geocode of ``address`` lying near the given position."""
        found = self._geocoder.geocode(address)
        if found is None or not found.verified:
            return False
        return distance_m(Point(found.lat, found.lon), Point(lat, lon)) <= self._tolerance_m
