"""What a command handler sees: the state, who acts, and the time, with lookups that refuse."""

from __future__ import annotations

from dataclasses import dataclass
from difflib import get_close_matches
from typing import overload

from tenfour.domain.actors import Actor
from tenfour.domain.entities import (
    Agency,
    Assignment,
    AssistanceRequest,
    Directive,
    Incident,
    Unit,
)
from tenfour.domain.errors import archived, conflict, invalid, not_found
from tenfour.domain.geometry import Point
from tenfour.domain.state import DispatchState
from tenfour.domain.surroundings import NOWHERE, Surroundings
from tenfour.domain.timefmt import within_bounds

MAX_TEXT = 4000


@dataclass(frozen=True, slots=True)
class Context:
    """One command's view of the world."""

    state: DispatchState
    actor: Actor
    now: str
    surroundings: Surroundings = NOWHERE

    def verified(self, address: str, where: Point | None) -> bool:
        """Whether the server's gazetteer verifies the address at this position (never the
        client's say-so)."""
        if where is None:
            return False
        return self.surroundings.gazetteer.verifies(address, where.lat, where.lon)

    def type_code(self, value: str) -> str:
        """An incident type of the controlled vocabulary in force; an unknown code is refused
        (422) naming the nearest known codes, so a typo never becomes an incident's type."""
        code = text(value, "type_code", limit=64)
        known = self.surroundings.types.codes(self.state.config)
        if known is None or code in known:
            return code
        near = get_close_matches(code.lower(), sorted(known), n=4, cutoff=0.5)
        hint = f"did you mean {', '.join(near)}?" if near else "see GET /api/v1/incident-types"
        raise invalid(f"unknown incident type {code!r}: {hint}", "type_code")

    def default_priority(self, code: str) -> int:
        """The priority a type opens at when the call taker gives none (the vocabulary's)."""
        known = self.surroundings.types.codes(self.state.config)
        if known is None or code not in known:
            raise invalid("priority is required (no default for this type)", "priority")
        return known[code]

    def agency(self, ident: str) -> Agency:
        """An agency, or a refusal naming it."""
        found = self.state.agencies.get(ident)
        if found is None:
            raise not_found("agency", ident)
        return found

    def incident(self, ident: str) -> Incident:
        """An incident, or a refusal naming it."""
        found = self.state.incidents.get(ident)
        if found is None:
            raise self._missing("incident", "incident", ident)
        return found

    def _missing(self, kind: str, label: str, ident: str) -> Exception:
        """Archived (it was here, and left with the window) or never known."""
        if self.state.archived(kind, ident):
            return archived(label, ident)
        return not_found(label, ident)

    def open_incident(self, ident: str) -> Incident:
        """An incident that is not closed."""
        found = self.incident(ident)
        if not found.open:
            raise conflict(f"incident {ident} is closed")
        return found

    def unit(self, ident: str) -> Unit:
        """A unit, or a refusal naming it."""
        found = self.state.units.get(ident)
        if found is None:
            raise not_found("unit", ident)
        return found

    def assignment_of(self, unit: Unit) -> Assignment:
        """The unit's active assignment; refused when it has none."""
        if unit.assignment_id is None:
            raise conflict(f"unit {unit.id} is not assigned to an incident")
        return self.state.assignments[unit.assignment_id]

    def directive(self, ident: str) -> Directive:
        """A directive, or a refusal naming it."""
        found = self.state.directives.get(ident)
        if found is None:
            raise self._missing("directive", "directive", ident)
        return found

    def request(self, ident: str) -> AssistanceRequest:
        """An assistance request, or a refusal naming it."""
        found = self.state.requests.get(ident)
        if found is None:
            raise self._missing("request", "assistance request", ident)
        return found


def text(value: str, field: str, *, required: bool = True, limit: int = MAX_TEXT) -> str:
    """A stripped text field, refused when required and blank or when too long."""
    stripped = value.strip()
    if required and not stripped:
        raise invalid(f"{field} is required", field)
    if len(stripped) > limit:
        raise invalid(f"{field} is longer than {limit} characters", field)
    return stripped


@overload
def time_field(ctx: Context, value: str, field: str, *, planned: bool = False) -> str: ...
@overload
def time_field(
    ctx: Context, value: str | None, field: str, *, planned: bool = False
) -> str | None: ...
def time_field(ctx: Context, value: str | None, field: str, *, planned: bool = False) -> str | None:
    """The one parser of a client's time: ISO 8601 with a zone, inside the engine's bounds
    around now (a reported moment within the skew, a planned one within the horizon), in the
    journal's form; None stays None; anything else is refused (422) with the allowed range."""
    if value is None:
        return None
    try:
        return within_bounds(value, ctx.now, ctx.surroundings.time_bounds, planned=planned)
    except ValueError as err:
        raise invalid(f"{field}: {err}", field) from None


def optional_text(value: str | None, field: str, limit: int = MAX_TEXT) -> str | None:
    """A stripped optional text, None when blank."""
    if value is None:
        return None
    stripped = text(value, field, required=False, limit=limit)
    return stripped or None
