"""Recorders' uploads over HTTP: the rdio-scanner form trunk-recorder's uploader sends, and the
plain API upload - real multipart POSTs of real m4a, mp3, opus and wav files made by ffmpeg."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.integration.api.world import CENTRE_ADMIN, Api, make_settings, running_api
from tests.radio_support import RECORDER_KEY, TALKGROUP, now_utc, radio_commands, recording


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    tmp = tmp_path_factory.mktemp("radio-upload")
    with running_api(make_settings(tmp, radio_upload_max_mb=1)) as api:
        for command in radio_commands():
            api.system(command)
        yield api


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("recordings")
    return {fmt: recording(folder, fmt) for fmt in ("m4a", "mp3", "opus", "wav")}


def rdio_form(
    started: int, sources: list[dict[str, Any]], key: str = RECORDER_KEY
) -> dict[str, str]:
    """The fields trunk-recorder's rdioscanner uploader sends beside the audio."""
    return {
        "key": key,
        "dateTime": str(started),
        "frequencies": "[]",
        "frequency": "851012500",
        "patches": "[]",
        "talkgroup": str(TALKGROUP),
        "talkgroupGroup": "Metro",
        "talkgroupLabel": "MPD Dispatch",
        "talkgroupTag": "Law Dispatch",
        "sources": json.dumps(sources),
        "system": "11",
        "systemLabel": "metro",
        "audioName": "x",
        "audioType": "audio/mp4",
    }


@pytest.mark.parametrize("fmt", ["m4a", "mp3", "opus"])
def test_the_rdio_scanner_upload_takes_a_call_onto_the_record(
    api: Api, files: dict[str, Path], fmt: str
) -> None:
    started = int(now_utc().timestamp()) - {"m4a": 30, "mp3": 40, "opus": 50}[fmt]
    data = files[fmt].read_bytes()
    form = rdio_form(started, [{"pos": 0.0, "src": 4512}, {"pos": 0.6, "src": 4513}])
    form["audioName"] = f"{TALKGROUP}-{started}_851012500.{fmt}"
    r = api.client.post(
        "/api/call-upload",
        data=form,
        files={"audio": (form["audioName"], data, "application/octet-stream")},
    )
    assert (r.status_code, r.text.strip()) == (200, "Call imported successfully.")
    state = api.runtime.engine.state.radio
    found = next(
        t
        for t in state.transmissions.values()
        if t.audio_sha256 == hashlib.sha256(data).hexdigest()
    )
    assert found.channel == "mpd-dispatch" and found.agency == "MPD"
    assert [s["unit"] for s in found.sources] == ["1A12", "1A13"]
    assert found.audio_format == ("opus" if fmt == "opus" else fmt)
    assert found.duration_s == pytest.approx(1.2, abs=0.1)
    assert api.runtime.radio.store.verify(found.audio_sha256)
    # the same call again (a retry) is taken once
    again = api.client.post(
        "/api/call-upload", data=form, files={"audio": (form["audioName"], data, "audio/mp4")}
    )
    assert again.status_code == 200
    assert sum(t.audio_sha256 == found.audio_sha256 for t in state.transmissions.values()) == 1


def test_a_wrong_key_or_bad_audio_is_a_clear_4xx(api: Api, files: dict[str, Path]) -> None:
    started = int(now_utc().timestamp()) - 100
    audio = {"audio": ("a.m4a", files["m4a"].read_bytes(), "audio/mp4")}
    r = api.client.post("/api/call-upload", data=rdio_form(started, [], key="nope"), files=audio)
    assert (r.status_code, r.text.strip()) == (401, "Invalid API key.")
    bad = {"audio": ("a.m4a", b"not audio at all" * 40, "audio/mp4")}
    r = api.client.post("/api/call-upload", data=rdio_form(started, []), files=bad)
    assert r.status_code == 422 and "not a readable audio file" in r.text
    r = api.client.post("/api/call-upload", data=rdio_form(started, []))
    assert r.status_code == 400 and "no audio file" in r.text
    form = rdio_form(started, []) | {"talkgroup": "many"}
    r = api.client.post("/api/call-upload", data=form, files=audio)
    assert r.status_code == 422 and "talkgroup" in r.text


def test_an_upload_larger_than_the_cap_is_refused_unread(api: Api) -> None:
    big = {"audio": ("big.wav", b"\0" * (1024 * 1024 + 10), "audio/wav")}
    r = api.client.post("/api/call-upload", data=rdio_form(1, []), files=big)
    assert r.status_code == 413


def _meta(started: str, **extra: Any) -> str:
    body = {"system": "metro", "talkgroup": TALKGROUP, "started_at": started}
    body["sources"] = [{"radio": 4513, "offset_s": 0.0}]
    return json.dumps(body | extra)


def test_the_plain_upload_takes_a_recorders_key_or_a_centre_administrator(
    api: Api, files: dict[str, Path]
) -> None:
    data = files["wav"].read_bytes()
    started = now_utc().isoformat()
    r = api.client.post(
        "/api/v1/radio/transmissions",
        data={"metadata": _meta(started)},
        files={"audio": ("call.wav", data, "audio/wav")},
        headers={"X-Recorder-Key": RECORDER_KEY},
    )
    assert r.status_code == 200, r.text
    taken = r.json()
    assert taken["duplicate"] is False and taken["transmission"].startswith("rec1-1001-")
    t = api.runtime.engine.state.radio.transmissions[taken["transmission"]]
    assert (t.audio_format, t.sources[0]["unit"], t.recorder) == ("wav", "1A13", "rec1")
    # a centre administrator uploads by hand, naming the recorder
    r = api.client.post(
        "/api/v1/radio/transmissions",
        data={"metadata": _meta(started, recorder="desk")},
        files={"audio": ("call.wav", data, "audio/wav")},
        headers=api.headers(CENTRE_ADMIN),
    )
    assert r.status_code == 200, r.text
    assert api.runtime.engine.state.radio.transmissions[r.json()["transmission"]].recorder == "desk"
    # a dispatcher may not; nobody at all is 401
    r = api.client.post(
        "/api/v1/radio/transmissions",
        data={"metadata": _meta(started, recorder="desk")},
        files={"audio": ("call.wav", data, "audio/wav")},
        headers=api.headers("disp1"),
    )
    assert r.status_code == 403
    r = api.client.post(
        "/api/v1/radio/transmissions",
        data={"metadata": _meta(started)},
        files={"audio": ("call.wav", data, "audio/wav")},
    )
    assert r.status_code == 401


def test_audio_is_served_to_readers_and_flagged_when_altered(
    api: Api, files: dict[str, Path]
) -> None:
    data = files["mp3"].read_bytes()
    started = now_utc().replace(second=5).isoformat()
    r = api.client.post(
        "/api/v1/radio/transmissions",
        data={"metadata": _meta(started, talkgroup=4242)},
        files={"audio": ("x.mp3", data, "audio/mpeg")},
        headers={"X-Recorder-Key": RECORDER_KEY},
    )
    ident = r.json()["transmission"]
    t = api.runtime.engine.state.radio.transmissions[ident]
    assert (t.channel, t.agency) == (None, None)  # an unconfigured talkgroup: the centre's
    got = api.client.get(
        f"/api/v1/radio/transmissions/{ident}/audio", headers=api.headers(CENTRE_ADMIN)
    )
    assert got.status_code == 200 and got.content == data
    assert got.headers["content-type"] == "audio/mpeg" and got.headers["x-audio-verified"] == "true"
    assert api.get("disp1", f"/radio/transmissions/{ident}/audio").status_code == 404  # not MPD's
    assert api.get("crew1a12", f"/radio/transmissions/{ident}/audio").status_code == 403
    path = api.runtime.radio.store.path(t.audio_sha256)
    path.chmod(0o644)
    path.write_bytes(data[:-10] + b"0123456789")
    got = api.client.get(
        f"/api/v1/radio/transmissions/{ident}/audio", headers=api.headers(CENTRE_ADMIN)
    )
    assert got.headers["x-audio-verified"] == "false"
    detail = api.client.get(
        f"/api/v1/radio/transmissions/{ident}", headers=api.headers(CENTRE_ADMIN)
    )
    assert detail.json()["audio_verified"] is False
