"""The transcriber beside the engine, end to end with real parts: a synthetic call in
trunk-recorder's layout, taken from a watched folder, transcribed by faster-whisper, its
transcript and a phrase proposal recorded through the engine as ``svc:transcriber``."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from tenfour.domain.radio_phrases import normalise
from tenfour.domain.statuses import UnitStatus
from tenfour.radio.transcribe import Transcriber
from tenfour.radio.watch import CallFolder
from tenfour.radio.worker import TranscriptionWorker
from tenfour.sim import radio_synth
from tenfour.sim.recorder import Call, Line, write_call
from tests.integration.api.world import Api, make_runtime, make_settings, running_api
from tests.integration.radio.test_upload import rdio_form
from tests.radio_support import TALKGROUP, now_utc, radio_commands

DRAIN_S = 120.0  # a bound for a stuck worker, not a timing expectation


def _incident(api: Api) -> str:
    body = {"type_code": "disturbance", "priority": 2, "address": "Mannerheimintie 1"}
    return str(api.as_super("call_taker", "/incidents", body)["events"][0]["payload"]["incident"])


def _setup(api: Api) -> str:
    for command in radio_commands():
        api.system(command)
    incident = _incident(api)
    api.as_super("dispatcher", "/units/1A12/dispatch", {"incident": incident})
    return incident


def _take(api: Api, root: Path, *calls: Call) -> list[str]:
    for call in calls:
        write_call(root, call)
    folder = CallFolder(api.runtime.radio, "rec1", root, settle_s=0)
    outcomes = api.client.portal.call(folder.scan)  # type: ignore[union-attr]
    assert [o.reason for o in outcomes] == [None] * len(calls)
    return [o.taken.transmission for o in outcomes]  # type: ignore[union-attr]


def _call(n: int, radio: int, text: str, seconds: int = 2) -> Call:
    start = now_utc() + timedelta(seconds=seconds)
    return Call(TALKGROUP, (Line(radio, text),), start, short_name="metro", number=n)


def _drain(api: Api) -> TranscriptionWorker:
    worker = api.runtime.transcription
    assert worker is not None
    api.client.portal.call(worker.drained, DRAIN_S)  # type: ignore[union-attr]
    return worker


def _actors(api: Api, event_type: str) -> list[str]:
    return [r.actor_user for r in api.runtime.reader.read() if r.type == event_type]


@pytest.fixture
def api(tmp_path: Path, transcriber: Transcriber) -> Iterator[Api]:
    with running_api(make_settings(tmp_path / "db"), transcriber=transcriber) as api:
        yield api


def test_spoken_en_route_from_a_dispatched_unit_is_transcribed_and_proposed(
    api: Api, tmp_path: Path
) -> None:
    incident = _setup(api)
    [ident] = _take(api, tmp_path / "calls", _call(1, 4512, "Adam 12, en route, ETA 4 minutes"))
    worker = _drain(api)
    radio = api.runtime.engine.state.radio
    heard = radio.transmissions[ident]
    assert heard.units == ["1A12"] and heard.incidents == [incident]
    [transcript] = heard.transcripts
    assert transcript.model == "whisper-tiny.en" and transcript.engine.startswith("faster-whisper")
    assert "route" in normalise(transcript.text), transcript.text
    assert all(0 <= s["confidence"] <= 1 for s in transcript.segments)
    [proposal] = radio.proposals.values()
    assert (proposal.kind, proposal.unit, proposal.incident, proposal.status) == (
        "enroute", "1A12", incident, "open",
    )  # fmt: skip
    # proposed, never applied by itself: the unit is still only dispatched
    assert api.runtime.engine.state.units["1A12"].status is UnitStatus.DISPATCHED
    assert _actors(api, "TranscriptAdded") == ["svc:transcriber"]
    assert _actors(api, "RadioPhraseProposed") == ["svc:transcriber"]
    assert (worker.transcribed, worker.failed, worker.backlog, worker.backlog_s) == (1, 0, 0, 0.0)
    metrics = api.client.get("/metrics", headers=api.headers("admin")).text
    assert "tenfour_radio_backlog_seconds 0.0" in metrics
    assert "tenfour_radio_transcribed 1.0" in metrics
    status = api.get("sgt1", "/radio/transcription").json()  # the supervisor's screen
    assert status["enabled"] and status["model"] == "whisper-tiny.en"
    assert (status["backlog"], status["transcribed"], status["proposals"]) == (0, 1, 1)
    assert status["realtime_factor"] > 0
    assert api.get("disp1", "/radio/transcription").status_code == 403
    # the dispatcher confirms what was heard: only now does the unit's status change, by her
    api.ok("disp1", f"/radio/phrases/{proposal.id}/confirm", {"note": "heard it too"})
    assert api.runtime.engine.state.units["1A12"].status is UnitStatus.ENROUTE
    assert _actors(api, "RadioPhraseConfirmed") == ["disp1"]


def test_a_call_sent_by_trunk_recorders_uploader_is_heard(api: Api) -> None:
    incident = _setup(api)
    audio, _ = radio_synth.radio_call_m4a("Dispatch, Adam 12, on scene")
    started = int(now_utc().timestamp()) + 1
    form = rdio_form(started, [{"pos": 0.0, "src": 4512}])
    r = api.client.post("/api/call-upload", data=form,
                        files={"audio": ("call.m4a", audio, "application/octet-stream")})  # fmt: skip
    assert r.status_code == 200, r.text
    _drain(api)
    radio = api.runtime.engine.state.radio
    [heard] = radio.transmissions.values()
    assert "scene" in normalise(heard.text or ""), heard.text
    assert [(p.kind, p.unit, p.incident) for p in radio.proposals.values()] == [
        ("onscene", "1A12", incident)
    ]


def test_restart_takes_up_the_untranscribed_and_a_bad_recording_is_skipped(
    tmp_path: Path, transcriber: Transcriber
) -> None:
    settings = make_settings(tmp_path / "db")
    with running_api(settings) as api:  # no transcription: calls wait on the record
        assert api.runtime.transcription is None
        assert api.get("sgt1", "/radio/transcription").json()["enabled"] is False
        _setup(api)
        calls = (_call(1, 4512, "Adam 12 copy"), _call(2, 4513, "Adam 13 on scene", 8))
        bad, good = _take(api, tmp_path / "calls", *calls)
        spoiled = api.runtime.engine.state.radio.transmissions[bad].audio_sha256
    path = api.runtime.radio.store.path(spoiled)
    path.chmod(0o644)
    path.write_bytes(b"not audio at all")  # the store's file replaced by junk
    with running_api(settings, seeded=False, transcriber=transcriber) as again:
        worker = _drain(again)
        radio = again.runtime.engine.state.radio
        assert radio.transmissions[bad].transcripts == []  # nothing wrong recorded
        assert len(radio.transmissions[good].transcripts) == 1
        assert (worker.transcribed, worker.failed) == (1, 1)


def test_settings_turn_transcription_on_and_off(tmp_path: Path) -> None:
    def built(**extra: object) -> TranscriptionWorker | None:
        runtime = make_runtime(make_settings(tmp_path / "db", **extra), transcribe=True)
        runtime.close()
        return runtime.transcription

    on = built()  # serve and the demo: on when the packaged model is there
    assert on is not None and on.transcriber.spec.name == "whisper-tiny.en"
    assert built(radio_transcribe=False) is None
    with pytest.raises(ValueError, match="no model directory"):
        built(radio_transcribe=True, radio_model=tmp_path / "nothing")
    assert built(radio_model=tmp_path / "nothing") is None  # not asked for: said, and off
    plain = make_runtime(make_settings(tmp_path / "db"))  # tests and one-shot commands
    plain.close()
    assert plain.transcription is None
