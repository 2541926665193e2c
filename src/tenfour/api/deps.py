"""Dependencies every route uses: the runtime, the authenticated principal, role checks.

A user holding several roles picks the one they act in per request with the ``X-Tenfour-Role``
header (default: their first role). Roles themselves are domain data (``RegisterUser``).
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Header, HTTPException, status
from fastapi.security import OAuth2PasswordBearer
from starlette.requests import HTTPConnection

from tenfour.api.schemas_common import HumanRole
from tenfour.api.tokens import TokenInvalid, TokenReader
from tenfour.domain.actors import Actor, Role
from tenfour.domain.state import DispatchState
from tenfour.domain.timefmt import parse
from tenfour.runtime import Runtime

TOKEN_URL = "/api/v1/auth/token"  # noqa: S105 - a path, not a secret
ROLE_HEADER = "X-Tenfour-Role"
_bearer = OAuth2PasswordBearer(tokenUrl=TOKEN_URL, auto_error=False)


@dataclass(frozen=True, slots=True)
class Principal:
    """An authenticated user and the role they act in for this request."""

    user: str
    agency: str
    roles: tuple[Role, ...]
    role: Role
    unit: str | None = None
    auth_time: float = 0.0  # when the session began (login), kept across refreshes

    def actor(self) -> Actor:
        """The actor the journal records for this principal's commands."""
        return Actor(self.user, self.role, self.agency, self.unit)


def runtime_of(conn: HTTPConnection) -> Runtime:
    """The runtime the app was built around."""
    runtime: Runtime = conn.app.state.runtime
    return runtime


def tokens_of(conn: HTTPConnection) -> TokenReader:
    """The app's token reader."""
    reader: TokenReader = conn.app.state.tokens
    return reader


# Dependencies are async on purpose: FastAPI runs a plain ``def`` dependency in a worker thread,
# a thread hop per request that cost more than the whole command.
async def get_runtime(conn: HTTPConnection) -> Runtime:
    """Dependency: the runtime."""
    return runtime_of(conn)


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


def unauthorized(message: str) -> HTTPException:
    """401 with the header that tells a client to log in."""
    return HTTPException(
        status.HTTP_401_UNAUTHORIZED, message, headers={"WWW-Authenticate": "Bearer"}
    )


def authenticate(
    state: DispatchState, reader: TokenReader, token: str | None, role: str | None = None
) -> Principal:
    """The principal a token names, acting in ``role`` (or their first role)."""
    if not token:
        raise unauthorized("not authenticated: send 'Authorization: Bearer <token>'")
    try:
        claims = reader.read(token)
    except TokenInvalid as err:
        raise unauthorized(str(err)) from None
    user = state.users.get(claims.user)
    if user is None or not user.active:
        raise unauthorized(f"user {claims.user!r} is not an active user")
    if user.revoked_at is not None and claims.auth_time < parse(user.revoked_at).timestamp():
        raise unauthorized("this session was ended when the user was deactivated: log in again")
    acting = user.roles[0] if role is None else _held_role(user.roles, role)
    if acting == Role.SYSTEM:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "the system role is not for people")
    return Principal(user.id, user.agency, user.roles, acting, user.unit, claims.auth_time)


def _held_role(roles: tuple[Role, ...], wanted: str) -> Role:
    held = {r.value: r for r in roles}
    if wanted not in held:
        names = ", ".join(held)
        raise HTTPException(
            status.HTTP_403_FORBIDDEN, f"you do not hold the role {wanted!r} (you hold: {names})"
        )
    return held[wanted]


async def current_user(
    conn: HTTPConnection,
    token: Annotated[str | None, Depends(_bearer)],
    role: Annotated[
        HumanRole | None,
        Header(
            alias=ROLE_HEADER,
            description="The role to act in, for users holding several (default: the first).",
        ),
    ] = None,
) -> Principal:
    """The authenticated principal (401 without a valid token, 403 for a role not held)."""
    return authenticate(runtime_of(conn).engine.state, tokens_of(conn), token, role)


CurrentUser = Annotated[Principal, Depends(current_user)]


def require_roles(*roles: Role) -> Callable[..., Coroutine[Any, Any, Principal]]:
    """A dependency refusing (403) principals acting in any other role."""
    allowed = frozenset(roles)

    async def check(principal: CurrentUser) -> Principal:
        check_role(principal, allowed)
        return principal

    return check


def check_role(principal: Principal, allowed: frozenset[Role]) -> None:
    """403 unless the principal acts in one of ``allowed``."""
    if principal.role not in allowed:
        names = ", ".join(sorted(r.value for r in allowed if r != Role.SYSTEM))
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            f"role {principal.role.value} may not do this (allowed: {names})",
        )
