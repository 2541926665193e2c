"""The simulator as a load generator against any tenfour server over HTTP.

Calls arrive as a Poisson process at a flat ``rate`` per real second; units drive at ``speed``
times real time. The report counts commands by outcome and measures their latency.
"""

from __future__ import annotations

import json
import statistics
import time
from dataclasses import asdict, dataclass

import httpx

from tenfour.geo.city import City, load_city
from tenfour.geo.eta_ranking import load_run_cards
from tenfour.sim.calls import load_call_addresses
from tenfour.sim.clock import RealClock
from tenfour.sim.curve import FLAT
from tenfour.sim.http_port import HttpPort
from tenfour.sim.simulator import SimConfig, Simulator


@dataclass(frozen=True)
class LoadReport:
    """What a load run did."""

    seconds: float
    calls: int
    incidents: int
    dispatches: int
    closed: int
    commands: int
    refused: int
    failed: int
    commands_per_s: float
    p50_ms: float
    p99_ms: float

    def text(self) -> str:
        """A short human summary."""
        return (
            f"{self.seconds:.1f} s: {self.calls} calls, {self.incidents} incidents, "
            f"{self.dispatches} dispatches, {self.closed} closed; {self.commands} commands "
            f"({self.commands_per_s:.1f}/s), {self.refused} refused, {self.failed} failed; "
            f"latency p50 {self.p50_ms:.1f} ms, p99 {self.p99_ms:.1f} ms"
        )

    def json(self) -> str:
        """The report as JSON."""
        return json.dumps(asdict(self), indent=2)


def _percentile(samples: list[float], q: float) -> float:
    if not samples:
        return 0.0
    if len(samples) == 1:
        return samples[0]
    return statistics.quantiles(samples, n=100, method="inclusive")[int(q) - 1]


def load_simulator(port: HttpPort, city: City, rate: float, speed: float, seed: int) -> Simulator:
    """A simulator with a flat call rate of ``rate`` per real second, in the user's agency."""
    book = load_run_cards()
    config = SimConfig(seed=seed, calls_per_hour=rate * 3600.0 / speed, weights=FLAT, agencies=None)
    return Simulator(
        port,
        city.network,
        load_call_addresses(city.directory),
        [(h.lat, h.lon) for h in city.hospitals if h.kind == "hospital"],
        RealClock(speed),
        config,
        {kind: book.discipline_of(kind) or "police" for kind in book.unit_disciplines},
    )


async def run_load(
    url: str,
    user: str,
    password: str,
    *,
    rate: float,
    duration_s: float,
    speed: float = 1.0,
    seed: int = 1,
    client: httpx.AsyncClient | None = None,
) -> LoadReport:
    """Drive the server at ``url`` for ``duration_s`` real seconds."""
    own = client is None
    http = client or httpx.AsyncClient(base_url=url, timeout=30.0)
    try:
        port = HttpPort(http, user, password)
        await port.login()
        sim = load_simulator(port, load_city(), rate, speed, seed)
        started = time.monotonic()
        stats = await sim.run(duration_s * speed)
        elapsed = time.monotonic() - started
    finally:
        if own:
            await http.aclose()
    s = port.stats
    return LoadReport(
        seconds=round(elapsed, 3),
        calls=stats.calls,
        incidents=stats.incidents,
        dispatches=stats.dispatches,
        closed=stats.closed,
        commands=s.total,
        refused=sum(s.refused.values()),
        failed=s.failed,
        commands_per_s=round(s.total / elapsed, 2) if elapsed > 0 else 0.0,
        p50_ms=round(_percentile(port.latencies_ms, 50), 2),
        p99_ms=round(_percentile(port.latencies_ms, 99), 2),
    )
