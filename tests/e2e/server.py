"""A real tenfour server for browser tests: uvicorn in a thread on a temp SQLite database.

The first administrator is created the way ``tenfour user bootstrap`` does it (straight through
the engine, before the server starts); everything else is seeded over HTTP as that administrator.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from tenfour.api.app import create_app
from tenfour.domain import commands as c
from tenfour.domain.actors import SYSTEM
from tenfour.engine.envelope import Envelope
from tenfour.runtime import build_runtime
from tenfour.settings import Settings

ADMIN = ("admin", "admin-password")


def password_of(user: str) -> str:
    """Every seeded user's password."""
    return f"pw-{user}-secret"


def free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _bootstrap(settings: Settings) -> None:
    runtime = build_runtime(settings, quiet=True)
    await runtime.start()
    try:
        for command in (
            c.RegisterAgency(agency="MPD", name="Metro Police", kind="police"),
            c.RegisterUser(user=ADMIN[0], agency="MPD", roles=("centre_admin",)),
        ):
            result = await runtime.engine.submit(Envelope(str(uuid.uuid4()), command, SYSTEM))
            assert result.rejection is None, result.rejection
        runtime.credentials.set_password(*ADMIN)
    finally:
        await runtime.stop()


@dataclass
class Server:
    """A running server and an HTTP client per user."""

    url: str
    settings: Settings
    uvicorn: uvicorn.Server
    thread: threading.Thread
    tokens: dict[str, str] = field(default_factory=dict)

    def token(self, user: str, password: str | None = None) -> str:
        """A bearer token for ``user`` (cached)."""
        if user not in self.tokens:
            body = {"username": user, "password": password or password_of(user)}
            res = httpx.post(f"{self.url}/api/v1/auth/token", json=body, timeout=10)
            res.raise_for_status()
            self.tokens[user] = res.json()["access_token"]
        return str(self.tokens[user])

    def post(
        self, user: str, path: str, body: dict[str, object], role: str | None = None
    ) -> dict[str, object]:
        """POST as ``user``; fails the test on any refusal."""
        password = ADMIN[1] if user == ADMIN[0] else None
        headers = {"Authorization": f"Bearer {self.token(user, password)}"}
        if role:
            headers["X-Tenfour-Role"] = role
        res = httpx.post(f"{self.url}/api/v1{path}", json=body, headers=headers, timeout=10)
        assert res.status_code == 200, (path, res.status_code, res.text)
        out: dict[str, object] = res.json()
        return out

    def get(self, user: str, path: str) -> Any:
        """GET as ``user``; fails the test on any refusal."""
        headers = {"Authorization": f"Bearer {self.token(user)}"}
        res = httpx.get(f"{self.url}/api/v1{path}", headers=headers, timeout=10)
        assert res.status_code == 200, (path, res.status_code, res.text)
        return res.json()

    def created(self, user: str, body: dict[str, object]) -> str:
        """Create an incident as ``user``; its id."""
        out = self.post(user, "/incidents", body)
        events: list[dict[str, Any]] = out["events"]  # type: ignore[assignment]
        return str(next(e["payload"]["incident"] for e in events if e["type"] == "IncidentCreated"))

    def stop(self) -> None:
        """Stop uvicorn and wait for the runtime to shut down."""
        self.uvicorn.should_exit = True
        self.thread.join(timeout=15)


def settings_for(directory: Path, secret: str) -> Settings:
    """Settings of a test server whose database and key live in ``directory``."""
    return Settings(db=str(directory / "tenfour.db"), key_path=directory / "key.pem", secret=secret)


def new_secret() -> str:
    """A token secret long enough for HS256."""
    return "e2e-test-secret-" + uuid.uuid4().hex


def start_server(directory: Path, secret: str, *, bootstrap: bool = True) -> Server:
    """Serve the database in ``directory`` (bootstrapped first when asked) on a free port."""
    settings = settings_for(directory, secret)
    if bootstrap:
        # Playwright's sync API may run an event loop in this thread: bootstrap in another.
        booting = threading.Thread(target=asyncio.run, args=(_bootstrap(settings),))
        booting.start()
        booting.join()
    port = free_port()
    config = uvicorn.Config(
        create_app(settings), host="127.0.0.1", port=port, log_level="warning", lifespan="on"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="tenfour-e2e-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    return Server(f"http://127.0.0.1:{port}", settings, server, thread)
