"""A stand-in for the engine that runs the real domain (decide + apply) with no journal.

The simulator's long runs (a whole simulated day, tens of thousands of commands) would spend
minutes waiting on the real engine's journal thread; the rules are the same here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from tenfour.domain.apply import apply
from tenfour.domain.decide import decide
from tenfour.domain.errors import Rejected
from tenfour.domain.events import Event
from tenfour.domain.recorded import Recorded
from tenfour.domain.state import DispatchState
from tenfour.domain.timefmt import iso
from tenfour.engine.envelope import CommandResult, Committed, Envelope


class DomainEngine:
    """``submit`` decides and applies at once; ``log`` holds every committed event."""

    def __init__(self, clock: Callable[[], datetime]) -> None:
        self.state = DispatchState()
        self.log: list[Committed] = []
        self._clock = clock

    async def submit(self, envelope: Envelope) -> CommandResult:
        """Carry out one command."""
        now = iso(self._clock())
        try:
            events = decide(
                self.state, envelope.command, envelope.actor, now, envelope.expected_version
            )
        except Rejected as refused:
            kept = self._record(envelope, list(refused.record), now)
            return CommandResult(envelope.command_id, kept, rejection=refused)
        return CommandResult(envelope.command_id, self._record(envelope, events, now))

    def _record(self, envelope: Envelope, events: list[Event], now: str) -> tuple[Committed, ...]:
        out = []
        for event in events:
            seq = len(self.log) + 1
            apply(self.state, event, Recorded(seq, now, envelope.actor))
            done = Committed(seq, now, envelope.actor, envelope.command_id, event, "")
            self.log.append(done)
            out.append(done)
        return tuple(out)

    async def stop(self) -> None:
        """Nothing to stop."""
