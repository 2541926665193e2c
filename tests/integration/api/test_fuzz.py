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
from tests.integration.api.world import (
    CENTRE,
    PASSWORD,
    SUPER,
    make_runtime,
    make_settings,
    running_api,
)

EXAMPLES_PER_OPERATION = 12
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def seeded_database(tmp: Path) -> None:
    """Users and one incident with a unit on it, so examples reach real objects."""
    with running_api(make_settings(tmp)) as api:
        body = {"type_code": "fire", "priority": 1, "address": "A 1", "lat": CENTRE[0], "lon": CENTRE[1]}
        incident = api.as_super("call_taker", "/incidents", body)["events"][0]["payload"]["incident"]
        api.as_super("dispatcher", "/units/1A13/dispatch", {"incident": incident})


@pytest.mark.slow
def test_fuzz_every_operation(tmp_path: Path) -> None:
    seeded_database(tmp_path)
    app = create_app(runtime=make_runtime(make_settings(tmp_path)))
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    try:
        with asgi.get_client(app) as client:
            r = client.post("/api/v1/auth/token", data={"username": SUPER, "password": PASSWORD})
            auth = {"Authorization": f"Bearer {r.json()['access_token']}"}
        failures = [f for op in schema.get_all_operations() if (f := fuzz(op.ok(), auth))]
    finally:
        asgi.shutdown_lifespans()
    assert not failures, "\n\n".join(failures)


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
        headers = {**auth, **(case.headers or {})} if "Authorization" not in (case.headers or {}) else None
        case.call_and_validate(headers=headers, checks=CHECKS)

    try:
        run()
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as err:  # noqa: BLE001 - collected so every operation gets its run
        return f"{operation.label}: {err}"
    return None
