"""Recordings decode with FFmpeg (PyAV) to 16 kHz mono, whatever format the recorder wrote."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest

from tenfour.radio.decode import DecodeError, probe, to_pcm16k

CODECS = {"wav": ["-c:a", "pcm_s16le"], "m4a": ["-c:a", "aac"], "mp3": ["-c:a", "libmp3lame"]}
CODECS["opus"] = ["-c:a", "libopus"]


def tone(folder: Path, fmt: str, seconds: float = 1.5) -> Path:
    """A tone at 8 kHz (a radio channel's rate) written by Debian's ffmpeg in ``fmt``."""
    out = folder / f"tone.{fmt}"
    src = f"sine=frequency=700:duration={seconds}:sample_rate=8000"
    cmd = ["ffmpeg", "-loglevel", "error", "-f", "lavfi", "-i", src, *CODECS[fmt], str(out)]
    subprocess.run(cmd, check=True)
    return out


@pytest.mark.parametrize("fmt", sorted(CODECS))
def test_every_recorder_format_decodes_to_16k_mono(tmp_path: Path, fmt: str) -> None:
    path = tone(tmp_path, fmt)
    found = probe(path)
    assert found.duration_s == pytest.approx(1.5, abs=0.1)
    samples = to_pcm16k(path.read_bytes())
    assert samples.dtype == np.float32 and samples.ndim == 1
    assert len(samples) == pytest.approx(1.5 * 16_000, rel=0.1)
    assert 0.05 < float(np.abs(samples).max()) <= 1.0  # the tone (amplitude 1/8), not silence


def test_bytes_that_are_not_audio_are_refused_with_a_reason() -> None:
    with pytest.raises(DecodeError, match="not a readable audio file"):
        probe(b"this is not audio at all" * 50)
