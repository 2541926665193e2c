"""A board that cannot refresh says so: its panel is marked STALE with the server's reason and
the header stops saying LIVE, until a refresh succeeds. Screens follow GET /me, not role lists."""

from __future__ import annotations

import json

from playwright.sync_api import Route, expect

from tests.e2e.conftest import Login
from tests.e2e.server import Server

UNITS = "**/api/v1/units"


def refuse(route: Route) -> None:
    body = {"detail": "role dispatcher may not read units here", "reason": "forbidden"}
    route.fulfill(status=403, content_type="application/json", body=json.dumps(body))


def test_a_failed_refresh_marks_the_board_stale_until_one_succeeds(
    login: Login, server: Server
) -> None:
    disp = login("disp2")
    units = disp.locator(".dp-units")
    disp.route(UNITS, refuse)
    out_of_service = {"in_service": False, "reason": "flat tyre"}
    server.post("disp1", "/units/1A15/service", out_of_service)  # the unit board refreshes: fails
    expect(disp.locator("#conn")).to_have_text("STALE")
    expect(units).to_have_class("panel dp-units stale")
    note = units.locator(".stale-note")
    expect(note).to_contain_text("units could not be refreshed")
    expect(note).to_contain_text("not allowed for your role: role dispatcher may not read units")
    expect(disp.locator("#notice")).to_contain_text("could not be refreshed")
    expect(disp.locator(".dp-map .stale-note")).to_contain_text("units")  # markers are old too
    expect(disp.locator(".dp-queue .stale-note")).to_have_count(0)  # not the boards that worked

    disp.unroute(UNITS)
    server.post("disp1", "/units/1A15/service", {"in_service": True})
    expect(disp.locator("#conn")).to_have_text("LIVE")
    expect(units.locator(".stale-note")).to_have_count(0)
    expect(units).to_have_class("panel dp-units")


def test_an_unreachable_server_is_said_on_the_board_and_retried(
    login: Login, server: Server
) -> None:
    disp = login("disp2")
    disp.route(UNITS, lambda route: route.abort("connectionrefused"))
    server.post("disp1", "/units/1A15/service", {"in_service": False, "reason": "flat tyre"})
    expect(disp.locator(".dp-units .stale-note")).to_contain_text("server unreachable")
    expect(disp.locator("#conn")).to_have_text("STALE")
    disp.unroute(UNITS)  # no new event: the stale board is retried by itself
    expect(disp.locator("#conn")).to_have_text("LIVE", timeout=15000)
    expect(disp.locator(".dp-units .stale-note")).to_have_count(0)


def test_the_screens_a_role_sees_come_from_the_server(login: Login) -> None:
    crew = login("u3c31")
    links = crew.locator(".screens a:visible")
    expect(links).to_have_text(["Unit"])
    crew.goto("/console/dispatch")
    expect(crew.locator("#main [role=alert]")).to_contain_text("does not use this screen")
    expect(crew.locator("#main a")).to_have_attribute("href", "/console/unit")
