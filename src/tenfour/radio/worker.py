"""The transcription worker beside the engine: committed transmissions in, transcripts out.

Fed by the engine's durable batches (``on_batch``, called on the event loop: it only queues),
a bounded queue of transmissions waits for ``workers`` consumer tasks. Each one decodes the
stored audio and runs the model in a thread (CTranslate2 frees the GIL), so neither the event
loop nor the single writer waits on speech recognition; then it submits ``AddTranscript`` and
any ``ProposeRadioPhrase`` through the engine as ``svc:transcriber``, like any other client.
Proposals are only proposals: a dispatcher confirms or dismisses them.

A call with several talkers (trunk-recorder's ``srcList``) is heard turn by turn, and each turn
is read for phrases in the context of the unit whose radio keyed up for it.

Command ids are derived from the transmission (``tx:<id>:<model>``, ``rp:<id>:<turn>:<kind>``),
so a transcript recorded just before a crash is not recorded twice. At start, and whenever the
queue has overflowed and drained, transmissions in the state without a transcript are queued
again.
A recording that will not decode is logged and skipped: nothing is recorded for it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from tenfour.domain import commands as c
from tenfour.domain.actors import TRANSCRIBER
from tenfour.domain.events import TransmissionRecorded
from tenfour.domain.radio import Transmission
from tenfour.domain.radio_phrases import Moment, Spotted, moment_at, spot
from tenfour.domain.timefmt import plus
from tenfour.engine.envelope import (
    CommandResult,
    Committed,
    DuplicateCommandConflict,
    EngineUnavailable,
    Envelope,
)
from tenfour.radio.decode import DecodeError, to_pcm16k
from tenfour.radio.store import AudioStore
from tenfour.radio.transcribe import Transcriber, Transcript

if TYPE_CHECKING:
    from tenfour.engine.engine import Engine

log = logging.getLogger(__name__)
QUEUE_CAPACITY = 2000
Decoder = Callable[[Path], NDArray[np.float32]]


@dataclass(frozen=True, slots=True)
class Job:
    """One transmission waiting to be heard: its audio, and where each talker keyed up."""

    transmission: str
    audio_sha256: str
    duration_s: float
    turns: tuple[float, ...] = (0.0,)


def job_of(transmission: str, sha256: str, duration_s: float, sources: Sequence[Any]) -> Job:
    """The job for a transmission with ``sources`` (``{"radio", "offset_s", ...}``)."""
    turns = tuple(float(s.get("offset_s", 0.0)) for s in sources) or (0.0,)
    return Job(transmission, sha256, duration_s, turns)


@dataclass
class WorkerStats:
    """What the worker has done since it started (for ``/metrics`` and the bench)."""

    transcribed: int = 0
    failed: int = 0
    dropped: int = 0  # queue full: taken up again once it drains
    proposals: int = 0
    audio_s: float = 0.0
    busy_s: float = 0.0  # decoding and model time
    max_backlog_s: float = 0.0


class TranscriptionWorker:
    """A bounded queue and its consumers; started and stopped by the runtime."""

    def __init__(
        self,
        engine: Engine,
        store: AudioStore,
        transcriber: Transcriber,
        *,
        workers: int = 1,
        capacity: int = QUEUE_CAPACITY,
        decode: Decoder = to_pcm16k,
    ) -> None:
        self.engine = engine
        self.store = store
        self.transcriber = transcriber
        self.workers = workers
        self.decode = decode
        self.stats = WorkerStats()
        self._queue: asyncio.Queue[Job] = asyncio.Queue(maxsize=capacity)
        self._queued: set[str] = set()
        self._given_up: set[str] = set()  # would not decode: not taken up again by this process
        self._overflowed = False
        self._waiting_s = 0.0
        self._tasks: list[asyncio.Task[None]] = []
        self._unsubscribe: Callable[[], None] | None = None
        self._idle = asyncio.Event()
        self._idle.set()

    @property
    def backlog(self) -> int:
        """Transmissions queued or being transcribed."""
        return len(self._queued)

    @property
    def backlog_s(self) -> float:
        """Seconds of audio queued or being transcribed."""
        return max(0.0, self._waiting_s)

    @property
    def transcribed(self) -> int:
        """Transmissions transcribed since start."""
        return self.stats.transcribed

    @property
    def failed(self) -> int:
        """Transmissions whose audio could not be heard since start."""
        return self.stats.failed

    @property
    def running(self) -> bool:
        """Whether consumers are running."""
        return bool(self._tasks)

    def start(self) -> None:
        """Subscribe, take up what the state has not heard, start the consumers (on the event
        loop; the model loads in the first consumer's thread, so a start is not held up)."""
        if self._tasks:
            return
        self._unsubscribe = self.engine.subscribe(self.on_batch)
        self.requeue()
        self._tasks = [
            asyncio.create_task(self._consume(), name=f"transcriber-{n}")
            for n in range(self.workers)
        ]

    async def stop(self) -> None:
        """Stop taking work; a transcription under way finishes in its thread, unrecorded."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        tasks, self._tasks = self._tasks, []
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        while not self._queue.empty():
            self._queue.get_nowait()
        self._queued.clear()
        self._waiting_s = 0.0
        self._idle.set()

    async def drained(self, timeout: float | None = None) -> None:
        """Wait until nothing is queued or under way (tests, the bench)."""
        await asyncio.wait_for(self._idle.wait(), timeout)

    def on_batch(self, batch: Sequence[Committed]) -> None:
        """The engine's subscriber: queue each transmission just recorded (never blocks)."""
        for committed in batch:
            event = committed.event
            if isinstance(event, TransmissionRecorded):
                self._offer(
                    job_of(event.transmission, event.audio_sha256, event.duration_s, event.sources)
                )

    def requeue(self) -> int:
        """Queue every transmission in the state that has no transcript yet; how many."""
        before = self.backlog
        self._overflowed = False
        for found in list(self.engine.state.radio.transmissions.values()):
            if not found.transcripts and found.id not in self._given_up:
                self._offer(job_of(found.id, found.audio_sha256, found.duration_s, found.sources))
        return self.backlog - before

    def _offer(self, job: Job) -> None:
        if job.transmission in self._queued:
            return
        try:
            self._queue.put_nowait(job)
        except asyncio.QueueFull:
            self.stats.dropped += 1
            self._overflowed = True
            return
        self._queued.add(job.transmission)
        self._waiting_s += job.duration_s
        self.stats.max_backlog_s = max(self.stats.max_backlog_s, self._waiting_s)
        self._idle.clear()

    async def _consume(self) -> None:
        while True:
            job = await self._queue.get()
            try:
                await self._hear(job)
            except asyncio.CancelledError:
                raise
            except Exception:  # one transmission fails alone; the worker goes on
                self.stats.failed += 1
                self._given_up.add(job.transmission)
                log.exception("transcribing transmission %s failed", job.transmission)
            finally:
                self._done(job)

    def _done(self, job: Job) -> None:
        self._queued.discard(job.transmission)
        self._waiting_s -= job.duration_s
        if not self._queued:
            self._waiting_s = 0.0
            if self._overflowed and self.requeue():
                return
            self._idle.set()

    async def _hear(self, job: Job) -> None:
        began = time.perf_counter()
        transcript = await asyncio.to_thread(self._transcribe, job)
        self.stats.busy_s += time.perf_counter() - began
        if transcript is None:
            self.stats.failed += 1
            self._given_up.add(job.transmission)
            return
        await self._record(job, transcript)
        self.stats.transcribed += 1
        self.stats.audio_s += transcript.audio_s

    def _transcribe(self, job: Job) -> Transcript | None:
        """Decode and transcribe (in a worker thread); None for audio that cannot be heard."""
        try:
            audio = self.decode(self.store.path(job.audio_sha256))
        except (DecodeError, OSError, ValueError) as err:
            log.warning("transmission %s: audio not transcribed: %s", job.transmission, err)
            return None
        return self.transcriber.transcribe(audio, job.turns)

    async def _record(self, job: Job, transcript: Transcript) -> None:
        found = self.engine.state.radio.transmissions.get(job.transmission)
        if found is None:  # left the live state meanwhile
            return
        await self._submit(f"tx:{job.transmission}:{transcript.model}", _add(found, transcript))
        for turn, text in enumerate(transcript.turns or (transcript.text,)):
            for spotted in spot(text, _moment(self.engine, found, turn)):
                proposal = f"rp:{job.transmission}:{turn}:{spotted.kind.value}"
                if await self._submit(proposal, _propose(proposal, found, spotted)):
                    self.stats.proposals += 1

    async def _submit(self, command_id: str, command: c.Command) -> bool:
        """Submit as the transcriber; whether it was newly recorded."""
        try:
            result: CommandResult = await self.engine.submit(
                Envelope(command_id, command, TRANSCRIBER)
            )
        except DuplicateCommandConflict:
            return False  # recorded before a restart, with other words: the first stands
        except EngineUnavailable as err:
            log.warning("transcriber: %s not recorded: %s", command_id, err)
            return False
        if result.rejection is not None:
            log.warning("transcriber: %s refused: %s", command_id, result.rejection)
        return result.accepted and not result.duplicate


def _moment(engine: Engine, found: Transmission, turn: int) -> Moment:
    """The context of one talker's turn: the unit of the radio that keyed up for it."""
    source = found.sources[turn] if turn < len(found.sources) else {}
    unit = source.get("unit")
    at = plus(found.started_at, seconds=float(source.get("offset_s", 0.0)))
    return moment_at(
        engine.state, unit=unit if isinstance(unit, str) else None, incidents=found.incidents, at=at
    )


def _add(found: Transmission, transcript: Transcript) -> c.AddTranscript:
    return c.AddTranscript(
        transmission=found.id,
        model=transcript.model,
        model_version=transcript.model_version,
        engine=transcript.engine,
        language=transcript.language,
        text=transcript.text,
        segments=tuple(s.as_record() for s in transcript.segments),
    )


def _propose(proposal: str, found: Transmission, spotted: Spotted) -> c.ProposeRadioPhrase:
    return c.ProposeRadioPhrase(
        proposal=proposal,
        transmission=found.id,
        kind=spotted.kind.value,
        phrase=spotted.phrase,
        unit=spotted.unit,
        incident=spotted.incident,
        directive=spotted.directive,
    )
