"""The live state's window, journaled by the writer when the settings give another one.

The window is part of the record (``RetentionSet``), not read from the settings at replay: a
follower, a restart and ``tenfour audit verify`` all drop the same closed incidents at the same
event, whatever their own settings say (docs/adr/0018-history-retention.md).
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable

from tenfour.domain.actors import SYSTEM
from tenfour.domain.commands import SetRetention
from tenfour.domain.state import DispatchState
from tenfour.engine.envelope import CommandResult, Envelope

Submit = Callable[[Envelope], Awaitable[CommandResult]]


def retention_due(state: DispatchState, window_s: int | None) -> bool:
    """Whether the settings' window differs from the journaled one."""
    return window_s is not None and state.retention.closed_window_s != window_s


async def record_retention(state: DispatchState, window_s: int | None, submit: Submit) -> None:
    """Journal ``window_s`` (as tenfour itself) if it is not the window in force."""
    if not retention_due(state, window_s):
        return
    assert window_s is not None
    command = SetRetention(closed_window_s=window_s)
    await submit(Envelope(f"tenfour-retention-{uuid.uuid4()}", command, SYSTEM))
