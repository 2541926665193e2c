"""The interop routes in process: EIDO out and in, CAP out and in, the alert list, and the
partner endpoints refusing anyone who cannot sign."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from tenfour.api.app import create_app
from tenfour.domain import commands as c
from tenfour.domain.actors import SYSTEM
from tenfour.engine.envelope import Envelope
from tenfour.interop import cap, eido_schema
from tenfour.runtime import build_runtime
from tenfour.settings import Settings
from tests.integration.api.world import FAST_HASHER
from tests.integration.interop.servers import PASSWORD
from tests.unit.interop.test_cap import BILLION_LAUGHS, weather


def _settings(root: Path) -> Settings:
    return Settings(db=str(root / "t.db"), key_path=root / "key.pem", secret="y" * 40)


async def _seed(settings: Settings) -> None:
    runtime = build_runtime(settings, quiet=True, hasher=FAST_HASHER)
    await runtime.engine.start()
    commands: list[c.Command] = [
        c.RegisterAgency(agency="MPD", name="Metro Police", kind="police"),
        c.RegisterUser(user="disp", agency="MPD", roles=("dispatcher",)),
        c.RegisterUser(user="sup", agency="MPD", roles=("supervisor",)),
        c.RegisterUnit(unit="1A12", agency="MPD", unit_type="patrol"),
        c.RegisterUser(user="crew", agency="MPD", roles=("unit",), unit="1A12"),
    ]
    try:
        for n, command in enumerate(commands):
            assert (await runtime.engine.submit(Envelope(f"s{n}", command, SYSTEM))).accepted
        for user in ("disp", "sup", "crew"):
            runtime.credentials.set_password(user, PASSWORD)
    finally:
        await runtime.stop()


@pytest.fixture
def client(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.delenv("TENFOUR_PARTNERS_FILE", raising=False)
    settings = _settings(tmp_path)
    asyncio.run(_seed(settings))
    runtime = build_runtime(settings, quiet=True, hasher=FAST_HASHER)
    with TestClient(create_app(runtime=runtime)) as test_client:
        yield test_client


def _as(client: TestClient, user: str) -> dict[str, str]:
    r = client.post("/api/v1/auth/token", data={"username": user, "password": PASSWORD})
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def _incident(client: TestClient) -> str:
    body = {
        "type_code": "crowd",
        "priority": 1,
        "address": "Mannerheimintie 1",
        "lat": 60.17,
        "lon": 24.94,
        "caller_name": "A Caller",
        "ani": "555",
    }
    r = client.post("/api/v1/incidents", json=body, headers=_as(client, "disp"))
    assert r.status_code == 200, r.text
    return str(r.json()["events"][0]["payload"]["incident"])


def test_eido_export_and_import(client: TestClient) -> None:
    incident = _incident(client)
    disp = _as(client, "disp")
    r = client.get(f"/api/v1/incidents/{incident}/eido", headers=disp)
    assert r.status_code == 200
    doc: dict[str, Any] = r.json()
    assert eido_schema.problems(doc) == []
    assert client.get("/api/v1/incidents/nope/eido", headers=disp).status_code == 404
    assert (
        client.get(f"/api/v1/incidents/{incident}/eido", headers=_as(client, "crew")).status_code
        == 403
    )

    doc["incidentComponent"]["$id"] = "urn:emergency:uid:incidentid:X-1:cad.other.test"
    doc["vendorExtension"] = True
    r = client.post("/api/v1/eido", content=json.dumps(doc), headers=disp)
    assert r.status_code == 200, r.text
    received = r.json()["events"][-1]
    assert received["type"] == "ExternalDocumentReceived" and received["payload"][
        "unknown_members"
    ] == {"/vendorExtension": True}
    assert (
        client.post("/api/v1/eido", content=json.dumps(doc), headers=disp).json()["duplicate"]
        is True
    )


@pytest.mark.parametrize(
    ("body", "status", "detail"),
    [
        (b"{}", 422, "'$id' is a required property"),
        (b"nope", 422, "not JSON"),
        (b"{" + b" " * 70_000 + b"}", 413, "65,536"),
    ],
)
def test_eido_import_refusals(client: TestClient, body: bytes, status: int, detail: str) -> None:
    r = client.post("/api/v1/eido", content=body, headers=_as(client, "disp"))
    assert r.status_code == status and detail in r.json()["detail"]


def test_cap_out_and_in_and_the_alert_list(client: TestClient) -> None:
    incident = _incident(client)
    sup = _as(client, "sup")
    r = client.post(
        "/api/v1/directives",
        json={
            "kind": "broadcast",
            "reason": "crowd",
            "message": "Avoid the area",
            "incident": incident,
        },
        headers=sup,
    )
    assert r.status_code == 200, r.text
    directive = r.json()["events"][0]["payload"]["directive"]
    r = client.get(f"/api/v1/directives/{directive}/cap", headers=sup)
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/cap+xml")
    assert cap.validation_errors(r.content) == []
    r = client.get(
        f"/api/v1/incidents/{incident}/cap", params={"headline": "Police activity"}, headers=sup
    )
    assert r.status_code == 200 and cap.validation_errors(r.content) == []

    r = client.post("/api/v1/cap", content=weather(), headers=sup)
    assert r.status_code == 200, r.text
    hostile = client.post("/api/v1/cap", content=BILLION_LAUGHS, headers=sup)
    assert hostile.status_code == 422 and "hostile" in hostile.json()["detail"]
    found = client.get("/api/v1/alerts", params={"lat": 60.17, "lon": 24.94}, headers=sup).json()
    assert [a["event"] for a in found] == ["Storm warning"]
    assert found[0]["areas"][0]["polygons"][0][0] == [24.8, 60.1]  # GeoJSON order for the map
    assert client.get("/api/v1/alerts", params={"lat": 10, "lon": 10}, headers=sup).json() == []
    assert (
        client.post("/api/v1/cap", content=weather(), headers=_as(client, "crew")).status_code
        == 403
    )


def test_partner_endpoints_refuse_unsigned_traffic(client: TestClient) -> None:
    r = client.post("/api/v1/conveyance/assistance", json={"assistanceRequest": {}})
    assert r.status_code == 401
    with pytest.raises(WebSocketDisconnect), client.websocket_connect("/api/v1/conveyance") as ws:
        ws.receive_text()
