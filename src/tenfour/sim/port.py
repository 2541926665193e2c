"""How the simulator acts on a dispatch centre: the same commands people give, nothing else.

:class:`Port` is what the simulator needs; :class:`EnginePort` gives the commands to an
in-process engine as the proper users (a call taker, a dispatcher, each unit's crew), and
``tenfour.sim.http_port.HttpPort`` sends them to any server over HTTP. A refused command is
counted and reported back as ``False``: people at consoles may have changed things meanwhile.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from typing import Protocol

from tenfour.domain import commands as c
from tenfour.domain.actors import Actor
from tenfour.domain.state import DispatchState
from tenfour.engine.envelope import CommandResult, EngineUnavailable, Envelope
from tenfour.geo.eta_ranking import Recommender
from tenfour.geo.incident_recommendation import NoPositionError, advise
from tenfour.sim.calls import CallSpec
from tenfour.sim.motion import Fix

log = logging.getLogger(__name__)
ADVANCE = {
    "enroute": c.MarkEnRoute,
    "onscene": c.MarkOnScene,
    "transporting": c.MarkTransporting,
    "atHospital": c.MarkAtHospital,
}


@dataclass(frozen=True)
class UnitInfo:
    """A unit as the unit board shows it."""

    id: str
    agency: str
    unit_type: str
    station: str | None
    status: str
    lat: float | None
    lon: float | None
    incident: str | None


@dataclass
class PortStats:
    """Commands sent, by outcome."""

    sent: Counter[str] = field(default_factory=Counter)
    refused: Counter[str] = field(default_factory=Counter)
    failed: int = 0

    @property
    def total(self) -> int:
        """Every command sent."""
        return sum(self.sent.values())


class Port(Protocol):
    """The simulator's hands."""

    stats: PortStats

    async def units(self) -> list[UnitInfo]:
        """Every unit, with status, position and incident."""
        ...

    async def incident_position(self, incident: str) -> tuple[float, float] | None:
        """Where an incident is, if it is open and located."""
        ...

    async def create_incident(self, call: CallSpec, agency: str | None) -> str | None:
        """Enter a new incident from a call; its id, or None if refused."""
        ...

    async def add_call(self, incident: str, call: CallSpec) -> bool:
        """Link a further call to an open incident as a duplicate."""
        ...

    async def recommend(self, incident: str) -> list[str]:
        """Ask for (and record) the recommendation; the units picked."""
        ...

    async def dispatch(self, incident: str, unit: str) -> bool:
        """Dispatch a recommended unit."""
        ...

    async def advance(self, unit: str, status: str) -> bool:
        """The crew reports en route, on scene, transporting or at hospital."""
        ...

    async def position(self, unit: str, fix: Fix) -> bool:
        """An AVL report."""
        ...

    async def clear(self, unit: str) -> bool:
        """The unit is free again."""
        ...

    async def close(self, incident: str, disposition: str) -> bool:
        """Close the incident."""
        ...


class Engine(Protocol):
    """What the port uses of :class:`tenfour.engine.engine.Engine`."""

    @property
    def state(self) -> DispatchState: ...

    async def submit(self, envelope: Envelope) -> CommandResult: ...


class EnginePort:
    """Commands to an in-process engine, each as the user who would give it."""

    def __init__(
        self,
        engine: Engine,
        recommender: Recommender,
        calltaker: Actor,
        dispatcher: Actor,
        crews: dict[str, Actor],
        run_id: str,
    ) -> None:
        self.engine = engine
        self.recommender = recommender
        self.calltaker = calltaker
        self.dispatcher = dispatcher
        self.crews = crews
        self.run_id = run_id
        self.stats = PortStats()
        self._n = 0

    async def _submit(self, actor: Actor, command: c.Command) -> CommandResult | None:
        self._n += 1
        self.stats.sent[command.NAME] += 1
        envelope = Envelope(f"sim-{self.run_id}-{self._n}", command, actor)
        try:
            result = await self.engine.submit(envelope)
        except EngineUnavailable as err:
            self.stats.failed += 1
            log.warning("simulator: %s not recorded: %s", command.NAME, err)
            return None
        if result.rejection is not None:
            self.stats.refused[command.NAME] += 1
            log.info("simulator: %s refused: %s", command.NAME, result.rejection.message)
            return None
        return result

    def _crew(self, unit: str) -> Actor:
        return self.crews.get(unit, self.dispatcher)

    async def units(self) -> list[UnitInfo]:
        """Every unit, from the engine's state."""
        state = self.engine.state
        return [
            UnitInfo(
                u.id,
                u.agency,
                u.unit_type,
                u.station,
                u.status.value,
                u.lat,
                u.lon,
                state.assignments[u.assignment_id].incident_id if u.assignment_id else None,
            )
            for u in state.units.values()
        ]

    async def incident_position(self, incident: str) -> tuple[float, float] | None:
        """Where an open incident is."""
        found = self.engine.state.incidents.get(incident)
        if found is None or not found.open:
            return None
        loc = found.location
        return (loc.lat, loc.lon) if loc.lat is not None and loc.lon is not None else None

    async def create_incident(self, call: CallSpec, agency: str | None) -> str | None:
        """Enter the incident as the call taker."""
        command = c.CreateIncident(
            type_code=call.call_type.type_code,
            priority=call.priority,
            address=call.address,
            lat=call.lat,
            lon=call.lon,
            verified=True,
            narrative=call.narrative,
            ani=call.ani,
            ali=call.address,
            caller_name=call.caller_name,
            agency=agency,
        )
        result = await self._submit(self.calltaker, command)
        return result.events[0].event.incident_id if result else None

    async def add_call(self, incident: str, call: CallSpec) -> bool:
        """Link a duplicate call as the call taker."""
        command = c.AddCall(
            incident=incident,
            ani=call.ani,
            ali=call.address,
            caller_name=call.caller_name,
            narrative=f"SECOND CALLER: {call.narrative}".strip(),
            duplicate=True,
        )
        return await self._submit(self.calltaker, command) is not None

    async def recommend(self, incident: str) -> list[str]:
        """Compute the recommendation from live state and record it as the dispatcher."""
        found = self.engine.state.incidents.get(incident)
        if found is None or not found.open:
            return []
        try:
            advice = advise(self.recommender, self.engine.state, found, self.dispatcher.agency)
        except NoPositionError:
            return []
        if await self._submit(self.dispatcher, advice.command()) is None:
            return []
        return [p.unit_id for p in advice.recommendation.picks]

    async def dispatch(self, incident: str, unit: str) -> bool:
        """Dispatch as the dispatcher."""
        command = c.DispatchUnit(incident=incident, unit=unit, recommended=True)
        return await self._submit(self.dispatcher, command) is not None

    async def advance(self, unit: str, status: str) -> bool:
        """A status change, as the unit's crew."""
        return await self._submit(self._crew(unit), ADVANCE[status](unit=unit)) is not None

    async def position(self, unit: str, fix: Fix) -> bool:
        """An AVL report, as the unit's crew (the vehicle's modem)."""
        command = c.ReportPosition(
            unit=unit, lat=fix.lat, lon=fix.lon, heading=fix.heading, speed_kmh=fix.speed_kmh
        )
        return await self._submit(self._crew(unit), command) is not None

    async def clear(self, unit: str) -> bool:
        """The crew clears."""
        return await self._submit(self._crew(unit), c.ClearUnit(unit=unit)) is not None

    async def close(self, incident: str, disposition: str) -> bool:
        """The dispatcher closes the incident."""
        command = c.CloseIncident(incident=incident, disposition=disposition)
        return await self._submit(self.dispatcher, command) is not None
