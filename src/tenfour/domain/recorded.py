"""What the journal says about an event besides its payload, and the shape of an applier."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from tenfour.domain.actors import Actor
from tenfour.domain.state import DispatchState


class Recorded(NamedTuple):
    """What the journal row says about an event besides its payload (a named tuple: one is
    made for every event the engine applies)."""

    seq: int
    at: str
    actor: Actor


Applier = Callable[[DispatchState, Any, Recorded], None]
"""Applies one event type to the state (``tenfour.domain.apply.APPLIERS`` names each)."""
