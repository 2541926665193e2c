"""Recommend units for an incident: drive-time ETAs from the road network fed to the run card.

The ETA search stops early: it first asks for as many units as the card has slots (plus a
margin); if a slot stays unfilled while some units were not reached yet, it asks again for more,
up to all of them. A slot filled from the first batch is exact, because every unit not reached
is slower than every unit reached.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from tenfour.domain.run_cards import (
    Candidate,
    Recommendation,
    RunCard,
    RunCardBook,
    fill_run_card,
    run_card_book_from_dict,
)
from tenfour.geo.routing import RoadNetwork

MARGIN = 3


@dataclass(frozen=True)
class UnitAt:
    """An available unit where AVL last saw it."""

    unit_id: str
    agency: str
    unit_type: str
    capabilities: frozenset[str]
    lat: float
    lon: float
    discipline: str | None = None


def load_run_cards(path: Path | None = None) -> RunCardBook:
    """Read run cards from ``path`` or the shipped ``tenfour/data/runcards.json``."""
    if path is None:
        text = (resources.files("tenfour") / "data" / "runcards.json").read_text(encoding="utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    return run_card_book_from_dict(json.loads(text))


def run_cards_in_force(
    config: Mapping[str, Mapping[str, Mapping[str, Any]]], packaged: RunCardBook
) -> RunCardBook:
    """The centre's configured run cards and unit types (``tenfour centre apply``), each
    section falling back to the packaged one when the centre has none."""
    cards, types = config.get("run_card"), config.get("unit_type")
    if not cards and not types:
        return packaged
    priority = {p: name for name, card in (cards or {}).items() for p in card.get("priorities", ())}
    book = run_card_book_from_dict(
        {
            "cards": cards or {},
            "unit_types": {k: v["discipline"] for k, v in (types or {}).items()},
            "priority_cards": priority,
        }
    )
    return RunCardBook(
        book.cards if cards else packaged.cards,
        book.unit_disciplines if types else packaged.unit_disciplines,
        book.priority_cards if cards else packaged.priority_cards,
    )


class Recommender:
    """Fills run cards with the fastest units by road."""

    def __init__(self, network: RoadNetwork, book: RunCardBook) -> None:
        self.network = network
        self.book = book

    def recommend(
        self,
        card: RunCard,
        lat: float,
        lon: float,
        units: Sequence[UnitAt],
        exclude: Collection[str] = frozenset(),
    ) -> Recommendation:
        """Fill ``card`` for an incident at (lat, lon) from ``units``."""
        pool = [u for u in units if u.unit_id not in exclude]
        points = [(u.unit_id, u.lat, u.lon) for u in pool]
        needed = sum(slot.count for slot in card.slots) + MARGIN
        while True:
            etas = self.network.etas_to(lat, lon, points, max_candidates_needed=needed)
            result = fill_run_card(card, self._candidates(pool, etas))
            if not result.unfilled or needed >= len(pool):
                return result
            needed = min(len(pool), needed * 4)

    def recommend_for(
        self,
        incident_type: str,
        priority: int,
        discipline: str,
        lat: float,
        lon: float,
        units: Sequence[UnitAt],
        exclude: Collection[str] = frozenset(),
    ) -> Recommendation:
        """Pick the run card for the incident and fill it."""
        card = self.book.card_for(incident_type, priority, discipline)
        return self.recommend(card, lat, lon, units, exclude)

    def _candidates(self, pool: Sequence[UnitAt], etas: dict[str, float]) -> list[Candidate]:
        return [
            Candidate(
                unit_id=u.unit_id,
                agency=u.agency,
                unit_type=u.unit_type,
                capabilities=u.capabilities,
                eta_s=etas[u.unit_id],
                discipline=u.discipline or self.book.discipline_of(u.unit_type),
            )
            for u in pool
            if u.unit_id in etas
        ]
