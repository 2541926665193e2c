"""EIDO in: checked first (first problem named, size limit), then one command, all or nothing."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from tenfour.domain import commands as c
from tenfour.domain.codec import to_data
from tenfour.domain.errors import Rejected
from tenfour.domain.events import ExternalDocumentReceived
from tenfour.interop.eido_export import export_incident
from tenfour.interop.eido_ids import note_html
from tenfour.interop.eido_import import MAX_BYTES, ImportRejected, check, to_command
from tests.unit.domain.world import World
from tests.unit.interop.scene import FED, MPD, MPD_CAD, base_world, scenario_world


def _sent() -> dict[str, Any]:
    w, incident = scenario_world()
    return export_incident(w.state, incident, MPD)


def _take(w: World, document: dict[str, Any]) -> list[Any]:
    command = to_command(check(document), w.state, FED, "MPD", "FED")
    return w.do(MPD_CAD, command)


def test_an_eido_opens_an_incident_with_its_calls_notes_and_parties() -> None:
    w = base_world()
    events = _take(w, _sent())
    incident = w.state.incidents["2026-000001"]
    assert incident.type_code == "assist_other_agency" and incident.priority == 1
    assert (incident.location.lat, incident.location.lon, incident.location.verified) == (
        60.1699,
        24.9384,
        False,
    )
    calls = [w.state.calls[x] for x in incident.call_ids]
    assert [(x.ani, x.caller_name) for x in calls] == [
        ("+358401234567", "A Caller"),
        ("5550100", "Second Caller"),
    ]
    texts = [w.state.remarks[r].text for r in incident.remark_ids]
    assert any("FEDERAL OFFICERS" in t for t in texts)
    assert any(t.startswith("VEHICLE (InvolvedVehicle) from MPD: ABC-123") for t in texts)
    assert any(t.startswith("UNIT 1A13 of MPD") for t in texts)
    received = events[-1]
    assert isinstance(received, ExternalDocumentReceived) and received.purpose == "import"
    assert received.document["incidentComponent"]["$id"] == received.external_id
    assert w.log[-1][2] == MPD_CAD


def test_unknown_members_are_kept_verbatim_on_the_record() -> None:
    w = base_world()
    doc = _sent()
    doc["vendorX"] = {"nested": [1, "two", None]}
    doc["incidentComponent"]["colour"] = "red"
    received = _take(w, doc)[-1]
    assert received.unknown_members == {
        "/vendorX": {"nested": [1, "two", None]},
        "/incidentComponent/colour": "red",
    }
    assert received.document["vendorX"] == {"nested": [1, "two", None]}


def test_the_same_incident_again_updates_only_what_is_new() -> None:
    w = base_world()
    doc = _sent()
    _take(w, doc)
    remarks = len(w.state.remarks)
    again = copy.deepcopy(doc)
    note = dict(
        again["notesComponent"][0],
        **{"$id": "urn:new-note", "notesActionComments": note_html("CROWD MOVING NORTH")},
    )
    again["notesComponent"].append(note)
    again["incidentComponent"]["notesReference"].append({"$ref": "urn:new-note"})
    events = _take(w, again)
    assert [e.TYPE for e in events] == ["RemarkAdded", "ExternalDocumentReceived"]
    assert events[-1].purpose == "update" and len(w.state.remarks) == remarks + 1
    assert len(w.state.incidents) == 1


def test_a_partner_reclassification_is_followed_but_not_repeated() -> None:
    w = base_world()
    doc = _sent()
    _take(w, doc)
    changed = copy.deepcopy(doc)
    changed["incidentComponent"]["incidentTypeCommonRegistryText"] = "CRWD"
    changed["incidentComponent"]["incidentTypeInternalCode"] = "crowd"
    types = [e.TYPE for e in _take(w, changed)]
    assert "IncidentReclassified" in types and w.state.incidents["2026-000001"].type_code == "crowd"
    assert "IncidentReclassified" not in [e.TYPE for e in _take(w, changed)]


def test_our_own_incident_coming_back_updates_it() -> None:
    w, incident = scenario_world()
    doc = export_incident(w.state, incident, MPD)
    command = to_command(check(doc), w.state, MPD, "FED", "MPD")
    assert command.incident == incident


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d.pop("eidoVersion"), "/: 'eidoVersion' is a required property"),
        (lambda d: d.update(eidoVersion="9.9"), "/eidoVersion: '9.9' is not one of ['1.0']"),
        (
            lambda d: d["callComponent"][0].update(callStartTimestamp="soon"),
            "/callComponent/0/callStartTimestamp: 'soon' is not a 'date-time'",
        ),
        (
            lambda d: d["callComponent"][0].update(direction="sideways"),
            "/callComponent/0/direction: 'sideways' is not one of",
        ),
        (
            lambda d: (d.pop("incidentComponent"), d.pop("callComponent")),
            "neither an incidentComponent nor a call",
        ),
        (
            lambda d: d["incidentComponent"]["notesReference"].append({"$ref": "urn:nowhere"}),
            "$ref 'urn:nowhere' names no component",
        ),
    ],
)
def test_an_invalid_document_is_refused_naming_its_first_problem(
    mutate: Any, expected: str
) -> None:
    doc = _sent()
    mutate(doc)
    with pytest.raises(ImportRejected) as refused:
        check(doc)
    assert expected in refused.value.message and refused.value.status == 422


def test_a_document_over_65536_bytes_is_refused_with_413() -> None:
    doc = _sent()
    doc["notesComponent"][0]["notesActionComments"] = "z" * MAX_BYTES
    with pytest.raises(ImportRejected) as refused:
        check(doc)
    assert refused.value.status == 413 and "65,536" in refused.value.message


@pytest.mark.parametrize("raw", [b"{not json", b"[1, 2]", "\u00e9".encode("latin-1")])
def test_non_json_is_refused(raw: bytes) -> None:
    with pytest.raises(ImportRejected):
        check(raw)


def test_nothing_is_half_imported() -> None:
    w = base_world()
    doc = _sent()
    doc["callComponent"][1]["answerDate"] = "2000-01-01T00:00:00Z"  # before the call began
    before = json.dumps(to_data(w.state), sort_keys=True)
    with pytest.raises(Rejected) as refused:
        _take(w, doc)
    assert "answered_at" in refused.value.message  # out of range, hence before the call too
    assert json.dumps(to_data(w.state), sort_keys=True) == before


def test_long_notes_become_several_remarks() -> None:
    w = base_world()
    doc = _sent()
    doc["notesComponent"][0]["notesActionComments"] = "w" * 9000
    _take(w, doc)
    parts = [r.text for r in w.state.remarks.values() if r.text.startswith("w")]
    assert len(parts) == 3 and parts[0].endswith("(1/3)")


def test_a_human_may_import_as_well_and_a_unit_may_not() -> None:
    from tests.unit.domain.world import MPD_CALLTAKER, unit_actor

    w = base_world()
    command = to_command(check(_sent()), w.state, FED, "cad.mpd.test", "MPD")
    assert w.do(MPD_CALLTAKER, command)[-1].TYPE == "ExternalDocumentReceived"
    with pytest.raises(Rejected):
        w.do(unit_actor("1A12"), c.ImportIncident(**{**command.__dict__, "external_id": "other"}))
