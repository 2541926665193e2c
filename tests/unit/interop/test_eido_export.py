"""Every exported EIDO validates, names only members the schema defines, and links up."""

from __future__ import annotations

from typing import Any

import pytest

from tenfour.domain import commands as c
from tenfour.interop import eido_schema
from tenfour.interop.eido_export import MAX_BYTES, ExportError, export_incident
from tenfour.interop.eido_ids import canonical, digest
from tests.unit.domain.world import MPD_CALLTAKER
from tests.unit.interop.scene import MPD, scenario_world, varied_world


def _ids_and_refs(node: Any, ids: set[str], refs: set[str]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$id" and isinstance(value, str):
                ids.add(value)
            elif key == "$ref" and isinstance(value, str):
                refs.add(value)
            else:
                _ids_and_refs(value, ids, refs)
    elif isinstance(node, list):
        for value in node:
            _ids_and_refs(value, ids, refs)


def _check(document: dict[str, Any]) -> None:
    assert [str(p) for p in eido_schema.problems(document)] == []
    assert eido_schema.unknown_members(document) == {}
    ids: set[str] = set()
    refs: set[str] = set()
    _ids_and_refs(document, ids, refs)
    assert refs <= ids, f"dangling references: {refs - ids}"
    assert len(canonical(document)) <= MAX_BYTES


def test_the_scenario_incident_exports_every_component() -> None:
    w, incident = scenario_world()
    doc = export_incident(w.state, incident, MPD)
    _check(doc)
    for member in (
        "incidentComponent",
        "callComponent",
        "callbackComponent",
        "locationComponent",
        "personComponent",
        "vehicleComponent",
        "notesComponent",
        "emergencyResourceComponent",
        "dispatchComponent",
        "agencyComponent",
        "agentComponent",
    ):
        assert doc.get(member), member
    inc = doc["incidentComponent"]
    assert inc["incidentTypeCommonRegistryText"] == "ASSIST"
    assert inc["$id"] == "urn:emergency:uid:incidentid:2026-000001:cad.mpd.test"
    assert {"ABC-123"} == {
        i["identificationId"][0]["value"]
        for v in doc["vehicleComponent"]
        for i in v["ncVehicleComponent"]["identification"]
    }
    notes = " ".join(n["notesActionComments"] for n in doc["notesComponent"])
    assert "NO UNITS WILL RESPOND" in notes and "ASSISTANCE REQUEST FED -&gt; MPD" in notes
    statuses = {
        r["emergencyResourceName"]: r["secondaryUnitStatusRegistryText"]
        for r in doc["emergencyResourceComponent"]
    }
    assert statuses == {"1A12": ["Cleared"], "1A13": ["Dispatched", "Assigned"]}
    agencies = {a["$id"]: a["agencyRoleDescriptionRegistryText"] for a in doc["agencyComponent"]}
    assert (
        "Assisting" in agencies["urn:tenfour:agency:MPD"] and "urn:tenfour:agency:FED" in agencies
    )


def test_restricted_bulletins_never_leave_the_centre() -> None:
    w, incident = scenario_world()
    text = canonical(export_incident(w.state, incident, MPD)).decode()
    assert "John Smith" in text
    persons = [
        p
        for p in export_incident(w.state, incident, MPD)["personComponent"]
        if p["personIncidentRoleRegistryText"] == ["PersonOfInterest"]
    ]
    assert [p["ncPersonComponent"]["name"][0]["personFullName"][0]["value"] for p in persons] == [
        "John Smith"
    ]


@pytest.mark.parametrize("seed", range(60))
def test_varied_incidents_all_validate(seed: int) -> None:
    w, incidents = varied_world(seed)
    for incident in incidents:
        _check(export_incident(w.state, incident, MPD))


def test_the_same_state_exports_the_same_document() -> None:
    w, incident = scenario_world()
    assert digest(export_incident(w.state, incident, MPD)) == digest(
        export_incident(w.state, incident, MPD)
    )
    w.do(MPD_CALLTAKER, c.AddRemark(incident=incident, text="more"))
    assert "more" in canonical(export_incident(w.state, incident, MPD)).decode()


def test_a_huge_incident_drops_its_oldest_notes_to_fit() -> None:
    w, incident = scenario_world()
    for n in range(40):
        w.do(MPD_CALLTAKER, c.AddRemark(incident=incident, text=f"remark {n} " + "y" * 3000))
    doc = export_incident(w.state, incident, MPD)
    _check(doc)
    assert "earlier notes left out" in doc["notesComponent"][-1]["notesActionComments"]


def test_an_unknown_incident_is_an_export_error() -> None:
    w, _ = scenario_world()
    with pytest.raises(ExportError):
        export_incident(w.state, "2026-999999", MPD)


def test_validation_gives_the_same_answer_on_repeat() -> None:
    w, incident = scenario_world()
    doc = export_incident(w.state, incident, MPD)
    assert eido_schema.problems(doc) == eido_schema.problems(doc) == []
