"""The stand-down story (shared/design/scenario-stand-down.md) driven through an engine.

The views' tests drive the real Engine; ``tests/unit/engine/test_doubles.py`` drives the same
story through the engine's doubles too, and holds them to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Protocol

from tenfour.domain import commands as c
from tenfour.domain.actors import SYSTEM, Actor, Role
from tenfour.engine.envelope import CommandResult, Envelope

CALLTAKER = Actor("ct1", Role.CALL_TAKER, "MPD")
DISPATCHER = Actor("disp1", Role.DISPATCHER, "MPD")
CHIEF = Actor("chief", Role.COMMANDER, "MPD")
FED_SUP = Actor("fedsup", Role.SUPERVISOR, "FED")
FED_CAD = Actor("fedcad", Role.PARTNER, "FED")
START = datetime(2026, 11, 25, 14, 0, tzinfo=UTC)

CALLER_NAME = "Zebulon Quartermain"
CALLER_ANI = "+358409876543"
NARRATIVE = "CALLER IS 1 OF APPROX 30 FEDERAL OFFICERS BEING SURROUNDED BY A LARGE CROWD"


def unit_actor(unit: str) -> Actor:
    return Actor(f"crew-{unit}", Role.UNIT, "MPD", unit=unit)


@dataclass
class Clock:
    """A clock the test moves; the engine stamps events with it."""

    now: datetime = START

    def __call__(self) -> datetime:
        return self.now

    def tick(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


class Submits(Protocol):
    """What the story needs of an engine: the real one, or a double."""

    async def submit(self, envelope: Envelope) -> CommandResult: ...


@dataclass
class Driver:
    engine: Submits
    clock: Clock
    count: int = 0
    results: list[CommandResult] = field(default_factory=list)

    async def do(self, actor: Actor, command: c.Command, *, after: float = 1.0) -> CommandResult:
        self.clock.tick(after)
        self.count += 1
        result = await self.engine.submit(Envelope(f"cmd-{self.count}", command, actor))
        self.results.append(result)
        return result

    async def ok(self, actor: Actor, command: c.Command, *, after: float = 1.0) -> CommandResult:
        result = await self.do(actor, command, after=after)
        assert result.accepted, result.rejection
        return result


async def setup_world(d: Driver, units: int = 3) -> None:
    await d.ok(SYSTEM, c.RegisterAgency(agency="MPD", name="Metro Police", kind="police"))
    await d.ok(SYSTEM, c.RegisterAgency(agency="FED", name="Federal partner", kind="federal"))
    for n in range(units):
        await d.ok(SYSTEM, c.RegisterUnit(unit=f"1A{12 + n}", agency="MPD", unit_type="patrol"))
    await d.ok(SYSTEM, c.RegisterUnit(unit="F1", agency="FED", unit_type="patrol"))


@dataclass
class Story:
    incident: str
    directive: str
    request: str
    cleared: list[str]
    refused_unit: str


async def stand_down(d: Driver) -> Story:
    """Bulletin, call, hit, recommendation, dispatch, directive, refusal, clearances, answer."""
    await setup_world(d, units=4)
    await d.ok(
        FED_SUP,
        c.IssueBulletin(
            subject="wanted vehicle", persons=("RAY ROE",), plates=("ABC123",), valid_days=30
        ),
    )
    created = await d.ok(
        CALLTAKER,
        c.CreateIncident(
            type_code="assist_other_agency",
            priority=1,
            address="Mannerheimintie 15",
            lat=60.1699,
            lon=24.9384,
            verified=True,
            narrative=NARRATIVE,
            ani=CALLER_ANI,
            caller_name=CALLER_NAME,
            received_at=(d.clock.now - timedelta(seconds=9)).isoformat(),
            answered_at=(d.clock.now - timedelta(seconds=4)).isoformat(),
        ),
    )
    incident = created.events[0].event.incident_id or ""
    await d.ok(
        CALLTAKER,
        c.AddCall(
            incident=incident, ani="+358401111111", caller_name="Second Caller", duplicate=True
        ),
    )
    remark = await d.ok(
        CALLTAKER, c.AddRemark(incident=incident, text="BLUE VAN PLATE ABC123 AT SCENE")
    )
    rid = remark.events[0].event.remark  # type: ignore[attr-defined]
    await d.ok(
        CALLTAKER,
        c.StrikeRemark(
            incident=incident,
            remark=rid,
            reason="wrong colour",
            correction="GREEN VAN PLATE ABC123",
        ),
    )
    picks = tuple({"unit": u, "eta_s": 120.0 + i} for i, u in enumerate(("1A12", "1A13", "1A14")))
    await d.ok(DISPATCHER, c.RecordRecommendation(incident=incident, picks=picks))
    for unit in ("1A12", "1A13", "1A14"):
        await d.ok(DISPATCHER, c.DispatchUnit(incident=incident, unit=unit, recommended=True))
    for unit in ("1A12", "1A13", "1A14"):
        await d.ok(unit_actor(unit), c.MarkEnRoute(unit=unit), after=20)
    req = await d.ok(
        FED_CAD, c.RequestAssistance(incident=incident, to_agency="MPD", what="crowd control")
    )
    request = req.events[0].event.request  # type: ignore[attr-defined]
    issued = await d.ok(
        CHIEF,
        c.IssueDirective(
            kind="stand_down",
            incident=incident,
            reason="NO UNITS WILL RESPOND",
            authority="chief of patrol",
        ),
    )
    directive = issued.events[0].event.directive  # type: ignore[attr-defined]
    refused = await d.do(
        DISPATCHER, c.DispatchUnit(incident=incident, unit="1A15", reason="closest free unit")
    )
    assert not refused.accepted
    for unit in ("1A12", "1A13"):
        await d.ok(DISPATCHER, c.ClearUnit(unit=unit, directive=directive))
        await d.ok(unit_actor(unit), c.AcknowledgeDirective(directive=directive, unit=unit))
    await d.ok(
        DISPATCHER,
        c.AnswerAssistance(
            request=request, answer="declined", reason="NO UNITS WILL RESPOND", directive=directive
        ),
    )
    await d.ok(
        DISPATCHER,
        c.DispatchUnit(
            incident=incident,
            unit="1A15",
            override_reason="officer down nearby",
            reason="closest free unit",
        ),
    )
    await d.ok(DISPATCHER, c.CloseIncident(incident=incident, disposition="stood_down"))
    return Story(incident, directive, request, ["1A12", "1A13"], "1A15")
