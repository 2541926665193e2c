"""Running the demo: the API server (uvicorn) and the simulator in one event loop.

The server's lifespan starts the engine; once it is up the demo registers its organisation (on
a fresh database), gives each demo user a new password, prints them, and starts the simulator.
On shutdown the simulator stops before the engine does.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import secrets
import signal
import sys
import threading
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

import uvicorn
from argon2 import PasswordHasher

from tenfour.api.app import create_app
from tenfour.engine.envelope import Envelope
from tenfour.journal.credentials import prepare_password
from tenfour.journal.store import STORAGE_ERRORS
from tenfour.runtime import Runtime, build_runtime
from tenfour.settings import Settings, demo_key_path
from tenfour.sim.clock import RealClock
from tenfour.sim.inprocess import SetupError, city_simulator, close_leftovers, register_demo
from tenfour.sim.radio_traffic import RadioTraffic
from tenfour.sim.roster import DEMO_ACTOR, DEMO_USERS, UserSpec
from tenfour.sim.simulator import SimConfig, Simulator

log = logging.getLogger(__name__)
CONSOLE_PATH = "/console/"
FIRST_CALL_WALL_S = 8.0
START_TIMEOUT_S = 30.0
# OWASP's minimum argon2id profile (19 MiB, 2 passes): throwaway demo passwords, quick start.
DEMO_HASHER = PasswordHasher(time_cost=2, memory_cost=19_456, parallelism=1)
START_ERRORS: tuple[type[Exception], ...] = (ValueError, OSError, *STORAGE_ERRORS)


class DemoStartError(RuntimeError):
    """The demo could not start; the message says why."""


@dataclass(frozen=True)
class DemoOptions:
    """What the command line asked for."""

    db: Path
    host: str
    port: int
    speed: float
    rate: float
    seed: int | None
    browser_hint: bool


def say(text: str = "") -> None:
    """Print to stdout at once (a test or a pipe reads it live)."""
    print(text, flush=True)


def credentials_table(rows: list[tuple[UserSpec, str]]) -> str:
    """The demo users as an aligned text table."""
    header = ("user", "role", "agency", "password")
    lines = [header] + [
        (u.id, u.role.value + (f" ({u.unit})" if u.unit else ""), u.agency, pw) for u, pw in rows
    ]
    widths = [max(len(line[i]) for line in lines) for i in range(4)]
    text = ["  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)) for line in lines]
    text.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(t.rstrip() for t in text)


def new_passwords(users: tuple[UserSpec, ...] = DEMO_USERS) -> list[tuple[UserSpec, str]]:
    """A fresh random password for each demo user."""
    return [(u, secrets.token_urlsafe(9)) for u in users]


class _Server(uvicorn.Server):
    """uvicorn, calling ``before_shutdown`` before the app's lifespan stops the engine."""

    def __init__(
        self, config: uvicorn.Config, before_shutdown: Callable[[], Awaitable[None]]
    ) -> None:
        super().__init__(config)
        self.before_shutdown = before_shutdown

    async def shutdown(self, sockets: list[Any] | None = None) -> None:
        """Stop the simulator, then shut down as uvicorn does."""
        await self.before_shutdown()
        await super().shutdown(sockets)

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        """Ctrl-C and SIGTERM stop the demo gracefully (a second Ctrl-C at once), and the stop
        ends there: uvicorn would raise the caught signal again once shut down, which reaches
        asyncio's own Ctrl-C handling and cancels what is still finishing (a traceback)."""
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        caught = (signal.SIGINT, signal.SIGTERM)
        original = {sig: signal.signal(sig, self.handle_exit) for sig in caught}
        try:
            yield
        finally:
            for sig, handler in original.items():
                signal.signal(sig, handler)


def _settings(options: DemoOptions) -> Settings:
    key = demo_key_path(str(options.db))
    return Settings(
        db=str(options.db),
        key_path=key,
        secret=secrets.token_urlsafe(32),
        host=options.host,
        port=options.port,
    )


def _open_runtime(options: DemoOptions) -> Runtime:
    from tenfour.geo.city import load_city

    try:
        runtime = build_runtime(
            _settings(options), quiet=True, hasher=DEMO_HASHER, city=load_city(), transcribe=True
        )
        runtime.prepare()  # writer lock and migration now, so errors are messages
    except START_ERRORS as err:
        raise DemoStartError(f"cannot open {options.db}: {err}") from None
    return runtime


async def _wait_started(server: uvicorn.Server, serving: asyncio.Task[None]) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while not server.started:
        if serving.done() or time.monotonic() > deadline:
            raise DemoStartError("the server did not start (see the messages above)")
        await asyncio.sleep(0.05)


async def _set_passwords(runtime: Runtime, rows: list[tuple[UserSpec, str]]) -> None:
    """Each password journaled (``SetPassword`` by the demo), then its hash stored."""
    store = runtime.credentials
    for user, password in rows:
        command, stored = await asyncio.to_thread(prepare_password, store, user.id, password)
        envelope = Envelope(str(uuid.uuid4()), command, DEMO_ACTOR)
        result = await runtime.engine.submit(envelope)
        if result.rejection is not None:
            raise DemoStartError(f"cannot set {user.id}'s password: {result.rejection.message}")
        await asyncio.to_thread(store.store_hash, user.id, stored)


def _banner(options: DemoOptions, fresh: bool, rows: list[tuple[UserSpec, str]]) -> None:
    url = f"http://{options.host}:{options.port}{CONSOLE_PATH}"
    say("tenfour demo: central Helsinki. Map data © OpenStreetMap contributors (ODbL).")
    say(f"database: {options.db} ({'new' if fresh else 'previous demo, resumed'})")
    say(f"simulator: about {options.rate:g} calls per simulated hour, speed x{options.speed:g}")
    say()
    say("Demo users (new passwords for this run):")
    say(credentials_table(rows))
    say()
    say(f"Console: {url}")
    say(f"API: http://{options.host}:{options.port}/docs (Swagger UI), /redoc, /openapi.json")
    if options.browser_hint:
        say("Open the console in your browser and log in as 'dispatcher'. Ctrl-C stops the demo.")
    say()
    say("Afterwards, from this directory (every command finds this database and its key):")
    for line in follow_up_commands(options.db, prog=program()):
        say(f"  {line}")


def program() -> str:
    """How this ``tenfour`` was invoked (``.venv/bin/tenfour`` in the README's set-up)."""
    invoked = Path(sys.argv[0])
    if invoked.name != "tenfour":
        return "tenfour"
    with contextlib.suppress(ValueError):
        return str(invoked.resolve().relative_to(Path.cwd().resolve()))
    return str(invoked)


def follow_up_commands(db: Path, today: date | None = None, prog: str = "tenfour") -> list[str]:
    """The commands to look at what the demo recorded, exactly as they are typed."""
    day = today or datetime.now(UTC).date()
    where = f"--db {db}"
    return [
        f"{prog} audit verify {where}",
        f"{prog} timeline {day.year}-000001 {where}",
        f"{prog} report response-times --from {day} --to {day + timedelta(days=1)} "
        f"{where} --out report.html",
        f"{prog} centre export {where}",
    ]


def _simulator(runtime: Runtime, options: DemoOptions) -> Simulator:
    config = SimConfig(
        seed=options.seed if options.seed is not None else secrets.randbelow(2**31),
        calls_per_hour=options.rate,
        start_hour=datetime.now().hour + datetime.now().minute / 60,
        first_call_s=FIRST_CALL_WALL_S * options.speed,
    )
    run = f"{int(time.time())}-{uuid.uuid4().hex[:6]}"
    return city_simulator(runtime.engine, runtime.city, RealClock(options.speed), config, run)


def _report_crash(task: asyncio.Task[object]) -> None:
    if not task.cancelled() and task.exception() is not None:
        print(f"tenfour demo: the simulator stopped: {task.exception()!r}", file=sys.stderr)


async def run_demo(options: DemoOptions, state: Literal["fresh", "demo"]) -> None:
    """Serve and simulate until interrupted."""
    runtime = _open_runtime(options)
    city = runtime.city
    sim_task: asyncio.Task[object] | None = None
    radio = RadioTraffic(runtime.engine, runtime.radio, DEMO_ACTOR, seed=options.seed or 1)

    async def stop_sim() -> None:
        await radio.stop()
        if sim_task is not None:
            sim_task.cancel()
            await asyncio.gather(sim_task, return_exceptions=True)

    config = uvicorn.Config(
        create_app(runtime=runtime),
        host=options.host,
        port=options.port,
        log_level="warning",
        proxy_headers=False,
        timeout_graceful_shutdown=3,
    )
    server = _Server(config, stop_sim)
    serving = asyncio.create_task(server.serve())
    await _wait_started(server, serving)
    try:
        if state == "fresh":
            await register_demo(runtime.engine, city)
        else:
            await close_leftovers(runtime.engine, f"{int(time.time())}")
    except SetupError as err:
        server.should_exit = True
        await serving
        raise DemoStartError(f"cannot set up the demo: {err}") from None
    simulator = _simulator(runtime, options)
    await radio.start()  # channels and radio ids; its phrases render in the background
    sim_task = asyncio.create_task(simulator.run(math.inf))
    sim_task.add_done_callback(_report_crash)
    rows = new_passwords()
    await _set_passwords(runtime, rows)
    _banner(options, state == "fresh", rows)
    try:
        await serving  # uvicorn re-raises the Ctrl-C it caught once it has shut down
    finally:
        stats = simulator.stats
        say(
            f"demo stopped: {stats.calls} calls, {stats.incidents} incidents, {stats.closed} closed"
            f", {radio.played} radio transmissions"
        )
