"""GET /api/v1/me: who you are and what your role may see and do, as the server enforces it."""

from __future__ import annotations

import pytest

from tests.integration.api.world import USERS, Api

TIMELINE = "/incidents/2026-999999/timeline"  # no such incident: 404 if the role may read, else 403


def test_me_gives_each_role_its_screens_and_home(api: Api) -> None:
    homes = {role: api.get(user, "/me").json()["home"] for role, (user, _, _) in USERS.items()}
    assert homes == {
        "call_taker": "calltaker",
        "dispatcher": "dispatch",
        "supervisor": "command",
        "commander": "command",
        "unit": "unit",
        "records": "records",
        "admin": "records",
        "centre_admin": "records",
        "partner": None,
    }
    me = api.get("crew1a12", "/me").json()
    assert me["screens"] == ["unit"] and me["unit"] == "1A12"
    assert "MarkEnRoute" in me["commands"] and "DispatchUnit" not in me["commands"]


def test_me_follows_the_role_acted_in(api: Api) -> None:
    as_records = api.get("root", "/me", role="records").json()
    as_dispatcher = api.get("root", "/me", role="dispatcher").json()
    assert as_records["screens"] == ["records"] and as_records["commands"][0] == "AddHazard"
    assert as_dispatcher["home"] == "dispatch" and "DispatchUnit" in as_dispatcher["commands"]


@pytest.mark.parametrize("role", list(USERS))
def test_what_me_offers_is_what_the_server_allows(api: Api, role: str) -> None:
    user = USERS[role][0]
    me = api.get(user, "/me").json()
    timeline = api.get(user, TIMELINE).status_code
    assert timeline == (404 if "IncidentTimeline" in me["reads"] else 403)
    dispatch = api.post(user, "/units/1A13/dispatch", {"incident": "2026-999999"}).status_code
    assert (dispatch != 403) == ("DispatchUnit" in me["commands"]), dispatch
