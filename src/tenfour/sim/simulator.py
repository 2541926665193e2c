"""A living city: calls arrive, the dispatcher sends the recommended units, crews drive, work
the scene, transport patients, clear and return to station.

The simulator acts only through a :class:`~tenfour.sim.port.Port` (the engine's commands or the
HTTP API) and reads back only what any console could (the unit board). Every few simulated
seconds it also reconciles with the unit board, so units that people at real consoles dispatch,
clear or hand over are driven too. With a :class:`~tenfour.sim.clock.VirtualClock` and a seed a
run is exactly repeatable.
"""

from __future__ import annotations

import dataclasses
import logging
import random
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field

from tenfour.domain.geometry import Point, distance_m
from tenfour.geo.addresses import Address
from tenfour.geo.routing import RoadNetwork
from tenfour.incident_types import load_vocabulary
from tenfour.sim import crews as t
from tenfour.sim.calls import CallGenerator, CallSpec
from tenfour.sim.clock import Clock, Scheduler
from tenfour.sim.crews import COMMITTED, Crew, SimIncident
from tenfour.sim.curve import HOURLY_WEIGHTS, DayCurve
from tenfour.sim.motion import Fix, plan_trip
from tenfour.sim.port import Port, UnitInfo
from tenfour.sim.roster import AGENCY_OF_DISCIPLINE

log = logging.getLogger(__name__)
Step = Callable[[Crew], Awaitable[None]]
AT_HOME_M = 30.0
DUPLICATE_WINDOW_S = 600.0


@dataclass(frozen=True)
class SimConfig:
    """How busy the city is and how the simulator behaves."""

    seed: int = 1
    calls_per_hour: float = 12.0
    start_hour: float = 12.0
    weights: tuple[float, ...] = HOURLY_WEIGHTS
    avl_interval_s: float = 5.0
    duplicate_p: float = 0.05
    agencies: Mapping[str, str] | None = field(default_factory=lambda: dict(AGENCY_OF_DISCIPLINE))
    reconcile_s: float = 15.0
    retry_s: float = 60.0
    max_tries: int = 60
    first_call_s: float | None = None  # force the first call early (the demo's first minute)


@dataclass
class SimStats:
    """What happened so far."""

    calls: int = 0
    duplicates: int = 0
    incidents: int = 0
    dispatches: int = 0
    transports: int = 0
    closed: int = 0
    positions: int = 0
    by_type: dict[str, int] = field(default_factory=dict)


class Simulator:
    """Drives calls and crews through a port on a scheduler."""

    def __init__(
        self,
        port: Port,
        network: RoadNetwork,
        addresses: Sequence[Address],
        hospitals: Sequence[tuple[float, float]],
        clock: Clock,
        config: SimConfig | None = None,
        disciplines: Mapping[str, str] | None = None,
        homes: Mapping[str, tuple[float, float]] | None = None,
    ) -> None:
        self.config = config or SimConfig()
        self.port = port
        self.network = network
        self.hospitals = list(hospitals)
        self.scheduler = Scheduler(clock)
        self.clock = clock
        curve = DayCurve(self.config.calls_per_hour, self.config.start_hour, self.config.weights)
        self.calls = CallGenerator(random.Random(self.config.seed), curve, list(addresses))
        self.rng = random.Random(self.config.seed + 1)  # crews' times, apart from the call stream
        self.disciplines = dict(disciplines or {})
        self.homes = dict(homes or {})
        self.incidents: dict[str, SimIncident] = {}
        self.crews: dict[str, Crew] = {}
        self.stats = SimStats()
        self.generating = True
        self._started = False

    # --- running ------------------------------------------------------------------------

    async def start(self) -> None:
        """Read the unit board and schedule the first call and the reconciliation."""
        self._started = True
        await self._reconcile()
        first = self.calls.next_call(self.clock.now())
        if self.config.first_call_s is not None:
            first = dataclasses.replace(first, at_s=self.clock.now() + self.config.first_call_s)
        self.scheduler.at(first.at_s, lambda: self._call(first))
        self.scheduler.after(self.config.reconcile_s, self._reconcile_loop)

    async def run(self, duration_s: float) -> SimStats:
        """Run ``duration_s`` simulated seconds (starting first if needed)."""
        if not self._started:
            await self.start()
        await self.scheduler.run(self.clock.now() + duration_s)
        return self.stats

    def stop_calls(self) -> None:
        """No new calls; units finish their work and return to station."""
        self.generating = False

    def _later(self, delay: float, crew: Crew, step: Step) -> None:
        generation = crew.generation

        async def run() -> None:
            if crew.generation == generation:
                await step(crew)

        self.scheduler.after(delay, run)

    # --- calls and incidents ------------------------------------------------------------

    async def _call(self, call: CallSpec) -> None:
        if not self.generating:
            return
        following = self.calls.next_call(call.at_s)
        self.scheduler.at(following.at_s, lambda: self._call(following))
        self.stats.calls += 1
        code = call.call_type.type_code
        self.stats.by_type[code] = self.stats.by_type.get(code, 0) + 1
        same = self._duplicate_of()
        if same is not None:
            again = dataclasses.replace(call, address=same.call.address)
            if await self.port.add_call(same.id, again):
                self.stats.duplicates += 1
            return
        await self._new_incident(call)

    def _duplicate_of(self) -> SimIncident | None:
        if self.rng.random() >= self.config.duplicate_p:
            return None
        now = self.clock.now()
        recent = [
            i
            for i in self.incidents.values()
            if not i.closed and now - i.call.at_s <= DUPLICATE_WINDOW_S
        ]
        return recent[-1] if recent else None

    async def _new_incident(self, call: CallSpec) -> None:
        agencies = self.config.agencies
        agency = agencies.get(call.call_type.discipline) if agencies else None
        ident = await self.port.create_incident(call, agency)
        if ident is None:
            return
        kind = call.call_type
        incident = SimIncident(
            ident, call, kind.on_scene_s(self.rng), self.rng.random() < kind.transport_p
        )
        self.incidents[ident] = incident
        self.stats.incidents += 1
        delay = t.processing_s(self.rng, call.priority)
        self.scheduler.after(delay, lambda: self._dispatch(ident))

    async def _dispatch(self, ident: str) -> None:
        incident = self.incidents.get(ident)
        if incident is None or incident.closed:
            return
        for unit in await self.port.recommend(ident):
            crew = self.crews.get(unit)
            if crew is not None and crew.incident is None and await self.port.dispatch(ident, unit):
                self.stats.dispatches += 1
                self._assign(crew, incident)
        if not incident.units:
            await self._retry(incident)

    async def _retry(self, incident: SimIncident) -> None:
        incident.tries += 1
        if incident.tries < self.config.max_tries:
            self.scheduler.after(self.config.retry_s, lambda: self._dispatch(incident.id))
        else:
            await self._close(incident, "NO UNIT AVAILABLE")

    def _assign(self, crew: Crew, incident: SimIncident) -> None:
        crew.new_plan(incident.id, "dispatched")
        incident.units.add(crew.id)
        incident.dispatched = True
        self._later(t.turnout_s(self.rng, crew.discipline), crew, self._en_route)

    async def _close(self, incident: SimIncident, disposition: str | None = None) -> None:
        incident.closed = True
        self.incidents.pop(incident.id, None)
        if await self.port.close(incident.id, disposition or incident.disposition()):
            self.stats.closed += 1

    # --- crews --------------------------------------------------------------------------

    async def _en_route(self, crew: Crew) -> None:
        where = await self._scene_of(crew)
        if where is None or not await self.port.advance(crew.id, "enroute"):
            await self._lost(crew)
            return
        self._drive(crew, where, "to_scene")

    async def _scene_of(self, crew: Crew) -> tuple[float, float] | None:
        incident = self.incidents.get(crew.incident or "")
        if incident is not None:
            return incident.call.lat, incident.call.lon
        return await self.port.incident_position(crew.incident) if crew.incident else None

    def _drive(self, crew: Crew, to: tuple[float, float], phase: str) -> None:
        crew.phase = phase
        crew.trip = trip = plan_trip(self.network, crew.position, to, self.clock.now())
        if trip.end_s - trip.start_s > self.config.avl_interval_s:
            self._later(self.config.avl_interval_s, crew, self._tick)
        self._later(trip.end_s - self.clock.now(), crew, self._arrive)

    async def _tick(self, crew: Crew) -> None:
        trip, now = crew.trip, self.clock.now()
        if trip is None or now >= trip.end_s:
            return
        await self._report(crew, trip.fix_at(now))
        if now + self.config.avl_interval_s < trip.end_s:
            self._later(self.config.avl_interval_s, crew, self._tick)

    async def _report(self, crew: Crew, fix: Fix) -> None:
        crew.position = (fix.lat, fix.lon)
        if await self.port.position(crew.id, fix):
            self.stats.positions += 1

    async def _arrive(self, crew: Crew) -> None:
        trip, phase = crew.trip, crew.phase
        if trip is None:
            return
        end = trip.destination
        await self._report(crew, Fix(end[0], end[1], None, 0.0))
        crew.trip = None
        if phase == "to_scene":
            await self._on_scene(crew)
        elif phase == "to_hospital":
            await self._at_hospital(crew)
        else:
            crew.phase = "idle"

    async def _on_scene(self, crew: Crew) -> None:
        if not await self.port.advance(crew.id, "onscene"):
            await self._lost(crew)
            return
        crew.phase = "on_scene"
        incident = self.incidents.get(crew.incident or "")
        self._later(t.unit_on_scene_s(self.rng, crew, incident), crew, self._leave_scene)

    async def _leave_scene(self, crew: Crew) -> None:
        incident = self.incidents.get(crew.incident or "")
        wants = incident is not None and incident.transport and not incident.transported
        if incident is None or not wants or crew.unit_type != "ambulance" or not self.hospitals:
            await self._clear(crew)
            return
        incident.transported = True
        if not await self.port.advance(crew.id, "transporting"):
            await self._lost(crew)
            return
        self.stats.transports += 1
        self._drive(crew, self._nearest_hospital(crew.position), "to_hospital")

    def _nearest_hospital(self, where: tuple[float, float]) -> tuple[float, float]:
        here = Point(*where)
        return min(self.hospitals, key=lambda h: distance_m(here, Point(*h)))

    async def _at_hospital(self, crew: Crew) -> None:
        if not await self.port.advance(crew.id, "atHospital"):
            await self._lost(crew)
            return
        crew.phase = "at_hospital"
        self._later(t.handover_s(self.rng), crew, self._clear)

    async def _clear(self, crew: Crew) -> None:
        ident = crew.incident
        await self.port.clear(crew.id)  # refused when someone cleared it already: same outcome
        self._go_home(crew)
        incident = self.incidents.get(ident or "")
        if incident is not None:
            incident.units.discard(crew.id)
            if not incident.units:
                await self._close(incident)

    def _go_home(self, crew: Crew) -> None:
        crew.new_plan(None, "idle")
        if distance_m(Point(*crew.position), Point(*crew.home)) > AT_HOME_M:
            self._drive(crew, crew.home, "to_station")

    async def _lost(self, crew: Crew) -> None:
        """A step was refused (someone else changed the unit): take the board's word for it."""
        crew.new_plan(None, "idle")
        await self._reconcile()

    # --- reconciling with the unit board --------------------------------------------------

    async def _reconcile_loop(self) -> None:
        await self._reconcile()
        self.scheduler.after(self.config.reconcile_s, self._reconcile_loop)

    async def _reconcile(self) -> None:
        for info in await self.port.units():
            crew = self.crews.get(info.id) or self._enlist(info)
            if crew is None:
                continue
            if info.status not in COMMITTED and crew.incident is not None:
                await self._released(crew)
            elif info.status in COMMITTED and crew.incident != info.incident:
                await self._adopt(crew, info)

    def _enlist(self, info: UnitInfo) -> Crew | None:
        if info.lat is None or info.lon is None:
            return None
        here = (info.lat, info.lon)
        discipline = self.disciplines.get(info.unit_type, "police")
        crew = Crew(info.id, info.unit_type, discipline, self.homes.get(info.id, here), here)
        self.crews[info.id] = crew
        if info.status == "available":
            self._go_home(crew)  # e.g. cleared when a previous demo run was closed
        return crew

    async def _released(self, crew: Crew) -> None:
        incident = self.incidents.get(crew.incident or "")
        self._go_home(crew)
        if incident is not None:
            incident.units.discard(crew.id)
            if not incident.units:
                self.scheduler.after(self.config.retry_s, lambda: self._dispatch(incident.id))

    async def _adopt(self, crew: Crew, info: UnitInfo) -> None:
        """A unit someone else committed: play its part from where it is."""
        crew.new_plan(info.incident, "dispatched")
        incident = self.incidents.get(info.incident or "")
        if incident is not None:
            incident.units.add(crew.id)
        if info.status == "dispatched":
            self._later(t.turnout_s(self.rng, crew.discipline), crew, self._en_route)
        elif info.status == "enroute":
            where = await self._scene_of(crew)
            if where is not None:
                self._drive(crew, where, "to_scene")
        elif info.status == "onscene":
            crew.phase = "on_scene"
            self._later(t.unit_on_scene_s(self.rng, crew, incident), crew, self._leave_scene)
        elif info.status == "transporting" and self.hospitals:
            self._drive(crew, self._nearest_hospital(crew.position), "to_hospital")
        else:
            crew.phase = "at_hospital"
            self._later(t.handover_s(self.rng), crew, self._clear)


def call_types_seen(stats: SimStats) -> dict[str, float]:
    """Share of calls by discipline so far (for reports and tests)."""
    total = sum(stats.by_type.values()) or 1
    shares: dict[str, float] = {}
    for code, count in stats.by_type.items():
        known = load_vocabulary().get(code)
        discipline = known.discipline if known else "other"
        shares[discipline] = shares.get(discipline, 0.0) + count / total
    return shares
