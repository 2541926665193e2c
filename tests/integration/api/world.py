"""An API world for tests: an app on a real journal, one user per role, logins, helpers."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx2 as httpx
from argon2 import PasswordHasher
from fastapi.testclient import TestClient

from tenfour.api.app import create_app
from tenfour.domain import commands as c
from tenfour.domain.actors import SYSTEM
from tenfour.engine.engine import utc_now
from tenfour.engine.envelope import Envelope
from tenfour.runtime import Runtime, build_runtime
from tenfour.settings import Settings

# argon2id still, but cheap: tests log in hundreds of times.
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
PASSWORD = "correct horse battery"
SECRET = "test-secret-" + "x" * 32
CENTRE = (60.1699, 24.9384)

# role -> (user, agency, unit)
USERS: dict[str, tuple[str, str, str | None]] = {
    "call_taker": ("ct1", "MPD", None),
    "dispatcher": ("disp1", "MPD", None),
    "supervisor": ("sgt1", "MPD", None),
    "commander": ("chief", "MPD", None),
    "unit": ("crew1a12", "MPD", "1A12"),
    "records": ("rec1", "MPD", None),
    "admin": ("admin", "MPD", None),
    "centre_admin": ("centre", "MPD", None),
    "partner": ("fedcad", "FED", None),
}
ROLES = list(USERS)
CENTRE_ADMIN = "centre"  # the first administrator: centre-wide
SUPER = "root"  # holds every MPD role but unit and partner; picks one with X-Tenfour-Role
SUPER_ROLES = ["admin", "call_taker", "dispatcher", "supervisor", "commander", "records"]
UNITS = {
    "1A12": ("MPD", "patrol", (60.1710, 24.9410)),
    "1A13": ("MPD", "patrol", (60.1720, 24.9300)),
    "1A14": ("MPD", "patrol", (60.1650, 24.9450)),
    "1A15": ("MPD", "patrol", (60.1600, 24.9500)),
    "F1": ("FED", "patrol", (60.1690, 24.9380)),
}


def make_settings(tmp: Path, db: str | None = None, **extra: Any) -> Settings:
    """Settings on a database in ``tmp`` (or ``db``), with a key in ``tmp``."""
    return Settings(
        db=db or str(tmp / "tenfour.db"),
        key_path=tmp / "keys" / "journal.pem",
        secret=SECRET,
        **extra,
    )


def make_runtime(
    settings: Settings, clock: Callable[[], datetime] = utc_now, **build: Any
) -> Runtime:
    """A runtime with the cheap password hasher (and the engine on ``clock``)."""
    return build_runtime(settings, quiet=True, hasher=FAST_HASHER, clock=clock, **build)


@dataclass
class Api:
    """A started app and a logged-in session per user."""

    client: TestClient
    runtime: Runtime
    tokens: dict[str, str] = field(default_factory=dict)

    def system(self, command: c.Command) -> None:
        """Give a command as the system (bootstrap only)."""
        env = Envelope(str(uuid.uuid4()), command, SYSTEM)
        result = self.client.portal.call(self.runtime.engine.submit, env)  # type: ignore[union-attr]
        assert result.accepted, result.rejection

    def login(self, user: str, password: str = PASSWORD) -> str:
        r = self.client.post("/api/v1/auth/token", data={"username": user, "password": password})
        assert r.status_code == 200, r.text
        self.tokens[user] = r.json()["access_token"]
        return self.tokens[user]

    def headers(
        self, user: str | None, role: str | None = None, key: str | None = None, **extra: str
    ) -> dict[str, str]:
        headers = dict(extra)
        if user is not None:
            token = self.tokens.get(user) or self.login(user)
            headers["Authorization"] = f"Bearer {token}"
        if role is not None:
            headers["X-Tenfour-Role"] = role
        if key is not None:
            headers["Idempotency-Key"] = key
        return headers

    def post(
        self,
        user: str | None,
        path: str,
        body: Any = None,
        *,
        role: str | None = None,
        key: str | None = None,
        **extra: str,
    ) -> httpx.Response:
        return self.client.post(
            "/api/v1" + path, json=body, headers=self.headers(user, role, key, **extra)
        )

    def get(self, user: str | None, path: str, *, role: str | None = None) -> httpx.Response:
        return self.client.get("/api/v1" + path, headers=self.headers(user, role))

    def ok(
        self, user: str, path: str, body: Any = None, *, role: str | None = None
    ) -> dict[str, Any]:
        r = self.post(user, path, body, role=role)
        assert r.status_code == 200, f"{path}: {r.status_code} {r.text}"
        data: dict[str, Any] = r.json()
        return data

    def as_super(self, role: str, path: str, body: Any = None) -> dict[str, Any]:
        return self.ok(SUPER, path, body, role=role)


def bootstrap(api: Api) -> None:
    """The first (centre) administrator, as ``tenfour user bootstrap`` would make them."""
    api.system(c.RegisterAgency(agency="MPD", name="Metro Police", kind="police"))
    api.system(c.RegisterUser(user=CENTRE_ADMIN, agency="MPD", roles=("centre_admin",)))
    api.runtime.credentials.set_password(CENTRE_ADMIN, PASSWORD)


def seed(api: Api) -> None:
    """FED, units and one user per role, all through the centre admin's HTTP calls."""
    bootstrap(api)
    body = {"agency": "FED", "name": "Federal partner", "kind": "federal"}
    api.ok(CENTRE_ADMIN, "/agencies", body)
    for unit, (agency, kind, (lat, lon)) in UNITS.items():
        body = {"unit": unit, "agency": agency, "unit_type": kind, "lat": lat, "lon": lon}
        api.ok(CENTRE_ADMIN, "/units", body)
    for role, (user, agency, unit) in USERS.items():
        if user == CENTRE_ADMIN:
            continue
        body = {"user": user, "agency": agency, "roles": [role], "unit": unit, "password": PASSWORD}
        api.ok(CENTRE_ADMIN, "/users", body)
    body = {"user": SUPER, "agency": "MPD", "roles": SUPER_ROLES, "password": PASSWORD}
    api.ok(CENTRE_ADMIN, "/users", body)


@contextmanager
def running_api(
    settings: Settings,
    *,
    seeded: bool = True,
    clock: Callable[[], datetime] = utc_now,
    **build: Any,
) -> Iterator[Api]:
    """An app on ``settings`` started in a test client; seeded with users unless told not to.
    ``build``: more for ``build_runtime`` (a loaded ``transcriber``)."""
    runtime = make_runtime(settings, clock, **build)
    app = create_app(runtime=runtime)
    with TestClient(app) as client:
        api = Api(client, runtime)
        if seeded:
            seed(api)
        yield api
