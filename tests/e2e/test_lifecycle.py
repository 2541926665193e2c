"""The incident life cycle on the dispatcher's screen: what the caller said is in the detail; a
served incident whose last unit clears NEEDS CLOSE (never back in Pending) and is closed with a
disposition; an incident with no position is flagged and relocated; reclassify, link, cancel."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import Login, shot
from tests.e2e.server import Server

HERE = {"lat": 60.167974, "lon": 24.939502, "address": "Kalevankatu 3"}


def test_served_incident_needs_close_and_is_closed_with_a_disposition(
    login: Login, server: Server
) -> None:
    disp = login("disp2")
    incident = server.created(
        "ct1",
        {
            "type_code": "assault",
            "priority": 1,
            **HERE,
            "ani": "+358401112223",
            "caller_name": "M. Virtanen",
            "ali": "Kalevankatu 3 A",
            "narrative": "ONE HAS A KNIFE",
        },
    )
    row = disp.locator(f"#queue tr[data-id='{incident}']")
    row.click()
    detail = disp.locator("#detail")
    expect(detail.locator(".call")).to_contain_text("M. Virtanen")
    expect(detail.locator(".call a[href='tel:+358401112223']")).to_be_visible()
    expect(detail.locator(".call")).to_contain_text("Kalevankatu 3 A")
    expect(detail.locator(".remarks")).to_contain_text("ONE HAS A KNIFE")

    server.post("disp1", "/units/1A14/dispatch", {"incident": incident, "reason": "test"})
    server.post("disp1", "/units/1A14/onscene", {})
    server.post("disp1", "/units/1A14/clear", {})
    active = disp.locator(f"#active tr[data-id='{incident}']")
    expect(active).to_contain_text("NEEDS CLOSE")
    expect(row).to_have_count(0)  # served: not back in Pending with its old age
    shot(disp, "dispatch-needs-close")

    disp.select_option("#disposition", "report_taken")
    disp.click("#close-incident")
    expect(disp.locator("#cmd-out")).to_contain_text("done")
    expect(active).to_have_count(0)
    assert server.get("disp1", f"/incidents/{incident}")["disposition"] == "report_taken"


def test_no_position_is_flagged_and_relocated_then_reclassified_linked_cancelled(
    login: Login, server: Server
) -> None:
    disp = login("disp2")
    lost = server.created(
        "ct1", {"type_code": "disturbance", "priority": 3, "address": "Xyzzy road 5"}
    )
    other = server.created("ct1", {"type_code": "disturbance", "priority": 3, **HERE})
    row = disp.locator(f"#queue tr[data-id='{lost}']")
    expect(row).to_contain_text("NO POSITION")
    row.click()
    expect(disp.locator("#relocate-address")).to_have_value("Xyzzy road 5")
    disp.fill("#relocate-address", "Kalevankatu 3")
    disp.press("#relocate-address", "Enter")
    expect(row).not_to_contain_text("NO POSITION")
    assert server.get("disp1", f"/incidents/{lost}")["lat"] is not None

    disp.select_option("#reclass-type", "assault")
    expect(disp.locator("#reclass-priority")).not_to_have_value("3")  # the type's own priority
    disp.select_option("#reclass-priority", "2")
    disp.click("#f-reclassify button")
    expect(row.locator(".prio")).to_have_text("2")

    disp.fill("#link-other", other)
    disp.fill("#link-reason", "same address")
    disp.press("#link-reason", "Enter")
    expect(disp.locator("#detail")).to_contain_text(other)
    disp.fill("#link-reason", "not the same after all")
    disp.click("#unlink")
    expect(disp.locator("#detail")).not_to_contain_text(other)

    disp.click("#cancel-incident")
    expect(row).to_have_count(0)
    assert server.get("disp1", f"/incidents/{lost}")["disposition"] == "cancelled"


def test_open_incident_view_in_a_new_tab_shares_the_session(login: Login, server: Server) -> None:
    disp = login("disp2")
    incident = server.created("ct1", {"type_code": "disturbance", "priority": 3, **HERE})
    disp.locator(f"#queue tr[data-id='{incident}']").click()
    with disp.context.expect_page() as opened:
        disp.locator("#detail a", has_text="Open incident view").click()
    tab = opened.value
    tab.wait_for_load_state()
    expect(tab.locator("#conn")).to_have_text("LIVE")
    assert "/console/login" not in tab.url
    expect(tab.locator("#main")).to_contain_text(incident)
    tab.locator("#logout").click()  # one logout ends the session in every tab
    expect(disp).to_have_url(re.compile(r"/console/login"))


def test_the_call_taker_sees_no_position_at_entry_and_relocates(
    login: Login, server: Server
) -> None:
    ct = login("ct1")
    ct.fill("#address", "Xyzzy road 5")
    ct.fill("#type_code", "structure_fire")
    ct.locator("#type_code").dispatch_event("change")
    expect(ct.locator("#priority")).to_have_value("1")  # priority follows the type
    ct.fill("#type_code", "disturbance")
    ct.click("#create")
    current = ct.locator("#current")
    expect(current).to_contain_text("NO POSITION")
    expect(current.locator("p[role=alert]")).to_contain_text("cannot be sent until it is relocated")
    incident = current.get_attribute("data-incident")
    ct.fill("#ct-relocate", "Kalevankatu 3")
    # Another console touches the incident while the call taker types: the panel redraws, and what
    # was typed (and the focus) survives it.
    ct.locator("#ct-relocate").evaluate("(input) => { input.dataset.before = 'yes'; }")
    server.post("disp1", f"/incidents/{incident}/remarks", {"text": "caller calls back"})
    expect(ct.locator("#ct-relocate[data-before]")).to_have_count(0)  # redrawn
    expect(ct.locator("#ct-relocate")).to_have_value("Kalevankatu 3")
    expect(ct.locator("#ct-relocate")).to_be_focused()
    ct.press("#ct-relocate", "Enter")
    expect(current).not_to_contain_text("NO POSITION")


def test_a_possible_duplicate_must_be_passed_on_purpose(login: Login, server: Server) -> None:
    first = server.created("ct1", {"type_code": "robbery", "priority": 1, **HERE})
    ct = login("ct1")
    ct.locator("#address").press_sequentially("Kalevankatu 3", delay=10)
    ct.locator("#address").press("Enter")
    expect(ct.locator(f"#duplicates .dupe[data-incident='{first}']")).to_be_visible()
    ct.fill("#type_code", "robbery")
    ct.click("#create")  # the first press only points at the proposal
    expect(ct.locator(".field-error[data-for='_form']")).to_contain_text("Possible duplicate")
    expect(ct.locator("#current")).not_to_have_attribute("data-incident", re.compile(r"\d"))
    ct.click("#create")  # on purpose: a new incident
    expect(ct.locator("#current")).to_have_attribute("data-incident", re.compile(r"\d{4}-\d+"))
    assert ct.locator("#current").get_attribute("data-incident") != first


def test_the_call_taker_locates_a_call_on_the_map(login: Login, server: Server) -> None:
    ct = login("ct1")
    expect(ct.locator("#ct-map.leaflet-container")).to_be_visible()
    ct.wait_for_function("() => window.tenfourMap && window.tenfourMap.background")
    point = ct.evaluate(
        "() => { const p = window.tenfourMap.map.latLngToContainerPoint([60.1695, 24.940071]);"
        " return [p.x, p.y]; }"
    )
    ct.locator("#ct-map").click(position={"x": point[0], "y": point[1]})
    expect(ct.locator("#address")).to_have_value(re.compile(r"^Mannerheimintie"))
    expect(ct.locator("#verified")).to_have_text("VERIFIED")


def test_track_playback_on_the_incident_view(login: Login, server: Server) -> None:
    incident = server.created("ct1", {"type_code": "disturbance", "priority": 3, **HERE})
    server.post("disp1", "/units/1A13/dispatch", {"incident": incident, "reason": "test"})
    for n in range(3):
        server.post("disp1", "/units/1A13/position", {"lat": 60.170 - n * 0.001, "lon": 24.942})
    server.post("disp1", "/units/1A13/clear", {})
    view = login("disp2")
    view.goto(f"/console/incident/{incident}")
    expect(view.locator("#conn")).to_have_text("LIVE")
    view.click("#pb-load")
    expect(view.locator("#pb-time")).to_be_enabled()
    expect(view.locator("#pb-map .map-unit", has_text="1A13")).to_be_visible()
    expect(view.locator("#pb-at")).to_have_text(re.compile(r"\d\d:\d\d:\d\d"))
