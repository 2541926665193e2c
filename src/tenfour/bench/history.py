"""``tenfour bench history``: what a long history costs a restart, a follower and a command.

One journal grows through the points (10k, 100k, 1M closed incidents; ``--max`` caps them),
written straight into storage (``bench.history_journal``). At each point the writer leaves what a
server would have: a sealed snapshot ``TAIL`` incidents before the head and a signed checkpoint
at the head. Then two fresh processes measure:

- ``catchup_s``: a follower that loads the snapshot and applies the tail up to the head;
- ``startup_s``: opening the engine (snapshot, tail, writer lock) plus the start-up chain audit,
  ``rss_mb`` the resident memory of that process then, and ``p99_ms`` the latency of a short
  run of commands (incident life cycles from ``bench.engine``) on it.

``snapshot_bytes`` is the snapshot as stored (packed). The goal is figures flat in history,
growing only with the open work and the window.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import resource
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

from tenfour.bench.engine import drive_console, scratch_database, setup_consoles
from tenfour.bench.figures import percentile
from tenfour.bench.history_journal import OPEN_INCIDENTS, SPACING_S, HistoryWriter, organise
from tenfour.domain.retention import DEFAULT_CLOSED_WINDOW_S
from tenfour.engine.engine import Engine
from tenfour.engine.replay import replay
from tenfour.engine.upkeep import Upkeep
from tenfour.journal.store import open_journal
from tenfour.views.audit_view import ChainAuditor

POINTS = (10_000, 100_000, 1_000_000)
TAIL = 700  # incidents after the snapshot: about 5,000 events, a server's snapshot_every
COMMANDS = 400
CONSOLES = 4


@dataclass(frozen=True, slots=True)
class Point:
    """One line of ``tenfour bench history --json``."""

    closed_incidents: int
    rss_mb: float
    snapshot_bytes: int
    startup_s: float
    catchup_s: float
    p99_ms: float

    def as_dict(self) -> dict[str, Any]:
        """JSON keys as the issue names them."""
        return {k: getattr(self, k) for k in self.__slots__}


def points_for(max_incidents: int | None) -> list[int]:
    """The standard points up to ``max_incidents`` (which is a point itself if below them)."""
    if max_incidents is None:
        return list(POINTS)
    below = [n for n in POINTS if n < max_incidents]
    return [*below, max_incidents] if max_incidents <= POINTS[-1] else list(POINTS)


def run_history_bench(
    url: str | None = None,
    max_incidents: int | None = None,
    window_s: int = DEFAULT_CLOSED_WINDOW_S,
) -> dict[str, list[dict[str, Any]]]:
    """Grow one journal through the points and measure each (see the module's docstring)."""
    sizes = points_for(max_incidents)
    key = Ed25519PrivateKey.generate()
    secret = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    start = datetime.now(UTC) - timedelta(seconds=(sizes[-1] + 10) * SPACING_S, days=1)
    with scratch_database(url) as (db, _):
        organise(db, key, window_s)
        journal = open_journal(db)
        try:
            writer = HistoryWriter(journal, key, start)
            points = [_point(db, writer, secret, size, window_s) for size in sizes]
        finally:
            journal.close()
    return {"points": [p.as_dict() for p in points]}


def _point(db: str, writer: HistoryWriter, secret: bytes, size: int, window_s: int) -> Point:
    before_tail = max(size - TAIL, 0) - _closed(writer)
    writer.write(max(before_tail, 0))
    snapshot_bytes = writer.snapshot()
    writer.write(max(size - _closed(writer), 0))
    writer.checkpoint()
    catchup_s = _in_fresh_process(_follow, db)["catchup_s"]
    probe = _in_fresh_process(_open_and_command, db, secret, window_s)
    writer.catch_up()  # the probe's commands
    return Point(
        closed_incidents=size,
        rss_mb=probe["rss_mb"],
        snapshot_bytes=snapshot_bytes,
        startup_s=probe["startup_s"],
        catchup_s=catchup_s,
        p99_ms=probe["p99_ms"],
    )


def _closed(writer: HistoryWriter) -> int:
    """Closed incidents written so far (every incident but the set-up's open ones)."""
    return writer.state.counters.get("incident", 0) - OPEN_INCIDENTS


def _in_fresh_process(target: Any, *args: Any) -> dict[str, float]:
    """Run ``target(queue, *args)`` in a new interpreter (its memory is its own) and return
    what it put on the queue."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=target, args=(queue, *args))
    process.start()
    found: dict[str, float] = queue.get(timeout=3600)
    process.join()
    return found


def _follow(queue: Any, db: str) -> None:
    """A follower: the newest trusted snapshot, then the tail applied up to the head."""
    journal = open_journal(db)
    try:
        began = time.perf_counter()
        upkeep = Upkeep(journal, lambda: datetime.now(UTC))
        state, start = upkeep.restore()
        replay(state, journal.read(after_seq=start))
        queue.put({"catchup_s": round(time.perf_counter() - began, 3)})
    finally:
        journal.close()


def resident_mb() -> float:
    """This process's resident memory now (Linux), else its peak."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _open_and_command(queue: Any, db: str, secret: bytes, window_s: int) -> None:
    queue.put(asyncio.run(_measure(db, secret, window_s)))


async def _measure(db: str, secret: bytes, window_s: int) -> dict[str, float]:
    key = Ed25519PrivateKey.from_private_bytes(secret)
    engine = Engine(open_journal(db), signing_key=key, closed_window_s=window_s)
    reader = open_journal(db)
    try:
        began = time.perf_counter()
        engine.open()
        ChainAuditor(key.public_key()).catch_up(reader)
        startup_s = time.perf_counter() - began
        rss_mb = resident_mb()
        await engine.start()
        await setup_consoles(engine, CONSOLES)
        latencies: list[float] = []
        await asyncio.gather(
            *(drive_console(engine, i, COMMANDS, CONSOLES, latencies) for i in range(CONSOLES))
        )
    finally:
        await engine.stop()
        engine.journal.close()
        reader.close()
    return {
        "startup_s": round(startup_s, 3),
        "rss_mb": round(rss_mb, 1),
        "p99_ms": round(percentile([x * 1000 for x in latencies], 99), 2),
    }
