"""One check for every way an EIDO comes in: what it passes can be imported, what it refuses is
a 422 naming why (never a program error later), and a call transfer (no incidentComponent)
is taken in.

The NENA sample ``tests/fixtures/eido/Sample call transfer EIDO.json`` is NENA's own
(github.com/NENA911/EIDO-JSON, Samples/, commit c83c21be8732f6d3d724448fefd0d61a561d808f).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tenfour.domain import commands as c
from tenfour.domain.events import CallAdded, ExternalDocumentReceived, IncidentCreated
from tenfour.interop.eido_export import export_incident
from tenfour.interop.eido_import import ImportRejected, check, to_command
from tests.unit.domain.world import MPD_CALLTAKER, World
from tests.unit.interop.scene import MPD, base_world, scenario_world

SAMPLE = Path(__file__).parents[2] / "fixtures" / "eido" / "Sample call transfer EIDO.json"


def _sample_world() -> World:
    """Our CAD at the moment the sample's transfer arrives: a minute after its call rang (a
    client's call times must lie near the server's clock)."""
    w = base_world()
    w.clock = datetime(2021, 4, 30, 18, 41, tzinfo=UTC)
    return w


def _sent() -> dict[str, Any]:
    w, incident = scenario_world()
    return export_incident(w.state, incident, MPD)


def _refused(raw: bytes) -> ImportRejected:
    with pytest.raises(ImportRejected) as refused:
        check(raw)
    assert refused.value.status == 422
    return refused.value


def test_the_nena_call_transfer_sample_opens_an_incident_with_its_call() -> None:
    checked = check(SAMPLE.read_bytes())
    w = _sample_world()
    command = to_command(checked, w.state, MPD, "idx.state.pa.us", "MPD")
    events = w.do(MPD_CALLTAKER, command)
    created = next(e for e in events if isinstance(e, IncidentCreated))
    call = next(e for e in events if isinstance(e, CallAdded))
    assert created.address == "42 W Cellular Street, Wilmington, DE"
    assert call.ani == "8195551212" and call.received_at.startswith("2021-04-30T18:40:00")
    received = events[-1]
    assert isinstance(received, ExternalDocumentReceived)
    assert received.external_id == "urn:emergency:uid:incidentid:a56e556d871:bcf.state.pa.us"


def test_a_second_transfer_of_the_same_incident_lands_on_it() -> None:
    w = _sample_world()
    doc = json.loads(SAMPLE.read_bytes())
    first = w.do(MPD_CALLTAKER, to_command(check(doc), w.state, MPD, "idx", "MPD"))
    opened = next(e for e in first if isinstance(e, IncidentCreated)).incident
    doc["callComponent"][0]["$id"] = "urn:emergency:uid:callid:second:bcf.state.pa.us"
    doc["personComponent"][0]["callIdentifier"] = [doc["callComponent"][0]["$id"]]
    w.do(MPD_CALLTAKER, c.ReclassifyIncident(incident=opened, type_code="fall", priority=1))
    events = w.do(MPD_CALLTAKER, to_command(check(doc), w.state, MPD, "idx", "MPD"))
    assert len(w.state.incidents) == 1 and [type(e) for e in events][:1] == [CallAdded]
    assert "IncidentChangeProposed" not in [e.TYPE for e in events]  # a transfer brings calls


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ('{"eidoVersion": NaN}', "NaN is not a JSON value"),
        ('{"eidoVersion": Infinity}', "Infinity is not a JSON value"),
        ('{"a": 1, "a": 2}', "appears twice"),
        ('{"n": 18446744073709551616}', "out of range"),
        ("[" * 1000 + "]" * 1000, "nests deeper"),
        ('{"x":' * 1000 + "1" + "}" * 1000, "nests deeper"),
    ],
)
def test_what_is_not_json_tenfour_accepts_is_refused_with_422(text: str, why: str) -> None:
    assert why in _refused(text.encode()).message


def test_a_repeated_member_inside_a_valid_eido_is_refused() -> None:
    text = json.dumps(_sent())
    text = text.replace('"eidoVersion": "1.0"', '"eidoVersion": "1.0", "eidoVersion": "1.0"')
    assert "appears twice" in _refused(text.encode()).message


def test_a_reference_written_as_a_plain_string_is_refused_by_the_check() -> None:
    doc = _sent()
    target = doc["incidentComponent"]["locationReference"][0]["$ref"]
    doc["incidentComponent"]["locationReference"] = [target]
    refused = _refused(json.dumps(doc).encode())
    assert refused.pointer == "/incidentComponent/locationReference/0"
    assert "a reference is an object" in refused.message


def test_other_whitespace_or_member_order_is_the_same_document() -> None:
    doc = _sent()
    compact = json.dumps(doc, separators=(",", ":")).encode()
    spaced = json.dumps(doc, indent=4, sort_keys=True).encode()
    a, b = check(compact), check(spaced)
    assert (a.digest, a.size_bytes) == (b.digest, b.size_bytes)
    w = base_world()
    assert to_command(a, w.state, MPD, "s", "MPD") == to_command(b, w.state, MPD, "s", "MPD")


def test_a_transfer_naming_our_incident_adds_its_call_and_proposes_nothing() -> None:
    w, incident = scenario_world()
    # The sample's call, as if it rang ten minutes before the scenario's clock (13:50Z).
    doc = json.loads(SAMPLE.read_text("utf-8").replace("2021-04-30T14:4", "2026-11-25T09:5"))
    doc["$id"] = MPD.incident_uid(incident)
    events = w.do(MPD_CALLTAKER, to_command(check(doc), w.state, MPD, "idx", "MPD"))
    types = [e.TYPE for e in events]
    assert types[0] == "CallAdded" and "IncidentChangeProposed" not in types
    assert w.state.incidents[incident].type_code == "assist_other_agency"
