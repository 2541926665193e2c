"""Offline geocoder: typed address -> point (forward), point -> address (reverse), autocomplete.

Forward geocoding matches the street by key (see :mod:`tenfour.geo.addresses`), falling back to
a fuzzy match (rapidfuzz) for typos, then the house number: exact, same building (``20`` for
``20 B``), inside a range (``16`` in ``14-20``), else the nearest numbered point on that street
(lower confidence), or the street's own point when no number was typed.

``verified`` is True only for an (almost) exact street with an exact, same-building or in-range
number, and a clear winner among similar streets.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process
from scipy.spatial import cKDTree

from tenfour.geo.addresses import (
    Address,
    AddressData,
    StreetPoint,
    load_addresses,
    number_base,
    number_key,
    number_range,
    parse_query,
    street_key,
)
from tenfour.geo.landmarks import Landmarks, crossing_parts
from tenfour.geo.roads import Projection

MIN_STREET_SCORE = 0.75
VERIFIED_STREET_SCORE = 0.85
CLEAR_MARGIN = 0.04
FACTOR_EXACT, FACTOR_BUILDING, FACTOR_RANGE = 1.0, 0.95, 0.9
FACTOR_NEAREST, FACTOR_STREET_ONLY = 0.7, 0.5


@dataclass(frozen=True)
class Suggestion:
    """A candidate match offered to the call taker."""

    address: str
    lat: float
    lon: float
    score: float


@dataclass(frozen=True)
class GeocodeResult:
    """The best match for a typed address."""

    address: str
    lat: float
    lon: float
    confidence: float
    verified: bool
    postcode: str = ""
    suggestions: list[Suggestion] = field(default_factory=list)
    # Set when the typed house number is not known: the known point the position is taken from
    # (the nearest known number, else the street), so a screen says plainly where it put the call.
    approximate: str | None = None


@dataclass(frozen=True)
class ReverseResult:
    """The nearest known address to a point."""

    address: str
    distance_m: float
    lat: float
    lon: float
    postcode: str = ""


@dataclass
class _Street:
    name: str
    key: str
    lat: float
    lon: float
    numbers: dict[str, Address] = field(default_factory=dict)

    def sorted_addresses(self) -> list[Address]:
        return sorted(
            self.numbers.values(), key=lambda a: (number_base(a.housenumber) or 0, a.label)
        )


@dataclass(frozen=True)
class _NumberMatch:
    address: Address | None
    factor: float
    verified: bool
    neighbours: list[Address]


class Geocoder:
    """Forward, reverse and autocomplete over one city's addresses."""

    def __init__(self, data: AddressData) -> None:
        self._streets: dict[str, _Street] = {}
        for point in data.streets:
            self._street_for(point)
        for address in data.addresses:
            street = self._street_for(StreetPoint(address.street, address.lat, address.lon))
            street.numbers.setdefault(number_key(address.housenumber), address)
        self._keys = sorted(self._streets)
        self._addresses = data.addresses or [
            Address(s.name, "", "", s.lat, s.lon) for s in data.streets
        ]
        lats = np.asarray([a.lat for a in self._addresses], dtype=np.float64)
        lons = np.asarray([a.lon for a in self._addresses], dtype=np.float64)
        center = (float(lats.mean()), float(lons.mean())) if len(lats) else (0.0, 0.0)
        self._projection = Projection(*center)
        self._tree = cKDTree(self._projection.to_xy(lats, lons)) if len(lats) else None
        self.landmarks = Landmarks(data.places, data.crossings)

    @classmethod
    def load(cls, path: Path) -> Geocoder:
        """Build from an ``addresses.json.gz`` file."""
        return cls(load_addresses(path))

    def _street_for(self, point: StreetPoint) -> _Street:
        key = street_key(point.name)
        if key not in self._streets:
            self._streets[key] = _Street(point.name, key, point.lat, point.lon)
        return self._streets[key]

    @property
    def address_count(self) -> int:
        """Known address points."""
        return sum(len(s.numbers) for s in self._streets.values())

    def street_named(self, text: str) -> str | None:
        """The name of the street whose key is exactly that of ``text`` (no fuzzy match)."""
        found = self._streets.get(street_key(text))
        return None if found is None else found.name

    def _match_streets(self, text: str, limit: int = 5) -> list[tuple[_Street, float]]:
        key = street_key(text)
        if not key:
            return []
        scored: dict[str, float] = {}
        if key in self._streets:
            scored[key] = 1.0
        for found, score, _ in process.extract(
            key, self._keys, scorer=fuzz.ratio, limit=limit, score_cutoff=MIN_STREET_SCORE * 100
        ):
            scored.setdefault(found, score / 100)
        if len(key) >= 5:
            for found in self._prefixed(key, limit):
                scored[found] = max(scored.get(found, 0.0), 0.8)
        ranked = sorted(scored.items(), key=lambda item: -item[1])[:limit]
        return [(self._streets[k], s) for k, s in ranked]

    def _prefixed(self, key: str, limit: int) -> list[str]:
        start = bisect.bisect_left(self._keys, key)
        out = []
        for candidate in self._keys[start : start + limit]:
            if not candidate.startswith(key):
                break
            out.append(candidate)
        return out

    def geocode(self, text: str) -> GeocodeResult | None:
        """Best match for a typed address, crossing ("A & B") or landmark's name, or None when
        nothing resembles it."""
        special = self._landmark(text)
        if special is not None:
            return special
        return self._address(text)

    def _landmark(self, text: str) -> GeocodeResult | None:
        parts = crossing_parts(text)
        if parts is not None:
            first, second = (self._match_streets(p, 1) for p in parts)
            if first and second:
                found = self.landmarks.crossing(first[0][0].name, second[0][0].name)
                score = min(first[0][1], second[0][1])
                if found is not None and score >= MIN_STREET_SCORE:
                    verified = score >= VERIFIED_STREET_SCORE
                    return GeocodeResult(
                        found.label, found.lat, found.lon, round(score, 3), verified
                    )
        place = self.landmarks.place(text)
        if place is not None and street_key(text) not in self._streets:
            return GeocodeResult(place.label, place.lat, place.lon, 1.0, True)
        return None

    def _address(self, text: str) -> GeocodeResult | None:
        query = parse_query(text)
        streets = self._match_streets(query.street)
        if not streets:
            return None
        street, score = streets[0]
        clear = len(streets) == 1 or score - streets[1][1] >= CLEAR_MARGIN or score == 1.0
        match = _match_number(street, query.number)
        point = match.address
        lat, lon = (point.lat, point.lon) if point else (street.lat, street.lon)
        if point is not None and match.factor > FACTOR_RANGE:
            label = point.label  # exact address or the same building
        elif query.number:
            label = f"{street.name} {query.number}"  # inside a range, or near its neighbours
        else:
            label = street.name
        suggestions = _suggestions(streets[1:], query.number, match.neighbours)
        approximate = None
        if query.number and not match.verified:
            approximate = point.label if point is not None else street.name
        return GeocodeResult(
            address=label,
            lat=lat,
            lon=lon,
            confidence=round(score * match.factor, 3),
            verified=match.verified and clear and score >= VERIFIED_STREET_SCORE,
            postcode=point.postcode if point else "",
            suggestions=suggestions,
            approximate=approximate,
        )

    def suggest(self, prefix: str, limit: int = 8) -> list[Suggestion]:
        """Autocomplete: streets whose key starts with (or resembles) the typed prefix, and
        their house numbers starting with the typed number."""
        query = parse_query(prefix)
        key = street_key(query.street)
        if not key:
            return []
        places = [] if query.number else self.landmarks.places_starting(query.street, limit)
        found = [Suggestion(p.name, p.lat, p.lon, 1.0) for p in places]
        return (self._street_suggestions(query.street, query.number, key, limit) + found)[:limit]

    def _street_suggestions(
        self, street: str, number: str | None, key: str, limit: int
    ) -> list[Suggestion]:
        keys = self._prefixed(key, limit)
        if len(keys) < limit:
            keys += [k for k in self._keys if key in k and k not in keys][: limit - len(keys)]
        if not keys:
            keys = [s.key for s, _ in self._match_streets(street, limit)]
        out: list[Suggestion] = []
        for k in keys:
            found = self._streets[k]
            if number is None:
                out.append(Suggestion(found.name, found.lat, found.lon, 1.0))
                continue
            for a in found.sorted_addresses():
                if number_key(a.housenumber).startswith(number):
                    out.append(Suggestion(a.label, a.lat, a.lon, 1.0))
        return out

    def reverse(self, lat: float, lon: float) -> ReverseResult | None:
        """Nearest known address to a point (None for an empty address book)."""
        if self._tree is None:
            return None
        distance, index = self._tree.query(self._projection.point_xy(lat, lon))
        found = self._addresses[int(index)]
        return ReverseResult(found.label, float(distance), found.lat, found.lon, found.postcode)


def _match_number(street: _Street, number: str | None) -> _NumberMatch:
    if number is None or not street.numbers:
        return _NumberMatch(
            None, FACTOR_STREET_ONLY if number is None else FACTOR_NEAREST, False, []
        )
    if number in street.numbers:
        return _NumberMatch(street.numbers[number], FACTOR_EXACT, True, [])
    base = number_base(number)
    if base is None:
        return _NumberMatch(None, FACTOR_STREET_ONLY, False, [])
    same_building = [
        a for t, a in street.numbers.items() if number_base(t) == base and "-" not in t
    ]
    if same_building:
        best = street.numbers.get(str(base), min(same_building, key=lambda a: a.housenumber))
        return _NumberMatch(best, FACTOR_BUILDING, True, [])
    for text, address in street.numbers.items():
        span = number_range(text)
        if span and span[0] <= base <= span[1] and span[0] % 2 == base % 2:
            return _NumberMatch(address, FACTOR_RANGE, True, [])
    neighbours = _nearest_numbers(street, base)
    return _NumberMatch(neighbours[0] if neighbours else None, FACTOR_NEAREST, False, neighbours)


def _nearest_numbers(street: _Street, base: int, count: int = 3) -> list[Address]:
    def distance(address: Address) -> tuple[int, int]:
        other = number_base(address.housenumber)
        if other is None:
            return (1, 10**9)
        return (0 if other % 2 == base % 2 else 1, abs(other - base))

    return sorted(street.numbers.values(), key=distance)[:count]


def _suggestions(
    others: Sequence[tuple[_Street, float]], number: str | None, neighbours: Sequence[Address]
) -> list[Suggestion]:
    out = [Suggestion(a.label, a.lat, a.lon, FACTOR_NEAREST) for a in neighbours]
    for street, score in others:
        match = _match_number(street, number)
        point = match.address
        lat, lon = (point.lat, point.lon) if point else (street.lat, street.lon)
        label = point.label if point and match.verified else street.name
        out.append(Suggestion(label, lat, lon, round(score * match.factor, 3)))
    return out[:5]
