"""The phases of ``tenfour bench board`` (see ``tenfour.bench.board``): commands alone, commands
with consoles refreshing, and the consoles' first render."""

from __future__ import annotations

import asyncio
import os
import tempfile
import time
from collections.abc import Awaitable
from dataclasses import dataclass, field, replace
from pathlib import Path

import httpx

from tenfour.bench.board import BoardBenchResult, Console, prepare
from tenfour.bench.figures import percentile
from tenfour.bench.http import PASSWORD, Driver, cpu_seconds, fixed_load, free_port, server

RECLASSIFY_EVERY = 10  # one command in ten changes the board


@dataclass
class BoardDriver(Driver):
    """Remarks, and every tenth command a reclassification (priority 1-4 in turn)."""

    def request(self) -> bytes:
        """The next command as raw HTTP."""
        if (self.sent + 1) % RECLASSIFY_EVERY:
            return super().request()
        self.sent += 1
        incident = self.incidents[(self.sent // RECLASSIFY_EVERY) % len(self.incidents)]
        priority = 1 + (self.sent // RECLASSIFY_EVERY) % 4
        body = f'{{"type_code": "disturbance", "priority": {priority}}}'.encode()
        head = (
            f"POST /api/v1/incidents/{incident}/reclassify HTTP/1.1\r\nHost: {self.host}\r\n"
            f"Authorization: Bearer {self.token}\r\nContent-Type: application/json\r\n"
            f"Idempotency-Key: bench-{self.sent}\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        )
        return head.encode() + body


@dataclass
class Tally:
    """What the consoles measured."""

    ms: list[float] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)
    errors: int = 0

    def add(self, figures: tuple[float, int, bool]) -> None:
        """Count one refresh."""
        ms, size, ok = figures
        self.ms.append(ms)
        self.sizes.append(size)
        self.errors += not ok


async def commands(driver: Driver, concurrency: int, until: float) -> int:
    """Commands accepted by ``concurrency`` clients sending back to back until ``until``."""
    done = 0

    async def worker() -> None:
        nonlocal done
        while time.perf_counter() < until:
            ok = await driver.one()
            done += ok

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return done


async def follow(console: Console, interval_s: float, until: float, tally: Tally) -> None:
    """Refresh every ``interval_s`` (from the start of one to the next) until ``until``."""
    await asyncio.sleep(interval_s * (hash(id(console)) % 100) / 100)  # spread the consoles
    while time.perf_counter() < until:
        start = time.perf_counter()
        tally.add(await console.refresh())
        await asyncio.sleep(max(0.0, interval_s - (time.perf_counter() - start)))


@dataclass
class Setup:
    """What the phases share."""

    base: str
    pid: int
    incidents: list[str]
    open_n: int
    consoles: int
    interval_s: float
    concurrency: int
    duration_s: float
    offered: float
    legacy: bool


async def _token(base: str) -> str:
    async with httpx.AsyncClient(base_url=base, timeout=60.0) as anon:
        r = await anon.post("/api/v1/auth/token", data={"username": "disp", "password": PASSWORD})
        return str(r.json()["access_token"])


async def with_consoles(
    s: Setup, consoles: list[Console], flow: Awaitable[object]
) -> tuple[Tally, float, float]:
    """Consoles refreshing while ``flow`` sends commands for the phase: their tally, the
    server's CPU seconds and the phase's length."""
    tally = Tally()
    cpu, start = cpu_seconds(s.pid), time.perf_counter()
    until = start + s.duration_s
    sending = asyncio.ensure_future(flow)
    await asyncio.gather(*(follow(x, s.interval_s, until, tally) for x in consoles))
    await sending
    return tally, cpu_seconds(s.pid) - cpu, time.perf_counter() - start


async def drive(s: Setup) -> BoardBenchResult:
    """Run the phases against a started server."""
    token = await _token(s.base)
    port = int(s.base.rsplit(":", 1)[1])
    driver = BoardDriver("127.0.0.1", port, token, s.incidents)
    consoles = [Console("127.0.0.1", port, token, s.legacy) for _ in range(s.consoles)]
    try:
        await commands(driver, s.concurrency, time.perf_counter() + 1.0)  # warm up
        cpu, start = cpu_seconds(s.pid), time.perf_counter()
        alone = await commands(driver, s.concurrency, start + s.duration_s)
        per_command = (cpu_seconds(s.pid) - cpu) / max(1, alone)
        alone_rate = alone / (time.perf_counter() - start)
        await asyncio.gather(*(x.open() for x in consoles))
        for console in consoles:
            await console.refresh()  # the first render, before the measured phases
        sent = driver.sent
        flat_out = commands(driver, s.concurrency, time.perf_counter() + s.duration_s)
        busy, _, busy_s = await with_consoles(s, consoles, flat_out)
        rate = (driver.sent - sent) / busy_s
        sent = driver.sent
        steady = fixed_load(driver, s.offered, s.duration_s)
        tally, cpu_s, _ = await with_consoles(s, consoles, steady)
        refresh_cpu = max(0.0, cpu_s - per_command * (driver.sent - sent))
        full, full_cpu = await first_render(consoles, s.pid)
    finally:
        driver.close()
        for console in consoles:
            console.close()
    n = max(1, len(tally.ms))
    return BoardBenchResult(
        p50_ms=round(percentile(tally.ms, 50), 2),
        p99_ms=round(percentile(tally.ms, 99), 2),
        server_cpu_ms_per_refresh=round(refresh_cpu * 1000 / n, 2),
        bytes_per_refresh=round(sum(tally.sizes) / n, 1),
        commands_per_s=round(rate, 1),
        commands_per_s_alone=round(alone_rate, 1),
        refreshes=len(tally.ms),
        saturated_p50_ms=round(percentile(busy.ms, 50), 2),
        saturated_p99_ms=round(percentile(busy.ms, 99), 2),
        full_p50_ms=round(percentile(full.ms, 50), 2),
        full_p99_ms=round(percentile(full.ms, 99), 2),
        full_bytes=round(sum(full.sizes) / max(1, len(full.sizes)), 1),
        full_server_cpu_ms=round(full_cpu, 2),
        open_incidents=s.open_n,
        consoles=s.consoles,
        interval_s=s.interval_s,
        offered_per_s=s.offered,
        legacy=s.legacy,
        errors=tally.errors + busy.errors + full.errors + driver.errors,
        duration_s=s.duration_s,
        cpus=os.cpu_count() or 1,
        load_avg_1m=0.0,
    )


async def first_render(consoles: list[Console], pid: int) -> tuple[Tally, float]:
    """Each console's full load, one at a time, and the server's CPU (ms) per load."""
    full = Tally()
    cpu = cpu_seconds(pid)
    for console in consoles:
        console.forget()
        full.add(await console.refresh())
    return full, (cpu_seconds(pid) - cpu) * 1000 / max(1, len(consoles))


def run_board_bench(
    *,
    open_n: int = 5000,
    consoles: int = 50,
    interval_s: float = 1.0,
    concurrency: int = 16,
    duration_s: float = 10.0,
    offered: float = 50.0,
    legacy: bool = False,
) -> BoardBenchResult:
    """Seed a database, start the server, measure, stop it, delete everything."""
    load = round(os.getloadavg()[0], 2)  # before we add our own
    with tempfile.TemporaryDirectory(prefix="tenfour-bench-board-") as tmp:
        settings, incidents = prepare(Path(tmp), open_n)
        with server(settings, free_port()) as (base, pid):
            setup = Setup(
                base,
                pid,
                incidents,
                open_n,
                consoles,
                interval_s,
                concurrency,
                duration_s,
                offered,
                legacy,
            )
            result = asyncio.run(drive(setup))
    return replace(result, load_avg_1m=load)
