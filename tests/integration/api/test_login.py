"""Logging in: no lockout of the rightful user, real client addresses behind a trusted proxy,
the same work for unknown users, and passwords nobody should choose refused."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tenfour.api.app import create_app
from tests.integration.api.world import PASSWORD, Api, make_runtime, make_settings, seed

TOKEN = "/api/v1/auth/token"


@pytest.fixture
def proxied(tmp_path: Path) -> Iterator[Api]:
    """Every request arrives from the proxy 10.0.0.2, which is trusted."""
    runtime = make_runtime(make_settings(tmp_path, trusted_proxies="10.0.0.0/8"))
    with TestClient(create_app(runtime=runtime), client=("10.0.0.2", 40000)) as client:
        api = Api(client, runtime)
        seed(api)
        yield api


def login(api: Api, user: str, password: str, via: str | None = None) -> int:
    headers = {"X-Forwarded-For": via} if via else {}
    form = {"username": user, "password": password}
    return api.client.post(TOKEN, data=form, headers=headers).status_code


def test_fifty_wrong_passwords_elsewhere_never_lock_the_user_out(proxied: Api) -> None:
    codes = {login(proxied, "disp1", "wrong password", via="198.51.100.7") for _ in range(50)}
    assert codes == {401, 429}
    assert login(proxied, "disp1", PASSWORD, via="203.0.113.9") == 200  # at their console


def test_behind_the_proxy_one_users_failures_do_not_delay_another(proxied: Api) -> None:
    for _ in range(6):
        login(proxied, "disp1", "wrong password", via="198.51.100.7")
    assert login(proxied, "disp1", "wrong password", via="198.51.100.7") == 429
    assert login(proxied, "sgt1", PASSWORD, via="203.0.113.10") == 200


def test_a_client_cannot_choose_its_address(api: Api) -> None:
    """Without trusted proxies, X-Forwarded-For is ignored: forging it escapes nothing."""
    for n in range(6):
        login(api, "disp1", "wrong password", via=f"192.0.2.{n}")
    assert login(api, "disp1", "wrong password", via="192.0.2.99") == 429


def test_unknown_users_cost_one_password_hash_like_known_ones(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = api.runtime.credentials._hasher
    calls: list[str] = []

    class Counting:
        def verify(self, stored: str, password: str) -> bool:
            calls.append(stored)
            return bool(real.verify(stored, password))

    monkeypatch.setattr(api.runtime.credentials, "_hasher", Counting())
    assert login(api, "no-such-user", "wrong password") == 401
    assert login(api, "disp1", "wrong password") == 401
    assert len(calls) == 2 and calls[0] != calls[1]  # the dummy hash, then disp1's


@pytest.mark.parametrize(
    ("password", "says"),
    [
        ("newuser1", "user name"),
        ("1resuwen", "user name"),
        ("password1", "common"),
        ("Qwertyuiop", "common"),
    ],
)
def test_passwords_nobody_should_choose_are_refused(api: Api, password: str, says: str) -> None:
    body = {"user": "newuser1", "agency": "MPD", "roles": ["dispatcher"], "password": password}
    r = api.post("admin", "/users", body)
    assert r.status_code == 422 and says in r.json()["detail"]
    r = api.client.put(
        "/api/v1/users/disp1/password", json={"password": "disp1"}, headers=api.headers("admin")
    )
    assert r.status_code == 422
