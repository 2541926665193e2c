"""The headers every command route reads, parsed by hand and documented for OpenAPI.

Declaring them as FastAPI parameters made dependency solving the largest cost of a command
(per-request type introspection for each parameter); reading four headers directly is cheap.
The OpenAPI parameters below describe exactly what ``read_command_headers`` accepts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, get_args

from starlette.requests import HTTPConnection

from tenfour.api.deps import ROLE_HEADER
from tenfour.api.schemas_common import HumanRole
from tenfour.domain.errors import invalid

IDEMPOTENCY_PATTERN = r"^[\x21-\x7e]{1,200}$"
_IDEMPOTENCY = re.compile(IDEMPOTENCY_PATTERN)
MAX_VERSION = 2**53
ROLES = frozenset(get_args(HumanRole))


@dataclass(frozen=True, slots=True)
class CommandHeaders:
    """What the headers of a command request say."""

    token: str | None
    role: str | None
    idempotency_key: str | None
    expected_version: int | None


def bearer_token(conn: HTTPConnection) -> str | None:
    """The token of ``Authorization: Bearer <token>``, if sent."""
    value = conn.headers.get("authorization", "")
    scheme, _, token = value.partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def read_command_headers(conn: HTTPConnection) -> CommandHeaders:
    """Parse the headers; a malformed one is refused (422) naming it."""
    headers = conn.headers
    key = headers.get("idempotency-key")
    if key is not None and not _IDEMPOTENCY.match(key):
        raise invalid("Idempotency-Key: 1-200 visible ASCII characters", "Idempotency-Key")
    role = headers.get(ROLE_HEADER.lower())
    if role is not None and role not in ROLES:
        raise invalid(f"{ROLE_HEADER}: one of {', '.join(sorted(ROLES))}", ROLE_HEADER)
    return CommandHeaders(
        bearer_token(conn), role, key, _version(headers.get("x-expected-version"))
    )


def _version(text: str | None) -> int | None:
    if text is None:
        return None
    stripped = text.strip()
    if not stripped.isdigit() or len(stripped) > 16 or int(stripped) > MAX_VERSION:
        raise invalid(
            f"X-Expected-Version: a whole number 0 to {MAX_VERSION}", "X-Expected-Version"
        )
    return int(stripped)


OPENAPI_PARAMETERS: list[dict[str, Any]] = [
    {
        "name": "Idempotency-Key",
        "in": "header",
        "required": False,
        "description": "The command id: retry with the same key and the command is carried out "
        "once. Reusing a key for different content is 409. Default: a new UUID.",
        "schema": {"type": "string", "pattern": IDEMPOTENCY_PATTERN},
    },
    {
        "name": "X-Expected-Version",
        "in": "header",
        "required": False,
        "description": "Refuse (409) unless the incident/unit/directive/request the command "
        "targets is at this version.",
        "schema": {"type": "integer", "minimum": 0, "maximum": MAX_VERSION},
    },
    {
        "name": ROLE_HEADER,
        "in": "header",
        "required": False,
        "description": "The role to act in, for users holding several (default: the first).",
        "schema": {"type": "string", "enum": sorted(ROLES)},
    },
]
OPENAPI_SECURITY: list[dict[str, list[str]]] = [{"OAuth2PasswordBearer": []}]
