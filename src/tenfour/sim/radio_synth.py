"""Synthetic radio speech: a script line spoken by Debian's espeak-ng, made to sound like a channel.

A voice radio passes roughly 300-3400 Hz; what a recorder keeps is that band, some hiss, the
click of the key-up and the burst of noise when the squelch closes behind the talker. The demo,
the radio bench and the tests make their traffic here, offline: ``speak`` renders a line,
``radio_channel`` band-limits and noises it, and ``wav_bytes``/``encode_m4a`` write what a
recorder would (``tenfour.sim.recorder`` lays the files out as trunk-recorder does).
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from scipy import signal

ESPEAK = "espeak-ng"
FFMPEG = "ffmpeg"
VOICE = "en-us+klatt4"  # of the stock voices, the one tiny.en hears best through a channel
WORDS_PER_MINUTE = 165
BAND_HZ = (300.0, 3400.0)
RADIO_RATE = 8000  # what trunk-recorder writes for a voice channel
SUBPROCESS_TIMEOUT_S = 60.0

Audio = NDArray[np.float32]


class SynthUnavailable(RuntimeError):  # noqa: N818 - named for the condition
    """espeak-ng or ffmpeg is not installed, or it failed on the text."""


@dataclass(frozen=True, slots=True)
class Channel:
    """How a channel sounds: signal-to-noise ratio, the squelch tail, the key-up lead."""

    snr_db: float = 30.0
    squelch_tail_s: float = 0.18
    key_up_s: float = 0.12
    rate: int = RADIO_RATE


def available() -> bool:
    """Whether espeak-ng and ffmpeg are on this machine (the demo skips radio when not)."""
    return shutil.which(ESPEAK) is not None and shutil.which(FFMPEG) is not None


def speak(text: str, *, voice: str = VOICE, wpm: int = WORDS_PER_MINUTE) -> tuple[Audio, int]:
    """``text`` spoken by espeak-ng: float32 samples in [-1, 1] and their rate."""
    if shutil.which(ESPEAK) is None:
        raise SynthUnavailable("espeak-ng is not installed (Debian package espeak-ng)")
    with tempfile.TemporaryDirectory(prefix="tenfour-speak-") as tmp:
        out = Path(tmp) / "line.wav"
        command = [ESPEAK, "-v", voice, "-s", str(wpm), "-w", str(out), "--", text]
        done = subprocess.run(  # noqa: S603 - fixed program, text passed as one argument
            command, capture_output=True, timeout=SUBPROCESS_TIMEOUT_S, check=False
        )
        if done.returncode != 0 or not out.exists():
            raise SynthUnavailable(f"espeak-ng failed: {done.stderr.decode(errors='replace')}")
        return read_wav(out.read_bytes())


def read_wav(data: bytes) -> tuple[Audio, int]:
    """16-bit PCM WAV bytes as mono float32 samples and their rate."""
    with wave.open(io.BytesIO(data)) as reader:
        rate, channels = reader.getframerate(), reader.getnchannels()
        pcm = np.frombuffer(reader.readframes(reader.getnframes()), dtype="<i2")
    samples = pcm.reshape(-1, channels).mean(axis=1) if channels > 1 else pcm
    return (samples / 32768.0).astype(np.float32), rate


def radio_channel(
    samples: Audio, rate: int, *, channel: Channel = Channel(), seed: int = 0
) -> Audio:
    """``samples`` as a radio channel passes them: resampled, band-limited, noised, squelched."""
    rng = np.random.default_rng(seed)
    voice = signal.resample_poly(samples, channel.rate, rate).astype(np.float32)
    voice = _normalise(voice, peak=0.7)
    lead = np.zeros(round(channel.key_up_s * channel.rate), dtype=np.float32)
    lead[: max(1, channel.rate // 500)] = 0.4  # the key-up click
    tail = rng.normal(0.0, 0.25, round(channel.squelch_tail_s * channel.rate))
    tail *= np.linspace(1.0, 0.2, tail.size)  # the squelch burst as the carrier drops
    keyed = np.concatenate([lead, voice, tail.astype(np.float32)])
    band = signal.butter(4, BAND_HZ, btype="bandpass", fs=channel.rate, output="sos")
    keyed = signal.sosfilt(band, keyed).astype(np.float32)
    power = float(np.mean(voice**2)) or 1e-6
    hiss = rng.normal(0.0, np.sqrt(power / 10 ** (channel.snr_db / 10)), keyed.size)
    noisy: Audio = np.clip(keyed + hiss.astype(np.float32), -1.0, 1.0).astype(np.float32)
    return noisy


def _normalise(samples: Audio, *, peak: float) -> Audio:
    top = float(np.max(np.abs(samples))) if samples.size else 0.0
    return samples if top == 0.0 else (samples * (peak / top)).astype(np.float32)


def silence(seconds: float, rate: int = RADIO_RATE) -> Audio:
    """Dead air between two talkers on one call."""
    return np.zeros(round(seconds * rate), dtype=np.float32)


def wav_bytes(samples: Audio, rate: int) -> bytes:
    """Mono 16-bit PCM WAV, as trunk-recorder writes a call before it compresses it."""
    pcm = (np.clip(samples, -1.0, 1.0) * 32767.0).astype("<i2")
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(rate)
        writer.writeframes(pcm.tobytes())
    return buffer.getvalue()


def encode_m4a(wav: bytes) -> bytes:
    """WAV bytes as AAC in an M4A, moov atom first (trunk-recorder's ``--moov-before-mdat``)."""
    if shutil.which(FFMPEG) is None:
        raise SynthUnavailable("ffmpeg is not installed (Debian package ffmpeg)")
    with tempfile.TemporaryDirectory(prefix="tenfour-m4a-") as tmp:
        source, target = Path(tmp) / "call.wav", Path(tmp) / "call.m4a"
        source.write_bytes(wav)
        command = [
            FFMPEG, "-hide_banner", "-loglevel", "error", "-i", str(source),
            "-c:a", "aac", "-b:a", "16k", "-movflags", "+faststart", str(target),
        ]  # fmt: skip
        done = subprocess.run(  # noqa: S603 - fixed program and arguments
            command, capture_output=True, timeout=SUBPROCESS_TIMEOUT_S, check=False
        )
        if done.returncode != 0 or not target.exists():
            raise SynthUnavailable(f"ffmpeg failed: {done.stderr.decode(errors='replace')}")
        return target.read_bytes()


def radio_line(text: str, *, channel: Channel = Channel(), seed: int = 0) -> Audio:
    """One spoken line as it comes off the channel (at ``channel.rate``)."""
    samples, rate = speak(text)
    return radio_channel(samples, rate, channel=channel, seed=seed)


def radio_call_m4a(
    text: str, *, channel: Channel = Channel(), seed: int = 0
) -> tuple[bytes, float]:
    """One spoken line as a recorder uploads it (AAC in M4A) and its length in seconds."""
    samples = radio_line(text, channel=channel, seed=seed)
    return encode_m4a(wav_bytes(samples, channel.rate)), samples.size / channel.rate
