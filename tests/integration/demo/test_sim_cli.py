"""``tenfour sim --url`` drives a real server over HTTP (loopback), bounded in time."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn
from argon2 import PasswordHasher

from tenfour.api.app import create_app
from tenfour.domain.statuses import UnitStatus
from tenfour.geo.city import load_city
from tenfour.runtime import Runtime, build_runtime
from tenfour.settings import Settings
from tenfour.sim.inprocess import register_demo
from tests.integration.demo.processes import free_port, tenfour

PASSWORD = "sim-cli-password"
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
pytestmark = pytest.mark.timeout(120)


@dataclass
class Served:
    url: str
    runtime: Runtime


def _settings(tmp: Path) -> Settings:
    return Settings(db=str(tmp / "t.db"), key_path=tmp / "k.pem", secret="z" * 40)


async def _seed(runtime: Runtime) -> None:
    await runtime.engine.start()
    assert runtime.city is not None
    await register_demo(runtime.engine, runtime.city, "cli")
    await runtime.engine.stop()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    """A server with the demo organisation, in a thread, and the dispatcher's password set."""
    city = load_city()
    seeding = build_runtime(_settings(tmp_path), quiet=True, hasher=FAST_HASHER, city=city)
    asyncio.run(_seed(seeding))
    seeding.credentials.set_password("dispatcher", PASSWORD)
    seeding.close()
    runtime = build_runtime(_settings(tmp_path), quiet=True, hasher=FAST_HASHER, city=city)
    port = free_port()
    config = uvicorn.Config(create_app(runtime=runtime), port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started
    yield Served(f"http://127.0.0.1:{port}", runtime)
    server.should_exit = True
    thread.join(timeout=20)


def _sim(tmp_path: Path, *args: str) -> tuple[int, str, str]:
    process = tenfour("sim", *args, cwd=tmp_path)
    out, err = process.communicate(timeout=90)
    return process.returncode, out, err


def test_sim_drives_a_server_over_http(served: Served, tmp_path: Path) -> None:
    code, out, err = _sim(
        tmp_path, "--url", served.url, "--rate", "1", "--duration", "8", "--speed", "30",
        "--password", PASSWORD, "--seed", "4", "--json",
    )  # fmt: skip
    assert code == 0, err
    report = json.loads(out)
    assert report["calls"] >= 2 and report["incidents"] >= 2 and report["dispatches"] >= 1
    assert report["failed"] == 0 and report["commands"] > report["incidents"]
    assert report["seconds"] >= 7.5 and report["p99_ms"] > 0  # ran its whole duration
    state = served.runtime.engine.state
    created = [i for i in state.incidents.values() if i.created_by == "dispatcher"]
    assert len(created) == report["incidents"]
    moved = [u for u in state.units.values() if u.status != UnitStatus.AVAILABLE]
    assert moved or any(not i.open for i in created)


def test_sim_reports_bad_credentials_and_unreachable_servers(
    served: Served, tmp_path: Path
) -> None:
    code, _, err = _sim(
        tmp_path, "--url", served.url, "--password", "wrong-password", "--duration", "1"
    )
    assert code == 1 and "refused" in err and "Traceback" not in err
    code, _, err = _sim(
        tmp_path, "--url", f"http://127.0.0.1:{free_port()}", "--password", "x", "--duration", "1"
    )
    assert code == 1 and "cannot reach" in err and "Traceback" not in err
    code, _, err = _sim(tmp_path, "--url", "ftp://example", "--password", "x")
    assert code == 1 and "http://" in err
