"""Radio test material made at test time: short recordings in each recorder format by Debian's
ffmpeg, a trunk-recorder call folder, and the centre's radio configuration."""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tenfour.domain import commands as c
from tenfour.radio.keys import key_sha256

CODECS = {
    "wav": ["-c:a", "pcm_s16le"],
    "m4a": ["-c:a", "aac"],
    "mp3": ["-c:a", "libmp3lame"],
    "opus": ["-c:a", "libopus"],
}
RECORDER_KEY = "rk-" + "7" * 29
CHANNEL = "mpd-dispatch"
TALKGROUP = 1001
RADIOS = {4512: "1A12", 4513: "1A13"}


def recording(folder: Path, fmt: str, seconds: float = 1.2, freq: int = 700) -> Path:
    """A tone at 8 kHz (a radio channel's rate) in ``fmt``, written by ffmpeg."""
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / f"tone-{freq}-{seconds}.{fmt}"
    src = f"sine=frequency={freq}:duration={seconds}:sample_rate=8000"
    cmd = ["ffmpeg", "-y", "-loglevel", "error", "-f", "lavfi", "-i", src, *CODECS[fmt], str(out)]
    subprocess.run(cmd, check=True)
    return out


def radio_commands(agency: str = "MPD") -> list[c.Command]:
    """A dispatch channel for ``agency``, its radios in 1A12 and 1A13, and recorder rec1."""
    out: list[c.Command] = [
        c.SetCentreEntry(
            section="radio_channel",
            key=CHANNEL,
            value={"agency": agency, "talkgroup": TALKGROUP, "system": "metro", "dispatch": True},
        ),
        c.SetCentreEntry(
            section="recorder", key="rec1", value={"key_sha256": key_sha256(RECORDER_KEY)}
        ),
    ]
    for radio, unit in RADIOS.items():
        out.append(c.SetCentreEntry(section="radio_id", key=str(radio), value={"unit": unit}))
    return out


def trunk_recorder_call(
    root: Path, audio: Path, started: datetime, *radios: int, talkgroup: int = TALKGROUP
) -> tuple[Path, Path]:
    """One call in trunk-recorder's layout: ``metro/Y/M/D/<tg>-<start>_<freq>.<ext>`` + JSON."""
    start = int(started.timestamp())
    folder = root / "metro" / f"{started:%Y}" / str(started.month) / str(started.day)
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"{talkgroup}-{start}_851012500.0-call_{start % 1000}"
    target = folder / (stem + audio.suffix)
    target.write_bytes(audio.read_bytes())
    meta: dict[str, Any] = {
        "freq": 851012500,
        "start_time": start,
        "stop_time": start + 2,
        "emergency": 0,
        "priority": 4,
        "mode": 0,
        "duplex": 0,
        "encrypted": 0,
        "call_length": 1.2,
        "talkgroup": talkgroup,
        "talkgroup_tag": "MPD Dispatch",
        "talkgroup_description": "Metro Police Dispatch",
        "talkgroup_group_tag": "Law Dispatch",
        "talkgroup_group": "Metro",
        "audio_type": "digital",
        "short_name": "metro",
        "freqList": [{"freq": 851012500, "time": start, "pos": 0.0, "len": 1.2}],
        "srcList": [
            {"src": r, "time": start + i, "pos": float(i) * 0.5, "emergency": 0, "tag": ""}
            for i, r in enumerate(radios)
        ],
    }
    path = folder / (stem + ".json")
    path.write_text(json.dumps(meta))
    return path, target


def now_utc() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def tone_wav(seconds: float = 1.0) -> bytes:
    """A WAV tone made by ffmpeg, in memory."""
    src = f"sine=frequency=600:duration={seconds}:sample_rate=8000"
    cmd = ["ffmpeg", "-loglevel", "error", "-f", "lavfi", "-i", src, "-f", "wav", "-"]
    return subprocess.run(cmd, check=True, capture_output=True).stdout


def transcript(transmission: str, text: str) -> c.AddTranscript:
    """The transcriber's text for a transmission (one segment)."""
    segment = {"start_s": 0.0, "end_s": 1.0, "text": text, "confidence": -0.3}
    return c.AddTranscript(
        transmission=transmission,
        model="whisper-tiny.en",
        model_version="test",
        engine="faster-whisper int8",
        language="en",
        text=text,
        segments=(segment,),
    )
