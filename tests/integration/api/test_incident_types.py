"""The console's type picker and the API offer the one vocabulary the public feed allows from."""

from __future__ import annotations

from tenfour.incident_types import load_vocabulary
from tests.integration.api.world import Api


def test_the_api_lists_the_vocabulary_to_any_logged_in_user(api: Api) -> None:
    assert api.client.get("/api/v1/incident-types").status_code == 401
    found = api.get("crew1a12", "/incident-types").json()
    vocabulary = load_vocabulary()
    assert [t["code"] for t in found] == list(vocabulary.types)
    fire = next(t for t in found if t["code"] == "structure_fire")
    assert fire == {
        "code": "structure_fire", "label": "Structure fire", "discipline": "fire",
        "default_priority": 1, "publishable": True, "public_label": "Structure fire",
        "eido": "FSTRU",
    }  # fmt: skip
    assert {t["code"] for t in found if t["publishable"]} == set(vocabulary.public_labels())


def test_the_call_takers_type_picker_offers_the_vocabulary(api: Api) -> None:
    page = api.client.get("/console/calltaker").text
    for code in load_vocabulary().types:
        assert f'<option value="{code}"' in page


def test_dispositions_and_timers_are_served_from_the_configuration(api: Api) -> None:
    assert api.client.get("/api/v1/dispositions").status_code == 401
    codes = [d["code"] for d in api.get("disp1", "/dispositions").json()]
    assert {"report_taken", "cancelled", "false_alarm"} <= set(codes)
    timers = api.get("disp1", "/timers").json()
    assert timers["agency"] == "MPD"
    assert "available" not in timers["units"]  # a unit simply available never alarms
    assert timers["units"]["dispatched"]["why"] == "dispatched but not en route"
    assert timers["pending"]["1"]["warn_s"] < timers["pending"]["3"]["warn_s"]
    assert "cleared" in timers["incidents"]


def test_unit_transitions_are_the_domains_table(api: Api) -> None:
    table = api.get("crew1a12", "/unit-transitions").json()
    assert table["onscene"] == ["available", "transporting"]
    assert table["available"] == ["dispatched", "outOfService"]


def test_an_unknown_type_is_refused_with_near_matches(api: Api) -> None:
    body = {"type_code": "zzqq_typo", "priority": 1, "address": "Mannerheimintie 1"}
    refused = api.post("ct1", "/incidents", body)
    assert refused.status_code == 422
    assert "unknown incident type 'zzqq_typo'" in refused.text
    near = api.post("ct1", "/incidents", {**body, "type_code": "robery"})
    assert near.status_code == 422 and "did you mean robbery" in near.text
    made = api.ok("ct1", "/incidents", {**body, "type_code": "robbery"})
    url = f"/incidents/{made['events'][0]['payload']['incident']}/reclassify"
    assert api.post("disp1", url, {"type_code": "zzqq_typo", "priority": 1}).status_code == 422


def test_priority_follows_the_type_when_left_out(api: Api) -> None:
    made = api.ok("ct1", "/incidents", {"type_code": "cardiac_arrest", "address": "Bulevardi 1"})
    assert made["events"][0]["payload"]["priority"] == 1
