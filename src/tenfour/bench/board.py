"""``tenfour bench board``: the dispatcher's board at N open incidents with C consoles refreshing.

A fresh SQLite database is seeded in-process with ``open_n`` open incidents (four priorities,
police and fire types, two agencies: MPD's dispatchers also dispatch MFD; a few hundred units,
some dispatched and en route), then ``tenfour serve`` runs in a subprocess and three phases
are measured:

1. **alone** - ``concurrency`` clients send commands back to back: one in ten reclassifies an
   open incident (a board change), the rest add remarks. Commands/s and server CPU per command.
2. **flat out** - the same while ``consoles`` consoles each refresh their board every
   ``interval_s`` the way ``dispatch.js`` does: the pending and the active window in one
   request (``/board/windows``: the changes since the seq they hold, ``If-None-Match`` its
   ETag); the unit board only at the first render (the console asks for it again when the
   stream brings a unit's change, and these commands change none): ``commands_per_s``
   (against ``commands_per_s_alone``) and the refreshes' ``saturated_*`` times (queued
   behind a server that is busy with commands).
3. **steady** - the consoles again while ``offered`` commands per second arrive (a disaster
   night's pace): ``p50_ms``/``p99_ms`` of a refresh (from its start to its last byte),
   ``bytes_per_refresh``, and ``server_cpu_ms_per_refresh``: the server's CPU in this phase less
   what the commands cost in phase 1 (per command), per refresh.
4. **first render** - each console's full load (both windows and the units, no validators),
   one at a time: ``full_*`` figures, as at a console's start or after a reload answer.

``legacy=True`` refreshes the way the console did before the board queries (``/queue``,
``/incidents`` and ``/units``, each whole, on every refresh): the before figures.
Client and server share the machine's cores, so the figures are a floor for the server alone.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from argon2 import PasswordHasher

from tenfour.bench.http import PASSWORD, Connection
from tenfour.domain import commands as c
from tenfour.domain.actors import SYSTEM
from tenfour.engine.envelope import Envelope
from tenfour.runtime import Runtime, build_runtime
from tenfour.settings import Settings

TYPES = ("structure_fire", "medical", "fight", "disturbance", "traffic_collision", "theft")
UNITS = 300
WINDOW = 100  # rows a console asks for per panel (what it shows plus a margin)
SEED_CHUNK = 500
PENDING = "status=pending"
ACTIVE = "status=dispatched&status=enroute&status=onscene&status=cleared"


@dataclass(frozen=True)
class BoardBenchResult:
    """What ``tenfour bench board --json`` prints."""

    p50_ms: float
    p99_ms: float
    server_cpu_ms_per_refresh: float
    bytes_per_refresh: float
    commands_per_s: float  # flat out with the consoles refreshing
    commands_per_s_alone: float  # the same flow without them
    refreshes: int
    saturated_p50_ms: float  # refreshes while the commands run flat out (queued behind them)
    saturated_p99_ms: float
    full_p50_ms: float
    full_p99_ms: float
    full_bytes: float
    full_server_cpu_ms: float
    open_incidents: int
    consoles: int
    interval_s: float
    offered_per_s: float
    legacy: bool
    errors: int
    duration_s: float
    cpus: int
    load_avg_1m: float

    def as_dict(self) -> dict[str, Any]:
        """Plain figures."""
        return asdict(self)


# --- the database ------------------------------------------------------------------------


def _incident(n: int) -> c.CreateIncident:
    return c.CreateIncident(
        type_code=TYPES[n % len(TYPES)],
        priority=1 + n % 4,
        address=f"Street {n}",
        lat=60.15 + (n % 97) * 0.001,
        lon=24.90 + (n % 89) * 0.001,
        agency="MFD" if TYPES[n % len(TYPES)] == "structure_fire" else "MPD",
    )


async def _submit_all(runtime: Runtime, commands: list[c.Command]) -> list[str]:
    """Submit in chunks (the engine commits each chunk in a few batches); incidents created."""
    created: list[str] = []
    for start in range(0, len(commands), SEED_CHUNK):
        chunk = commands[start : start + SEED_CHUNK]
        envelopes = [Envelope(str(uuid.uuid4()), command, SYSTEM) for command in chunk]
        for result in await asyncio.gather(*(runtime.engine.submit(e) for e in envelopes)):
            if result.rejection is not None:
                raise RuntimeError(f"seeding failed: {result.rejection.message}")
            created += [e.event.incident_id or "" for e in result.events[:1]]
    return created


async def _seed(runtime: Runtime, open_n: int) -> list[str]:
    await runtime.start()
    try:
        await _submit_all(
            runtime,
            [
                c.RegisterAgency(agency="MPD", name="Metro Police", kind="police"),
                c.RegisterAgency(
                    agency="MFD", name="Metro Fire", kind="fire", dispatch_centre="MPD"
                ),
                c.RegisterUser(user="disp", agency="MPD", roles=("dispatcher",)),
            ],
        )
        units = [f"U{n:03d}" for n in range(UNITS)]
        await _submit_all(
            runtime,
            [c.RegisterUnit(unit=u, agency="MPD", unit_type="patrol") for u in units],
        )
        incidents = await _submit_all(runtime, [_incident(n) for n in range(open_n)])
        busy = list(zip(units[: UNITS // 2], incidents, strict=False))
        await _submit_all(
            runtime, [c.DispatchUnit(incident=i, unit=u, reason="bench") for u, i in busy]
        )
        await _submit_all(runtime, [c.MarkEnRoute(unit=u) for u, _ in busy[::2]])
        await asyncio.to_thread(runtime.credentials.set_password, "disp", PASSWORD)
        return incidents
    finally:
        await runtime.stop()


def prepare(tmp: Path, open_n: int) -> tuple[Settings, list[str]]:
    """A fresh database with a dispatcher, units and ``open_n`` open incidents."""
    settings = Settings(
        db=str(tmp / "bench.db"), key_path=tmp / "key.pem", secret=uuid.uuid4().hex * 2
    )
    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)  # seeding only
    runtime = build_runtime(settings, quiet=True, hasher=cheap)
    return settings, asyncio.run(_seed(runtime, open_n))


# --- the clients --------------------------------------------------------------------------


@dataclass
class Answer:
    """One HTTP answer as the bench reads it."""

    status: int
    headers: dict[str, str]
    body: bytes
    size: int


async def fetch(conn: Connection, host: str, path: str, headers: dict[str, str]) -> Answer:
    """GET over a keep-alive connection."""
    extra = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    conn.writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n{extra}\r\n".encode())
    head = await conn.reader.readuntil(b"\r\n\r\n")
    fields = {}
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.decode("latin-1").partition(":")
        fields[name.strip().lower()] = value.strip()
    body = await conn.reader.readexactly(int(fields.get("content-length", "0")))
    return Answer(int(head[9:12]), fields, body, len(head) + len(body))


@dataclass
class Panel:
    """One request a console keeps current: its last ETag and, for board windows, the seq each
    window holds (None: load it whole)."""

    path: str
    windows: tuple[str, ...] = ()  # board windows asked in one request (``/board/windows``)
    first_only: bool = False  # asked at the first render, then only when the stream says so
    etag: str = ""
    seqs: list[int | None] = field(default_factory=list)
    asked: bool = False

    def due(self) -> bool:
        """Whether this refresh asks for it."""
        return not (self.first_only and self.asked)

    def request(self, legacy: bool) -> tuple[str, dict[str, str]]:
        """The path and validators of the next refresh."""
        self.asked = True
        if legacy:
            return self.path, {}
        headers = {"If-None-Match": self.etag} if self.etag else {}
        if not self.windows:
            return self.path, headers
        seqs = self.seqs or [None] * len(self.windows)
        pairs = zip(self.windows, seqs, strict=True)
        asks = [w if seq is None else f"{w}&since={seq}" for w, seq in pairs]
        return f"{self.path}?{urlencode([('w', a) for a in asks])}", headers

    def took(self, answer: Answer) -> None:
        """Remember what the answer says (a reload answer: that window is loaded whole next)."""
        if answer.status == 304:
            return
        self.etag = answer.headers.get("etag", "")
        if self.windows:
            pages = json.loads(answer.body)["windows"]
            self.seqs = [None if page.get("reload") else page["seq"] for page in pages]


def panels(legacy: bool) -> list[Panel]:
    """The console's refresh set: the pending and the active window in one request, and the
    unit board, which ``dispatch.js`` asks for again only when the stream brings a unit's
    change (none in this bench's command mix: remarks and reclassifications)."""
    if legacy:
        return [Panel(f"/api/v1/{name}") for name in ("queue", "incidents", "units")]
    windows = (f"{PENDING}&limit={WINDOW}", f"{ACTIVE}&limit={WINDOW}")
    return [Panel("/api/v1/board/windows", windows), Panel("/api/v1/units", first_only=True)]


@dataclass
class Console:
    """A dispatcher's screen: one connection per panel, refreshed together."""

    host: str
    port: int
    token: str
    legacy: bool
    panels: list[Panel] = field(default_factory=list)
    conns: list[Connection] = field(default_factory=list)

    async def open(self) -> None:
        """Connect and take the first (full) load."""
        self.panels = panels(self.legacy)
        self.conns = [await Connection.open(self.host, self.port) for _ in self.panels]

    async def refresh(self) -> tuple[float, int, bool]:
        """One refresh of every panel due, at once: (ms, bytes, all answered well)."""
        start = time.perf_counter()
        due = [(n, p) for n, p in enumerate(self.panels) if p.due()]
        answers = await asyncio.gather(*(self._one(p, n) for n, p in due))
        ms = (time.perf_counter() - start) * 1000
        return ms, sum(a.size for a in answers), all(a.status in (200, 304) for a in answers)

    async def _one(self, panel: Panel, n: int) -> Answer:
        path, headers = panel.request(self.legacy)
        headers["Authorization"] = f"Bearer {self.token}"
        try:
            answer = await fetch(self.conns[n], self.host, path, headers)
        except (OSError, asyncio.IncompleteReadError):  # idle past the server's keep-alive
            self.conns[n].close()
            self.conns[n] = await Connection.open(self.host, self.port)
            answer = await fetch(self.conns[n], self.host, path, headers)  # a GET: safe again
        panel.took(answer)
        return answer

    def forget(self) -> None:
        """Drop what the console holds: the next refresh is a first render."""
        self.panels = panels(self.legacy)

    def close(self) -> None:
        """Close the connections."""
        for conn in self.conns:
            conn.close()
