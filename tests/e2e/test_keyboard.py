"""Keyboard-first: a focused row keeps focus while other consoles change the boards; F3 leaves
the command line so 1 assigns; Esc goes back to the board; N takes the next pending; the
command line has history."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import Login
from tests.e2e.server import Server

CALL = {"type_code": "disturbance", "priority": 1, "lat": 60.1699, "lon": 24.9384}


def test_keys_and_focus_through_live_updates(login: Login, server: Server) -> None:
    disp = login("disp2")
    # Timers from the agency's configuration: an available unit's time never turns red.
    expect(disp.locator("#units tr[data-id='1A15'] td.age")).to_have_class(re.compile("age-calm"))
    first = server.created("ct1", {**CALL, "address": "Annankatu 5"})
    row = disp.locator(f"#queue tr[data-id='{first}']")
    expect(row).to_be_visible()
    disp.keyboard.press("N")  # next pending: the top of the queue, selected and focused
    top = disp.locator("#queue tr").first
    expect(top).to_be_focused()
    expect(top).to_have_attribute("aria-selected", "true")
    expect(disp.locator(".map-incident.selected")).to_have_count(1)  # highlighted on the map
    for _ in range(3):  # others keep working: the focused row stays focused
        server.created("ct1", {**CALL, "priority": 3, "address": "Annankatu 7"})
    expect(disp.locator("#q-count")).not_to_have_text("1")
    disp.wait_for_timeout(600)
    expect(top).to_be_focused()
    disp.keyboard.press("/")  # filter the queue: only the matching rows stay
    disp.keyboard.type("p3 annankatu")
    expect(disp.locator("#queue tr:visible")).to_have_count(3)
    expect(disp.locator("#q-shown")).to_contain_text("3 of")
    disp.keyboard.press("Escape")
    disp.fill("#q-filter", "")

    disp.keyboard.press("F2")
    expect(disp.locator("#cmd")).to_be_focused()
    disp.keyboard.press("F3")  # recommend: the keyboard leaves the command line
    expect(disp.locator("#cmd")).not_to_be_focused()
    expect(disp.locator("#rec .rec-table")).to_be_visible()
    etas = disp.locator("#rec .rec-table tbody td:nth-child(4)").all_inner_texts()
    assert etas, "a recommendation"
    disp.keyboard.press("1")
    expect(disp.locator("#cmd")).to_have_value("")  # the key went to the board, not the line
    expect(disp.locator("#cmd-out")).to_contain_text("done")

    disp.keyboard.press("F2")
    disp.keyboard.type("ZZ nonsense")
    disp.keyboard.press("Enter")
    disp.keyboard.press("Escape")
    expect(disp.locator("#cmd")).to_have_value("")
    disp.keyboard.press("ArrowUp")
    expect(disp.locator("#cmd")).to_have_value("ZZ nonsense")
    disp.keyboard.press("Escape")
    disp.keyboard.press("Escape")
    expect(disp.locator("#cmd")).not_to_be_focused()
