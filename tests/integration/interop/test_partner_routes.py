"""Every interop path a partner reaches, in process: POST /eido, the signed assistance routes and
the conveyance WebSocket. Hostile documents answer 422 (or a refusal / close frame), a local
incident is never overwritten (a proposal instead), and a replayed signed request is refused,
after a restart too."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from tenfour.api.app import create_app
from tenfour.domain import commands as c
from tenfour.domain.actors import SYSTEM
from tenfour.engine.envelope import Envelope
from tenfour.interop.partners import sign_request
from tenfour.interop.service import REQUEST_PATH
from tenfour.runtime import build_runtime
from tenfour.settings import Settings
from tests.integration.interop.servers import PASSWORD, SECRET
from tests.integration.interop.test_routes import _as, _settings
from tests.unit.interop.test_eido_check import SAMPLE

CONVEYANCE = "/api/v1/conveyance"


async def _seed(settings: Settings) -> None:
    runtime = build_runtime(settings, quiet=True)
    await runtime.engine.start()
    commands: list[c.Command] = [
        c.RegisterAgency(agency="MPD", name="Metro Police", kind="police"),
        c.RegisterAgency(agency="FED", name="Federal partner", kind="federal"),
        c.RegisterUser(user="disp", agency="MPD", roles=("dispatcher",)),
        c.RegisterUser(user="fedcad", agency="FED", roles=("partner",)),
    ]
    try:
        for n, command in enumerate(commands):
            assert (await runtime.engine.submit(Envelope(f"s{n}", command, SYSTEM))).accepted
        for user in ("disp", "fedcad"):
            runtime.credentials.set_password(user, PASSWORD)
    finally:
        await runtime.stop()


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    partners = {
        "local": {"agency": "MPD", "element": "cad.mpd.test"},
        "partners": [{"agency": "FED", "url": "http://127.0.0.1:9", "secret": SECRET}],
    }
    (tmp_path / "partners.json").write_text(json.dumps(partners))
    monkeypatch.setenv("TENFOUR_PARTNERS_FILE", str(tmp_path / "partners.json"))
    asyncio.run(_seed(_settings(tmp_path)))
    return tmp_path


def _client(root: Path) -> TestClient:
    return TestClient(create_app(runtime=build_runtime(_settings(root), quiet=True)))


@pytest.fixture
def client(root: Path) -> Iterator[TestClient]:
    with _client(root) as test_client:
        yield test_client


def _incident(client: TestClient) -> str:
    body = {
        "type_code": "crowd",
        "priority": 1,
        "address": "Mannerheimintie 1",
        "narrative": "CALLER ON THE LINE",
    }
    r = client.post("/api/v1/incidents", json=body, headers=_as(client, "disp"))
    assert r.status_code == 200, r.text
    return str(r.json()["events"][0]["payload"]["incident"])


def _hostile(client: TestClient, incident: str) -> dict[str, Any]:
    doc: dict[str, Any] = client.get(
        f"/api/v1/incidents/{incident}/eido", headers=_as(client, "disp")
    ).json()
    doc["incidentComponent"]["incidentCommonPriorityNumber"] = 5
    return doc


def test_the_nena_call_transfer_sample_is_taken_in_and_whitespace_is_not_a_new_document(
    client: TestClient,
) -> None:
    disp = _as(client, "disp")
    sample = sample_rung_minutes_ago(15)
    first = client.post("/api/v1/eido", content=sample, headers=disp)
    assert first.status_code == 200, first.text
    compact = json.dumps(json.loads(sample), separators=(",", ":"))
    again = client.post("/api/v1/eido", content=compact, headers=disp)
    assert again.status_code == 200 and again.json()["duplicate"] is True


def sample_rung_minutes_ago(minutes: int) -> bytes:
    """NENA's sample with its times moved so its call rang ``minutes`` ago (a client's call
    times must lie near the server's clock; the sample's are from 2021)."""
    text = SAMPLE.read_text("utf-8")
    rang = datetime.fromisoformat("2021-04-30T14:40:00.0-04:00")
    shift = datetime.now(UTC) - timedelta(minutes=minutes) - rang

    def moved(found: re.Match[str]) -> str:
        return (datetime.fromisoformat(found.group(1)) + shift).isoformat(timespec="milliseconds")

    return re.sub(r'"(2021-04-30T[0-9:.]+-04:00)"', lambda m: f'"{moved(m)}"', text).encode()


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        (b"[" * 1000 + b"]" * 1000, "nests deeper"),
        (b'{"eidoVersion": NaN}', "NaN"),
        (b'{"a": 1, "a": 1}', "appears twice"),
        (b'{"n": 18446744073709551616}', "out of range"),
    ],
)
def test_hostile_json_on_post_eido_is_422(client: TestClient, body: bytes, detail: str) -> None:
    r = client.post("/api/v1/eido", content=body, headers=_as(client, "disp"))
    assert r.status_code == 422 and detail in r.json()["detail"]


def test_a_string_reference_is_422_at_import_as_at_check(client: TestClient) -> None:
    doc = _hostile(client, _incident(client))
    refs = doc["incidentComponent"]["locationReference"]
    doc["incidentComponent"]["locationReference"] = [r["$ref"] for r in refs]
    r = client.post("/api/v1/eido", content=json.dumps(doc), headers=_as(client, "disp"))
    assert r.status_code == 422 and "a reference is an object" in r.json()["detail"]


def test_a_partner_user_proposes_and_a_dispatcher_decides(client: TestClient) -> None:
    incident = _incident(client)
    fed, disp = _as(client, "fedcad"), _as(client, "disp")
    doc = json.dumps(_hostile(client, incident))
    assert client.post("/api/v1/eido", content=doc, headers=fed).status_code == 403
    r = client.post(
        "/api/v1/assistance-requests",
        json={"incident": incident, "to_agency": "FED", "what": "perimeter"},
        headers=disp,
    )
    assert r.status_code == 200, r.text
    r = client.post("/api/v1/eido", content=doc, headers=fed)
    assert r.status_code == 200, r.text
    assert "IncidentChangeProposed" in [e["type"] for e in r.json()["events"]]
    found = client.get("/api/v1/proposals", params={"incident": incident}, headers=disp).json()
    assert [(p["id"], p["priority"]) for p in found] == [("PR1", 5)]
    assert client.get("/api/v1/proposals", headers=fed).status_code == 403
    r = client.post("/api/v1/proposals/PR1/reject", json={"reason": "no"}, headers=disp)
    assert r.status_code == 200, r.text
    assert client.get(f"/api/v1/incidents/{incident}", headers=disp).json()["priority"] == 1


def _signed_post(client: TestClient, body: bytes, headers: dict[str, str]) -> Any:
    return client.post(REQUEST_PATH, content=body, headers=headers)


def test_a_replayed_signed_request_is_refused_after_a_restart(root: Path) -> None:
    body = json.dumps({"assistanceRequest": {"requestId": "AR9", "what": "x"}}).encode()
    headers = sign_request(SECRET, "FED", "POST", REQUEST_PATH, body)
    with _client(root) as client:
        first = _signed_post(client, body, headers)
        assert first.status_code != 401, first.text  # verified (the message itself is refused)
        assert _signed_post(client, body, headers).status_code == 401
    with _client(root) as client:  # a new process: nothing in memory
        replay = _signed_post(client, body, headers)
        assert replay.status_code == 401 and "already used" in replay.json()["detail"]


def _ws_headers() -> dict[str, str]:
    return sign_request(SECRET, "FED", "GET", CONVEYANCE)


def test_a_deep_or_broken_conveyance_message_gets_a_close_frame_not_a_dropped_line(
    client: TestClient,
) -> None:
    with client.websocket_connect(CONVEYANCE, headers=_ws_headers()) as ws:
        ws.send_text("[" * 1000 + "]" * 1000)
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_text()
    assert closed.value.code == 1007 and "nests deeper" in closed.value.reason
    with client.websocket_connect(CONVEYANCE, headers=_ws_headers()) as ws:
        ws.send_text(json.dumps({"subscribe": {"requestId": 7}}))
        refusal = json.loads(ws.receive_text())["subscribeResponse"]
        assert refusal["statusCode"] == 400 and refusal["requestId"] == ""
        ws.send_text(json.dumps({"eventResponse": {"statusCode": 200}}))  # no transactionId
        ws.send_text(json.dumps({"whatever": True}))
        ws.send_text(
            json.dumps(
                {
                    "subscribe": {
                        "requestId": "r1",
                        "requestType": "EIDO",
                        "requestSubType": "new",
                        "requestAccepts": "application/emergency.eido+json",
                    }
                }
            )
        )
        assert json.loads(ws.receive_text())["subscribeResponse"]["statusCode"] == 200
