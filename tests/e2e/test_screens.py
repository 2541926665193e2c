"""A busy floor for the screenshots in docs/screenshots/ (the README shows the dispatcher's),
and checks that each screen is keyboard-usable: focus is visible and lists work with arrows."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import Login, shot
from tests.e2e.server import Server

WIDE = {"viewport": {"width": 1600, "height": 900}}
CALLS = [
    ("robbery", 1, "Aleksanterinkatu 20", 60.168978, 24.953182),
    ("assault", 1, "Kalevankatu 3", 60.167974, 24.939502),
    ("traffic_collision", 2, "Fredrikinkatu 40", 60.165424, 24.935228),
    ("suspicious", 3, "Annankatu 5", 60.164242, 24.940799),
    ("welfare_check", 4, "Eteläesplanadi 10", 60.167079, 24.948709),
]


def busy_floor(server: Server) -> list[str]:
    ids = [
        server.created(
            "ct1",
            {"type_code": t, "priority": p, "address": a, "lat": lat, "lon": lon, "verified": True},
        )
        for t, p, a, lat, lon in CALLS
    ]
    server.post("disp1", "/units/2B21/dispatch", {"incident": ids[2]})
    server.post("disp1", "/units/2B21/enroute", {})
    server.post("disp1", "/units/2B22/dispatch", {"incident": ids[2]})
    server.post("disp1", "/units/2B22/onscene", {})
    server.post("disp1", "/units/1A15/service", {"in_service": False, "reason": "vehicle fault"})
    return ids


def test_dispatcher_screen_keyboard_and_screenshot(login: Login, server: Server) -> None:
    ids = busy_floor(server)
    disp = login("disp1", **WIDE)
    expect(disp.locator("#queue tr")).to_have_count(4)
    disp.locator("#queue tr").first.focus()
    outline = disp.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "keyboard focus must be visible"
    disp.keyboard.press("ArrowDown")
    disp.keyboard.press("ArrowUp")
    disp.keyboard.press("Enter")
    expect(disp.locator("#detail")).to_contain_text(ids[0])
    disp.keyboard.press("F3")
    expect(disp.locator("#rec .rec-table tbody tr").first).to_contain_text("by road")
    disp.keyboard.press("F2")
    expect(disp.locator("#cmd")).to_be_focused()
    disp.keyboard.type(f"D 1A12 {ids[0]}")
    shot(disp, "dispatcher")


def test_call_taker_autocomplete_screenshot(login: Login, server: Server) -> None:
    ct = login("ct1", **WIDE)
    ct.keyboard.press("Alt+N")
    expect(ct.locator("#ani")).to_be_focused()
    ct.fill("#ani", "+358 40 765 4321")
    ct.fill("#caller_name", "M. VIRTANEN")
    ct.locator("#address").press_sequentially("Mannerheimintie 1", delay=20)
    expect(ct.locator("#address-list li").first).to_be_visible()
    ct.keyboard.press("ArrowDown")
    expect(ct.locator("#address-list li[aria-selected='true']")).to_have_count(1)
    shot(ct, "calltaker")


def test_hazard_hit_appears_for_the_call_taker(login: Login, server: Server) -> None:
    server.post(
        "disp1",
        "/hazards",
        {"description": "DOG ON PREMISES, BITES", "lat": 60.1695, "lon": 24.940071, "radius_m": 50},
    )
    ct = login("ct1")
    ct.locator("#address").press_sequentially("Mannerheimintie 5", delay=10)
    ct.locator("#address").press("Enter")
    expect(ct.locator("#verified")).to_have_text("VERIFIED")
    ct.fill("#type_code", "welfare_check")
    ct.click("#create")
    # An earlier test's incident may be proposed as a duplicate: this call is a new one.
    created_or_warned = ct.locator("#current[data-incident], #duplicates.dupes-warn").first
    expect(created_or_warned).to_be_visible()
    if ct.locator("#duplicates.dupes-warn").is_visible():
        ct.click("#create")
    expect(ct.locator("#hits .hit-hazard")).to_contain_text("DOG ON PREMISES")


def test_role_switch(login: Login, server: Server) -> None:
    sup = login("sup1")
    assert sup.url.endswith("/console/command")
    expect(sup.locator("#role-select")).to_have_value("supervisor")
    # a supervisor sees the radio transcriber's backlog (off on this test server)
    expect(sup.locator("#transcription")).to_contain_text("Not running on this node")
    sup.select_option("#role-select", "dispatcher")
    sup.wait_for_url("**/console/dispatch")
    expect(sup.locator("#conn")).to_have_text("LIVE")
    expect(sup.locator("#role-select")).to_have_value("dispatcher")
    me = sup.evaluate(
        "fetch('/api/v1/me', {headers: {Authorization: 'Bearer ' + JSON.parse("
        "sessionStorage.getItem('tenfour.session')).token, 'X-Tenfour-Role': 'dispatcher'}})"
        ".then(r => r.json())"
    )
    assert me["role"] == "dispatcher"
    expect(sup.locator(".screens a[href='/console/command']")).to_be_hidden()
