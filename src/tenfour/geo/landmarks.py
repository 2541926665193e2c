"""What callers say instead of an address: a landmark's name, or two streets that cross.

``import-osm`` keeps named places (stations, schools, parks, shops...) and every point where two
named streets meet. "Rautatientori", "Stockmann" or "Mannerheimintie & Kaivokatu" (also written
with ``/``, `` and `` or `` x ``) then geocode like an address. A crossing is verified when both
streets are known by their exact key and meet; a place when its name's key matches exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tenfour.geo.addresses import Crossing, NamedPlace, street_key

_SEPARATORS = re.compile(r"\s*(?:&|/|@|\bx\b|\band\b|\bja\b)\s*", re.IGNORECASE)


@dataclass(frozen=True)
class LandmarkMatch:
    """A place or crossing found for a typed text."""

    label: str
    lat: float
    lon: float
    verified: bool


def crossing_parts(text: str) -> tuple[str, str] | None:
    """The two street names of "A & B" (or A / B, A and B, A x B), else None."""
    parts = [p for p in _SEPARATORS.split(text.strip()) if p]
    if len(parts) != 2 or any(ch.isdigit() for ch in text):
        return None
    return parts[0], parts[1]


class Landmarks:
    """Named places and street crossings of one city, by key."""

    def __init__(self, places: list[NamedPlace], crossings: list[Crossing]) -> None:
        self._places: dict[str, NamedPlace] = {}
        for place in places:
            self._places.setdefault(street_key(place.name), place)
        self._place_keys = sorted(self._places)
        self._crossings: dict[tuple[str, str], Crossing] = {}
        for crossing in crossings:
            pair = tuple(sorted((street_key(crossing.first), street_key(crossing.second))))
            self._crossings.setdefault((pair[0], pair[1]), crossing)

    @property
    def counts(self) -> tuple[int, int]:
        """How many places and crossings are known."""
        return len(self._places), len(self._crossings)

    def place(self, text: str) -> LandmarkMatch | None:
        """The place named exactly so (case, diacritics and spacing folded)."""
        found = self._places.get(street_key(text))
        if found is None:
            return None
        return LandmarkMatch(found.name, found.lat, found.lon, True)

    def crossing(self, first: str, second: str) -> LandmarkMatch | None:
        """Where the two streets (by their gazetteer spelling) meet."""
        a, b = sorted((street_key(first), street_key(second)))
        found = self._crossings.get((a, b))
        if found is None:
            return None
        return LandmarkMatch(f"{found.first} & {found.second}", found.lat, found.lon, True)

    def places_starting(self, text: str, limit: int) -> list[NamedPlace]:
        """Places whose name's key starts with the typed text's key (autocomplete)."""
        key = street_key(text)
        if len(key) < 3:
            return []
        return [self._places[k] for k in self._place_keys if k.startswith(key)][:limit]
