"""The OpenAPI document: every command route mirrors its command, states its roles, has
examples; pages get a strict Content-Security-Policy."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any, get_args

import pytest

from tenfour.api.schemas_common import HumanRole
from tenfour.api.security import NOTHING_POLICY, content_security_policy
from tenfour.domain.actors import SERVICES, Role
from tenfour.domain.commands import COMMANDS
from tenfour.domain.policy import roles_for
from tests.integration.api.matrix_cases import my_routes
from tests.integration.api.world import Api, make_settings, running_api

API_ONLY = {"password"}  # RegisterUser's first password goes to the credentials table


@pytest.fixture(scope="module")
def spec(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The document, from one app for the module (it depends on no data)."""
    settings = make_settings(tmp_path_factory.mktemp("openapi"))
    with running_api(settings, seeded=False) as api:
        yield api.client.get("/openapi.json").json()


def operations(spec: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(path, op) for path, ops in spec["paths"].items() for op in ops.values()]


def body_fields(spec: dict[str, Any], op: dict[str, Any]) -> set[str]:
    content = op.get("requestBody", {}).get("content", {}).get("application/json")
    if content is None:
        return set()
    name = content["schema"]["$ref"].rsplit("/", 1)[-1]
    return set(spec["components"]["schemas"][name]["properties"])


def test_command_routes_mirror_their_commands_and_state_roles(spec: dict[str, Any]) -> None:
    mine = {path for _, path in my_routes()}
    seen = 0
    for path, op in operations(spec):
        name = op.get("x-tenfour-command")
        if name is None or path.removeprefix("/api/v1") not in mine:
            continue  # other parts' routes may do more than mirror one command
        seen += 1
        fields = {f.name for f in dataclasses.fields(COMMANDS[name])}
        params = {p["name"] for p in op.get("parameters", []) if p["in"] == "path"}
        assert (body_fields(spec, op) - API_ONLY) | params == fields, path
        for role in roles_for(name) - {Role.SYSTEM}:
            assert f"`{role.value}`" in op["description"], (path, role)
        headers = {p["name"] for p in op["parameters"] if p["in"] == "header"}
        assert {"Idempotency-Key", "X-Expected-Version", "X-Tenfour-Role"} <= headers
        assert {"200", "401", "403", "404", "409", "422", "503"} <= set(op["responses"])
    assert seen >= 31


def test_request_bodies_carry_examples(spec: dict[str, Any]) -> None:
    schema = spec["components"]["schemas"]["CreateIncidentIn"]["properties"]
    assert schema["narrative"]["examples"]


def test_human_roles_are_the_roles_but_system_and_the_services() -> None:
    services = {r.value for r in SERVICES}
    assert set(get_args(HumanRole)) == {r.value for r in Role} - {"system"} - services


def test_csp_is_strict() -> None:
    policy = content_security_policy()
    assert "script-src 'self'" in policy and "unsafe" not in policy
    assert "frame-ancestors 'none'" in policy
    tiles = content_security_policy("https://{s}.tile.example.org/{z}/{x}/{y}.png")
    assert "img-src 'self' data: https://*.tile.example.org" in tiles


def test_html_pages_get_the_csp_header(api: Api) -> None:
    from fastapi.responses import HTMLResponse

    app = api.client.app

    @app.get("/__test_page", response_class=HTMLResponse)  # type: ignore[attr-defined, untyped-decorator]
    async def page() -> str:
        return "<html><body>hi</body></html>"

    r = api.client.get("/__test_page")
    assert r.headers["content-security-policy"] == content_security_policy()
    assert api.client.get("/healthz").headers["content-security-policy"] == NOTHING_POLICY
