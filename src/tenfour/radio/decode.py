"""Decoding recordings with FFmpeg through PyAV (``av``): WAV, M4A/AAC, MP3, Opus, whatever
the recorder wrote - never by hand. ``to_pcm16k`` feeds the transcriber; ``probe`` gives the
duration and format the record keeps.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import av
import numpy as np
import numpy.typing as npt

RATE = 16_000


class DecodeError(ValueError):
    """The bytes are not audio FFmpeg can read (the message says why)."""


@dataclass(frozen=True, slots=True)
class Probe:
    """What a recording is: container format, codec, duration in seconds."""

    container: str
    codec: str
    duration_s: float


def _open(source: Path | bytes) -> Any:
    target: Any = io.BytesIO(source) if isinstance(source, bytes) else str(source)
    try:
        return av.open(target, mode="r")
    except (av.FFmpegError, OSError, ValueError) as err:
        raise DecodeError(f"not a readable audio file: {err}") from None


def probe(source: Path | bytes) -> Probe:
    """Container, codec and duration; the duration is counted by decoding when the container
    does not say it (a WAV or raw stream may not)."""
    with _open(source) as container:
        if not container.streams.audio:
            raise DecodeError("the file has no audio stream")
        stream = container.streams.audio[0]
        codec = stream.codec_context.name
        fmt = str(container.format.name).split(",")[0]
        if container.duration is not None and container.duration > 0:
            return Probe(fmt, codec, container.duration / av.time_base)
    samples = _decode(source)
    return Probe(fmt, codec, len(samples) / RATE)


def to_pcm16k(source: Path | bytes) -> npt.NDArray[np.float32]:
    """The recording as mono float32 samples in [-1, 1] at 16 kHz."""
    return _decode(source)


def _decode(source: Path | bytes) -> npt.NDArray[np.float32]:
    chunks: list[npt.NDArray[np.float32]] = []
    resampler = av.AudioResampler(format="flt", layout="mono", rate=RATE)
    with _open(source) as container:
        if not container.streams.audio:
            raise DecodeError("the file has no audio stream")
        try:
            for frame in container.decode(audio=0):
                for out in resampler.resample(frame):
                    chunks.append(out.to_ndarray().reshape(-1).astype(np.float32, copy=False))
            for out in resampler.resample(None):
                chunks.append(out.to_ndarray().reshape(-1).astype(np.float32, copy=False))
        except av.FFmpegError as err:
            raise DecodeError(f"the audio does not decode: {err}") from None
    if not chunks:
        return np.zeros(0, dtype=np.float32)
    return np.concatenate(chunks)
