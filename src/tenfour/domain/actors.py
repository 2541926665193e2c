"""Who acts: roles from the dispatch floor and the actor recorded with every event."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """Positions in a communications centre (see shared/design/domain.md)."""

    CALL_TAKER = "call_taker"
    DISPATCHER = "dispatcher"
    SUPERVISOR = "supervisor"
    COMMANDER = "commander"
    UNIT = "unit"
    RECORDS = "records"
    ADMIN = "admin"  # administers their own agency: its users, units and directive policy
    CENTRE_ADMIN = "centre_admin"  # administers every agency of the centre, registers agencies
    PARTNER = "partner"  # another centre's CAD, authenticated as a partner
    SYSTEM = "system"  # the engine itself, the simulator's clock, migrations
    RECORDER = "recorder"  # a radio recorder, authenticated by its upload key (service)
    TRANSCRIBER = "transcriber"  # the offline radio transcriber beside the engine (service)


@dataclass(frozen=True, slots=True)
class Actor:
    """The person (or system) behind a command: user, the role they acted in, their agency.

    ``unit`` is the call sign a field crew's login is bound to (role ``unit`` only).
    """

    user: str
    role: Role
    agency: str
    unit: str | None = None

    def __post_init__(self) -> None:
        if not self.user or not self.agency:
            raise ValueError("an actor needs a user and an agency")


SYSTEM = Actor(user="tenfour", role=Role.SYSTEM, agency="SYSTEM")

# Service roles: programs beside the engine, never a person's login (RegisterUser refuses them).
SERVICES = frozenset({Role.RECORDER, Role.TRANSCRIBER})
TRANSCRIBER = Actor(user="svc:transcriber", role=Role.TRANSCRIBER, agency="SYSTEM")


def recorder_actor(recorder: str) -> Actor:
    """The actor a radio recorder's uploads are recorded under (``rec:<id>``)."""
    return Actor(user=f"rec:{recorder}", role=Role.RECORDER, agency="SYSTEM")
