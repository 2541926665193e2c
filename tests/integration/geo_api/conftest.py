"""An app on a fresh SQLite journal with the demo city's organisation, and a dispatcher login."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx2 as httpx
import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient

from tenfour.api.app import create_app
from tenfour.geo.city import City, load_city
from tenfour.runtime import Runtime, build_runtime
from tenfour.settings import Settings
from tenfour.sim.inprocess import register_demo

FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
PASSWORD = "geo-tests-password"


@dataclass
class GeoApi:
    """A running app, its runtime, and a token per logged-in demo user."""

    client: TestClient
    runtime: Runtime
    tokens: dict[str, str]

    @property
    def city(self) -> City:
        assert self.runtime.city is not None
        return self.runtime.city

    def get(self, path: str, user: str = "dispatcher", **params: Any) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self.tokens[user]}"} if user else {}
        return self.client.get(f"/api/v1{path}", params=params, headers=headers)

    def post(self, path: str, body: Any = None, user: str = "dispatcher") -> httpx.Response:
        headers = {"Authorization": f"Bearer {self.tokens[user]}"}
        return self.client.post(f"/api/v1{path}", json=body or {}, headers=headers)

    def incident(self, **fields: Any) -> str:
        body = {"type_code": "disturbance", "priority": 2, "address": "Bulevardi 10"} | fields
        response = self.post("/incidents", body, user="calltaker")
        assert response.status_code == 200, response.text
        return str(response.json()["events"][0]["payload"]["incident"])


@pytest.fixture
def geo_api(tmp_path: Path) -> Iterator[GeoApi]:
    """The demo organisation (agencies, 40 units, users) on a fresh database."""
    settings = Settings(db=str(tmp_path / "t.db"), key_path=tmp_path / "k.pem", secret="s" * 40)
    runtime = build_runtime(settings, quiet=True, hasher=FAST_HASHER, city=load_city())
    with TestClient(create_app(runtime=runtime)) as client:
        assert client.portal is not None
        client.portal.call(register_demo, runtime.engine, runtime.city, "t")
        tokens: dict[str, str] = {}
        for user in ("dispatcher", "calltaker", "records", "unit-1a12"):
            runtime.credentials.set_password(user, PASSWORD)
            answer = client.post(
                "/api/v1/auth/token", data={"username": user, "password": PASSWORD}
            )
            tokens[user] = answer.json()["access_token"]
        yield GeoApi(client, runtime, tokens)
