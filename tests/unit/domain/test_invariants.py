"""Random command sequences never break the rules of dispatch (hypothesis state machine)."""

from __future__ import annotations

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from tenfour.domain import commands as c
from tenfour.domain.actors import SYSTEM
from tenfour.domain.entities import BLOCKING_KINDS
from tenfour.domain.errors import Rejected
from tenfour.domain.statuses import COMMITTED, UnitStatus
from tests.unit.domain.world import MPD_CALLTAKER, MPD_CHIEF, MPD_DISPATCHER, World, unit_actor

UNITS = ["1A12", "1A13", "1A14", "1A15"]
units = st.sampled_from(UNITS)


class Dispatching(RuleBasedStateMachine):
    """Drives the domain with random orders, refused or not, and checks invariants after each."""

    def __init__(self) -> None:
        super().__init__()
        self.w = World()
        self.w.do(SYSTEM, c.RegisterAgency(agency="MPD", name="Metro Police", kind="police"))
        for u in UNITS:
            self.w.do(SYSTEM, c.RegisterUnit(unit=u, agency="MPD", unit_type="patrol"))
        self.refusals_recorded = 0

    def _incident(self, n: int) -> str:
        ids = sorted(self.w.state.incidents)
        return ids[n % len(ids)] if ids else "none"

    def _try(self, actor: object, command: c.Command) -> None:
        try:
            self.w.do(actor, command)  # type: ignore[arg-type]
        except Rejected as refused:
            self.refusals_recorded += len(refused.record)

    @rule(priority=st.integers(1, 5))
    def create(self, priority: int) -> None:
        self._try(
            MPD_CALLTAKER,
            c.CreateIncident(
                type_code="disturbance",
                priority=priority,
                address="Main St 1",
                lat=60.17,
                lon=24.94,
            ),
        )

    @rule(n=st.integers(0, 9), unit=units, override=st.sampled_from([None, "", "life at risk"]))
    def dispatch(self, n: int, unit: str, override: str | None) -> None:
        self._try(
            MPD_DISPATCHER,
            c.DispatchUnit(incident=self._incident(n), unit=unit, override_reason=override),
        )

    @rule(
        unit=units,
        step=st.sampled_from([c.MarkEnRoute, c.MarkOnScene, c.MarkTransporting, c.MarkAtHospital]),
    )
    def advance(self, unit: str, step: type[c.MarkEnRoute]) -> None:
        self._try(unit_actor(unit), step(unit=unit))

    @rule(unit=units, cite=st.booleans())
    def clear(self, unit: str, cite: bool) -> None:
        directive = next(iter(sorted(self.w.state.directives)), None) if cite else None
        self._try(MPD_DISPATCHER, c.ClearUnit(unit=unit, directive=directive))

    @rule(unit=units, in_service=st.booleans())
    def service(self, unit: str, in_service: bool) -> None:
        self._try(MPD_DISPATCHER, c.SetUnitService(unit=unit, in_service=in_service))

    @rule(n=st.integers(0, 9), kind=st.sampled_from(["stand_down", "hold"]))
    def directive(self, n: int, kind: str) -> None:
        self._try(
            MPD_CHIEF, c.IssueDirective(kind=kind, incident=self._incident(n), reason="order")
        )

    @rule()
    def lift(self) -> None:
        for d in sorted(self.w.state.directives):
            self._try(MPD_CHIEF, c.LiftDirective(directive=d, reason="over"))
            return

    @rule(n=st.integers(0, 9))
    def close(self, n: int) -> None:
        self._try(MPD_DISPATCHER, c.CloseIncident(incident=self._incident(n), disposition="done"))

    @invariant()
    def unit_on_at_most_one_active_incident(self) -> None:
        active = [a.unit_id for a in self.w.state.assignments.values() if a.active]
        assert len(active) == len(set(active))

    @invariant()
    def unit_status_matches_assignment(self) -> None:
        for unit in self.w.state.units.values():
            committed = unit.status in COMMITTED
            assert committed == (unit.assignment_id is not None), unit
            if unit.assignment_id:
                assert self.w.state.assignments[unit.assignment_id].active

    @invariant()
    def closed_incidents_have_no_units(self) -> None:
        for incident in self.w.state.incidents.values():
            if not incident.open:
                assert not self.w.state.active_assignments(incident)

    @invariant()
    def blocked_dispatches_carry_an_override(self) -> None:
        for seq, at, _actor, ev in self.w.log:
            if ev.TYPE != "UnitDispatched":
                continue
            incident = self.w.state.incidents[ev.incident_id or ""]
            blocking = [
                d
                for d in self.w.state.directives.values()
                if d.kind in BLOCKING_KINDS
                and d.incident_id == incident.id
                and d.issued_at <= at
                and (d.lifted_at is None or d.lifted_at > at)
            ]
            assert not blocking or getattr(ev, "override", None), (seq, ev)

    @invariant()
    def every_clearance_is_attributable(self) -> None:
        for assignment in self.w.state.assignments.values():
            for order in assignment.orders:
                assert order.by and order.role and order.agency

    @invariant()
    def every_refusal_that_must_be_recorded_is(self) -> None:
        assert self.w.types().count("DispatchRefused") == self.refusals_recorded

    @invariant()
    def available_units_are_free(self) -> None:
        for unit in self.w.state.units.values():
            if unit.status == UnitStatus.AVAILABLE:
                assert unit.assignment_id is None


Dispatching.TestCase.settings = settings(
    max_examples=60,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_dispatching = Dispatching.TestCase
