"""Schemathesis, generated from /openapi.json, against the app in-process: every operation,
valid and invalid inputs, no 5xx, and every response conforms to its documented schema."""

from __future__ import annotations

from pathlib import Path

import hypothesis.strategies as st
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.python import asgi
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tenfour.api.app import create_app
from tests.integration.api.matrix_cases import my_routes
from tests.integration.api.world import (
    CENTRE,
    PASSWORD,
    SUPER,
    make_runtime,
    make_settings,
    running_api,
)

EXAMPLES_PER_OPERATION = 12
MY_OTHER_PATHS = {"/api/v1/auth/token", "/healthz", "/metrics"}
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def seeded_database(tmp: Path) -> None:
    """Users and one incident with a unit on it, so examples reach real objects."""
    with running_api(make_settings(tmp)) as api:
        body = {
            "type_code": "structure_fire",
            "priority": 1,
            "address": "A 1",
            "lat": CENTRE[0],
            "lon": CENTRE[1],
        }
        incident = api.as_super("call_taker", "/incidents", body)["events"][0]["payload"][
            "incident"
        ]
        api.as_super("dispatcher", "/units/1A13/dispatch", {"incident": incident})


@pytest.fixture(scope="module")
def failures(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Fuzz every operation once; failures by operation label."""
    tmp = tmp_path_factory.mktemp("fuzz")
    seeded_database(tmp)
    app = create_app(runtime=make_runtime(make_settings(tmp)))
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    try:
        with asgi.get_client(app) as client:
            r = client.post("/api/v1/auth/token", data={"username": SUPER, "password": PASSWORD})
            auth = {"Authorization": f"Bearer {r.json()['access_token']}"}
        found = {}
        for result in schema.get_all_operations():
            operation = result.ok()
            if (failure := fuzz(operation, auth)) is not None:
                found[operation.label] = failure
        return found
    finally:
        asgi.shutdown_lifespans()


def mine(label: str) -> bool:
    method, path = label.split(" ", 1)
    return (method, path.removeprefix("/api/v1")) in my_routes() or path in MY_OTHER_PATHS


@pytest.mark.slow
def test_fuzz_the_dispatch_api(failures: dict[str, str]) -> None:
    """Commands, queries, auth, health: this part's routes."""
    own = [text for label, text in failures.items() if mine(label)]
    assert not own, "\n\n".join(own)


@pytest.mark.slow
def test_fuzz_routes_of_other_parts(failures: dict[str, str]) -> None:
    """Routes other parts plugged into the app (geo, records, interop, web)."""
    others = [text for label, text in failures.items() if not mine(label)]
    assert not others, "\n\n".join(others)


def fuzz(operation: schemathesis.APIOperation, auth: dict[str, str]) -> str | None:
    """Run one operation's examples; the first failure as text, or None."""
    strategy = st.one_of(
        operation.as_strategy(generation_mode=schemathesis.GenerationMode.POSITIVE),
        operation.as_strategy(generation_mode=schemathesis.GenerationMode.NEGATIVE),
    )

    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case: schemathesis.Case) -> None:
        headers = (
            {**auth, **(case.headers or {})}
            if "Authorization" not in (case.headers or {})
            else None
        )
        case.call_and_validate(headers=headers, checks=CHECKS)

    try:
        run()
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as err:
        return f"{operation.label}: {err}"
    return None
