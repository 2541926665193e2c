"""Short-lived access tokens (JWT, HS256).

A token names only the user and when they logged in (``auth_time``: the start of the session);
agency, roles and whether the user is still active are read from the engine's state on every
request, so a deactivation takes effect at once. A refresh keeps the session's start, and no
token outlives the session's absolute lifetime. A session begun before the user's sessions were
revoked (a password change, a deactivation) is refused: ``TokenReader.revoke`` and the
``revoked_since`` loader (the password's time in the credential store, read once per user).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import jwt

from tenfour.domain.authorization import REVOKES_SESSIONS
from tenfour.domain.timefmt import parse
from tenfour.engine.envelope import Committed

ALGORITHM = "HS256"
ISSUER = "tenfour"


class TokenInvalid(Exception):  # noqa: N818 - reads as what the caller sent
    """A token that is malformed, forged or expired."""


_REVOKED_USERS_MAX = 10_000  # users whose revocation time is remembered (bounded memory)


@dataclass(frozen=True, slots=True)
class TokenClaims:
    """What a valid token says: whose, until when, and when its session began."""

    user: str
    expires: float
    auth_time: float


class SessionOver(TokenInvalid):
    """The session reached its absolute lifetime: log in again."""


def issue_token(
    secret: str,
    user: str,
    minutes: int,
    *,
    now: float | None = None,
    auth_time: float | None = None,
    session_hours: float | None = None,
) -> str:
    """A signed token for ``user`` valid for ``minutes``, within a session begun at
    ``auth_time`` (default: now) that ends ``session_hours`` after it (``SessionOver`` once
    it has ended)."""
    issued = time.time() if now is None else now
    began = issued if auth_time is None else auth_time
    expires = issued + minutes * 60
    if session_hours is not None:
        end = began + session_hours * 3600
        if end <= issued:
            raise SessionOver(f"the session is over ({session_hours:g} h at most): log in again")
        expires = min(expires, end)
    claims = {
        "sub": user,
        "iat": int(issued),
        "exp": int(expires),
        "iss": ISSUER,
        "auth_time": round(began, 3),
    }
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def jwt_expiry(token: str) -> float:
    """The expiry of a token this server just issued (unverified: for ``expires_in``)."""
    return float(jwt.decode(token, options={"verify_signature": False})["exp"])


class TokenReader:
    """Decodes tokens, remembering recent good ones (a token is checked once, not per request),
    and refuses sessions begun before their user's sessions were revoked."""

    def __init__(
        self,
        secret: str,
        clock: Callable[[], float] = time.time,
        revoked_since: Callable[[str], float | None] | None = None,
    ) -> None:
        self._secret = secret
        self._clock = clock
        self._cache: dict[str, TokenClaims] = {}
        self._load_revoked = revoked_since
        self._revoked: dict[str, float | None] = {}  # user -> sessions before this are void

    def revoke(self, user: str, at: float | None = None) -> None:
        """Void every session of ``user`` begun before ``at`` (default: now; never earlier
        than an earlier revocation)."""
        at = self._clock() if at is None else at
        self._revoked[user] = max(at, self._revoked.get(user) or 0.0)

    def read(self, token: str) -> TokenClaims:
        """The claims of a valid, unexpired, unrevoked token, or ``TokenInvalid``."""
        claims = self._cache.get(token)
        if claims is None:
            claims = self._decode(token)
            if len(self._cache) > 10_000:
                self._cache.clear()
            self._cache[token] = claims
        if claims.expires <= self._clock():
            self._cache.pop(token, None)
            raise TokenInvalid("the token has expired: log in again")
        revoked = self._revoked_at(claims.user)
        if revoked is not None and claims.auth_time < revoked:
            raise TokenInvalid("this session was ended (password changed or access withdrawn)")
        return claims

    def _revoked_at(self, user: str) -> float | None:
        if user not in self._revoked:
            if len(self._revoked) > _REVOKED_USERS_MAX:
                self._revoked = {u: t for u, t in self._revoked.items() if t is not None}
            self._revoked[user] = self._load_revoked(user) if self._load_revoked else None
        return self._revoked[user]

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
        began = data.get("auth_time", data["iat"])
        if not isinstance(began, int | float) or isinstance(began, bool):
            raise TokenInvalid("invalid token: auth_time is not a time")
        return TokenClaims(data["sub"], float(data["exp"]), float(began))


def session_revoker(tokens: TokenReader) -> Callable[[Sequence[Committed]], None]:
    """An engine subscriber: a deactivation or password change ends the user's sessions.

    On every node - a follower learns of it from the journal - at the event's recorded time, so
    a session begun after it (a new login) stays valid."""

    def on_batch(batch: Sequence[Committed]) -> None:
        for c in batch:
            if isinstance(c.event, REVOKES_SESSIONS):
                tokens.revoke(str(getattr(c.event, "user", "")), parse(c.at).timestamp())

    return on_batch
