"""Logging in: ``POST /auth/token`` with a user name and password returns a short-lived JWT.

Accepts the OAuth2 password form (``application/x-www-form-urlencoded``: ``username``,
``password``) or JSON with the same two fields. Failed attempts are throttled per (user, client
address) and per client address with short, growing delays (429 with ``Retry-After``), never by
account alone: see ``tenfour.api.login_limiter``.
"""

from __future__ import annotations

import asyncio
import math
import time
from typing import Any
from urllib.parse import parse_qs

from fastapi import APIRouter, HTTPException, Request, status
from pydantic import BaseModel, Field, ValidationError

from tenfour.api.deps import CurrentUser, RuntimeDep, unauthorized
from tenfour.api.errors import ERROR_RESPONSES, ErrorOut
from tenfour.api.login_limiter import LoginLimiter, client_address
from tenfour.api.tokens import SessionOver, issue_token, jwt_expiry
from tenfour.strict_json import loads

router = APIRouter(tags=["auth"])
MAX_LOGIN_BODY = 8192


class LoginIn(BaseModel):
    """Credentials."""

    username: str = Field(min_length=1, max_length=64, examples=["disp1"])
    password: str = Field(min_length=1, max_length=1024, examples=["correct horse battery"])


class TokenOut(BaseModel):
    """A bearer token and how long it lasts."""

    access_token: str
    token_type: str = Field(examples=["bearer"])
    expires_in: int = Field(description="seconds", examples=[1800])


_LOGIN_SCHEMA = {
    "type": "object",
    "required": ["username", "password"],
    "properties": {
        "username": {"type": "string", "minLength": 1, "maxLength": 64},
        "password": {"type": "string", "minLength": 1, "maxLength": 1024},
    },
}
_BODY_DOC: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/x-www-form-urlencoded": {"schema": _LOGIN_SCHEMA},
            "application/json": {"schema": _LOGIN_SCHEMA},
        },
    }
}


async def _credentials(request: Request) -> LoginIn:
    body = await request.body()
    if len(body) > MAX_LOGIN_BODY:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, "login body too large")
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    try:
        if kind == "application/json":
            data = loads(body)  # strict: see tenfour.strict_json
        else:
            form = parse_qs(body.decode("utf-8"), keep_blank_values=True)
            data = {k: v[0] for k, v in form.items()}
        return LoginIn.model_validate(data)
    except (ValueError, ValidationError, UnicodeDecodeError):
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            "send username and password (form fields or JSON strings)",
        ) from None


def _client(request: Request) -> str:
    peer = request.client.host if request.client else None
    trusted = request.app.state.trusted_proxies
    return client_address(peer, request.headers.get("x-forwarded-for"), trusted)


@router.post(
    "/auth/token",
    response_model=TokenOut,
    openapi_extra=_BODY_DOC,
    responses={
        401: {"model": ErrorOut, "description": "Wrong user name or password."},
        422: {"model": ErrorOut, "description": "Malformed request."},
        429: {"model": ErrorOut, "description": "Too many failed logins; see Retry-After."},
    },
    description="Log in. No token needed. **Roles:** anyone with a password.",
)
async def login(request: Request, runtime: RuntimeDep) -> TokenOut:
    """Exchange a user name and password for a bearer token."""
    creds = await _credentials(request)
    limiter: LoginLimiter = request.app.state.login_limiter
    client = _client(request)
    wait = limiter.retry_after(creds.username, client)
    if wait > 0:
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            f"too many failed logins: try again in {math.ceil(wait)} s",
            headers={"Retry-After": str(math.ceil(wait))},
        )
    user = runtime.engine.state.users.get(creds.username)
    bound = None if user is None else user.credential  # the journal's word on the hash
    good = await asyncio.to_thread(
        runtime.credentials.verify, creds.username, creds.password, bound
    )
    if not good or user is None or not user.active:
        limiter.failed(creds.username, client)
        raise unauthorized("wrong user name or password")
    limiter.succeeded(creds.username, client)
    settings = runtime.settings
    minutes = settings.token_minutes
    token = issue_token(settings.secret, user.id, minutes, session_hours=settings.session_hours)
    return TokenOut(
        access_token=token,
        token_type="bearer",  # noqa: S106
        expires_in=minutes * 60,
    )


@router.post(
    "/auth/refresh",
    response_model=TokenOut,
    responses=ERROR_RESPONSES,
    description=(
        "A fresh token for the signed-in user, so a console stays logged in through a shift "
        "without asking for the password again; refused once the user is deactivated, their "
        "password changed, or the session (from the login) reached its absolute lifetime "
        "(`session_hours`). **Roles:** any signed-in user."
    ),
)
async def refresh(runtime: RuntimeDep, principal: CurrentUser) -> TokenOut:
    """Exchange a valid token for a new one with a new expiry, within the same session."""
    settings = runtime.settings
    now = time.time()
    try:
        token = issue_token(
            settings.secret,
            principal.user,
            settings.token_minutes,
            now=now,
            auth_time=principal.auth_time,
            session_hours=settings.session_hours,
        )
    except SessionOver as err:
        raise unauthorized(str(err)) from None
    lasts = int(jwt_expiry(token) - now)
    return TokenOut(access_token=token, token_type="bearer", expires_in=lasts)  # noqa: S106
