"""Radio on the record, on each backend: a transmission recorded and attributed through the real
app, transcribed and corrected; its timeline (JSON, HTML, PDF); and ``tenfour audit verify
--audio`` - intact, then with the audio replaced, then with it gone."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta
from pathlib import Path

import typer
from typer.testing import CliRunner

from tenfour.cli import audit as audit_cli
from tenfour.cli import timeline as timeline_cli
from tenfour.domain.actors import TRANSCRIBER
from tenfour.engine.envelope import Envelope
from tenfour.settings import Settings
from tests.integration.api.world import Api, running_api
from tests.radio_support import RECORDER_KEY, now_utc, radio_commands, recording, transcript

cli = typer.Typer()
cli.add_typer(audit_cli.app, name="audit")
cli.command("timeline")(timeline_cli.timeline)
runner = CliRunner()


def _upload(api: Api, audio: Path) -> str:
    started = (now_utc() + timedelta(seconds=1)).isoformat()  # after 1A12 was dispatched
    meta = json.dumps(
        {"system": "metro", "talkgroup": 1001, "started_at": started}
        | {"sources": [{"radio": 4512, "offset_s": 0.0}]}
    )
    r = api.client.post(
        "/api/v1/radio/transmissions",
        data={"metadata": meta},
        files={"audio": (audio.name, audio.read_bytes(), "audio/mp4")},
        headers={"X-Recorder-Key": RECORDER_KEY},
    )
    assert r.status_code == 200, r.text
    return str(r.json()["transmission"])


def test_a_transmission_on_the_record_verifies_and_an_altered_one_fails(
    api_settings: Settings, tmp_path: Path
) -> None:
    settings = api_settings.model_copy(update={"audio_dir": tmp_path / "audio"})
    with running_api(settings) as api:
        for command in radio_commands():
            api.system(command)
        body = {"type_code": "disturbance", "priority": 2, "address": "Mannerheimintie 1"}
        incident = api.as_super("call_taker", "/incidents", body)["events"][0]["payload"][
            "incident"
        ]
        api.as_super("dispatcher", "/units/1A12/dispatch", {"incident": incident})
        ident = _upload(api, recording(tmp_path / "rec", "m4a"))
        said = transcript(ident, "1A12 en route to Mannerheimintie 1")
        result = api.client.portal.call(  # type: ignore[union-attr]
            api.runtime.engine.submit, Envelope(str(uuid.uuid4()), said, TRANSCRIBER)
        )
        assert result.accepted
        fix = {"text": "1A12 en route to Mannerheimintie 1, ETA four minutes", "reason": "listened"}
        api.ok("disp1", f"/radio/transmissions/{ident}/corrections", fix)
        timeline = api.get("rec1", f"/incidents/{incident}/timeline").json()
        sha = api.runtime.engine.state.radio.transmissions[ident].audio_sha256
    [item] = timeline["radio"]
    assert item["line"] == "1A12 (radio 4512): 1A12 en route to Mannerheimintie 1, ETA four minutes"
    assert item["struck"] == "1A12 en route to Mannerheimintie 1" and item["audio"] == "verified"
    kinds = [e["type"] for e in timeline["entries"]]
    assert kinds.index("TransmissionRecorded") > kinds.index("UnitDispatched")
    assert {"TranscriptAdded", "TranscriptCorrected"} <= set(kinds)

    base = ["audit", "verify", "--db", settings.db, "--key", str(settings.key_path)]
    audio = ["--audio", "--audio-dir", str(tmp_path / "audio")]
    ok = runner.invoke(cli, [*base, *audio])
    assert ok.exit_code == 0, ok.output
    assert "audio intact: 1 transmissions' audio present and matching" in ok.stdout

    stored = tmp_path / "audio" / sha[:2] / sha[2:4] / sha
    stored.chmod(0o644)
    stored.write_bytes(recording(tmp_path / "other", "m4a", freq=900).read_bytes())
    altered = runner.invoke(cli, [*base, *audio])
    assert altered.exit_code == 1
    assert f"transmission {ident}: audio {sha} was ALTERED" in altered.stdout
    assert runner.invoke(cli, base).exit_code == 0  # without --audio: the journal itself is intact

    html = tmp_path / "t.html"
    args = ["timeline", incident, "--db", settings.db, "--no-key", "--format", "html"]
    shown = runner.invoke(
        cli, [*args, "--out", str(html)], env={"TENFOUR_AUDIO_DIR": str(tmp_path / "audio")}
    )
    assert shown.exit_code == 0, shown.output
    page = html.read_text()
    assert (
        "AUDIO ALTERED" in page
        and '<s title="machine transcript">1A12 en route to Mannerheimintie 1</s>' in page
    )
    pdf = tmp_path / "t.pdf"
    made = runner.invoke(
        cli,
        [*args[:-1], "pdf", "--out", str(pdf)],
        env={"TENFOUR_AUDIO_DIR": str(tmp_path / "audio")},
    )
    assert made.exit_code == 0 and pdf.read_bytes().startswith(b"%PDF")

    stored.unlink()
    missing = runner.invoke(cli, [*base, *audio])
    assert missing.exit_code == 1 and "is MISSING from the store" in missing.stdout
