"""Sending a domain command through the engine from a route, and describing such routes.

Every command route takes ``Idempotency-Key`` (the command id; a server-generated UUID when
absent) and an optional ``X-Expected-Version``. The roles a route allows come from
``tenfour.domain.policy.roles_for`` - the API checks them up front and says so in OpenAPI.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Response
from starlette.requests import HTTPConnection

from tenfour.api.deps import Principal, authenticate, check_role, runtime_of, tokens_of
from tenfour.api.errors import COMMAND_RESPONSES, CommandRefused
from tenfour.api.headers import OPENAPI_PARAMETERS, OPENAPI_SECURITY, read_command_headers
from tenfour.api.schemas_common import CommandOut, EventOut
from tenfour.domain.actors import Actor, Role
from tenfour.domain.authorization import event_visible
from tenfour.domain.commands import Command
from tenfour.domain.events import encode
from tenfour.domain.policy import roles_for
from tenfour.domain.state import DispatchState
from tenfour.engine.envelope import CommandResult, Committed, Envelope
from tenfour.runtime import Runtime

COMMAND_MARK = "x-tenfour-command"  # in ``openapi_extra``: the domain command a route gives


def event_out(c: Committed) -> EventOut:
    """A committed event as the API shows it."""
    return EventOut(seq=c.seq, at=c.at, type=c.event.TYPE, payload=encode(c.event))


def events_out(state: DispatchState, viewer: Actor, events: Sequence[Committed]) -> list[EventOut]:
    """The events of a command as its sender may see them: the same rule as the live stream
    (another agency's restricted bulletin and its hit are left out)."""
    return [event_out(c) for c in events if event_visible(state, viewer, c.event)]


@dataclass(frozen=True, slots=True)
class CommandSender:
    """Who sends, under which id and expected version, to which runtime."""

    runtime: Runtime
    principal: Principal
    command_id: str
    expected_version: int | None

    async def submit(self, command: Command) -> CommandOut:
        """Run the command; refusals raise ``CommandRefused`` (mapped to 4xx).

        The roles ``roles_for`` allows are checked here, before the engine (403).
        """
        check_role(self.principal, roles_for(command.NAME))
        actor = self.principal.actor()
        envelope = Envelope(self.command_id, command, actor, self.expected_version)
        started = time.perf_counter()
        outcome = "error"
        try:
            result = await self.runtime.engine.submit(envelope)
            outcome = _outcome(result)
        finally:
            self.runtime.metrics.observe(command.NAME, outcome, time.perf_counter() - started)
        events = events_out(self.runtime.engine.state, actor, result.events)
        if result.rejection is not None:
            raise CommandRefused(result.rejection, result.command_id, events)
        return CommandOut(
            command_id=result.command_id, accepted=True, duplicate=result.duplicate, events=events
        )

    async def respond(self, command: Command) -> Response:
        """``submit``, answered as JSON bytes straight away.

        The model is already valid: letting FastAPI dump, re-validate and dump it again cost a
        tenth of a command's whole time.
        """
        out = await self.submit(command)
        return Response(out.model_dump_json().encode(), media_type="application/json")


def _outcome(result: CommandResult) -> str:
    if result.rejection is not None:
        return result.rejection.reason.value
    return "duplicate" if result.duplicate else "accepted"


async def command_context(conn: HTTPConnection) -> CommandSender:
    """Everything a command route needs besides its body (headers: see ``api.headers``)."""
    runtime = runtime_of(conn)
    h = read_command_headers(conn)
    principal = authenticate(runtime.engine.state, tokens_of(conn), h.token, h.role)
    return CommandSender(
        runtime, principal, h.idempotency_key or str(uuid.uuid4()), h.expected_version
    )


Commanding = Annotated[CommandSender, Depends(command_context)]


def roles_text(command_name: str) -> str:
    """The roles allowed to give a command, as OpenAPI prose."""
    roles = sorted(r.value for r in roles_for(command_name) if r != Role.SYSTEM)
    return ", ".join(f"`{r}`" for r in roles)


def command_route(command_name: str, doc: str, **extra: Any) -> dict[str, Any]:
    """Keyword arguments for ``router.post`` of a command route."""
    description = (
        f"{doc}\n\nDomain command `{command_name}`. **Roles:** {roles_text(command_name)}."
    )
    return {
        "response_model": CommandOut,
        "responses": COMMAND_RESPONSES,
        "description": description,
        "openapi_extra": {
            COMMAND_MARK: command_name,
            "parameters": OPENAPI_PARAMETERS,
            "security": OPENAPI_SECURITY,
        },
        **extra,
    }
