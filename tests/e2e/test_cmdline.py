"""The dispatcher's command line: every verb, the selected incident as default, and refusals."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import Login
from tests.e2e.server import Server


def enter(page: Page, line: str) -> None:
    page.keyboard.press("F2")
    page.fill("#cmd", line)
    page.press("#cmd", "Enter")


def unit_row(page: Page, unit: str) -> Locator:
    return page.locator(f"#units tr[data-id='{unit}']")


def test_command_line(login: Login, server: Server) -> None:
    incident = server.created(
        "ct1",
        {
            "type_code": "robbery",
            "priority": 2,
            "verified": True,
            "address": "Aleksanterinkatu 20",
            "lat": 60.168978,
            "lon": 24.953182,
        },
    )
    disp = login("disp2")
    expect(disp.locator(f"#queue tr[data-id='{incident}']")).to_be_visible()

    enter(disp, f"I {incident}")
    expect(disp.locator("#detail")).to_contain_text("robbery")
    enter(disp, "D 2B21")  # the selected incident by default
    expect(disp.locator("#cmd-out")).to_have_text(f"✔ 2B21 dispatched to {incident}")
    expect(unit_row(disp, "2B21")).to_contain_text("DISP")
    expect(disp.locator("#cmd")).to_have_value("")  # cleared for the next entry
    enter(disp, "er 2b21")  # case does not matter
    expect(unit_row(disp, "2B21")).to_contain_text("ENRT")
    enter(disp, "OS 2B21")
    expect(unit_row(disp, "2B21")).to_contain_text("ONSC")
    enter(disp, f"R {incident} SUSPECT FLED ON FOOT TOWARDS THE STATION")
    expect(disp.locator("#cmd-out")).to_have_text(f"✔ remark on {incident}")
    detail = server.get("disp2", f"/incidents/{incident}")
    assert any("FLED ON FOOT" in r["text"] for r in detail["remarks"])
    enter(disp, "CL 2B21")
    expect(unit_row(disp, "2B21")).to_contain_text("AVAIL")
    enter(disp, "OOS 2B22 flat tyre")
    expect(unit_row(disp, "2B22")).to_contain_text("OOS")
    enter(disp, "IS 2B22")
    expect(unit_row(disp, "2B22")).to_contain_text("AVAIL")

    # Refusals come from the server, worded by it; syntax errors show the help.
    enter(disp, "OS 2B22")
    expect(disp.locator("#cmd-out")).to_have_text(re.compile(r"^✖ .*2B22"))
    enter(disp, "ER NOSUCH")
    expect(disp.locator("#cmd-out")).to_contain_text("✖")
    expect(disp.locator("#cmd")).to_have_value("ER NOSUCH")  # kept for correction
    enter(disp, "XYZ 1")
    expect(disp.locator("#cmd-out")).to_contain_text("unknown command XYZ")
    enter(disp, "D")
    expect(disp.locator("#cmd-out")).to_contain_text("unit missing")

    # The same actions as buttons.
    disp.get_by_role("button", name="Dispatch to the selected incident 2B22").click()
    expect(unit_row(disp, "2B22")).to_contain_text("DISP")
    disp.get_by_role("button", name="Clear 2B22").click()
    expect(unit_row(disp, "2B22")).to_contain_text("AVAIL")
