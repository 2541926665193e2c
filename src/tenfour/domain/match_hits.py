"""Turn bulletins and hazards in force into hit events for an incident."""

from __future__ import annotations

from collections.abc import Iterable

from tenfour.domain.entities import Bulletin, Hazard
from tenfour.domain.events import BulletinMatched, Event, HazardMatched
from tenfour.domain.geometry import Point, distance_m
from tenfour.domain.match_rules import find_person, first_match


def bulletin_in_force(b: Bulletin, now: str) -> bool:
    """Not cancelled and inside its validity window."""
    return not b.cancelled and b.valid_from <= now <= b.valid_until


def hazard_in_force(h: Hazard, now: str) -> bool:
    """Not removed and not expired."""
    return not h.removed and (h.expires_at is None or now < h.expires_at)


def bulletin_hits(
    bulletins: Iterable[Bulletin], incident: str, text: str, source: str, now: str, seen: set[str]
) -> list[Event]:
    """Hits of every bulletin in force that the text names; ``seen`` grows with each hit."""
    found: list[Event] = []
    for b in bulletins:
        if b.id in seen or not bulletin_in_force(b, now):
            continue
        matched = first_match(b.plates, b.persons, text)
        if matched is not None:
            seen.add(b.id)
            found.append(
                BulletinMatched(bulletin=b.id, incident=incident, matched=matched, source=source)
            )
    return found


def hazard_hits(
    hazards: Iterable[Hazard],
    incident: str,
    where: Point | None,
    texts: Iterable[str],
    now: str,
    seen: set[str],
) -> list[Event]:
    """Hits of hazards in force whose area holds ``where`` or whose person the texts name."""
    found: list[Event] = []
    texts = list(texts)
    for h in hazards:
        if h.id in seen or not hazard_in_force(h, now):
            continue
        hit = _hazard_hit(h, incident, where, texts)
        if hit is not None:
            seen.add(h.id)
            found.append(hit)
    return found


def _hazard_hit(h: Hazard, incident: str, where: Point | None, texts: list[str]) -> Event | None:
    if h.area is not None and where is not None:
        d = distance_m(Point(h.area.lat, h.area.lon), where)
        if d <= h.area.radius_m:
            return HazardMatched(
                hazard=h.id, incident=incident, distance_m=round(d, 1), matched="place"
            )
    if h.person and any(find_person(h.person, t) for t in texts):
        return HazardMatched(
            hazard=h.id, incident=incident, distance_m=None, matched=f"person {h.person}"
        )
    return None
