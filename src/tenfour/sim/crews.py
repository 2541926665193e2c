"""What the simulator keeps about its units and incidents, and the times people take.

Times are drawn from simple, documented distributions (seconds of simulated time):

- call processing (call answered -> first unit dispatched): 30-60 s for priority 1, else 45-120 s;
- turnout (dispatched -> en route): police 10-40 s, fire 45-90 s, EMS 40-80 s;
- on scene: the call type's log-normal time (see :mod:`tenfour.sim.calltypes`), each unit of
  the incident's own discipline within +-15 % of it, a supporting unit (the engine at a medical
  call, the patrol at a collision) about half of it;
- hospital handover: 10-20 min.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from tenfour.domain import statuses
from tenfour.sim.calls import CallSpec
from tenfour.sim.motion import Trip

COMMITTED = frozenset(status.value for status in statuses.COMMITTED)  # the domain's list, as text
TURNOUT_S = {"police": (10.0, 40.0), "fire": (45.0, 90.0), "ems": (40.0, 80.0)}
HANDOVER_S = (600.0, 1200.0)
UNKNOWN_ON_SCENE_S = 15 * 60.0
FALSE_ALARM_TYPES = frozenset({"alarm_fire", "smoke_investigation", "alarm_burglar"})


@dataclass
class SimIncident:
    """An incident the simulator's call taker entered."""

    id: str
    call: CallSpec
    on_scene_s: float
    transport: bool
    units: set[str] = field(default_factory=set)
    dispatched: bool = False
    transported: bool = False
    tries: int = 0
    closed: bool = False

    @property
    def discipline(self) -> str:
        """Who answers it: police, fire or ems."""
        return self.call.call_type.discipline

    def disposition(self) -> str:
        """How it ended, as the dispatcher codes it."""
        code = self.call.call_type.type_code
        if self.discipline == "ems":
            return "TRANSPORTED" if self.transported else "TREATED, NOT TRANSPORTED"
        if code in FALSE_ALARM_TYPES:
            return "FALSE ALARM"
        return "EXTINGUISHED" if self.discipline == "fire" else "REPORT TAKEN"


@dataclass
class Crew:
    """A unit as the simulator drives it. ``generation`` changes whenever its plan does, so
    steps scheduled for an older plan do nothing."""

    id: str
    unit_type: str
    discipline: str
    home: tuple[float, float]
    position: tuple[float, float]
    generation: int = 0
    incident: str | None = None
    phase: str = "idle"  # dispatched, to_scene, on_scene, to_hospital, at_hospital, to_station
    trip: Trip | None = None

    def new_plan(self, incident: str | None, phase: str) -> None:
        """Forget what was scheduled; start over."""
        self.generation += 1
        self.incident, self.phase, self.trip = incident, phase, None


def processing_s(rng: random.Random, priority: int) -> float:
    """Call answered -> first dispatch."""
    return rng.uniform(30.0, 60.0) if priority <= 1 else rng.uniform(45.0, 120.0)


def turnout_s(rng: random.Random, discipline: str) -> float:
    """Dispatched -> en route."""
    low, high = TURNOUT_S.get(discipline, (20.0, 60.0))
    return rng.uniform(low, high)


def unit_on_scene_s(rng: random.Random, crew: Crew, incident: SimIncident | None) -> float:
    """How long this unit stays on this incident's scene."""
    if incident is None:
        return UNKNOWN_ON_SCENE_S * rng.uniform(0.7, 1.3)
    share = rng.uniform(0.85, 1.15) if crew.discipline == incident.discipline else 0.5
    return incident.on_scene_s * share


def handover_s(rng: random.Random) -> float:
    """At hospital -> clear."""
    return rng.uniform(*HANDOVER_S)
