"""``tenfour bench radio``: one busy channel transcribed beside the engine, and what it costs the
engine's commands.

The traffic is an hour's shape scaled down: for ``minutes`` of wall time, synthetic calls
(espeak-ng through a radio channel, AAC in M4A as trunk-recorder writes them) arrive through the
ingest as each one ends, with the channel keyed up ``duty`` of the time (40 %: a busy dispatch
channel). The transcription worker hears them as it would in ``serve``. Meanwhile paced consoles
send dispatch commands and each acknowledgment is timed. Phases with and without radio alternate
(``rounds`` of each, interleaved, so a box whose load drifts weighs on both alike).

Reported: real-time factor (processing seconds per second of audio), the backlog (seconds of
audio waiting) at its largest and when the traffic ends, how long the rest took to drain, whether
the channel is kept up with, and command latency p50/p99 with and without transcription.
"""

from __future__ import annotations

import asyncio
import random
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from tenfour.bench.engine import _actor, _event_loop_run, lifecycle, setup_consoles
from tenfour.bench.figures import p50_p99_ms
from tenfour.domain import commands as c
from tenfour.domain.actors import SYSTEM
from tenfour.engine.engine import Engine
from tenfour.engine.envelope import Envelope
from tenfour.journal.store import open_journal
from tenfour.radio.ingest import Call, RadioIngest
from tenfour.radio.store import AudioStore
from tenfour.radio.transcribe import Transcriber, choose_model
from tenfour.radio.worker import TranscriptionWorker
from tenfour.sim import radio_synth

TALKGROUP = 1001
RECORDER = "bench"
LINES = (
    "Bravo 3, copy, clear of the call, available",
    "Dispatch, Bravo 1, en route to Bench street 4, ETA 4 minutes",
    "Bravo 2 on scene, one patient, conscious and breathing",
    "All units, be advised, the suspect vehicle is a dark blue sedan heading north",
    "Dispatch copies, Bravo 1, en route, time 14 32",
    "Bravo 2, requesting a supervisor to the scene",
    "Bravo 4, traffic stop at Mannerheimintie and Kaivokatu, 2 occupants",
    "Dispatch, Bravo 3 responding from the station, lights and siren",
)
SAMPLE_S = 0.25  # how often the backlog is sampled


@dataclass(frozen=True, slots=True)
class RadioBenchOptions:
    """What to drive: the traffic's span and shape, the model, the command load."""

    minutes: float = 3.0  # wall time of radio traffic (the "with" phases together)
    duty: float = 0.4  # the share of time the channel is keyed up
    rounds: int = 2  # with/without phases, interleaved
    consoles: int = 4
    commands_per_s: float = 40.0  # the whole console load, paced
    cpu_threads: int = 1
    model: Path | None = None
    seed: int = 17
    phrases: int = len(LINES)  # distinct calls rendered for the traffic


@dataclass(frozen=True, slots=True)
class RadioBenchResult:
    """What ``tenfour bench radio --json`` prints."""

    model: str
    cpu_threads: int
    minutes: float
    duty: float
    transmissions: int
    audio_s: float
    realtime_factor: float
    max_backlog_s: float
    final_backlog_s: float
    drain_s: float
    keeps_up: bool
    commands_per_s: float
    p50_ms_without: float
    p99_ms_without: float
    p50_ms_with: float
    p99_ms_with: float
    commands_without: int
    commands_with: int

    def as_dict(self) -> dict[str, Any]:
        """JSON keys as the issue names them."""
        return {k: getattr(self, k) for k in self.__slots__}


@dataclass
class _Phase:
    latencies: list[float]
    arrivals: int = 0
    max_backlog_s: float = 0.0
    final_backlog_s: float = 0.0
    drain_s: float = 0.0


def render_pool(lines: tuple[str, ...] = LINES) -> list[tuple[bytes, float]]:
    """Each line as M4A bytes (what the recorder uploads) and its length in seconds."""
    return [radio_synth.radio_call_m4a(line, seed=n) for n, line in enumerate(lines)]


async def _console(
    engine: Engine, index: int, interval_s: float, stop: asyncio.Event, sink: list[list[float]]
) -> None:
    """Paced: one command every ``interval_s``, incident life cycles back to back."""
    units, n = (f"B{2 * index}", f"B{2 * index + 1}"), index
    while not stop.is_set():
        incident = ""
        for make in lifecycle(n, units):
            if stop.is_set():
                return  # mid life cycle: its units stay committed, the next phase takes others
            command = make(incident)
            began = time.perf_counter()
            result = await engine.submit(Envelope(uuid.uuid4().hex, command, _actor(command)))
            sink[0].append(time.perf_counter() - began)
            if not result.accepted:
                raise RuntimeError(f"bench command refused: {result.rejection}")
            incident = incident or (result.events[0].event.incident_id or "")
            await asyncio.sleep(interval_s)
        n += 1000


async def _traffic(
    ingest: RadioIngest,
    pool: list[tuple[bytes, float]],
    seconds: float,
    duty: float,
    rng: random.Random,
) -> int:
    """Calls arriving as each ends, keyed up ``duty`` of ``seconds``; how many arrived."""
    ends_at, arrived = time.perf_counter() + seconds, 0
    while True:
        audio, length = pool[rng.randrange(len(pool))]
        gap = length * (1 - duty) / duty * rng.uniform(0.5, 1.5)
        if time.perf_counter() + length > ends_at:
            return arrived
        await asyncio.sleep(length)  # the call is on the air; the recorder sends it at its end
        started = datetime.now(UTC) - timedelta(seconds=length)
        radio = 4500 + rng.randrange(4)
        call = Call("bench", TALKGROUP, started, audio, "call.m4a", sources=((radio, 0.0),))
        await ingest.take(RECORDER, call)
        arrived += 1
        await asyncio.sleep(min(gap, max(0.0, ends_at - time.perf_counter())))


async def _sample(worker: TranscriptionWorker, phase: _Phase, stop: asyncio.Event) -> None:
    while not stop.is_set():
        phase.max_backlog_s = max(phase.max_backlog_s, worker.backlog_s)
        await asyncio.sleep(SAMPLE_S)


async def _phase(
    engine: Engine,
    seconds: float,
    consoles: range,  # each phase its own consoles' units: one stopped mid life cycle
    interval_s: float,
    radio: tuple[RadioIngest, TranscriptionWorker, list[tuple[bytes, float]], float] | None,
    rng: random.Random,
) -> _Phase:
    phase, stop = _Phase([]), asyncio.Event()
    sink = [phase.latencies]
    load = [asyncio.create_task(_console(engine, i, interval_s, stop, sink)) for i in consoles]
    if radio is None:
        await asyncio.sleep(seconds)
    else:
        ingest, worker, pool, duty = radio
        sampler = asyncio.create_task(_sample(worker, phase, stop))
        phase.arrivals = await _traffic(ingest, pool, seconds, duty, rng)
        phase.final_backlog_s = worker.backlog_s
        began = time.perf_counter()
        await worker.drained()  # the consoles keep sending while the rest is heard
        phase.drain_s = time.perf_counter() - began
        phase.max_backlog_s = max(phase.max_backlog_s, phase.final_backlog_s)
        sampler.cancel()
    stop.set()
    await asyncio.gather(*load)
    return phase


async def _configure(engine: Engine, consoles: int) -> None:
    await setup_consoles(engine, consoles)
    entries = [
        c.SetCentreEntry(
            section="radio_channel",
            key="bench-dispatch",
            value={"agency": "BENCH", "talkgroup": TALKGROUP, "dispatch": True},
        )
    ]
    entries += [c.SetCentreEntry(section="radio_id", key=str(4500 + k), value={"unit": f"B{k}"})
                for k in range(min(4, 2 * consoles))]  # fmt: skip
    # the recorder the calls come from, as a centre configures one (its key is never used here)
    entries.append(
        c.SetCentreEntry(section="recorder", key=RECORDER, value={"key_sha256": "0" * 64})
    )
    for entry in entries:
        await engine.submit(Envelope(uuid.uuid4().hex, entry, SYSTEM))


async def _drive(options: RadioBenchOptions, root: Path) -> RadioBenchResult:
    spec = choose_model(options.model)  # a wrong --model is said before anything is rendered
    pool = await asyncio.to_thread(render_pool, LINES[: max(1, options.phrases)])
    reader = open_journal(str(root / "bench.db"))
    engine = Engine(open_journal(str(root / "bench.db")), checkpoint_every=10**9,
                    snapshot_every=10**9, reader=reader)  # fmt: skip
    await engine.start()
    transcriber = Transcriber(spec, cpu_threads=options.cpu_threads)
    await asyncio.to_thread(transcriber.load)  # not counted: a server loads it once
    store = AudioStore(root / "audio")
    ingest = RadioIngest(store, engine.submit, lambda: engine.state)
    worker = TranscriptionWorker(engine, store, transcriber)
    rng = random.Random(options.seed)
    try:
        await _configure(engine, options.consoles * 2 * options.rounds)
        interval = options.consoles / options.commands_per_s
        span = options.minutes * 60 / options.rounds
        without: list[_Phase] = []
        with_radio: list[_Phase] = []
        radio = (ingest, worker, pool, options.duty)
        size = options.consoles
        for n in range(options.rounds):
            plain, busy = (
                range(2 * n * size, (2 * n + 1) * size),
                range((2 * n + 1) * size, (2 * n + 2) * size),
            )
            without.append(await _phase(engine, span, plain, interval, None, rng))
            worker.start()
            with_radio.append(await _phase(engine, span, busy, interval, radio, rng))
            await worker.stop()  # drained: nothing of it runs in the next phase without radio
        longest = max(length for _, length in pool)
        return _result(options, transcriber, worker, (without, with_radio), longest)
    finally:
        await worker.stop()
        await engine.stop()
        engine.journal.close()
        reader.close()


def _result(
    options: RadioBenchOptions,
    transcriber: Transcriber,
    worker: TranscriptionWorker,
    phases: tuple[list[_Phase], list[_Phase]],
    longest: float,
) -> RadioBenchResult:
    without, with_radio = phases
    stats = worker.stats
    plain = [s * 1000 for p in without for s in p.latencies]
    loaded = [s * 1000 for p in with_radio for s in p.latencies]
    rtf = stats.busy_s / stats.audio_s if stats.audio_s else 0.0
    final = max(p.final_backlog_s for p in with_radio)
    quiet, busy = p50_p99_ms(plain), p50_p99_ms(loaded)
    return RadioBenchResult(
        model=transcriber.spec.name,
        cpu_threads=options.cpu_threads,
        minutes=options.minutes,
        duty=options.duty,
        transmissions=sum(p.arrivals for p in with_radio),
        audio_s=round(stats.audio_s, 1),
        realtime_factor=round(rtf, 3),
        max_backlog_s=round(max(p.max_backlog_s for p in with_radio), 1),
        final_backlog_s=round(final, 1),
        drain_s=round(max(p.drain_s for p in with_radio), 1),
        keeps_up=rtf * options.duty < 1 and final <= 2 * longest,
        commands_per_s=options.commands_per_s,
        p50_ms_without=quiet["p50_ms"],
        p99_ms_without=quiet["p99_ms"],
        p50_ms_with=busy["p50_ms"],
        p99_ms_with=busy["p99_ms"],
        commands_without=len(plain),
        commands_with=len(loaded),
    )


def run_radio_bench(options: RadioBenchOptions) -> RadioBenchResult:
    """Drive the channel and the consoles on a scratch SQLite database and audio store."""
    with tempfile.TemporaryDirectory(prefix="tenfour-bench-radio-") as tmp:
        return _event_loop_run(_drive(options, Path(tmp)))
