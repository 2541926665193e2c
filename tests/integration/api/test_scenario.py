"""shared/design/scenario-stand-down.md, steps 1 to 7, over HTTP with one user per role, on
SQLite and on PostgreSQL. Geocoding and recommendation use fixed coordinates and explicit unit
choices; the verified timeline has its own endpoint and tests (accountability)."""

from __future__ import annotations

from typing import Any

from tests.integration.api.world import CENTRE, Api

NARRATIVE = (
    "CALLER IS 1 OF APPROX 30 FEDERAL OFFICERS BEING SURROUNDED BY A LARGE CROWD, REQUESTING MPD"
)
STAND_DOWN = "NO UNITS WILL RESPOND"
ASSIGNED = ["1A12", "1A13", "1A14"]
CREW = {"1A12": "crew1a12"}  # the other units' acknowledgments are taken by the dispatcher


def payload(out: dict[str, Any], type_: str) -> dict[str, Any]:
    return next(e["payload"] for e in out["events"] if e["type"] == type_)


def step1_bulletin(api: Api) -> str:
    out = api.ok(
        "fedcad",
        "/bulletins",
        {
            "subject": "FED BOLO: armed suspect",
            "persons": ["JOHN DOE"],
            "plates": ["FED-123"],
            "valid_days": 30,
        },
    )
    return str(payload(out, "BulletinIssued")["bulletin"])


def step2_calls(api: Api) -> str:
    out = api.ok(
        "ct1",
        "/incidents",
        {
            "type_code": "assist_other_agency",
            "priority": 1,
            "address": "Mannerheimintie 1",
            "lat": CENTRE[0],
            "lon": CENTRE[1],
            "verified": True,
            "ani": "+358401234567",
            "ali": "Mannerheimintie 1, Helsinki",
            "caller_name": "FED OFFICER",
            "narrative": NARRATIVE,
        },
    )
    incident = str(payload(out, "IncidentCreated")["incident"])
    for n, ani in enumerate(("+358405550001", "+358405550002")):
        api.ok(
            "ct1",
            f"/incidents/{incident}/calls",
            {
                "ani": ani,
                "ali": f"Mannerheimintie {3 + n}",
                "duplicate": True,
                "narrative": "LARGE CROWD GATHERING",
            },
        )
    return incident


def step4_dispatch(api: Api, incident: str) -> None:
    picks = [
        {"unit": u, "eta_s": 120.0 + 30 * n, "reason": f"{u}, patrol, nearest by road"}
        for n, u in enumerate(ASSIGNED)
    ]
    api.ok("disp1", f"/incidents/{incident}/recommendation-record", {"picks": picks})
    for unit in ASSIGNED:
        api.ok("disp1", f"/units/{unit}/dispatch", {"incident": incident, "recommended": True})
    api.ok("crew1a12", "/units/1A12/enroute")
    for unit in ASSIGNED[1:]:
        api.ok("disp1", f"/units/{unit}/enroute")
    api.ok("crew1a12", "/units/1A12/position", {"lat": 60.1705, "lon": 24.9400, "speed_kmh": 40})


def step5_directive(api: Api, incident: str) -> str:
    refused = api.post(
        "disp1", "/directives", {"kind": "stand_down", "reason": STAND_DOWN, "incident": incident}
    )
    assert refused.status_code == 403  # a dispatcher has no such authority
    missing = api.post(
        "chief", "/directives", {"kind": "stand_down", "reason": " ", "incident": incident}
    )
    assert missing.status_code == 422 and missing.json()["field"] == "reason"
    out = api.ok(
        "chief",
        "/directives",
        {
            "kind": "stand_down",
            "reason": STAND_DOWN,
            "authority": "Chief of Patrol",
            "incident": incident,
        },
    )
    issued = payload(out, "DirectiveIssued")
    assert sorted(issued["notified_units"]) == ASSIGNED
    return str(issued["directive"])


def step5_override_refused(api: Api, incident: str, directive: str) -> None:
    body = {"incident": incident, "reason": "a fourth car for the crowd"}
    r = api.post("disp1", "/units/1A15/dispatch", body)
    assert r.status_code == 409 and r.json()["field"] == "override_reason"
    refusal = r.json()["events"][0]
    assert refusal["type"] == "DispatchRefused" and refusal["payload"]["directive"] == directive
    assert refusal["seq"] > 0  # the refusal is on the record


def step6_stand_down(api: Api, incident: str, directive: str, request: str) -> None:
    for unit in ASSIGNED:
        out = api.ok("disp1", f"/units/{unit}/clear", {"directive": directive})
        cleared = payload(out, "UnitCleared")
        assert cleared["directive"] == directive and cleared["reason"] == STAND_DOWN
    for unit in ASSIGNED:
        api.ok(CREW.get(unit, "disp1"), f"/directives/{directive}/acknowledge", {"unit": unit})
    out = api.ok(
        "sgt1",
        f"/assistance-requests/{request}/answer",
        {
            "answer": "declined",
            "reason": STAND_DOWN,
            "directive": directive,
        },
    )
    assert payload(out, "AssistanceAnswered")["answer"] == "declined"


def check_incident_view(api: Api, incident: str, bulletin: str, directive: str) -> None:
    view = api.get("rec1", f"/incidents/{incident}").json()
    assert len(view["calls"]) == 3 and view["calls"][0]["call_taker"] == "ct1"
    assert [b["id"] for b in view["bulletins_hit"]] == [bulletin]
    stand_down = next(d for d in view["directives"] if d["id"] == directive)
    assert stand_down["in_force"] and stand_down["issuer"] == "chief"
    assert stand_down["role"] == "commander" and stand_down["reason"] == STAND_DOWN
    assert sorted(stand_down["acks"]) == ASSIGNED
    for assignment in view["assignments"]:
        kinds = [o["kind"] for o in assignment["orders"]]
        assert kinds == ["dispatched", "enroute", "cleared"]
        last = assignment["orders"][-1]
        assert (last["by"], last["role"], last["agency"]) == ("disp1", "dispatcher", "MPD")
        assert last["directive"] == directive
    assert view["units"] == [] and view["requests"][0]["answer"] == "declined"
    assert view["requests"][0]["answer_reason"] == STAND_DOWN


def check_record(api: Api, incident: str) -> None:
    """Step 7: every step on the record with who, role, agency and time to the millisecond."""
    with api.client.websocket_connect("/api/v1/stream?after=0") as ws:
        ws.send_json({"token": api.login("rec1")})
        events: list[dict[str, Any]] = []
        while not events or events[-1]["seq"] < api.runtime.engine.head[0]:
            events.append(ws.receive_json())
    mine = [e for e in events if e["payload"].get("incident") == incident]
    by_type: dict[str, set[tuple[str, str, str]]] = {}
    for e in mine:
        actor = e["actor"]
        assert actor["user"] and actor["role"] and actor["agency"]
        assert len(e["at"]) == 24 and e["at"][19] == "."  # 2026-11-25T14:55:00.123Z
        by_type.setdefault(e["type"], set()).add((actor["user"], actor["role"], actor["agency"]))
    assert by_type["IncidentCreated"] == {("ct1", "call_taker", "MPD")}
    assert by_type["CallAdded"] == {("ct1", "call_taker", "MPD")}
    assert by_type["BulletinMatched"] == {("disp1", "dispatcher", "MPD")}
    assert by_type["RecommendationMade"] == {("disp1", "dispatcher", "MPD")}
    assert by_type["UnitDispatched"] == {("disp1", "dispatcher", "MPD")}
    assert by_type["UnitStatusChanged"] == {
        ("crew1a12", "unit", "MPD"),
        ("disp1", "dispatcher", "MPD"),
    }
    assert by_type["DirectiveIssued"] == {("chief", "commander", "MPD")}
    assert by_type["DispatchRefused"] == {("disp1", "dispatcher", "MPD")}
    assert by_type["UnitCleared"] == {("disp1", "dispatcher", "MPD")}
    assert by_type["DirectiveAcknowledged"] == {
        ("crew1a12", "unit", "MPD"),
        ("disp1", "dispatcher", "MPD"),
    }
    assert by_type["AssistanceRequested"] == {("fedcad", "partner", "FED")}
    assert by_type["AssistanceAnswered"] == {("sgt1", "supervisor", "MPD")}
    seqs = [e["seq"] for e in events]
    assert seqs == sorted(set(seqs))


def test_stand_down_scenario(any_api: Api) -> None:
    api = any_api
    bulletin = step1_bulletin(api)
    incident = step2_calls(api)
    out = api.ok(
        "fedcad",
        "/assistance-requests",
        {
            "incident": incident,
            "to_agency": "MPD",
            "what": "crowd control for 30 officers",
            "external_ref": "FED-2026-0042",
        },
    )
    request = str(payload(out, "AssistanceRequested")["request"])
    hit = api.ok(
        "disp1",
        f"/incidents/{incident}/remarks",
        {"text": "SUSPECT VEHICLE PLATE FED-123 AT SCENE"},
    )
    assert payload(hit, "BulletinMatched")["bulletin"] == bulletin  # step 3
    step4_dispatch(api, incident)
    directive = step5_directive(api, incident)
    step5_override_refused(api, incident, directive)
    step6_stand_down(api, incident, directive, request)
    check_incident_view(api, incident, bulletin, directive)
    check_record(api, incident)
