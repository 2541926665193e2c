"""The recommendation for a live incident: run card + available units from the dispatch state.

Bridges the live :class:`~tenfour.domain.state.DispatchState` (which units are available, where
AVL last saw them, which agency the incident belongs to) and the drive-time
:class:`~tenfour.geo.eta_ranking.Recommender`, and turns the result into the
``RecordRecommendation`` command that puts it on the record. Used by the API and the simulator.
"""

from __future__ import annotations

from dataclasses import dataclass

from tenfour.domain.commands import RecordRecommendation
from tenfour.domain.entities import Incident, Unit
from tenfour.domain.run_cards import DISCIPLINES, Recommendation
from tenfour.domain.state import DispatchState
from tenfour.domain.statuses import UnitStatus
from tenfour.geo.eta_ranking import Recommender, UnitAt


class NoPositionError(ValueError):
    """The incident has no position to drive to."""


@dataclass(frozen=True)
class Advice:
    """A recommendation for one incident, ready to show and to record."""

    incident_id: str
    recommendation: Recommendation

    def command(self) -> RecordRecommendation:
        """The command that records what the dispatcher was shown."""
        rec = self.recommendation
        picks = tuple(
            {
                "unit": p.unit_id,
                "slot": p.slot.label,
                "eta_s": round(p.eta_s, 1),
                "reason": p.reason,
            }
            for p in rec.picks
        )
        unfilled = tuple(u.why for u in rec.unfilled)
        return RecordRecommendation(incident=self.incident_id, picks=picks, unfilled=unfilled)


def discipline_of(state: DispatchState, incident: Incident) -> str:
    """The incident's discipline: its agency's kind when that is police/fire/ems, else police."""
    agency = state.agencies.get(incident.agency)
    kind = agency.kind if agency is not None else ""
    return kind if kind in DISCIPLINES else "police"


def may_dispatch(state: DispatchState, unit: Unit, agency: str | None) -> bool:
    """Whether ``agency``'s dispatchers dispatch the unit (the domain's rule; any when None)."""
    return agency is None or state.dispatches(agency, unit)


def available_units(state: DispatchState, agency: str | None = None) -> list[UnitAt]:
    """Available units with a known position that ``agency`` may dispatch (any when None)."""
    return [
        UnitAt(u.id, u.agency, u.unit_type, frozenset(u.capabilities), u.lat, u.lon)
        for u in state.units.values()
        if u.status == UnitStatus.AVAILABLE
        and u.lat is not None
        and u.lon is not None
        and may_dispatch(state, u, agency)
    ]


def advise(
    recommender: Recommender, state: DispatchState, incident: Incident, agency: str | None = None
) -> Advice:
    """Fill the incident's run card with the fastest available units ``agency`` may send."""
    loc = incident.location
    if loc.lat is None or loc.lon is None:
        raise NoPositionError(f"incident {incident.id} has no position: relocate it first")
    rec = recommender.recommend_for(
        incident.type_code,
        incident.priority,
        discipline_of(state, incident),
        loc.lat,
        loc.lon,
        available_units(state, agency),
    )
    return Advice(incident.id, rec)
