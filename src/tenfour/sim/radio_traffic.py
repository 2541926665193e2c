"""The demo city's radio: each simulated unit keys up on its agency's dispatch channel.

When a unit goes en route or arrives on scene, its crew says so on the radio: a short synthetic
transmission (``radio_synth``) from the unit's radio id, taken in through the same ingest a
recorder's upload goes through, so the demo's incidents carry radio on their timelines and the
transcriber has traffic to hear. The centre's configuration gets a dispatch channel per agency
and a radio id per unit (once, as the demo's setup). A handful of phrases are rendered once in a
background thread at start, so start-up is not slowed; until they are ready, or on a machine
without espeak-ng or ffmpeg, the city is simply quiet.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import secrets
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from tenfour.domain import commands as c
from tenfour.domain.actors import Actor
from tenfour.domain.events import UnitStatusChanged
from tenfour.domain.radio import CHANNELS, RADIO_IDS, RECORDERS
from tenfour.domain.timefmt import parse
from tenfour.engine.envelope import Committed, Envelope
from tenfour.radio.ingest import Call, IngestError, RadioIngest
from tenfour.radio.keys import key_sha256
from tenfour.sim import radio_synth

if TYPE_CHECKING:
    from tenfour.engine.engine import Engine

log = logging.getLogger(__name__)
RECORDER = "demo-recorder"
SYSTEM_NAME = "demo"
FIRST_TALKGROUP = 2001
FIRST_RADIO = 5001
QUEUE_MAX = 20  # a burst beyond this is not voiced (the demo's radio is a sample, not a log)
PHRASES: dict[str, tuple[str, ...]] = {
    "enroute": ("Dispatch, en route", "Copy, en route, E T A 4 minutes", "Responding"),
    "onscene": ("Dispatch, on scene", "Arrived on scene, will advise", "On scene"),
}
Pool = dict[str, list[tuple[bytes, float]]]


def radio_setup(engine: Engine) -> list[c.Command]:
    """A dispatch channel per agency and a radio id per unit, for those not yet configured."""
    state = engine.state
    channels = state.config.get(CHANNELS, {})
    radios = set(_radios(engine))
    out: list[c.Command] = []
    for n, agency in enumerate(sorted(state.agencies)):
        key = f"{agency.lower()}-dispatch"
        if key not in channels:
            value = {"agency": agency, "talkgroup": FIRST_TALKGROUP + n, "dispatch": True}
            out.append(c.SetCentreEntry(section=CHANNELS, key=key, value=value))
    for n, unit in enumerate(sorted(state.units)):
        if unit not in radios:
            out.append(
                c.SetCentreEntry(section=RADIO_IDS, key=str(FIRST_RADIO + n), value={"unit": unit})
            )
    if not state.config.get(RECORDERS):  # a recorder of its own; its key is never needed
        value = {"key_sha256": key_sha256(secrets.token_urlsafe(32)), "name": "demo radio"}
        out.append(c.SetCentreEntry(section=RECORDERS, key=RECORDER, value=value))
    return out


def recorder_of(engine: Engine) -> str:
    """The recorder the demo's traffic is sent as: the centre's first configured one."""
    return min(engine.state.config.get(RECORDERS, {}), default=RECORDER)


def render_pool(phrases: dict[str, tuple[str, ...]] = PHRASES) -> Pool:
    """Every phrase as M4A bytes and its length (blocking: run it in a thread)."""
    return {
        kind: [radio_synth.radio_call_m4a(line, seed=n) for n, line in enumerate(lines)]
        for kind, lines in phrases.items()
    }


class RadioTraffic:
    """Voices the simulated units' status changes on their agencies' channels."""

    def __init__(
        self,
        engine: Engine,
        ingest: RadioIngest,
        actor: Actor,
        *,
        seed: int = 1,
        render: Callable[[], Pool] = render_pool,
    ) -> None:
        self.engine, self.ingest, self.actor = engine, ingest, actor
        self.rng = random.Random(seed)
        self.render = render
        self.pool: Pool = {}
        self.played = 0
        self._queue: asyncio.Queue[tuple[str, str, str]] = asyncio.Queue(maxsize=QUEUE_MAX)
        self._tasks: list[asyncio.Task[None]] = []
        self._unsubscribe: Callable[[], None] | None = None

    async def start(self) -> None:
        """Configure channels and radios, subscribe, and render the phrases in the background."""
        for command in radio_setup(self.engine):
            await self.engine.submit(
                Envelope(f"demo-radio-{uuid.uuid4().hex}", command, self.actor)
            )
        if not radio_synth.available():
            log.warning("demo radio is quiet: espeak-ng or ffmpeg is not installed")
            return
        self._unsubscribe = self.engine.subscribe(self.on_batch)
        self._tasks = [asyncio.create_task(self._prepare()), asyncio.create_task(self._play())]

    async def stop(self) -> None:
        """Stop voicing (a transmission being taken in is abandoned)."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks = []

    def on_batch(self, batch: Sequence[Committed]) -> None:
        """An engine subscriber: each unit going en route or on scene is voiced (if room)."""
        if not self.pool:
            return
        for committed in batch:
            event = committed.event
            if isinstance(event, UnitStatusChanged) and event.status in PHRASES:
                with contextlib.suppress(asyncio.QueueFull):
                    self._queue.put_nowait((event.unit, event.status, committed.at))

    async def _prepare(self) -> None:
        try:
            self.pool = await asyncio.to_thread(self.render)
        except radio_synth.SynthUnavailable as err:
            log.warning("demo radio is quiet: %s", err)

    async def _play(self) -> None:
        while True:
            unit, status, at = await self._queue.get()
            try:
                await self.voice(unit, status, parse(at))
            except IngestError as err:
                log.warning("demo radio: %s's transmission was not taken: %s", unit, err)

    async def voice(self, unit: str, status: str, started: datetime) -> str | None:
        """One transmission from ``unit``'s radio saying ``status``, keyed up at ``started``
        and taken in once it has ended, as a recorder sends it; its id (None: no radio)."""
        where = _channel_and_radio(self.engine, unit)
        if where is None or status not in self.pool:
            return None
        system, talkgroup, radio = where
        audio, length = self.rng.choice(self.pool[status])
        ends = started + timedelta(seconds=length)
        await asyncio.sleep(max(0.0, (ends - datetime.now(UTC)).total_seconds()))
        call = Call(system, talkgroup, started, audio, "call.m4a", sources=((radio, 0.0),))
        taken = await self.ingest.take(recorder_of(self.engine), call)
        self.played += 1
        return taken.transmission


def _radios(engine: Engine) -> dict[str, int]:
    """Unit -> a radio id assigned to it (any validity: the demo's are always valid)."""
    out: dict[str, int] = {}
    for key, entry in engine.state.config.get(RADIO_IDS, {}).items():
        for one in entry.get("assignments", []):
            if isinstance(one.get("unit"), str) and key.isdigit():
                out.setdefault(one["unit"], int(key))
    return out


def _channel_and_radio(engine: Engine, unit: str) -> tuple[str, int, int] | None:
    """The system and talkgroup of the unit's agency's dispatch channel, and the unit's radio."""
    state = engine.state
    found = state.units.get(unit)
    radio = _radios(engine).get(unit)
    if found is None or radio is None:
        return None
    for value in state.config.get(CHANNELS, {}).values():
        if value.get("agency") == found.agency and value.get("dispatch"):
            return str(value.get("system") or SYSTEM_NAME), int(value["talkgroup"]), radio
    return None
