"""Unit and incident statuses, and which unit status changes are legal."""

from __future__ import annotations

from enum import StrEnum


class UnitStatus(StrEnum):
    """A unit's status as its crew and dispatcher see it."""

    AVAILABLE = "available"
    DISPATCHED = "dispatched"
    ENROUTE = "enroute"
    ONSCENE = "onscene"
    TRANSPORTING = "transporting"
    AT_HOSPITAL = "atHospital"
    OUT_OF_SERVICE = "outOfService"


class IncidentStatus(StrEnum):
    """An incident's status, derived from its assignments until it is closed."""

    PENDING = "pending"
    DISPATCHED = "dispatched"
    ENROUTE = "enroute"
    ONSCENE = "onscene"
    # Every unit released after one reached the scene: the call was served and awaits its
    # disposition ("needs close"); it does not go back to the pending queue.
    CLEARED = "cleared"
    CLOSED = "closed"


_U = UnitStatus
TRANSITIONS: dict[UnitStatus, frozenset[UnitStatus]] = {
    _U.AVAILABLE: frozenset({_U.DISPATCHED, _U.OUT_OF_SERVICE}),
    _U.DISPATCHED: frozenset({_U.ENROUTE, _U.ONSCENE, _U.AVAILABLE}),
    _U.ENROUTE: frozenset({_U.ONSCENE, _U.AVAILABLE}),
    _U.ONSCENE: frozenset({_U.TRANSPORTING, _U.AVAILABLE}),
    _U.TRANSPORTING: frozenset({_U.AT_HOSPITAL, _U.AVAILABLE}),
    _U.AT_HOSPITAL: frozenset({_U.AVAILABLE}),
    _U.OUT_OF_SERVICE: frozenset({_U.AVAILABLE}),
}

# Statuses in which a unit is committed to an incident.
COMMITTED = frozenset({_U.DISPATCHED, _U.ENROUTE, _U.ONSCENE, _U.TRANSPORTING, _U.AT_HOSPITAL})


def transition_error(current: UnitStatus, wanted: UnitStatus) -> str | None:
    """Why a unit may not go from ``current`` to ``wanted``, or None when it may."""
    if wanted in TRANSITIONS[current]:
        return None
    allowed = ", ".join(sorted(s.value for s in TRANSITIONS[current])) or "nothing"
    return f"a unit that is {current.value} cannot become {wanted.value} (allowed: {allowed})"


_RANK = {
    UnitStatus.DISPATCHED: IncidentStatus.DISPATCHED,
    UnitStatus.ENROUTE: IncidentStatus.ENROUTE,
    UnitStatus.ONSCENE: IncidentStatus.ONSCENE,
    UnitStatus.TRANSPORTING: IncidentStatus.ONSCENE,
    UnitStatus.AT_HOSPITAL: IncidentStatus.ONSCENE,
}
_ORDER = [IncidentStatus.DISPATCHED, IncidentStatus.ENROUTE, IncidentStatus.ONSCENE]


def incident_status_from(
    unit_statuses: list[UnitStatus], *, served: bool = False
) -> IncidentStatus:
    """The most advanced status among an open incident's committed units.

    With no unit committed: CLEARED when a unit has been on scene (``served``: the call was
    answered and needs a disposition to close), PENDING when none ever arrived (a unit cleared
    before arriving leaves the call still waiting for one, its age counting from the call).
    """
    ranks = [_ORDER.index(_RANK[s]) for s in unit_statuses if s in _RANK]
    if ranks:
        return _ORDER[max(ranks)]
    return IncidentStatus.CLEARED if served else IncidentStatus.PENDING
