"""Every route x every role (and no token, and an expired token) gets exactly the status the
policy table says: 403 for roles ``roles_for(command)`` leaves out (and, for directives, roles
the agency's directive policy leaves out), success for the others, 401 without a valid token.

Every case's target belongs to MPD: the MPD roles act on their own agency, the partner (FED)
on an agency it is unrelated to. Where the authorization rule refuses what the role table
allows (``TARGET_REFUSED``), that is written out here; tests/unit/domain/test_authorization.py
holds the whole command x role x relation matrix and test_authorization_http.py the other
agencies over HTTP."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from fastapi.routing import APIRoute

from tenfour.api.tokens import issue_token
from tenfour.domain.actors import Role
from tenfour.domain.commands import COMMANDS
from tenfour.domain.policy import roles_for
from tests.integration.api.matrix_cases import (
    COMMAND_CASES,
    QUERY_CASES,
    QUERY_ROLES,
    SUCCESS,
    Fresh,
    my_routes,
)
from tests.integration.api.world import ROLES, SECRET, USERS, Api, make_settings, running_api

# Commands of the partner-CAD interop (issue 7): their routes belong to that part.
INTEROP_COMMANDS = {
    "AcknowledgeDelivery",
    "ImportIncident",
    "IngestAlert",
    "RecordExternalDocument",
    "RecordPartnerNonce",  # no route: recorded when a signed partner request verifies
    "AcceptProposal",  # routes_proposals (tests/integration/interop/test_partner_routes.py)
    "RejectProposal",
}
# Given by PUT /users/{user}/password (a 204 route, in QUERY_CASES), beside the hash it binds.
# SetRetention: from the settings; the centre file's own commands go through `tenfour centre
# apply`, not one route each.
NOT_ROUTED_AS_COMMANDS = {
    "SetPassword",
    "SetRetention",
    "AmendAgency",
    "AmendUnit",
    "SetCentreEntry",
}
# Radio (issue 17): recorders upload (POST /radio/transmissions, /api/call-upload), the
# transcriber is a service beside the engine; the people's radio commands are routes_radio's
# (tests/integration/radio).
RADIO_SERVICE_COMMANDS = {"RecordTransmission", "AddTranscript", "ProposeRadioPhrase"}
RADIO_ROUTES = {"CorrectTranscript", "ConfirmRadioPhrase", "DismissRadioPhrase"}
NOT_ROUTED_AS_COMMANDS |= RADIO_SERVICE_COMMANDS | RADIO_ROUTES
POLICY_BOUND = {"IssueDirective", "LiftDirective"}  # also need the agency's directive policy
ALL_CASES = COMMAND_CASES | QUERY_CASES
# Allowed by the role table, refused by the target: (route) -> {role: status}.
TARGET_REFUSED: dict[tuple[str, str], dict[str, int]] = {
    ("POST", "/agencies"): {"admin": 403},  # only the centre registers agencies
    ("POST", "/incidents/{incident}/remarks"): {"unit": 403},  # not its unit's assignment
    ("GET", "/incidents/{incident}"): {"unit": 404, "partner": 404},  # not theirs to read
}


def served_paths(api: Api) -> set[str]:
    return set(api.client.get("/openapi.json").json()["paths"])


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Api, Fresh]]:
    with running_api(make_settings(tmp_path_factory.mktemp("matrix"))) as api:
        yield api, Fresh(api)


def test_every_command_has_exactly_one_route() -> None:
    named = [(r.openapi_extra or {}).get("x-tenfour-command") for r in my_routes().values()]
    commands = [n for n in named if n]
    assert sorted(commands) == sorted(set(COMMANDS) - INTEROP_COMMANDS - NOT_ROUTED_AS_COMMANDS)


def test_every_route_has_a_case_and_is_served(world: tuple[Api, Fresh]) -> None:
    api, _ = world
    keys = set(my_routes()) - {("GET", "//healthz"), ("GET", "//readyz")}  # open: below
    assert keys == set(ALL_CASES)
    paths = served_paths(api)
    assert {p.replace("//", "/") if p.startswith("//") else "/api/v1" + p for _, p in keys} <= paths


def expected(api: Api, route: APIRoute, key: tuple[str, str], role: str) -> int:
    allowed = expected_by_role(api, route, key, role)
    if allowed >= 400:
        return allowed
    return TARGET_REFUSED.get(key, {}).get(role, allowed)


def expected_by_role(api: Api, route: APIRoute, key: tuple[str, str], role: str) -> int:
    command = (route.openapi_extra or {}).get("x-tenfour-command")
    if command is not None:
        if Role(role) not in roles_for(command):
            return 403
        agency = api.runtime.engine.state.agencies[USERS[role][1]]
        if command in POLICY_BOUND and Role(role) not in agency.directive_roles:
            return 403
        return 200
    allowed = QUERY_ROLES[key]
    if allowed is not None and role not in allowed:
        return 403
    return SUCCESS.get(key, 200)


def send(api: Api, method: str, path: str, body: object, headers: dict[str, str]) -> int:
    url = path[1:] if path.startswith("//") else "/api/v1" + path
    return api.client.request(method, url, json=body, headers=headers).status_code


@pytest.mark.parametrize("key", sorted(ALL_CASES), ids=lambda k: f"{k[0]} {k[1]}")
def test_route_by_role(world: tuple[Api, Fresh], key: tuple[str, str]) -> None:
    api, fresh = world
    route = my_routes()[key]
    method = key[0]
    got: dict[str, int] = {}
    want: dict[str, int] = {}
    for role in ROLES:
        path, body = ALL_CASES[key](fresh, role)
        want[role] = expected(api, route, key, role)
        got[role] = send(api, method, path, body, api.headers(USERS[role][0]))
    path, body = ALL_CASES[key](fresh, "dispatcher")
    want["no token"] = want["expired"] = 401
    got["no token"] = send(api, method, path, body, {})
    expired = issue_token(SECRET, "disp1", 1, now=time.time() - 3600)
    got["expired"] = send(api, method, path, body, {"Authorization": f"Bearer {expired}"})
    assert got == want


def test_health_is_open_to_all(world: tuple[Api, Fresh]) -> None:
    api, _ = world
    assert api.client.get("/healthz").status_code == 200
    assert api.client.get("/readyz").status_code == 200
