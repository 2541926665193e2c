"""``tenfour demo`` starts a living city: log in as the demo dispatcher, watch it move, stop it."""

from __future__ import annotations

import signal
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.integration.demo.processes import LineReader, free_port, tenfour

pytestmark = pytest.mark.timeout(90)


def _poll(get: Any, check: Any, timeout: float) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check(get())
        if found:
            return found
        time.sleep(0.5)
    raise AssertionError("timed out")


def test_demo_runs_server_and_simulator_and_stops_cleanly(tmp_path: Path) -> None:
    port = free_port()
    db = tmp_path / "demo.db"
    process = tenfour(
        "demo", "--db", str(db), "--port", str(port), "--speed", "20", "--seed", "3",
        "--no-browser-hint", cwd=tmp_path,
    )  # fmt: skip
    out = LineReader(process.stdout)
    try:
        console = out.wait_for("Console: ", timeout=60)
        assert console == f"Console: http://127.0.0.1:{port}/console/"
        password = next(line.split()[-1] for line in out.lines if line.startswith("dispatcher "))
        assert any(line.startswith("fedcad ") and " FED " in line for line in out.lines)
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=base, timeout=10) as http:
            assert http.get("/healthz").json()["engine_running"] is True
            login = {"username": "dispatcher", "password": password}
            token = http.post("/api/v1/auth/token", data=login).json()["access_token"]
            auth = {"Authorization": f"Bearer {token}"}
            units = http.get("/api/v1/units", headers=auth).json()
            assert len(units) == 40
            start = {u["id"]: (u["lat"], u["lon"]) for u in units}
            _poll(lambda: http.get("/api/v1/incidents", headers=auth).json(), len, 30)
            _poll(
                lambda: http.get("/api/v1/units", headers=auth).json(),
                lambda board: [u for u in board if (u["lat"], u["lon"]) != start[u["id"]]],
                30,
            )
    finally:
        process.send_signal(signal.SIGINT)
        code = process.wait(timeout=20)
        assert process.stderr is not None
        errors = process.stderr.read()
        process.stderr.close()
    assert code == 0, errors
    assert out.wait_for("demo stopped: ", timeout=5)
    out.close()
    assert "Traceback" not in errors
    # What the demo recorded - the simulator's calls, its units' radio traffic - stands up to
    # the audit, audio included: every actor was one the centre had configured.
    audit = tenfour("audit", "verify", "--db", str(db), "--audio", cwd=tmp_path)
    said, complaints = audit.communicate(timeout=60)
    assert audit.returncode == 0, said + complaints


def test_demo_refuses_a_database_that_is_not_a_demo(tmp_path: Path) -> None:
    other = tmp_path / "real.db"
    import sqlite3

    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE patients (name TEXT)")
    process = tenfour("demo", "--db", str(other), "--port", str(free_port()), cwd=tmp_path)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 1
    assert "not a tenfour journal" in err and "Traceback" not in err
