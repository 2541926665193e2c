"""A partner never overwrites a local incident: it touches only what was shared with it, and its
differing type, priority or location becomes a proposal a dispatcher accepts or rejects."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tenfour.domain import commands as c
from tenfour.domain.actors import Actor, Role
from tenfour.domain.codec import to_data
from tenfour.domain.errors import Reason, Rejected
from tenfour.domain.partner_scope import partner_refusal, shared_with
from tenfour.interop.eido_export import export_incident
from tenfour.interop.eido_ids import note_html
from tenfour.interop.eido_import import check, to_command
from tests.unit.domain.world import MPD_CALLTAKER, MPD_DISPATCHER, World, new_incident
from tests.unit.interop.scene import FED, FED_CAD, MPD, MPD_CAD, base_world, scenario_world


def _hostile_copy(w: World, incident: str) -> dict[str, Any]:
    """Our own incident's EIDO, rewritten the way the reported attack did."""
    doc = export_incident(w.state, incident, MPD)
    inc = doc["incidentComponent"]
    inc["incidentTypeCommonRegistryText"], inc["incidentTypeInternalCode"] = "WELFARE", "x"
    inc["incidentCommonPriorityNumber"] = 5
    place = next(
        p for p in doc["locationComponent"] if p["$id"] == inc["locationReference"][0]["$ref"]
    )
    place["locationDescriptionText"] = "Decoy Street 9"
    place.pop("locationByValue", None)
    note = dict(doc["notesComponent"][0], **{"$id": "urn:x:note"})
    note["notesActionComments"] = note_html("disregard, caller withdrew")
    doc["notesComponent"].append(note)
    inc["notesReference"].append({"$ref": "urn:x:note"})
    return doc


def _as_fed(w: World, doc: dict[str, Any]) -> list[Any]:
    return w.do(FED_CAD, to_command(check(doc), w.state, MPD, "FED", "MPD"))


def test_a_partner_cannot_touch_a_local_incident_not_shared_with_it() -> None:
    w = base_world()
    incident = new_incident(w, narrative="CALLER ON THE LINE")
    before = to_data(w.state)
    with pytest.raises(Rejected) as refused:
        _as_fed(w, _hostile_copy(w, incident))
    assert (
        refused.value.reason == Reason.FORBIDDEN
        and "may not act on incident" in refused.value.message
    )
    assert to_data(w.state) == before
    assert partner_refusal(w.state, FED_CAD, incident) is not None
    assert partner_refusal(w.state, MPD_CALLTAKER, incident) is None  # only partners are limited


def test_a_partner_may_not_send_documents_in_another_agencys_name() -> None:
    w = base_world()
    incident = new_incident(w, narrative="CALLER ON THE LINE")
    w.do(MPD_DISPATCHER, c.RequestAssistance(incident=incident, to_agency="FED", what="help"))
    command = to_command(check(_hostile_copy(w, incident)), w.state, MPD, "MFD", "MPD")
    with pytest.raises(Rejected, match="sends documents as FED"):
        w.do(FED_CAD, command)


def test_on_a_shared_local_incident_a_partner_only_proposes() -> None:
    w = base_world()
    incident = new_incident(w, narrative="CALLER ON THE LINE")
    w.do(MPD_DISPATCHER, c.RequestAssistance(incident=incident, to_agency="FED", what="help"))
    assert shared_with(w.state, incident, "FED") and not shared_with(w.state, incident, "MFD")
    events = _as_fed(w, _hostile_copy(w, incident))
    here = w.state.incidents[incident]
    assert (here.type_code, here.priority, here.location.address) == (
        "assist_other_agency",
        1,
        "Mannerheimintie 1",
    )
    types = [e.TYPE for e in events]
    assert "IncidentReclassified" not in types and "IncidentRelocated" not in types
    proposed = next(e for e in events if e.TYPE == "IncidentChangeProposed")
    assert (proposed.type_code, proposed.priority, proposed.address) == (
        "welfare_check",
        5,
        "Decoy Street 9",
    )
    remarks = [w.state.remarks[r] for r in here.remark_ids]
    assert any("disregard" in r.text and r.author == "partner:FED" for r in remarks)
    assert [p.id for p in w.state.interop.open_proposals(incident)] == ["PR1"]


def test_the_same_document_again_proposes_nothing_new() -> None:
    w = base_world()
    incident = new_incident(w, narrative="CALLER ON THE LINE")
    w.do(MPD_DISPATCHER, c.RequestAssistance(incident=incident, to_agency="FED", what="help"))
    doc = _hostile_copy(w, incident)
    _as_fed(w, doc)
    again = _as_fed(w, copy.deepcopy(doc))
    assert "IncidentChangeProposed" not in [e.TYPE for e in again]


def test_a_dispatcher_accepts_or_rejects_a_proposal() -> None:
    w = base_world()
    incident = new_incident(w, narrative="CALLER ON THE LINE")
    w.do(MPD_DISPATCHER, c.RequestAssistance(incident=incident, to_agency="FED", what="help"))
    _as_fed(w, _hostile_copy(w, incident))
    with pytest.raises(Rejected) as refused:
        w.do(FED_CAD, c.AcceptProposal(proposal="PR1"))
    assert refused.value.reason == Reason.FORBIDDEN
    events = w.do(MPD_DISPATCHER, c.AcceptProposal(proposal="PR1", reason="checked"))
    assert [e.TYPE for e in events][:3] == [
        "ProposalAccepted",
        "IncidentReclassified",
        "IncidentRelocated",
    ]
    here = w.state.incidents[incident]
    assert (here.priority, here.location.address, here.location.verified) == (
        5,
        "Decoy Street 9",
        False,
    )
    with pytest.raises(Rejected, match="already accepted"):
        w.do(MPD_DISPATCHER, c.RejectProposal(proposal="PR1", reason="too late"))


def test_a_rejected_proposal_leaves_the_incident_and_a_newer_one_supersedes() -> None:
    w = base_world()
    incident = new_incident(w, narrative="CALLER ON THE LINE")
    w.do(MPD_DISPATCHER, c.RequestAssistance(incident=incident, to_agency="FED", what="help"))
    doc = _hostile_copy(w, incident)
    _as_fed(w, doc)
    doc["incidentComponent"]["incidentCommonPriorityNumber"] = 4
    _as_fed(w, doc)
    assert w.state.interop.proposals["PR1"].status == "superseded"
    w.do(MPD_DISPATCHER, c.RejectProposal(proposal="PR2", reason="caller still on the line"))
    assert w.state.incidents[incident].priority == 1
    assert w.state.interop.proposals["PR2"].status == "rejected"


def test_a_partners_own_incident_follows_it_until_we_change_a_value() -> None:
    sent, incident = scenario_world()
    w = base_world()
    doc = export_incident(sent.state, incident, MPD)
    w.do(MPD_CAD, to_command(check(doc), w.state, FED, "MPD", "FED"))
    local = "2026-000001"
    w.do(
        Actor("fed-dispatcher", Role.DISPATCHER, "FED"),  # ours: the incident is FED's here
        c.RelocateIncident(incident=local, address="Our Correction 1", lat=60.2, lon=24.9),
    )
    changed = copy.deepcopy(doc)
    changed["incidentComponent"]["incidentCommonPriorityNumber"] = 3
    loc = changed["locationComponent"][0]
    loc["locationDescriptionText"] = "Their New Place 2"
    events = w.do(MPD_CAD, to_command(check(changed), w.state, FED, "MPD", "FED"))
    types = [e.TYPE for e in events]
    assert "IncidentReclassified" in types  # theirs, and nobody here changed it
    assert w.state.incidents[local].location.address == "Our Correction 1"
    assert w.state.interop.open_proposals(local)[0].address == "Their New Place 2"


def test_a_partner_acknowledges_only_what_was_sent_to_it() -> None:
    w = base_world()
    incident = new_incident(w, narrative="CALLER ON THE LINE")
    w.do(MPD_DISPATCHER, c.RequestAssistance(incident=incident, to_agency="FED", what="help"))
    with pytest.raises(Rejected) as refused:
        w.do(MPD_CAD, c.AcknowledgeDelivery(request="AR1", message="request"))
    assert refused.value.reason == Reason.FORBIDDEN


def test_a_partner_asks_only_on_its_own_behalf() -> None:
    w = base_world()
    incident = new_incident(w, narrative="CALLER ON THE LINE")
    with pytest.raises(Rejected, match="may not act on the requests of"):
        w.do(
            FED_CAD,
            c.RequestAssistance(incident=incident, to_agency="MPD", what="x", from_agency="MFD"),
        )


def test_a_journaled_nonce_is_refused_the_second_time() -> None:
    w = base_world()
    w.do(FED_CAD, c.RecordPartnerNonce(partner="FED", nonce="n" * 32, signed_at=1, path="/p"))
    with pytest.raises(Rejected, match="already used"):
        w.do(FED_CAD, c.RecordPartnerNonce(partner="FED", nonce="n" * 32, signed_at=2, path="/p"))
    with pytest.raises(Rejected):
        w.do(FED_CAD, c.RecordPartnerNonce(partner="MPD", nonce="m" * 32, signed_at=2, path="/p"))
