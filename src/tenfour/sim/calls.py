"""The calls themselves: who calls, about what, from which real address, at what time."""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from tenfour.geo.addresses import Address, load_addresses
from tenfour.sim.calltypes import CallType, pick_type
from tenfour.sim.curve import DayCurve

CALLER_NAMES = (
    "Aino Virtanen", "Mikko Korhonen", "Laura Nieminen", "Juha Mäkinen", "Sanna Hämäläinen",
    "Antti Laine", "Emma Heikkinen", "Jussi Koskinen", "Maria Järvinen", "Pekka Lehtonen",
)  # fmt: skip


@dataclass(frozen=True)
class CallSpec:
    """One simulated call, as the call taker will enter it."""

    at_s: float
    call_type: CallType
    priority: int
    address: str
    lat: float
    lon: float
    ani: str
    caller_name: str
    narrative: str


def load_call_addresses(city_dir: Path) -> list[Address]:
    """The city's numbered addresses (the places calls come from)."""
    return load_addresses(city_dir / "addresses.json.gz").addresses


class CallGenerator:
    """Draws the next call: time from the day curve, type from the mix, place from addresses."""

    def __init__(self, rng: random.Random, curve: DayCurve, addresses: list[Address]) -> None:
        if not addresses:
            raise ValueError("the simulator needs at least one address")
        self.rng = rng
        self.curve = curve
        self.addresses = addresses

    def next_call(self, after_s: float) -> CallSpec:
        """The first call after ``after_s`` seconds since the start."""
        rng = self.rng
        at = self.curve.next_arrival(rng, after_s)
        kind = pick_type(rng)
        place = rng.choice(self.addresses)
        return CallSpec(
            at_s=at,
            call_type=kind,
            priority=kind.priority(rng),
            address=place.label,
            lat=place.lat,
            lon=place.lon,
            ani=f"+35840{rng.randrange(10**7):07d}",
            caller_name=rng.choice(CALLER_NAMES),
            narrative=rng.choice(kind.narratives),
        )
