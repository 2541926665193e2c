"""A synthetic trunk-recorder: calls written in its capture-directory layout.

trunk-recorder (``call_concluder.cc``) concludes a call into
``<capture_dir>/<short_name>/<year>/<month>/<day>/<talkgroup>-<start>_<freq>-call_<n>.wav``, a
``.json`` beside it (``freq``, ``start_time``, ``stop_time``, ``emergency``, ``call_length``,
``talkgroup``, ``srcList`` of ``{src, time, pos, ...}`` and more) and, when it compresses, an
``.m4a`` (AAC). ``write_call`` does the same with speech from ``tenfour.sim.radio_synth``, so the
ingest, the transcriber, the bench and the demo are fed what a real recorder writes.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from tenfour.sim import radio_synth
from tenfour.sim.radio_synth import Audio, Channel

GAP_S = 0.4  # dead air between two talkers on one call


@dataclass(frozen=True, slots=True)
class Line:
    """One talker's turn: the radio id that keyed up and the words of the script."""

    radio: int
    text: str


@dataclass(frozen=True, slots=True)
class Call:
    """One call on a talkgroup: its talkers in order, when it started, where it was heard."""

    talkgroup: int
    lines: tuple[Line, ...]
    start: datetime
    freq_hz: int = 851_012_500
    emergency: bool = False
    short_name: str = "county"
    number: int = 1
    channel: Channel = field(default_factory=Channel)

    @property
    def script(self) -> str:
        """Every word spoken on the call, in order (the reference for word error rate)."""
        return " ".join(line.text for line in self.lines)


@dataclass(frozen=True, slots=True)
class Rendered:
    """A call as audio: the samples, their rate, and each talker's offset into them."""

    samples: Audio
    rate: int
    offsets: tuple[float, ...]

    @property
    def seconds(self) -> float:
        """The call's length in seconds."""
        return self.samples.size / self.rate


@dataclass(frozen=True, slots=True)
class Written:
    """The files of one concluded call."""

    audio: Path
    meta: Path
    wav: Path


def render(call: Call, *, seed: int = 0) -> Rendered:
    """Speak each line of ``call`` over its channel, one after another."""
    parts: list[Audio] = []
    offsets: list[float] = []
    at = 0
    for n, line in enumerate(call.lines):
        if parts:
            parts.append(radio_synth.silence(GAP_S, call.channel.rate))
            at += parts[-1].size
        offsets.append(at / call.channel.rate)
        parts.append(radio_synth.radio_line(line.text, channel=call.channel, seed=seed + n))
        at += parts[-1].size
    return Rendered(np.concatenate(parts), call.channel.rate, tuple(offsets))


def call_json(call: Call, rendered: Rendered) -> dict[str, object]:
    """The call's JSON as trunk-recorder writes it (times in whole epoch seconds)."""
    start = int(call.start.timestamp())
    sources = [
        {"src": line.radio, "time": start + math.floor(pos), "pos": round(pos, 2),
         "emergency": int(call.emergency), "signal_system": "", "tag": ""}
        for line, pos in zip(call.lines, rendered.offsets, strict=True)
    ]  # fmt: skip
    return {
        "freq": call.freq_hz,
        "start_time": start,
        "stop_time": start + math.ceil(rendered.seconds),
        "emergency": int(call.emergency),
        "priority": 0,
        "mode": 0,
        "duplex": 0,
        "encrypted": 0,
        "call_length": round(rendered.seconds),
        "talkgroup": call.talkgroup,
        "talkgroup_tag": "",
        "talkgroup_description": "",
        "talkgroup_group_tag": "",
        "talkgroup_group": "",
        "audio_type": "digital",
        "short_name": call.short_name,
        "freqList": [],
        "srcList": sources,
    }


def base_name(capture_dir: Path, call: Call) -> Path:
    """``<capture>/<short_name>/<y>/<m>/<d>/<tg>-<start>_<freq>-call_<n>`` (no suffix)."""
    day = call.start.astimezone(UTC)
    folder = capture_dir / call.short_name / str(day.year) / str(day.month) / str(day.day)
    start = int(call.start.timestamp())
    return folder / f"{call.talkgroup}-{start}_{call.freq_hz}-call_{call.number}"


def write_call(
    capture_dir: Path,
    call: Call,
    *,
    m4a: bool = True,
    seed: int = 0,
    rendered: Rendered | None = None,
) -> Written:
    """Render ``call`` (unless given) and write its files; the JSON last, as the recorder does.

    Watchers take a call when its JSON appears, so the audio is complete by then; each file is
    written under a temporary name and renamed into place."""
    rendered = rendered or render(call, seed=seed)
    base = base_name(capture_dir, call)
    base.parent.mkdir(parents=True, exist_ok=True)
    wav = radio_synth.wav_bytes(rendered.samples, rendered.rate)
    wav_path = _put(base.with_suffix(".wav"), wav)
    audio = _put(base.with_suffix(".m4a"), radio_synth.encode_m4a(wav)) if m4a else wav_path
    meta = _put(base.with_suffix(".json"), json.dumps(call_json(call, rendered), indent=2).encode())
    return Written(audio=audio, meta=meta, wav=wav_path)


def _put(path: Path, data: bytes) -> Path:
    partial = path.with_name(path.name + ".part")
    partial.write_bytes(data)
    os.replace(partial, path)
    return path


def calls_of(
    talkgroup: int, turns: Sequence[tuple[int, str]], start: datetime, *, spacing_s: float = 20.0
) -> list[Call]:
    """One call per ``(radio, text)`` turn, ``spacing_s`` apart, numbered from 1."""
    return [
        Call(
            talkgroup=talkgroup,
            lines=(Line(radio, text),),
            start=datetime.fromtimestamp(start.timestamp() + n * spacing_s, tz=UTC),
            number=n + 1,
        )
        for n, (radio, text) in enumerate(turns)
    ]
