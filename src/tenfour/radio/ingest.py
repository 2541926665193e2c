"""Taking a recorder's call onto the record: the one path every way in ends in.

A trunk-recorder call folder (``watch``), the rdio-scanner-compatible upload and the plain API
upload each turn what the recorder sent into a ``Call``; ``RadioIngest.take`` then keeps the
original bytes in the audio store, probes their duration with FFmpeg, finds the channel of the
talkgroup and submits ``RecordTransmission`` through the engine as the recorder. The command id
is derived from the transmission id (recorder, talkgroup, start), so a call sent twice is taken
once; the domain attributes it (``decide_radio``).
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import PurePath
from typing import Any

from tenfour.domain.actors import Actor, recorder_actor
from tenfour.domain.commands import RecordTransmission
from tenfour.domain.errors import Rejected
from tenfour.domain.radio import channel_for_talkgroup, configured_recorder
from tenfour.domain.state import DispatchState
from tenfour.domain.timefmt import iso
from tenfour.engine.envelope import CommandResult, DuplicateCommandConflict, Envelope
from tenfour.radio.decode import DecodeError, probe
from tenfour.radio.store import AudioStore

Submit = Callable[[Envelope], Awaitable[CommandResult]]

# container names FFmpeg reports -> the format the record keeps
_FORMATS = {"wav": "wav", "mp3": "mp3", "ogg": "opus", "flac": "flac", "aac": "aac"}
_MP4 = ("mov", "mp4", "m4a")
MAX_SOURCES = 200


class IngestError(ValueError):
    """What the recorder sent cannot be taken (the message says why): a 4xx, or a file moved
    aside."""

    def __init__(self, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True, slots=True)
class Call:
    """One call as a recorder describes it, before it is on the record."""

    system: str
    talkgroup: int
    started: datetime
    audio: bytes
    audio_name: str = ""
    ended: datetime | None = None
    frequency_hz: int | None = None
    emergency: bool = False
    sources: tuple[tuple[int, float], ...] = ()  # (radio id, offset in seconds)
    talkgroup_label: str = ""


@dataclass(frozen=True, slots=True)
class Taken:
    """The outcome of taking a call: its transmission id and whether it was new."""

    transmission: str
    duplicate: bool
    events: int = 0
    notes: list[str] = field(default_factory=list)


def epoch(value: Any, field_name: str) -> datetime:
    """A time given as POSIX seconds (or milliseconds, when implausibly large) or RFC 3339."""
    if isinstance(value, str):
        text = value.strip()
        try:
            value = float(text)
        except ValueError:
            try:
                moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
            except ValueError:
                raise IngestError(f"{field_name}: not a time: {text[:40]!r}") from None
            if moment.tzinfo is None:
                raise IngestError(f"{field_name}: a time needs its zone") from None
            return moment.astimezone(UTC)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise IngestError(f"{field_name}: not a time")
    seconds = float(value) / 1000 if value > 10**11 else float(value)
    try:
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError):
        raise IngestError(f"{field_name}: out of range") from None


def whole(value: Any, field_name: str) -> int:
    """A whole number given as a number or text (a frequency may come as 851000000.0)."""
    if value is None or value == "":
        raise IngestError(f"{field_name} is required")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise IngestError(f"{field_name}: not a number: {str(value)[:40]!r}") from None
    if not math.isfinite(number) or number < 0 or number >= 2**63:
        raise IngestError(f"{field_name}: out of range")
    return int(number)


def optional_whole(value: Any, field_name: str) -> int | None:
    """``whole``, or None when not given."""
    return None if value is None or value == "" else whole(value, field_name)


def sources_of(
    items: Any, *, radio: str = "src", offset: str = "pos"
) -> tuple[tuple[int, float], ...]:
    """Radio ids and their offsets from a recorder's list of ``{src, pos}`` objects."""
    if items is None:
        return ()
    if not isinstance(items, list) or len(items) > MAX_SOURCES:
        raise IngestError(f"sources: a list of at most {MAX_SOURCES} objects")
    out: list[tuple[int, float]] = []
    for item in items:
        if not isinstance(item, dict):
            raise IngestError("sources: each is an object with src and pos")
        ident = whole(item.get(radio), "sources.src")
        pos = item.get(offset, 0) or 0
        try:
            where = float(pos)
        except (TypeError, ValueError):
            raise IngestError("sources.pos: not a number") from None
        if not math.isfinite(where) or where < 0:
            raise IngestError("sources.pos: out of range")
        out.append((ident, where))
    return tuple(out)


def transmission_id(recorder: str, talkgroup: int, started: datetime) -> str:
    """``<recorder>-<talkgroup>-<start, UTC, to the millisecond>``: the same call, the same id."""
    moment = started.astimezone(UTC)
    return f"{recorder}-{talkgroup}-{moment:%Y%m%dT%H%M%S}{moment.microsecond // 1000:03d}Z"


def audio_format(container: str, name: str) -> str:
    """The format the record names: from what FFmpeg found, else the file name's extension."""
    if container in _MP4:
        return "m4a"
    if container in _FORMATS:
        return _FORMATS[container]
    suffix = PurePath(name).suffix.lower().lstrip(".")
    return suffix if suffix.isalnum() and 0 < len(suffix) <= 10 else "audio"


class RadioIngest:
    """Stores, probes and records calls for the engine (``submit``) and state (``state``)."""

    def __init__(
        self, store: AudioStore, submit: Submit, state: Callable[[], DispatchState]
    ) -> None:
        self.store = store
        self._submit = submit
        self._state = state

    def knows(self, recorder: str) -> bool:
        """Whether the centre's configuration names ``recorder`` (only those record)."""
        return configured_recorder(self._state().config, recorder_actor(recorder)) is not None

    async def take(self, recorder: str, call: Call, actor: Actor | None = None) -> Taken:
        """Put one call on the record (``actor``: who sends it; the recorder by default)."""
        if not call.audio:
            raise IngestError("the audio is empty")
        try:
            found = await asyncio.to_thread(probe, call.audio)
        except DecodeError as err:
            raise IngestError(f"the audio: {err}") from None
        digest = await asyncio.to_thread(self.store.put, call.audio)
        ended = call.ended
        duration = found.duration_s
        if ended is None or ended < call.started:
            ended = datetime.fromtimestamp(call.started.timestamp() + duration, tz=UTC)
        ident = transmission_id(recorder, call.talkgroup, call.started)
        command = RecordTransmission(
            transmission=ident,
            channel=channel_for_talkgroup(self._state().config, call.system, call.talkgroup),
            talkgroup=call.talkgroup,
            system=call.system,
            frequency_hz=call.frequency_hz,
            emergency=call.emergency,
            started_at=iso(call.started),
            ended_at=iso(ended),
            sources=tuple({"radio": r, "offset_s": round(o, 3)} for r, o in call.sources),
            audio_sha256=digest,
            audio_bytes=len(call.audio),
            audio_format=audio_format(found.container, call.audio_name),
            duration_s=round(duration, 3),
            recorder=recorder,
        )
        envelope = Envelope(f"radio:{ident}", command, actor or recorder_actor(recorder))
        try:
            result = await self._submit(envelope)
        except DuplicateCommandConflict:
            raise IngestError(
                f"transmission {ident} is already on the record with other content", 409
            ) from None
        if result.rejection is not None:
            raise _refused(result.rejection)
        return Taken(ident, result.duplicate, len(result.events))


def _refused(rejection: Rejected) -> IngestError:
    status = {"forbidden": 403, "conflict": 409, "not_found": 404}.get(rejection.reason.value, 422)
    return IngestError(rejection.message, status)
