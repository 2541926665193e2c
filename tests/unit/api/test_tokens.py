"""Tokens and the failed-login limiter."""

from __future__ import annotations

import time

import pytest

from tenfour.api.tokens import SessionOver, TokenInvalid, TokenReader, issue_token

SECRET = "s" * 40


def test_a_token_names_its_user_until_it_expires() -> None:
    now = [time.time()]
    token = issue_token(SECRET, "disp1", 30, now=now[0])
    reader = TokenReader(SECRET, clock=lambda: now[0])
    assert reader.read(token).user == "disp1"
    now[0] += 30 * 60 + 1
    with pytest.raises(TokenInvalid, match="expired"):
        reader.read(token)


def test_forged_and_garbage_tokens_are_refused() -> None:
    reader = TokenReader(SECRET)
    with pytest.raises(TokenInvalid):
        reader.read(issue_token("another secret that is long enough", "disp1", 30))
    with pytest.raises(TokenInvalid):
        reader.read("not.a.token")


def test_a_token_never_outlives_its_session() -> None:
    now = time.time()
    began = now - 12 * 3600 + 60  # a 12-hour session with a minute left
    token = issue_token(SECRET, "u", 30, now=now, auth_time=began, session_hours=12)
    claims = TokenReader(SECRET, clock=lambda: now).read(token)
    assert claims.expires == int(began + 12 * 3600) and claims.auth_time == round(began, 3)
    with pytest.raises(SessionOver):
        issue_token(SECRET, "u", 30, now=now + 61, auth_time=began, session_hours=12)


def test_revoking_voids_sessions_begun_before() -> None:
    now = time.time()
    reader = TokenReader(SECRET, clock=lambda: now, revoked_since=lambda user: now - 100)
    old = issue_token(SECRET, "u", 30, now=now, auth_time=now - 200)
    new = issue_token(SECRET, "u", 30, now=now, auth_time=now - 50)
    with pytest.raises(TokenInvalid, match="session was ended"):
        reader.read(old)
    assert reader.read(new).user == "u"
    reader.revoke("u", at=now - 10)
    with pytest.raises(TokenInvalid):
        reader.read(new)
