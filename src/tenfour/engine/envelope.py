"""What goes into the engine (an envelope around a command) and what comes out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from tenfour.domain.actors import Actor
from tenfour.domain.commands import Command
from tenfour.domain.errors import Rejected
from tenfour.domain.events import Event
from tenfour.engine.payload import command_digest


@dataclass(frozen=True, slots=True)
class Envelope:
    """A command with its id (for idempotent retries), actor and optional expected version."""

    command_id: str
    command: Command
    actor: Actor
    expected_version: int | None = None

    def digest(self) -> str:
        """SHA-256 of everything that makes this command what it is."""
        return command_digest(self.command, self.actor, self.expected_version)


class Committed(NamedTuple):
    """An event as recorded: its place in the journal, time, actor and command.

    ``payload`` is the journal's JSON text of the event when the engine has it at hand (empty
    otherwise), so a reader that needs the text does not encode the event again. A named tuple:
    one is made for every event on the engine's hot path.
    """

    seq: int
    at: str
    actor: Actor
    command_id: str
    event: Event
    hash: str
    payload: str = ""


@dataclass(frozen=True, slots=True)
class CommandResult:
    """The engine's answer, given only once the events are durable.

    ``duplicate`` is true when the command id had been seen with the same content: the first
    result is returned and nothing new is recorded.
    """

    command_id: str
    events: tuple[Committed, ...]
    rejection: Rejected | None = None
    duplicate: bool = False

    @property
    def accepted(self) -> bool:
        """Whether the command was carried out."""
        return self.rejection is None


class DuplicateCommandConflict(Exception):  # noqa: N818 - named for what the client did
    """The command id was used before for a different command."""

    def __init__(self, command_id: str) -> None:
        super().__init__(f"command id {command_id!r} was already used for a different command")
        self.command_id = command_id


class EngineUnavailable(Exception):  # noqa: N818
    """The engine is stopped or failed to make a batch durable; the command was not recorded."""
