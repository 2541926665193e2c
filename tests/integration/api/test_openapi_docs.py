"""``/openapi.json`` describes the live stream, the conveyance WebSocket and the signed partner
routes, and gives the records and partner responses a schema; ``/docs`` and ``/redoc`` answer."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.integration.api.world import Api, make_settings, running_api


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    with running_api(make_settings(tmp_path_factory.mktemp("docs")), seeded=False) as api:
        yield api


@pytest.fixture(scope="module")
def spec(api: Api) -> dict[str, Any]:
    return dict(api.client.get("/openapi.json").json())


def ok_schema(spec: dict[str, Any], path: str, method: str = "get") -> str:
    content = spec["paths"][path][method]["responses"]["200"]["content"]["application/json"]
    schema = content["schema"]
    return str(schema.get("$ref") or schema["items"]["$ref"]).rsplit("/", 1)[-1]


def test_the_websockets_are_described_with_their_messages(spec: dict[str, Any]) -> None:
    stream = spec["paths"]["/api/v1/stream"]["get"]
    assert "first message" in stream["description"] and "101" in stream["responses"]
    assert stream["x-tenfour-websocket"]["messages"]["$ref"].endswith("/StreamMessage")
    assert {"seq", "at", "type", "actor", "payload"} <= set(
        spec["components"]["schemas"]["StreamEvent"]["properties"]
    )
    conveyance = spec["paths"]["/api/v1/conveyance"]["get"]
    headers = {p["name"] for p in conveyance["parameters"]}
    assert headers == {
        "X-Tenfour-Agency",
        "X-Tenfour-Date",
        "X-Tenfour-Nonce",
        "X-Tenfour-Signature",
    }
    assert "subscribe" in spec["components"]["schemas"]["ConveyanceMessage"]["properties"]


def test_the_signed_partner_routes_are_described(spec: dict[str, Any]) -> None:
    for path in ("/api/v1/conveyance/assistance", "/api/v1/conveyance/assistance-answer"):
        op = spec["paths"][path]["post"]
        assert op["security"] == [] and "HMAC-SHA256" in op["description"]
        assert "X-Tenfour-Response-Signature" in op["responses"]["200"]["headers"]
        assert {p["name"] for p in op["parameters"]} >= {"X-Tenfour-Signature", "X-Tenfour-Nonce"}


def test_records_and_partner_responses_have_schemas(spec: dict[str, Any]) -> None:
    assert ok_schema(spec, "/api/v1/incidents/{incident}/timeline") == "TimelineOut"
    assert ok_schema(spec, "/api/v1/reports/response-times") == "ResponseTimeReportOut"
    assert ok_schema(spec, "/api/v1/incidents/{incident}/eido") == "EidoOut"
    assert ok_schema(spec, "/api/v1/alerts") == "AlertOut"
    assert ok_schema(spec, "/api/v1/partners/outbox") == "OutboxItemOut"
    assert ok_schema(spec, "/api/v1/proposals") == "ProposalOut"
    units = spec["components"]["schemas"]["UnitTimesOut"]["properties"]
    assert {"dispatched_at", "cleared_at", "turnout", "committed", "stood_down"} <= set(units)


def test_the_documentation_pages_are_served_from_here(api: Api) -> None:
    for path, asset in (("/docs", "swagger-ui-bundle.js"), ("/redoc", "redoc.standalone.js")):
        page = api.client.get(path)
        assert page.status_code == 200 and f"/docs/assets/{asset}" in page.text
        assert "cdn" not in page.text.lower() and "<script>" not in page.text
        policy = page.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "unsafe-eval" not in policy
        served = api.client.get(f"/docs/assets/{asset}")
        assert served.status_code == 200 and len(served.content) > 100_000
        assert b"cdn.redoc.ly" not in served.content
    assert 'url: "/openapi.json"' in api.client.get("/docs/assets/swagger-init.js").text
    assert api.client.get("/docs/assets/../../etc/passwd").status_code == 404
    assert (
        "unsafe-inline" not in api.client.get("/console/login").headers["content-security-policy"]
    )
