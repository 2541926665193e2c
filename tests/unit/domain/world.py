"""A dispatch world in memory: the domain's decide and apply with a fake clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tenfour.domain import commands as c
from tenfour.domain.actors import SYSTEM, Actor, Role
from tenfour.domain.apply import apply
from tenfour.domain.decide import decide
from tenfour.domain.errors import Rejected
from tenfour.domain.events import Event
from tenfour.domain.recorded import Recorded
from tenfour.domain.state import DispatchState
from tenfour.domain.surroundings import NOWHERE
from tenfour.domain.timefmt import iso


class World:
    """Runs commands through decide + apply, recording every event like the engine would.

    A double of the engine with no journal: ``tests/unit/engine/test_doubles.py`` holds it to
    the real engine (the same story gives the same events and state). ``pace``: seconds the
    clock moves before each command (0 when the caller sets ``clock`` itself).
    """

    def __init__(self, pace: float = 0.25) -> None:
        self.state = DispatchState()
        self.clock = datetime(2026, 11, 25, 14, 0, tzinfo=UTC)
        self.pace = pace
        self.log: list[tuple[int, str, Actor, Event]] = []
        self.surroundings = NOWHERE  # what the engine would tell the rules (gazetteer, bounds)

    @property
    def now(self) -> str:
        return iso(self.clock)

    def tick(self, seconds: float = 1.0) -> None:
        self.clock += timedelta(seconds=seconds)

    def do(
        self, actor: Actor, command: c.Command, expected_version: int | None = None
    ) -> list[Event]:
        self.tick(self.pace)
        try:
            events = decide(
                self.state, command, actor, self.now, expected_version, self.surroundings
            )
        except Rejected as refused:
            self._record(actor, list(refused.record))
            raise
        self._record(actor, events)
        return events

    def _record(self, actor: Actor, events: list[Event]) -> None:
        for ev in events:
            seq = len(self.log) + 1
            apply(self.state, ev, Recorded(seq, self.now, actor))
            self.log.append((seq, self.now, actor, ev))

    def types(self) -> list[str]:
        return [ev.TYPE for _, _, _, ev in self.log]


MPD_DISPATCHER = Actor("disp1", Role.DISPATCHER, "MPD")
MPD_CALLTAKER = Actor("ct1", Role.CALL_TAKER, "MPD")
MPD_CHIEF = Actor("chief", Role.COMMANDER, "MPD")
MPD_SUPERVISOR = Actor("sgt", Role.SUPERVISOR, "MPD")
FED_SUPERVISOR = Actor("fedsup", Role.SUPERVISOR, "FED")
FED_PARTNER = Actor("fedcad", Role.PARTNER, "FED")


def unit_actor(unit: str, agency: str = "MPD") -> Actor:
    return Actor(f"crew-{unit}", Role.UNIT, agency, unit=unit)


@pytest.fixture
def world() -> World:
    w = World()
    w.do(SYSTEM, c.RegisterAgency(agency="MPD", name="Metro Police", kind="police"))
    w.do(SYSTEM, c.RegisterAgency(agency="FED", name="Federal partner", kind="federal"))
    w.do(
        SYSTEM,
        c.RegisterAgency(agency="MFD", name="Metro Fire", kind="fire", dispatch_centre="MPD"),
    )
    for unit, caps in (("1A12", ()), ("1A13", ()), ("1A14", ("supervisor",))):
        w.do(
            SYSTEM,
            c.RegisterUnit(
                unit=unit, agency="MPD", unit_type="patrol", capabilities=caps, lat=60.17, lon=24.94
            ),
        )
    w.do(SYSTEM, c.RegisterUnit(unit="E21", agency="MFD", unit_type="engine"))
    w.do(SYSTEM, c.RegisterUnit(unit="F1", agency="FED", unit_type="patrol"))
    return w


def new_incident(w: World, **kw: object) -> str:
    args: dict[str, object] = {
        "type_code": "assist_other_agency",
        "priority": 1,
        "address": "Mannerheimintie 1",
        "lat": 60.1699,
        "lon": 24.9384,
        "verified": True,
        "ani": "+358401234567",
        "caller_name": "A Caller",
    }
    args.update(kw)
    events = w.do(MPD_CALLTAKER, c.CreateIncident(**args))  # type: ignore[arg-type]
    return events[0].incident_id or ""
