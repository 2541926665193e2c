"""Making a centre file so: each change of the plan submitted to the engine as a journaled order.

The commands go through the engine like an administrator's over the API: authorised, decided,
journaled with the actor who applied the file, one after another. The first refusal stops the
apply and is reported with what was already recorded; planning again shows what is left.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from tenfour.centre.plan import Change, Plan
from tenfour.domain.actors import Actor
from tenfour.engine.engine import Engine
from tenfour.engine.envelope import Envelope


@dataclass
class Applied:
    """What an apply recorded, and the refusal that stopped it (if any)."""

    done: list[Change] = field(default_factory=list)
    refused: Change | None = None
    reason: str = ""


async def apply_plan(engine: Engine, plan: Plan, actor: Actor) -> Applied:
    """Submit the plan's commands in order as ``actor``; stop at the first refusal."""
    out = Applied()
    for change in plan.changes:
        result = await engine.submit(Envelope(str(uuid.uuid4()), change.command, actor))
        if result.rejection is not None:
            out.refused, out.reason = change, result.rejection.message
            return out
        out.done.append(change)
    return out
