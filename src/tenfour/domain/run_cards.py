"""Run cards and unit recommendation: which available units to send, and why.

Pure: no I/O, standard library only. A *run card* lists *slots* for an incident type
("2 engines, 1 ladder, 1 chief"); each slot asks for a unit type, a capability and/or a
discipline, and a count. :func:`fill_run_card` fills the slots in order with the fastest units
that qualify, never the same unit twice, and says why each was picked or why a slot stayed
empty. Put the most specific slots first (the supervisor before "any patrol unit").
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

DISCIPLINES = ("police", "fire", "ems")


@dataclass(frozen=True)
class Slot:
    """One line of a run card: ``count`` units of a type / with a capability / of a discipline."""

    label: str
    count: int = 1
    unit_type: str | None = None
    capability: str | None = None
    discipline: str | None = None


@dataclass(frozen=True)
class RunCard:
    """What to send to one kind of incident."""

    name: str
    slots: tuple[Slot, ...]


@dataclass(frozen=True)
class Candidate:
    """An available unit and its drive time to the incident."""

    unit_id: str
    agency: str
    unit_type: str
    capabilities: frozenset[str]
    eta_s: float
    discipline: str | None = None


@dataclass(frozen=True)
class Pick:
    """A unit recommended for a slot."""

    unit_id: str
    slot: Slot
    eta_s: float
    reason: str


@dataclass(frozen=True)
class Unfilled:
    """A slot (or part of one) that no available unit could fill."""

    slot: Slot
    missing: int
    why: str


@dataclass(frozen=True)
class Recommendation:
    """The result of filling a run card."""

    card: RunCard
    picks: tuple[Pick, ...]
    unfilled: tuple[Unfilled, ...]


@dataclass(frozen=True)
class RunCardBook:
    """All run cards, plus the discipline of each unit type and per-discipline defaults."""

    cards: Mapping[str, RunCard]
    unit_disciplines: Mapping[str, str]
    priority_cards: Mapping[str, str]  # "police:1" -> card name

    def discipline_of(self, unit_type: str) -> str | None:
        """Which discipline a unit type belongs to (``engine`` -> ``fire``)."""
        return self.unit_disciplines.get(unit_type)

    def card_for(
        self, incident_type: str, priority: int = 3, discipline: str = "police"
    ) -> RunCard:
        """The run card for an incident: by type, else by discipline and priority, else the
        discipline's default card (``default_<discipline>``), else one nearest unit of it."""
        if incident_type in self.cards:
            return self.cards[incident_type]
        by_priority = self.priority_cards.get(f"{discipline}:{priority}")
        if by_priority and by_priority in self.cards:
            return self.cards[by_priority]
        if f"default_{discipline}" in self.cards:
            return self.cards[f"default_{discipline}"]
        label = f"nearest {discipline} unit"
        return RunCard(f"default_{discipline}", (Slot(label, 1, discipline=discipline),))


def format_duration(seconds: float) -> str:
    """``192.4`` -> ``"3 min 12 s"``; ``42`` -> ``"42 s"``."""
    if math.isinf(seconds) or math.isnan(seconds):
        return "unknown time"
    total = round(seconds)
    minutes, secs = divmod(total, 60)
    return f"{minutes} min {secs} s" if minutes else f"{secs} s"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def qualifies(candidate: Candidate, slot: Slot) -> bool:
    """Whether a unit can fill a slot."""
    if slot.unit_type is not None and candidate.unit_type != slot.unit_type:
        return False
    if slot.capability is not None and slot.capability not in candidate.capabilities:
        return False
    return slot.discipline is None or candidate.discipline == slot.discipline


def _what(slot: Slot) -> str:
    if slot.capability and slot.unit_type:
        return f"{slot.unit_type} with {slot.capability}"
    if slot.capability:
        return f"unit with {slot.capability}"
    return slot.unit_type or (f"{slot.discipline} unit" if slot.discipline else "unit")


def _reason(candidate: Candidate, slot: Slot, rank: int) -> str:
    nearest = "nearest" if rank == 1 else f"{_ordinal(rank)} nearest"
    return (
        f"{candidate.unit_id}, {candidate.unit_type}, "
        f"{format_duration(candidate.eta_s)} by road, {nearest} {_what(slot)}"
    )


def fill_run_card(
    card: RunCard, candidates: Sequence[Candidate], exclude: Collection[str] = frozenset()
) -> Recommendation:
    """Fill each slot with the fastest qualifying units not excluded nor already picked."""
    ranked = sorted(
        (c for c in candidates if c.unit_id not in exclude and math.isfinite(c.eta_s)),
        key=lambda c: (c.eta_s, c.unit_id),
    )
    taken: set[str] = set()
    picks: list[Pick] = []
    unfilled: list[Unfilled] = []
    for slot in card.slots:
        chosen = [c for c in ranked if c.unit_id not in taken and qualifies(c, slot)][: slot.count]
        for rank, candidate in enumerate(chosen, start=1):
            taken.add(candidate.unit_id)
            picks.append(
                Pick(candidate.unit_id, slot, candidate.eta_s, _reason(candidate, slot, rank))
            )
        if len(chosen) < slot.count:
            unfilled.append(_unfilled(slot, len(chosen)))
    return Recommendation(card, tuple(picks), tuple(unfilled))


def _unfilled(slot: Slot, found: int) -> Unfilled:
    missing = slot.count - found
    if found == 0:
        why = f"no available {_what(slot)}"
    else:
        why = f"only {found} of {slot.count} {_what(slot)} available"
    return Unfilled(slot, missing, f"{slot.label}: {why}")


def _slot(raw: Mapping[str, Any]) -> Slot:
    count = int(raw.get("count", 1))
    if count < 1:
        raise ValueError(f"slot count must be at least 1: {raw!r}")
    return Slot(
        label=str(raw.get("label") or raw.get("unit_type") or raw.get("capability") or "unit"),
        count=count,
        unit_type=raw.get("unit_type"),
        capability=raw.get("capability"),
        discipline=raw.get("discipline"),
    )


def run_card_book_from_dict(data: Mapping[str, Any]) -> RunCardBook:
    """Build a :class:`RunCardBook` from parsed ``runcards.json`` content."""
    cards = {
        name: RunCard(name, tuple(_slot(s) for s in body["slots"]))
        for name, body in data.get("cards", {}).items()
    }
    disciplines = {str(k): str(v) for k, v in data.get("unit_types", {}).items()}
    unknown = set(disciplines.values()) - set(DISCIPLINES)
    if unknown:
        raise ValueError(f"unknown disciplines in unit_types: {sorted(unknown)}")
    priority = {str(k): str(v) for k, v in data.get("priority_cards", {}).items()}
    return RunCardBook(cards, disciplines, priority)
