"""A watched trunk-recorder call folder: each call taken once, a call still being written left
for later, a bad call set aside with its reason - and the server goes on."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from tenfour.radio.watch import LEDGER, REJECTED, CallFolder
from tests.integration.api.world import Api, make_settings, running_api
from tests.radio_support import now_utc, radio_commands, recording, trunk_recorder_call


@pytest.fixture
def api(tmp_path: Path) -> Iterator[Api]:
    with running_api(make_settings(tmp_path / "db")) as api:
        for command in radio_commands():
            api.system(command)
        api.as_super("dispatcher", "/units/1A12/dispatch", {"incident": _incident(api)})
        yield api


def _incident(api: Api) -> str:
    body = {"type_code": "disturbance", "priority": 2, "address": "Mannerheimintie 1"}
    return str(api.as_super("call_taker", "/incidents", body)["events"][0]["payload"]["incident"])


def test_calls_in_trunk_recorders_layout_are_taken_once(api: Api, tmp_path: Path) -> None:
    root = tmp_path / "calls"
    clock = [time.time()]
    folder = CallFolder(api.runtime.radio, "rec1", root, settle_s=2.0, clock=lambda: clock[0])
    m4a, wav = recording(tmp_path / "rec", "m4a"), recording(tmp_path / "rec", "wav")
    started = now_utc() + timedelta(seconds=1)  # after 1A12 was dispatched
    trunk_recorder_call(root, m4a, started, 4512, 4513)
    trunk_recorder_call(root, wav, started + timedelta(seconds=5), 4513)
    assert api.client.portal.call(folder.scan) == []  # just written: not settled yet  # type: ignore[union-attr]
    clock[0] += 10
    outcomes = api.client.portal.call(folder.scan)  # type: ignore[union-attr]
    assert [o.reason for o in outcomes] == [None, None]
    radio = api.runtime.engine.state.radio
    first = radio.transmissions[outcomes[0].taken.transmission]  # type: ignore[union-attr]
    assert [s["unit"] for s in first.sources] == ["1A12", "1A13"]
    assert first.incidents and first.system == "metro" and first.frequency_hz == 851012500
    assert (root / LEDGER).read_text().count("\n") == 2
    assert api.client.portal.call(folder.scan) == []  # type: ignore[union-attr]
    # a restart forgets nothing: the ledger (and the engine's command ids) keep it once
    again = CallFolder(api.runtime.radio, "rec1", root, settle_s=0)
    assert api.client.portal.call(again.scan) == []  # type: ignore[union-attr]
    assert len(radio.transmissions) == 2


def test_a_half_written_call_waits_and_a_bad_one_is_set_aside(api: Api, tmp_path: Path) -> None:
    root = tmp_path / "calls"
    folder = CallFolder(api.runtime.radio, "rec1", root, settle_s=0)
    m4a = recording(tmp_path / "rec", "m4a")
    meta, audio = trunk_recorder_call(root, m4a, now_utc() - timedelta(seconds=60), 4512)
    audio.unlink()  # the JSON is there, the audio not yet
    assert api.client.portal.call(folder.scan) == []  # type: ignore[union-attr]
    bad_meta, bad_audio = trunk_recorder_call(root, m4a, now_utc() - timedelta(seconds=50), 4512)
    bad_audio.write_bytes(b"truncated" * 10)
    broken, _ = trunk_recorder_call(root, m4a, now_utc() - timedelta(seconds=40), 4512)
    broken.write_text('{"talkgroup": 1001, "start_ti')
    outcomes = api.client.portal.call(folder.scan)  # type: ignore[union-attr]
    reasons = sorted(o.reason or "" for o in outcomes)
    assert "not a readable audio file" in reasons[0] or "not a readable audio file" in reasons[1]
    assert any("does not parse" in r for r in reasons)
    aside = list((root / REJECTED).rglob("*.reason.txt"))
    assert len(aside) == 2 and not bad_meta.exists() and not broken.exists()
    assert api.runtime.engine.state.radio.transmissions == {}
    # the audio arrives: the waiting call is taken
    audio.write_bytes(m4a.read_bytes())
    outcomes = api.client.portal.call(folder.scan)  # type: ignore[union-attr]
    assert [o.reason for o in outcomes] == [None]
    assert meta.exists()  # the recorder's own archive is left as it was


def test_a_recorders_old_archive_is_not_walked(api: Api, tmp_path: Path) -> None:
    root = tmp_path / "calls"
    m4a = recording(tmp_path / "rec", "m4a")
    meta, _ = trunk_recorder_call(root, m4a, now_utc() - timedelta(days=3), 4512)
    old = time.time() - 3 * 86_400
    for folder in [meta.parent, *meta.parent.parents]:
        if folder == root:
            break
        os.utime(folder, (old, old))
    folder = CallFolder(api.runtime.radio, "rec1", root, settle_s=0)
    assert api.client.portal.call(folder.scan) == []  # type: ignore[union-attr]
    fresh = CallFolder(api.runtime.radio, "rec1", root, settle_s=0, recent_s=10 * 86_400)
    assert [o.reason for o in api.client.portal.call(fresh.scan)] == [None]  # type: ignore[union-attr]


def test_serve_watches_the_folders_its_settings_name(tmp_path: Path) -> None:
    root = tmp_path / "calls"
    root.mkdir()
    settings = make_settings(tmp_path / "db", radio_watch=f"rec1={root}")
    with running_api(settings) as api:
        for command in radio_commands():
            api.system(command)
        m4a = recording(tmp_path / "rec", "m4a")
        meta, audio = trunk_recorder_call(root, m4a, now_utc() - timedelta(seconds=30), 4512)
        settled = time.time() - 10
        for path in (meta, audio):
            os.utime(path, (settled, settled))
        radio = api.runtime.engine.state.radio
        deadline = time.monotonic() + 30
        while not radio.transmissions and time.monotonic() < deadline:
            time.sleep(0.2)  # the watch polls every second on the server's own loop
        [found] = radio.transmissions.values()
        assert found.recorder == "rec1" and found.sources[0]["unit"] == "1A12"


def test_a_recorder_the_centre_does_not_name_takes_nothing_and_sets_nothing_aside(
    api: Api, tmp_path: Path
) -> None:
    root = tmp_path / "calls"
    meta, audio = trunk_recorder_call(root, recording(tmp_path / "rec", "wav"), now_utc(), 4512)
    stranger = CallFolder(api.runtime.radio, "rec9", root, settle_s=0)
    assert api.client.portal.call(stranger.scan) == []  # type: ignore[union-attr]
    assert not (root / REJECTED).exists() and not (root / LEDGER).exists()
    assert meta.exists() and audio.exists() and not api.runtime.engine.state.radio.transmissions
    # configured later, the same folder's call is taken as it was left
    known = CallFolder(api.runtime.radio, "rec1", root, settle_s=0)
    assert [o.reason for o in api.client.portal.call(known.scan)] == [None]  # type: ignore[union-attr]
