"""Credential changes are journaled (who, whose, when; never the hash) and bind the stored hash.

Runs on both backends: the credentials table sits beside the journal in the same database.
"""

from __future__ import annotations

import json

from tenfour.journal.credentials import credential_digest
from tenfour.journal.store import open_journal
from tenfour.settings import Settings
from tests.contract.conftest import dba
from tests.integration.api.world import FAST_HASHER, PASSWORD, Api, running_api

NEW = "a new password for disp1"


def login(api: Api, user: str, password: str) -> int:
    r = api.client.post("/api/v1/auth/token", data={"username": user, "password": password})
    return r.status_code


def test_a_password_reset_is_journaled_without_the_hash(api_settings: Settings) -> None:
    with running_api(api_settings) as api:
        r = api.client.put(
            "/api/v1/users/disp1/password", json={"password": NEW}, headers=api.headers("admin")
        )
        assert r.status_code == 204, r.text
        assert login(api, "disp1", NEW) == 200
    stored = dba(api_settings.db)("SELECT hash FROM credentials WHERE user_id = ?", ("disp1",))[0][
        0
    ]
    with open_journal(api_settings.db) as journal:
        sets = [r for r in journal.read() if r.type == "PasswordSet"]
    last = sets[-1]
    assert (last.actor_user, last.actor_role) == ("admin", "admin")
    assert json.loads(last.payload) == {"user": "disp1", "credential": credential_digest(stored)}
    assert all("argon2" not in r.payload for r in sets)
    assert {json.loads(r.payload)["user"] for r in sets} >= {"disp1", "ct1", "chief"}


def test_a_hash_swapped_in_the_database_does_not_log_in(api_settings: Settings) -> None:
    with running_api(api_settings) as api:
        assert login(api, "disp1", PASSWORD) == 200
    swapped = FAST_HASHER.hash("mallory knows this one")
    dba(api_settings.db)("UPDATE credentials SET hash = ? WHERE user_id = ?", (swapped, "disp1"))
    with running_api(api_settings, seeded=False) as api:
        assert login(api, "disp1", "mallory knows this one") == 401


def test_deactivation_and_reactivation_are_journaled(api_settings: Settings) -> None:
    with running_api(api_settings) as api:
        api.ok("admin", "/users/ct1/deactivate", {"reason": "on leave"})
        assert login(api, "ct1", PASSWORD) == 401
        out = api.ok("admin", "/users/ct1/reactivate", {"reason": "back from leave"})
        assert out["events"][0]["type"] == "UserReactivated"
        assert login(api, "ct1", PASSWORD) == 200
    with open_journal(api_settings.db) as journal:
        changes = [(r.type, r.actor_user) for r in journal.read() if "activated" in r.type]
    assert changes == [("UserDeactivated", "admin"), ("UserReactivated", "admin")]
