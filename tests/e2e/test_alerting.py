"""Alerts: a new P1 call raises a card (and a tone, and the tab title counts it) until it is
acknowledged; a position can turn a kind of alert off, and it stays off in that browser. A
directive alerts the unit's phone (and vibrates it), a refused dispatch the commander, a partner's
request the dispatcher."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import Login
from tests.e2e.server import Server

P1 = {
    "type_code": "assault",
    "priority": 1,
    "address": "Annankatu 5",
    "lat": 60.1661,
    "lon": 24.9382,
}


def test_a_p1_call_alerts_until_acknowledged_and_settings_stick(
    login: Login, server: Server
) -> None:
    disp = login("disp2")
    disp.locator("#conn").click()  # a user gesture: browsers play sound only after one
    incident = server.created("ct1", P1)
    card = disp.locator("#alert-cards .alert-call")
    expect(card).to_contain_text(incident)
    expect(disp).to_have_title("(1) ⚠ Dispatch · tenfour")
    card.locator("button").click()
    expect(card).to_have_count(0)
    expect(disp).to_have_title("Dispatch · tenfour")

    disp.click("#alert-bell")
    disp.locator("#alert-settings label", has_text="New P1/P2 call").locator("input").uncheck()
    disp.reload()
    expect(disp.locator("#conn")).to_have_text("LIVE")
    quiet = server.created("ct1", P1)
    expect(disp.locator(f"#queue tr[data-id='{quiet}']")).to_be_visible()
    expect(disp.locator("#alert-cards .alert-card")).to_have_count(0)


def test_directive_refusal_and_request_alert_where_they_matter(
    login: Login, server: Server
) -> None:
    incident = server.created("ct1", {**P1, "priority": 3, "type_code": "crowd"})
    server.post("disp1", "/units/1A13/dispatch", {"incident": incident, "reason": "nearest"})
    phone = login("u1a13", viewport={"width": 390, "height": 844}, is_mobile=True)
    # The phone's vibration, as the page asks for it (headless Chromium has no motor).
    phone.evaluate("() => { window.buzz = []; navigator.vibrate = (p) => window.buzz.push(p); }")
    chief, disp = login("chief"), login("disp2")
    body = {"kind": "stand_down", "incident": incident, "reason": "riot line", "authority": "C"}
    server.post("chief", "/directives", body)
    expect(phone.locator("#alert-cards .alert-directive")).to_contain_text("STAND DOWN")
    assert phone.evaluate("() => window.buzz.length") >= 1
    expect(phone).to_have_title(re.compile(r"^\(1\) ⚠"))

    with pytest.raises(AssertionError):  # under the stand-down, with no override: refused
        server.post("disp1", "/units/1A14/dispatch", {"incident": incident, "reason": "more"})
    expect(chief.locator("#alert-cards .alert-refusal")).to_contain_text("1A14")
    ask = {"incident": incident, "to_agency": "MPD", "what": "crowd control"}
    server.post("fedcad", "/assistance-requests", ask)
    expect(disp.locator("#alert-cards .alert-request")).to_contain_text("crowd control")
    disp.keyboard.press("Alt+K")  # acknowledge every alert
    expect(disp.locator("#alert-cards .alert-card")).to_have_count(0)
    server.post("disp1", "/units/1A13/clear", {})
