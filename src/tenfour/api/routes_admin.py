"""Administration: agencies and their directive policy, units, users and passwords."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Request, Response, status

from tenfour.api import schemas_admin as s
from tenfour.api.commanding import Commanding, command_route
from tenfour.api.deps import Principal, require_roles, tokens_of
from tenfour.api.errors import ERROR_RESPONSES
from tenfour.api.schemas_common import CommandOut
from tenfour.domain import commands as c
from tenfour.domain.actors import Role
from tenfour.domain.authorization_targets import administer_user
from tenfour.journal.credentials import prepare_password
from tenfour.passwords import PasswordRefused, check_password_rules

router = APIRouter(tags=["administration"])
Ident = Annotated[str, Path(min_length=1, max_length=64)]
Admin = Annotated[Principal, Depends(require_roles(Role.ADMIN, Role.CENTRE_ADMIN))]


@router.post("/agencies", **command_route("RegisterAgency", "Register an agency."))
async def register_agency(body: s.RegisterAgencyIn, cmd: Commanding) -> Response:
    """Register an agency."""
    data = body.model_dump()
    data["directive_roles"] = tuple(data["directive_roles"])
    return await cmd.respond(c.RegisterAgency(**data))


@router.post(
    "/agencies/{agency}/policy",
    **command_route("SetDirectivePolicy", "Set which roles may issue directives."),
)
async def set_policy(agency: Ident, body: s.PolicyIn, cmd: Commanding) -> Response:
    """Change an agency's directive policy."""
    roles = tuple(body.directive_roles)
    return await cmd.respond(c.SetDirectivePolicy(agency=agency, directive_roles=roles))


@router.post("/units", **command_route("RegisterUnit", "Register a unit."))
async def register_unit(body: s.RegisterUnitIn, cmd: Commanding) -> Response:
    """Register a unit."""
    data = body.model_dump()
    data["capabilities"] = tuple(data["capabilities"])
    return await cmd.respond(c.RegisterUnit(**data))


def _password_ok(password: str, user: str) -> None:
    try:
        check_password_rules(password, user)
    except PasswordRefused as err:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, f"password: {err}") from None


@router.post(
    "/users",
    **command_route("RegisterUser", "Register a user with roles in an agency, and a password."),
)
async def register_user(body: s.RegisterUserIn, cmd: Commanding) -> CommandOut:
    """Register a user; the password is stored as an argon2id hash outside the journal."""
    _password_ok(body.password, body.user)
    command = c.RegisterUser(
        user=body.user, agency=body.agency, roles=tuple(body.roles), unit=body.unit
    )
    out = await cmd.submit(command)
    if not out.duplicate:
        password = await _record_password(cmd, body.user, body.password, f"{cmd.command_id}/pw")
        out = out.model_copy(update={"events": out.events + password.events})
    return out


async def _record_password(
    cmd: Commanding, user: str, password: str, command_id: str
) -> CommandOut:
    """Journal the password set (``SetPassword``), then store its hash."""
    store = cmd.runtime.credentials
    command, stored = await asyncio.to_thread(prepare_password, store, user, password)
    out = await replace(cmd, command_id=command_id).submit(command)
    if not out.duplicate:
        await asyncio.to_thread(store.store_hash, user, stored)
    return out


@router.post(
    "/users/{user}/deactivate", **command_route("DeactivateUser", "Withdraw a user's access.")
)
async def deactivate_user(user: Ident, body: s.DeactivateIn, cmd: Commanding) -> Response:
    """Deactivate a user."""
    return await cmd.respond(c.DeactivateUser(user=user, reason=body.reason))


@router.post(
    "/users/{user}/reactivate",
    **command_route("ReactivateUser", "Give a deactivated user their access back."),
)
async def reactivate_user(user: Ident, body: s.DeactivateIn, cmd: Commanding) -> Response:
    """Reactivate a user."""
    return await cmd.respond(c.ReactivateUser(user=user, reason=body.reason))


@router.put(
    "/users/{user}/password",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={**ERROR_RESPONSES, 404: ERROR_RESPONSES[401] | {"description": "No such user."}},
    description="Set a user's password. Journaled as `SetPassword` (who, whose, when and the "
    "SHA-256 of the stored hash, never the hash); the hash itself lives outside the journal. "
    "Ends the user's sessions: their tokens are refused and their streams closed. "
    "**Roles:** `admin` (users of their own agency), `centre_admin`.",
)
async def set_password(
    user: Ident, body: s.PasswordIn, cmd: Commanding, request: Request, principal: Admin
) -> Response:
    """Replace a user's password and end their sessions."""
    state = cmd.runtime.engine.state
    if user not in state.users:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"user {user!r} does not exist")
    refused = administer_user(state, principal.actor(), user)
    if refused is not None:
        raise HTTPException(status.HTTP_403_FORBIDDEN, refused)
    _password_ok(body.password, user)
    await _record_password(cmd, user, body.password, cmd.command_id)
    tokens_of(request).revoke(user)
    cmd.runtime.hub.revoke(user)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
