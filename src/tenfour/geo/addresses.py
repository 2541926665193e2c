"""Address data and the text normalisation the geocoder matches on.

A street's *key* is its name lower-cased, diacritics folded (ä -> a, ö -> o, å -> a), the last
word's abbreviation expanded, and every space and punctuation mark removed, so "Annan k.",
"ANNANKATU" and "annankatu" share the key ``annankatu``.

Abbreviations of the last word (whole word or glued to it with a dot):

===========================  ===========================
Finnish                      English
===========================  ===========================
k, k. -> katu                st, st. -> street
t, t. -> tie                 rd -> road
kj -> kuja; pl -> polku      ave, av -> avenue
espa -> esplanadi            blvd -> boulevard; dr -> drive
===========================  ===========================
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

WORD_ABBREVIATIONS: dict[str, str] = {
    "k": "katu",
    "t": "tie",
    "kj": "kuja",
    "pl": "polku",
    "espa": "esplanadi",
    "st": "street",
    "str": "street",
    "rd": "road",
    "ave": "avenue",
    "av": "avenue",
    "blvd": "boulevard",
    "dr": "drive",
    "ln": "lane",
}
GLUED_ABBREVIATIONS: dict[str, str] = {"k.": "katu", "t.": "tie", "kj.": "kuja", "pl.": "polku"}
_GLUED_ESPA = re.compile(r"espa\.?$")
_NON_KEY = re.compile(r"[^0-9a-z]+")
_LETTER = re.compile(r"^(\d+)\s*([a-z])$", re.IGNORECASE)
_RANGE = re.compile(r"^(\d+)\s*-\s*(\d+)$")
_LEADING_INT = re.compile(r"^(\d+)")


@dataclass(frozen=True)
class Address:
    """One known address point."""

    street: str
    housenumber: str
    postcode: str
    lat: float
    lon: float

    @property
    def label(self) -> str:
        """How a dispatcher writes it: ``Annankatu 5 B``."""
        return f"{self.street} {self.housenumber}".strip()


@dataclass(frozen=True)
class StreetPoint:
    """A named street with a representative point on it."""

    name: str
    lat: float
    lon: float


def fold(text: str) -> str:
    """Lower-case and strip diacritics (ä -> a)."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _expand_last_word(word: str) -> str:
    bare = word.rstrip(".")
    if bare in WORD_ABBREVIATIONS:
        return WORD_ABBREVIATIONS[bare]
    for short, full in GLUED_ABBREVIATIONS.items():
        if word.endswith(short) and len(word) > len(short) + 2:
            return word[: -len(short)] + full
    if _GLUED_ESPA.search(word) and len(bare) > len("espa"):
        return _GLUED_ESPA.sub("esplanadi", word)
    return word


def street_key(text: str) -> str:
    """The matching key of a street name (see module docstring)."""
    words = fold(text).replace(",", " ").split()
    if not words:
        return ""
    words[-1] = _expand_last_word(words[-1])
    return _NON_KEY.sub("", "".join(words))


def number_key(text: str) -> str:
    """Canonical house number: ``"20b"``, ``"20 B"`` -> ``"20 B"``; ``"14 - 20"`` -> ``"14-20"``."""
    compact = " ".join(text.upper().split())
    letter = _LETTER.match(compact)
    if letter:
        return f"{letter.group(1)} {letter.group(2).upper()}"
    ranged = _RANGE.match(compact)
    return f"{ranged.group(1)}-{ranged.group(2)}" if ranged else compact


def number_base(text: str) -> int | None:
    """The leading integer of a house number (``"20 B"`` -> 20)."""
    match = _LEADING_INT.match(text)
    return int(match.group(1)) if match else None


def number_range(text: str) -> tuple[int, int] | None:
    """``"14-20"`` -> (14, 20); anything else -> None."""
    match = _RANGE.match(text)
    return (int(match.group(1)), int(match.group(2))) if match else None


@dataclass(frozen=True)
class ParsedQuery:
    """A typed address split into its street and house number."""

    street: str
    number: str | None


def parse_query(text: str) -> ParsedQuery:
    """Split "Mannerheimint. 20 b, 00100 Helsinki" or "10 Main St" into street and number."""
    part = next((p for p in text.split(",") if any(c.isalpha() for c in p)), "")
    tokens = part.split()
    digit_at = next((i for i, t in enumerate(tokens) if t[0].isdigit()), None)
    if digit_at is None:
        return ParsedQuery(" ".join(tokens), None)
    if digit_at == 0:
        return ParsedQuery(" ".join(tokens[1:]), number_key(tokens[0]))
    number = tokens[digit_at]
    following = tokens[digit_at + 1 : digit_at + 2]
    if following and len(following[0]) == 1 and following[0].isalpha():
        number = f"{number} {following[0]}"
    return ParsedQuery(" ".join(tokens[:digit_at]), number_key(number))


@dataclass(frozen=True)
class NamedPlace:
    """A landmark a caller names instead of an address: a station, a school, a park."""

    name: str
    kind: str
    lat: float
    lon: float


@dataclass(frozen=True)
class Crossing:
    """Where two named streets meet."""

    first: str
    second: str
    lat: float
    lon: float


@dataclass(frozen=True)
class AddressData:
    """Everything in a city's ``addresses.json.gz``."""

    addresses: list[Address]
    streets: list[StreetPoint]
    places: list[NamedPlace] = field(default_factory=list)
    crossings: list[Crossing] = field(default_factory=list)


def load_addresses(path: Path) -> AddressData:
    """Read ``addresses.json.gz``."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        payload = json.load(handle)
    fields = payload["fields"]
    rows = [dict(zip(fields, row, strict=True)) for row in payload["rows"]]
    addresses = [
        Address(
            street=str(r["street"]),
            housenumber=str(r["housenumber"]),
            postcode=str(r["postcode"]),
            lat=float(r["lat"]),
            lon=float(r["lon"]),
        )
        for r in rows
    ]
    streets = [StreetPoint(str(n), float(a), float(b)) for n, a, b in payload["streets"]]
    places = [
        NamedPlace(str(n), str(k), float(a), float(b)) for n, k, a, b in payload.get("places", [])
    ]
    crossings = [
        Crossing(str(x), str(y), float(a), float(b))
        for x, y, a, b in payload.get("intersections", [])
    ]
    return AddressData(addresses, streets, places, crossings)
