"""A busy night on the dispatcher's screen: the boards grouped and narrowed on the server (one
window, whatever is chosen), a unit en route timed against the ETA it was sent with, and the
command screen's incident picker searched by typing."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import Login, shot
from tests.e2e.server import Server

AT = {"lat": 60.1699, "lon": 24.9384}


def _incident(server: Server, type_code: str, priority: int, n: int) -> str:
    body = {"type_code": type_code, "priority": priority, "address": f"Busy Street {n}", **AT}
    return server.created("ct1", body)


def test_pending_is_grouped_and_narrowed_by_the_board_api(login: Login, server: Server) -> None:
    p1 = _incident(server, "assault", 1, 1)
    fire = _incident(server, "structure_fire", 3, 2)
    noise = _incident(server, "noise_complaint", 3, 3)
    disp = login("disp2")
    queue, bar = disp.locator("#queue tr"), disp.locator("#q-bar")
    expect(queue).to_have_count(3)
    expect(bar.locator("[data-group='1']")).to_have_text("P1 1")
    expect(bar.locator("[data-group='3']")).to_have_text("P3 2")

    bar.locator("[data-group='1']").click()
    expect(queue).to_have_count(1)
    expect(disp.locator(f"#queue tr[data-id='{p1}']")).to_be_visible()
    expect(bar.locator("[data-group='1']")).to_have_attribute("aria-pressed", "true")
    asked = disp.evaluate("window.tenfourBoards.queue.filter")
    assert asked == {"status": "pending", "priority": ["1"]}  # the server narrows, not the page

    bar.get_by_role("button", name="All").click()
    expect(queue).to_have_count(3)
    bar.locator("select").select_option("discipline")
    expect(bar.locator("[data-group='fire']")).to_have_text("FIRE 1")
    expect(bar.locator("[data-group='police']")).to_have_text("POLICE 2")
    bar.locator("[data-group='police']").click()
    expect(queue).to_have_count(2)
    expect(disp.locator(f"#queue tr[data-id='{fire}']")).to_have_count(0)
    expect(disp.locator(f"#queue tr[data-id='{noise}']")).to_be_visible()
    shot(disp, "dispatch-grouped")

    bar.get_by_role("button", name="Map area").click()
    expect(bar.get_by_role("button", name="Map area")).to_have_attribute("aria-pressed", "true")
    expect(queue).to_have_count(2)  # every one lies in the city the map shows
    assert "area" in disp.evaluate("window.tenfourBoards.queue.filter")
    bar.get_by_role("button", name="All").click()
    expect(queue).to_have_count(3)
    for done in (p1, fire, noise):
        server.post("disp1", f"/incidents/{done}/close", {"disposition": "cancelled"})


def test_a_unit_en_route_is_timed_against_its_eta(login: Login, server: Server) -> None:
    incident = _incident(server, "assault", 2, 4)
    pick = {"unit": "1A15", "eta_s": 1.0, "reason": "1A15, patrol, 1 s by road"}
    server.post("disp1", f"/incidents/{incident}/recommendation-record", {"picks": [pick]})
    server.post("disp1", "/units/1A15/dispatch", {"incident": incident, "recommended": True})
    server.post("disp1", "/units/1A15/enroute", {})
    row = next(u for u in server.get("disp1", "/units") if u["id"] == "1A15")
    assert row["eta_s"] == 1.0
    disp = login("disp2")
    age = disp.locator("#units tr[data-id='1A15'] td.age")
    expect(age).to_have_attribute("title", re.compile(r"en route past its ETA \(1 s by road\)"))
    expect(age).to_have_class(re.compile(r"age-warn"))  # past 1 s: amber, red a minute on
    expect(disp.locator("#units tr[data-id='1A14'] td.age")).not_to_have_attribute(
        "title", re.compile("ETA")
    )
    server.post("disp1", "/units/1A15/clear", {})


def test_the_command_screen_picks_an_incident_by_typing(login: Login, server: Server) -> None:
    many = [_incident(server, "disturbance", 3, 10 + n) for n in range(12)]
    wanted = _incident(server, "robbery", 1, 99)
    chief = login("chief")
    find = chief.locator("#incident-find")
    expect(chief.locator(f"#incident option[value='{wanted}']")).to_have_count(1)
    find.fill("p1 robbery busy street 99")
    expect(chief.locator("#incident-shown")).to_have_text(re.compile(r"^1 of \d+$"))
    find.press("Enter")  # the first match, chosen
    expect(chief.locator("#incident")).to_have_value(wanted)
    expect(chief.locator("#cmd-incident")).to_contain_text("Busy Street 99")
    find.fill("disturbance")
    expect(chief.locator("#incident-shown")).to_have_text(re.compile(r"^12 of "))
    for done in [*many, wanted]:
        server.post("disp1", f"/incidents/{done}/close", {"disposition": "cancelled"})
