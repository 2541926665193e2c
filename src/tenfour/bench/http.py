"""``tenfour bench http``: the real server over loopback, driven by concurrent clients.

A fresh SQLite database is seeded in-process, then ``tenfour serve`` runs in a subprocess on
127.0.0.1 and three phases are measured, each bounded in time:

1. **max** - ``concurrency`` clients post remarks back to back: durable commands per second.
2. **fixed load** - an open-loop schedule of ``offered`` commands per second; each latency runs
   from the moment the request was *due* (so a slow server cannot hide queueing).
3. **stream** - ``subscribers`` WebSocket clients follow the stream while commands arrive; each
   delivery is timed from the event's recorded time ``at`` (stamped just before its durable
   commit, same clock) to its arrival at the subscriber.

Client and server share the machine's cores, so the figures are a floor for the server alone.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import websockets
from argon2 import PasswordHasher

from tenfour.bench.figures import percentile
from tenfour.domain import commands as c
from tenfour.domain.actors import SYSTEM
from tenfour.engine.envelope import Envelope
from tenfour.runtime import Runtime, build_runtime
from tenfour.settings import Settings

PASSWORD = "bench-password-1"  # noqa: S105 - a throwaway database's user
INCIDENTS = 50
START_TIMEOUT_S = 60.0
DRAIN_TIMEOUT_S = 15.0
STREAM_RATE = 20.0  # commands/s while the subscribers listen


@dataclass(frozen=True)
class HttpBenchResult:
    """What ``tenfour bench http --json`` prints."""

    commands_per_s: float
    p50_ms: float
    p99_ms: float
    offered_per_s: float
    achieved_per_s: float
    stream_p50_ms: float
    stream_p99_ms: float
    subscribers: int
    deliveries: int
    errors: int
    error_kinds: dict[str, int]
    concurrency: int
    duration_s: float
    cpus: int
    load_avg_1m: float  # other work on the machine skews every figure
    # CPU time per command in the max phase (all threads; 0 where /proc is missing): the figure
    # to compare variants by, as it moves less than rates when other work shares the cores.
    server_cpu_us: float = 0.0
    client_cpu_us: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        """Plain figures."""
        return asdict(self)


# --- the database and the server ---------------------------------------------------------


async def _seed(runtime: Runtime) -> list[str]:
    await runtime.start()
    try:
        commands: list[c.Command] = [
            c.RegisterAgency(agency="MPD", name="Metro Police", kind="police"),
            c.RegisterUser(user="disp", agency="MPD", roles=("dispatcher", "supervisor")),
        ]
        commands += [
            c.CreateIncident(
                type_code="disturbance", priority=2, address=f"Street {n}", agency="MPD"
            )
            for n in range(INCIDENTS)
        ]
        incidents = []
        for command in commands:
            result = await runtime.engine.submit(Envelope(str(uuid.uuid4()), command, SYSTEM))
            if result.rejection is not None:
                raise RuntimeError(f"seeding failed: {result.rejection.message}")
            incidents += [
                e.event.incident_id for e in result.events if e.event.TYPE == "IncidentCreated"
            ]
        await asyncio.to_thread(runtime.credentials.set_password, "disp", PASSWORD)
        return [i for i in incidents if i]
    finally:
        await runtime.stop()


def seed_database(settings: Settings) -> list[str]:
    """Seed the (empty) journal ``settings`` name: dispatcher ``disp`` and open incidents."""
    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)  # seeding only
    runtime = build_runtime(settings, quiet=True, hasher=cheap)
    return asyncio.run(_seed(runtime))


def prepare(tmp: Path) -> tuple[Settings, list[str]]:
    """A fresh database with a dispatcher and open incidents."""
    settings = Settings(
        db=str(tmp / "bench.db"), key_path=tmp / "key.pem", secret=uuid.uuid4().hex * 2
    )
    return settings, seed_database(settings)


def free_port() -> int:
    """A port nobody listens on, on the loopback interface."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system, all threads) a process has used; 0 without /proc."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _cpu(pid: int | None) -> float:
    return 0.0 if pid is None else cpu_seconds(pid)


@contextlib.contextmanager
def server(settings: Settings, port: int) -> Iterator[tuple[str, int]]:
    """``tenfour serve`` in a subprocess on 127.0.0.1; yields its base URL and pid."""
    env = {
        **os.environ,
        "TENFOUR_KEY_PATH": str(settings.key_path),
        "TENFOUR_SECRET": settings.secret,
    }
    args = [sys.executable, "-m", "tenfour.cli.serve", "--db", settings.db, "--host", "127.0.0.1"]
    args += ["--port", str(port), "--log-level", "warning"]
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL)  # noqa: S603
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_up(base, proc)
        yield base, proc.pid
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


def _wait_up(base: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with code {proc.returncode}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{base}/healthz", timeout=1.0).status_code == 200:
                return
        time.sleep(0.1)
    raise RuntimeError(f"the server did not answer within {START_TIMEOUT_S:.0f} s")


# --- the phases ------------------------------------------------------------------------------


class Connection:
    """A bare HTTP/1.1 keep-alive connection: the load generator must cost less than the server.

    (An httpx pool needed several times the server's CPU per request and became the bottleneck.)
    """

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, host: str, port: int) -> Connection:
        """Connect."""
        reader, writer = await asyncio.open_connection(host, port)
        return cls(reader, writer)

    async def post(self, request: bytes) -> int:
        """Send one request; the response's status code (body read and dropped)."""
        self.writer.write(request)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        length = 0
        for line in head.split(b"\r\n"):
            if line[:15].lower() == b"content-length:":
                length = int(line[15:])
        await self.reader.readexactly(length)
        return status

    def close(self) -> None:
        """Close the socket."""
        self.writer.close()


@dataclass
class Driver:
    """Sends remark commands round-robin over the seeded incidents, over a pool of connections."""

    host: str
    port: int
    token: str
    incidents: list[str]
    sent: int = 0
    errors: int = 0

    def __post_init__(self) -> None:
        self._idle: list[Connection] = []
        self.error_kinds: dict[str, int] = {}

    def request(self) -> bytes:
        """The next command as raw HTTP."""
        self.sent += 1
        incident = self.incidents[self.sent % len(self.incidents)]
        body = f'{{"text": "bench line {self.sent}"}}'.encode()
        head = (
            f"POST /api/v1/incidents/{incident}/remarks HTTP/1.1\r\nHost: {self.host}\r\n"
            f"Authorization: Bearer {self.token}\r\nContent-Type: application/json\r\n"
            f"Idempotency-Key: bench-{self.sent}\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        )
        return head.encode() + body

    async def one(self) -> bool:
        """One command; True when it was accepted.

        An idle connection the server closed (keep-alive timeout) is retried once on a new one;
        the Idempotency-Key makes that safe even had the server carried the command out.
        """
        request = self.request()
        reused = bool(self._idle)
        conn = self._idle.pop() if reused else await Connection.open(self.host, self.port)
        try:
            status = await conn.post(request)
        except (OSError, asyncio.IncompleteReadError, ValueError) as err:
            conn.close()
            if reused:
                self.sent -= 1  # the same command again
                return await self.one()
            self.failed(type(err).__name__)
            return False
        self._idle.append(conn)
        if status != 200:
            self.failed(str(status))
        return status == 200

    def failed(self, what: str) -> None:
        """Count a failure by kind (HTTP status or exception name)."""
        self.errors += 1
        self.error_kinds[what] = self.error_kinds.get(what, 0) + 1

    def close(self) -> None:
        """Close every idle connection."""
        for conn in self._idle:
            conn.close()
        self._idle.clear()


async def max_rate(driver: Driver, concurrency: int, duration_s: float) -> float:
    """Commands per second with ``concurrency`` clients sending back to back."""
    done = 0
    deadline = time.perf_counter() + duration_s

    async def worker() -> None:
        nonlocal done
        while time.perf_counter() < deadline:
            ok = await driver.one()  # not `done += await ...`: that reads `done` before waiting
            done += ok

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return done / (time.perf_counter() - start)


async def fixed_load(driver: Driver, rate: float, duration_s: float) -> tuple[list[float], float]:
    """Latencies (ms, from when each request was due) at an offered ``rate``; achieved rate."""
    latencies: list[float] = []
    start = time.perf_counter()

    async def timed(due: float) -> None:
        if await driver.one():
            latencies.append((time.perf_counter() - due) * 1000)

    tasks = []
    for i in range(int(rate * duration_s)):
        due = start + i / rate
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        tasks.append(asyncio.create_task(timed(due)))
    await asyncio.gather(*tasks)
    return latencies, len(latencies) / (time.perf_counter() - start)


def _at_seconds(at: str) -> float:
    return datetime.fromisoformat(at.replace("Z", "+00:00")).timestamp()


async def _subscribe(
    url: str, token: str, until: asyncio.Event, delays: list[float], last: list[int]
) -> None:
    async with websockets.connect(url, max_queue=None, ping_interval=None) as ws:
        await ws.send(token)  # the first message: a token never goes in a URL
        last.append(0)
        slot = len(last) - 1
        while not until.is_set():
            try:
                text = await asyncio.wait_for(ws.recv(), timeout=0.5)
            except TimeoutError:
                continue
            now = time.time()
            message = _loads(text)
            if "at" in message:
                delays.append((now - _at_seconds(message["at"])) * 1000)
                last[slot] = int(message["seq"])


def _loads(text: str | bytes) -> dict[str, Any]:
    import json

    data = json.loads(text)
    return data if isinstance(data, dict) else {}


async def _head(base: str) -> int:
    async with httpx.AsyncClient(base_url=base, timeout=30.0) as http:
        return int((await http.get("/healthz")).json()["head_seq"])


async def stream_latency(
    driver: Driver, base: str, token: str, subscribers: int, duration_s: float
) -> list[float]:
    """Delivery delays (ms) of events to ``subscribers`` WebSocket clients."""
    health = {"head_seq": await _head(base)}
    url = f"{base.replace('http', 'ws', 1)}/api/v1/stream?after={health['head_seq']}"
    until, delays, last = asyncio.Event(), [], []  # type: ignore[var-annotated]
    tasks = [
        asyncio.create_task(_subscribe(url, token, until, delays, last)) for _ in range(subscribers)
    ]
    while len(last) < subscribers and not any(t.done() for t in tasks):
        await asyncio.sleep(0.05)
    await fixed_load(driver, STREAM_RATE, duration_s)
    head = await _head(base)
    deadline = time.monotonic() + DRAIN_TIMEOUT_S
    while min(last, default=head) < head and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    until.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    return delays


async def drive(
    base: str,
    incidents: list[str],
    *,
    server_pid: int | None = None,
    concurrency: int,
    offered: float,
    subscribers: int,
    duration_s: float,
) -> HttpBenchResult:
    """Run the three phases against a started server."""
    async with httpx.AsyncClient(base_url=base, timeout=30.0) as anon:
        r = await anon.post("/api/v1/auth/token", data={"username": "disp", "password": PASSWORD})
        token = r.json()["access_token"]
    port = int(base.rsplit(":", 1)[1])
    driver = Driver("127.0.0.1", port, token, incidents)
    try:
        await max_rate(driver, concurrency, min(1.0, duration_s))  # warm up
        sent, server_cpu, client_cpu = driver.sent, _cpu(server_pid), time.process_time()
        best = await max_rate(driver, concurrency, duration_s)
        per = 1e6 / max(1, driver.sent - sent)
        server_us = (_cpu(server_pid) - server_cpu) * per
        client_us = (time.process_time() - client_cpu) * per
        latencies, achieved = await fixed_load(driver, offered, duration_s)
        delays = await stream_latency(driver, base, token, subscribers, duration_s)
    finally:
        driver.close()
    return HttpBenchResult(
        commands_per_s=round(best, 1),
        p50_ms=round(percentile(latencies, 50), 2),
        p99_ms=round(percentile(latencies, 99), 2),
        offered_per_s=offered,
        achieved_per_s=round(achieved, 1),
        stream_p50_ms=round(percentile(delays, 50), 2),
        stream_p99_ms=round(percentile(delays, 99), 2),
        subscribers=subscribers,
        deliveries=len(delays),
        errors=driver.errors,
        error_kinds=driver.error_kinds,
        concurrency=concurrency,
        duration_s=duration_s,
        cpus=os.cpu_count() or 1,
        load_avg_1m=0.0,
        server_cpu_us=round(server_us, 1),
        client_cpu_us=round(client_us, 1),
    )


def run_http_bench(
    *,
    duration_s: float = 10.0,
    concurrency: int = 64,
    offered: float = 500.0,
    subscribers: int = 200,
) -> HttpBenchResult:
    """Seed a database, start the server, measure, stop it, delete everything."""
    load = round(os.getloadavg()[0], 2)  # before we add our own
    with tempfile.TemporaryDirectory(prefix="tenfour-bench-http-") as tmp:
        settings, incidents = prepare(Path(tmp))
        with server(settings, free_port()) as (base, pid):
            result = asyncio.run(
                drive(
                    base,
                    incidents,
                    server_pid=pid,
                    concurrency=concurrency,
                    offered=offered,
                    subscribers=subscribers,
                    duration_s=duration_s,
                )
            )
    return replace(result, load_avg_1m=load)
