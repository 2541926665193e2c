"""Tokens and the failed-login limiter."""

from __future__ import annotations

import time

import pytest

from tenfour.api.tokens import TokenInvalid, TokenReader, issue_token

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
