"""Short-lived access tokens (JWT, HS256).

A token names only the user; agency, roles and whether the user is still active are read from
the engine's state on every request, so a deactivation takes effect at once.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import jwt

ALGORITHM = "HS256"
ISSUER = "tenfour"


class TokenInvalid(Exception):  # noqa: N818 - reads as what the caller sent
    """A token that is malformed, forged or expired."""


@dataclass(frozen=True, slots=True)
class TokenClaims:
    """What a valid token says."""

    user: str
    expires: float


def issue_token(secret: str, user: str, minutes: int, *, now: float | None = None) -> str:
    """A signed token for ``user`` valid for ``minutes``."""
    issued = time.time() if now is None else now
    claims = {"sub": user, "iat": int(issued), "exp": int(issued + minutes * 60), "iss": ISSUER}
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


class TokenReader:
    """Decodes tokens, remembering recent good ones (a token is checked once, not per request)."""

    def __init__(self, secret: str, clock: Callable[[], float] = time.time) -> None:
        self._secret = secret
        self._clock = clock
        self._cache: dict[str, TokenClaims] = {}

    def read(self, token: str) -> TokenClaims:
        """The claims of a valid, unexpired token, or ``TokenInvalid``."""
        claims = self._cache.get(token)
        if claims is None:
            claims = self._decode(token)
            if len(self._cache) > 10_000:
                self._cache.clear()
            self._cache[token] = claims
        if claims.expires <= self._clock():
            self._cache.pop(token, None)
            raise TokenInvalid("the token has expired: log in again")
        return claims

    def _decode(self, token: str) -> TokenClaims:
        try:
            data = jwt.decode(
                token,
                self._secret,
                algorithms=[ALGORITHM],
                issuer=ISSUER,
                options={"require": ["sub", "exp", "iat"]},
            )
        except jwt.ExpiredSignatureError:
            raise TokenInvalid("the token has expired: log in again") from None
        except jwt.InvalidTokenError as err:
            raise TokenInvalid(f"invalid token: {err}") from None
        if not isinstance(data.get("sub"), str):
            raise TokenInvalid("invalid token: no user")
        return TokenClaims(data["sub"], float(data["exp"]))
