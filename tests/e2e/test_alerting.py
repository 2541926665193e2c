"""Alerts: a new P1 call raises a card (and a tone, and the tab title counts it) until it is
acknowledged; a position can turn a kind of alert off, and it stays off in that browser."""

from __future__ import annotations

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
