"""An incident that has left the live state, rebuilt from its own records for one question: who
may read it (its agency and the agencies it was shared with).

The records are applied by the ordinary ``apply`` to a scratch state holding copies of the
units, so the sharing rules are the live ones, not a second copy of them. An event that needs
what the scratch state lacks (a linked incident) is passed over: it shares nothing.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping

from tenfour.domain.apply import apply
from tenfour.domain.entities import Incident, Unit
from tenfour.domain.events import Event
from tenfour.domain.recorded import Recorded
from tenfour.domain.state import DispatchState

PASSED_OVER = (KeyError, AttributeError, TypeError, ValueError)


def rebuilt_incident(
    ident: str, history: Iterable[tuple[Event, Recorded]], units: Mapping[str, Unit]
) -> Incident | None:
    """The incident as its own events left it (None if none of them created it)."""
    scratch = DispatchState(units={u: copy.copy(unit) for u, unit in units.items()})
    for event, rec in history:
        if ident not in (getattr(event, "incident", None), getattr(event, "other", None)):
            continue
        try:
            apply(scratch, event, rec)
        except PASSED_OVER:
            continue
    return scratch.incidents.get(ident)
