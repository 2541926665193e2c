"""The stand-down scenario (shared/design/scenario-stand-down.md) with radio: the dispatcher's
voice relay of the chief's order and each unit's spoken acknowledgment arrive as transmissions
from a watched trunk-recorder folder, are attributed to the right units, transcribed offline,
proposed beside the directive, and stand on the incident's verified timeline beside the
directive and the clearances - and in the records officer's PDF."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from tenfour.cli.main import app
from tenfour.domain import commands as c
from tenfour.radio.transcribe import Transcriber
from tenfour.radio.watch import CallFolder
from tenfour.sim.recorder import Call, Line, write_call
from tests.integration.api.test_scenario import (
    ASSIGNED,
    STAND_DOWN,
    payload,
    step2_calls,
    step4_dispatch,
    step5_directive,
    step6_stand_down,
)
from tests.integration.api.world import Api, make_settings, running_api
from tests.radio_support import TALKGROUP, now_utc, radio_commands

CONSOLE_RADIO = 9001  # the dispatcher's console: in no unit
RELAY = "All units, no units will respond to Mannerheimintie 1, by order of the chief of patrol"
ACKS = {
    4512: "Adam 12 copy, standing down",
    4513: "Adam 13 copy",
    4514: "Adam 14 copy, standing down",
}
DRAIN_S = 120.0  # a bound for a stuck worker, not a timing expectation


@pytest.fixture
def api(tmp_path: Path, transcriber: Transcriber) -> Iterator[Api]:
    with running_api(make_settings(tmp_path / "db"), transcriber=transcriber) as api:
        for command in radio_commands():
            api.system(command)
        api.system(c.SetCentreEntry(section="radio_id", key="4514", value={"unit": "1A14"}))
        console = {"label": "MPD dispatch"}  # the dispatcher's console radio: in no unit
        api.system(c.SetCentreEntry(section="radio_id", key=str(CONSOLE_RADIO), value=console))
        yield api


def _radio_traffic(root: Path) -> None:
    """The relay and 1A12's answer on one call (one conversation on the talkgroup), then
    1A13 and 1A14 each on a call of their own: as trunk-recorder concludes them."""
    start = now_utc() + timedelta(seconds=1)
    first = (Line(CONSOLE_RADIO, RELAY), Line(4512, ACKS[4512]))
    calls = [Call(TALKGROUP, first, start, short_name="metro", number=1)]
    for n, radio in enumerate((4513, 4514), start=2):
        at = start + timedelta(seconds=10 * n)
        calls.append(Call(TALKGROUP, (Line(radio, ACKS[radio]),), at, short_name="metro", number=n))
    for call in calls:
        write_call(root, call)


def _take_and_hear(api: Api, root: Path) -> list[str]:
    folder = CallFolder(api.runtime.radio, "rec1", root, settle_s=0)
    outcomes = api.client.portal.call(folder.scan)  # type: ignore[union-attr]
    assert [o.reason for o in outcomes] == [None, None, None]
    worker = api.runtime.transcription
    assert worker is not None
    api.client.portal.call(worker.drained, DRAIN_S)  # type: ignore[union-attr]
    return [o.taken.transmission for o in outcomes]  # type: ignore[union-attr]


def _check_state(api: Api, incident: str, directive: str, idents: list[str]) -> None:
    radio = api.runtime.engine.state.radio
    assert [t.id for t in radio.of_incident(incident)] == idents
    units = [radio.transmissions[t].units for t in idents]
    assert units == [["1A12"], ["1A13"], ["1A14"]]  # the console's radio is in no unit
    relay = radio.transmissions[idents[0]]
    assert [s["radio"] for s in relay.sources] == [CONSOLE_RADIO, 4512]
    assert all(radio.transmissions[t].transcripts for t in idents)
    proposals = [p for p in radio.proposals.values() if p.transmission == idents[0]]
    kinds = {(p.kind, p.unit, p.incident, p.directive) for p in proposals}
    # the dispatcher's turn is the relay of the order in force; tiny.en hears it well enough
    assert ("no_units_respond", None, incident, directive) in kinds, relay.text


def _check_timeline(api: Api, incident: str, idents: list[str]) -> dict[str, Any]:
    timeline = api.get("rec1", f"/incidents/{incident}/timeline").json()
    assert timeline["verification"]["verified"]
    radio = timeline["radio"]
    assert [r["transmission"] for r in radio] == idents
    assert radio[0]["speaker"] == f"MPD dispatch (radio {CONSOLE_RADIO}), 1A12 (radio 4512)"
    assert [r["speaker"] for r in radio[1:]] == ["1A13 (radio 4513)", "1A14 (radio 4514)"]
    assert all(r["audio"] == "verified" and r["transcripts"] for r in radio)
    types = [e["type"] for e in timeline["entries"]]
    assert types.count("TransmissionRecorded") == 3 and types.count("UnitCleared") == 3
    assert "DirectiveIssued" in types and "RadioPhraseProposed" in types
    return dict(timeline)


def _records_pdf(db: Path, incident: str, out: Path) -> str:
    args = ["timeline", incident, "--db", str(db), "--no-key", "--format", "pdf", "--out", str(out)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_stand_down_with_radio(api: Api, tmp_path: Path) -> None:
    incident = step2_calls(api)
    out = api.ok("fedcad", "/assistance-requests",
                 {"incident": incident, "to_agency": "MPD", "what": "crowd control"})  # fmt: skip
    request = str(payload(out, "AssistanceRequested")["request"])
    step4_dispatch(api, incident)
    directive = step5_directive(api, incident)
    _radio_traffic(tmp_path / "calls")  # the relay by voice, then each unit's answer
    idents = _take_and_hear(api, tmp_path / "calls")
    step6_stand_down(api, incident, directive, request)  # the clearances in the CAD
    _check_state(api, incident, directive, idents)
    timeline = _check_timeline(api, incident, idents)
    text = _records_pdf(tmp_path / "db" / "tenfour.db", incident, tmp_path / "t.pdf")
    assert "Radio (3 transmissions)" in text
    for speaker in ("1A12 (radio 4512)", "1A13 (radio 4513)", "1A14 (radio 4514)"):
        assert speaker in text
    assert STAND_DOWN in text and ASSIGNED[0] in text
    heard = timeline["radio"][0]["transcripts"][0]["text"]
    assert heard.split()[0] in text  # the machine's words are in the PDF
    print(json.dumps([r["line"] for r in timeline["radio"]], indent=1))
