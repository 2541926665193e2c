"""The engine's face on the domain alone: ``submit`` runs a ``World`` (decide + apply), no journal.

The simulator's long runs (a whole simulated day, tens of thousands of commands) take about twice
as long on the real engine over the memory journal (sealing, digests, a future per command); the
rules are the same here, and ``tests/unit/engine/test_doubles.py`` holds them to the engine.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from tenfour.domain.errors import Rejected
from tenfour.domain.state import DispatchState
from tenfour.engine.envelope import CommandResult, Committed, Envelope
from tests.unit.domain.world import World


class DomainEngine:
    """``submit`` decides and applies at once; ``log`` holds every committed event."""

    def __init__(self, clock: Callable[[], datetime]) -> None:
        self.world = World(pace=0.0)
        self.log: list[Committed] = []
        self._clock = clock

    @property
    def state(self) -> DispatchState:
        """The world's state."""
        return self.world.state

    async def submit(self, envelope: Envelope) -> CommandResult:
        """Carry out one command at the clock's time."""
        self.world.clock = self._clock()
        start = len(self.world.log)
        rejection: Rejected | None = None
        try:
            self.world.do(envelope.actor, envelope.command, envelope.expected_version)
        except Rejected as refused:
            rejection = refused
        done = tuple(
            Committed(seq, at, actor, envelope.command_id, event, "")
            for seq, at, actor, event in self.world.log[start:]
        )
        self.log.extend(done)
        return CommandResult(envelope.command_id, done, rejection=rejection)

    async def stop(self) -> None:
        """Nothing to stop."""
