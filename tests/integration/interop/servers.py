"""Real tenfour servers for interop tests: uvicorn subprocesses on loopback, one SQLite each.

``Server.seed`` registers agencies, users (with passwords) and units straight through the
engine before the server runs; ``start``/``stop`` run and kill the process; ``api`` sends
authenticated requests as a user.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from tenfour.domain import commands as c
from tenfour.domain.actors import SYSTEM
from tenfour.domain.events import decode
from tenfour.engine.envelope import Envelope
from tenfour.journal.store import open_journal
from tenfour.runtime import build_runtime
from tenfour.settings import Settings
from tests.integration.api.world import FAST_HASHER

PASSWORD = "correct horse battery staple 42"
SECRET = "s3cret-shared-between-fed-and-mpd-0123456789"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    """One tenfour server in a subprocess."""

    root: Path
    agency: str
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    tokens: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def db(self) -> Path:
        return self.root / "tenfour.db"

    def settings(self) -> Settings:
        return Settings(db=str(self.db), key_path=self.root / "key.pem", secret="x" * 40)

    def configure(self, partners: list[dict[str, Any]]) -> None:
        data = {
            "local": {"agency": self.agency, "element": f"cad.{self.agency.lower()}.test"},
            "partners": partners,
        }
        (self.root / "partners.json").write_text(json.dumps(data))

    def seed(self, commands: list[c.Command], users: list[str]) -> None:
        asyncio.run(self._seed(commands, users))

    async def _seed(self, commands: list[c.Command], users: list[str]) -> None:
        runtime = build_runtime(self.settings(), quiet=True, hasher=FAST_HASHER)  # cheap logins
        await runtime.engine.start()
        try:
            for n, command in enumerate(commands):
                result = await runtime.engine.submit(Envelope(f"seed-{n}", command, SYSTEM))
                assert result.rejection is None, result.rejection
            for user in users:
                runtime.credentials.set_password(user, PASSWORD)
        finally:
            await runtime.stop()

    def start(self) -> None:
        env = dict(os.environ)
        env.update(
            TENFOUR_DB=str(self.db),
            TENFOUR_KEY_PATH=str(self.root / "key.pem"),
            TENFOUR_SECRET="x" * 40,
            TENFOUR_PARTNERS_FILE=str(self.root / "partners.json"),
        )
        with (self.root / "server.log").open("ab") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "uvicorn",
                    "--factory",
                    "tenfour.api.app:create_app",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(self.port),
                    "--log-level",
                    "warning",
                ],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        wait_until(self._healthy, 30, f"{self.agency} server to start (see {self.root}/server.log)")
        self.tokens.clear()

    def _healthy(self) -> bool:
        try:
            return httpx.get(self.url + "/healthz", timeout=1).status_code == 200
        except httpx.HTTPError:
            return False

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None

    def token(self, user: str) -> str:
        if user not in self.tokens:
            r = httpx.post(
                self.url + "/api/v1/auth/token", data={"username": user, "password": PASSWORD}
            )
            assert r.status_code == 200, r.text
            self.tokens[user] = r.json()["access_token"]
        return self.tokens[user]

    def api(self, user: str, method: str, path: str, **kw: Any) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self.token(user)}", **kw.pop("headers", {})}
        return httpx.request(method, self.url + "/api/v1" + path, headers=headers, timeout=20, **kw)

    def events(self) -> list[tuple[str, str, Any]]:
        """(type, actor user, event) of every journalled event, read from the database."""
        journal = open_journal(str(self.db))
        try:
            return [
                (r.type, r.actor_user, decode(r.type, json.loads(r.payload)))
                for r in journal.read(after_seq=0, limit=100_000)
            ]
        finally:
            journal.close()


def wait_until(check: Any, timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def partner(agency: str, server: Server, **extra: Any) -> dict[str, Any]:
    return {"agency": agency, "url": server.url, "secret": SECRET, **extra}
