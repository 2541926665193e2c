"""``tenfour bench engine``: a realistic mix of dispatch commands through the full engine path.

Concurrent consoles each run incident life cycles (create, remarks, dispatch two units, en
route, AVL positions, on scene, clear, close), awaiting each acknowledgment as a console would.
In the same run, the storage's raw append rate for rows of the same size and batch size is
measured (the median of three passes), so the ratio says how close the engine comes to the
physical limit of this box.
"""

from __future__ import annotations

import asyncio
import secrets
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from tenfour.bench.figures import p50_p99_ms
from tenfour.bench.rawappend import raw_append_rate
from tenfour.domain import commands as c
from tenfour.domain.actors import SYSTEM, Actor, Role
from tenfour.domain.retention import DEFAULT_CLOSED_WINDOW_S
from tenfour.engine.engine import Engine
from tenfour.engine.envelope import Envelope
from tenfour.journal import postgres
from tenfour.journal.store import open_journal

CALLTAKER = Actor("bench-ct", Role.CALL_TAKER, "BENCH")
DISPATCHER = Actor("bench-disp", Role.DISPATCHER, "BENCH")
_R = TypeVar("_R")
RAW_REPEATS = 3


@dataclass(frozen=True, slots=True)
class BenchResult:
    """What ``tenfour bench engine --json`` prints."""

    backend: str
    commands: int
    commands_per_s: float
    raw_append_per_s: float
    ratio: float
    p50_ms: float
    p99_ms: float
    mean_batch: float
    consoles: int

    def as_dict(self) -> dict[str, Any]:
        """JSON keys as the issue names them."""
        return {k: getattr(self, k) for k in self.__slots__}


def lifecycle(n: int, units: tuple[str, str]) -> Iterator[Callable[[str], c.Command]]:
    """One incident's commands; each takes the incident id once it exists."""
    yield lambda _: c.CreateIncident(
        type_code="disturbance",
        priority=2,
        address=f"Bench street {n}",
        lat=60.17,
        lon=24.94,
        ani="+358401234567",
        narrative="crowd noise",
    )
    yield lambda i: c.AddRemark(incident=i, text="caller reports three people shouting")
    for u in units:
        yield lambda i, u=u: c.DispatchUnit(incident=i, unit=u)  # type: ignore[misc]
        yield lambda _, u=u: c.MarkEnRoute(unit=u)  # type: ignore[misc]
    for step in range(6):
        for u in units:
            yield lambda _, u=u, s=step: c.ReportPosition(unit=u, lat=60.17 + s / 1000, lon=24.94)  # type: ignore[misc]
    for u in units:
        yield lambda _, u=u: c.MarkOnScene(unit=u)  # type: ignore[misc]
    yield lambda i: c.AddRemark(incident=i, text="parties separated, no injuries")
    for u in units:
        yield lambda _, u=u: c.ClearUnit(unit=u, reason="handled")  # type: ignore[misc]
    yield lambda i: c.CloseIncident(incident=i, disposition="advised")


_CALL_TAKERS = frozenset({c.CreateIncident, c.AddRemark})


def _actor(command: c.Command) -> Actor:
    return CALLTAKER if type(command) in _CALL_TAKERS else DISPATCHER


async def drive_console(
    engine: Engine, index: int, total: int, consoles: int, latencies: list[float]
) -> None:
    units = (f"B{2 * index}", f"B{2 * index + 1}")
    done, n = 0, index
    share = total // consoles
    while done < share:
        incident = ""
        for make in lifecycle(n, units):
            command = make(incident)
            start = time.perf_counter()
            # a console's idempotency key: 128 random bits, as a UUID4 carries (without the
            # UUID object, which costs the load generator more than the key)
            key = secrets.token_hex(16)
            result = await engine.submit(Envelope(key, command, _actor(command)))
            latencies.append(time.perf_counter() - start)
            if not result.accepted:
                raise RuntimeError(f"bench command refused: {result.rejection}")
            incident = incident or (result.events[0].event.incident_id or "")
            done += 1
        n += consoles


async def setup_consoles(engine: Engine, consoles: int) -> None:
    """The bench agency and two units per console (refused as duplicates when they exist)."""
    cmds: list[c.Command] = [c.RegisterAgency(agency="BENCH", name="Bench agency", kind="police")]
    cmds += [
        c.RegisterUnit(unit=f"B{k}", agency="BENCH", unit_type="patrol")
        for k in range(2 * consoles)
    ]
    for cmd in cmds:
        await engine.submit(Envelope(uuid.uuid4().hex, cmd, SYSTEM))


async def _drive(url: str, commands: int, consoles: int) -> tuple[float, list[float], float, float]:
    reader = open_journal(url)
    engine = Engine(
        open_journal(url),
        checkpoint_every=10**9,
        snapshot_every=10**9,
        reader=reader,
        closed_window_s=DEFAULT_CLOSED_WINDOW_S,  # as a server runs it (its default window)
    )
    await engine.start()
    try:
        await setup_consoles(engine, consoles)
        before = (engine.stats.batches, engine.stats.events, engine.stats.payload_bytes)
        latencies: list[float] = []
        start = time.perf_counter()
        await asyncio.gather(
            *(drive_console(engine, i, commands, consoles, latencies) for i in range(consoles))
        )
        elapsed = time.perf_counter() - start
        batches = engine.stats.batches - before[0]
        events = engine.stats.events - before[1]
        payload = (engine.stats.payload_bytes - before[2]) / max(events, 1)
        return len(latencies) / elapsed, latencies, events / max(batches, 1), payload
    finally:
        await engine.stop()
        engine.journal.close()
        reader.close()


def _event_loop_run(main: Coroutine[Any, Any, _R]) -> _R:
    """Run on uvloop, the event loop ``tenfour serve`` runs the engine on (asyncio's own where
    uvloop is not installed)."""
    try:
        import uvloop  # optional: not on every platform
    except ImportError:
        return asyncio.run(main)
    return uvloop.run(main)


@contextmanager
def scratch_database(url: str | None) -> Iterator[tuple[str, str]]:
    """A fresh database for the run: a temporary SQLite file, or a new PostgreSQL schema."""
    if url is None or not url.startswith(("postgresql://", "postgres://")):
        with tempfile.TemporaryDirectory(prefix="tenfour-bench-") as tmp:
            yield str(Path(url) if url else Path(tmp) / "bench.db"), "sqlite"
        return
    schema = f"tenfour_bench_{uuid.uuid4().hex[:8]}"
    admin = postgres.connect(url, "tenfour-bench")
    try:
        admin.execute(f'CREATE SCHEMA "{schema}"')
        sep = "&" if "?" in url else "?"
        yield f"{url}{sep}options=-csearch_path%3D{schema}", "postgresql"
    finally:
        admin.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        admin.close()


CONSOLES = {"sqlite": 4, "postgresql": 32}  # a county's small box; a state's many centres


def run_engine_bench(
    url: str | None = None, commands: int = 20_000, consoles: int | None = None
) -> BenchResult:
    """Drive the engine, then measure the raw append rate of the same storage.

    ``consoles`` defaults to the deployment each backend is for (``CONSOLES``). Each console
    sends its next command as soon as the last is acknowledged, so four already send several
    thousand commands a second, far above a real centre's busiest hour.
    """
    with scratch_database(url) as (db, backend):
        consoles = consoles or CONSOLES[backend]
        rate, latencies, mean_batch, payload = _event_loop_run(_drive(db, commands, consoles))
        raw = statistics.median(  # the storage's rate swings from run to run: take the middle
            raw_append_rate(
                db, rows=max(commands, 5_000), batch=max(round(mean_batch), 1),
                payload_bytes=int(payload),
            )
            for _ in range(RAW_REPEATS)
        )  # fmt: skip
    return BenchResult(
        backend=backend,
        commands=len(latencies),
        commands_per_s=round(rate, 1),
        raw_append_per_s=round(raw, 1),
        ratio=round(rate / raw, 3),
        **p50_p99_ms([seconds * 1000 for seconds in latencies]),
        mean_batch=round(mean_batch, 1),
        consoles=consoles,
    )
