"""Directives, sentence by sentence of issue 14's item 10: a unit sent in under an override joins
the acknowledgment list; the call taker's list marks an incident under a directive; a lifted
directive shows no red banner anywhere (LIFTED, not red), and its marker goes."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import Login, shot
from tests.e2e.server import Server

HERE = {"address": "Mannerheimintie 5", "lat": 60.1695, "lon": 24.940071}


def test_override_joins_the_acks_and_a_lifted_directive_is_not_red(
    login: Login, server: Server
) -> None:
    incident = server.created("ct1", {"type_code": "crowd", "priority": 2, **HERE})
    server.post("disp1", "/units/1A13/dispatch", {"incident": incident, "reason": "nearest"})
    chief, ct, disp = login("chief"), login("ct1"), login("disp2")
    body = {"kind": "stand_down", "incident": incident, "reason": "riot line", "authority": "Chief"}
    issued = server.post("chief", "/directives", body)
    directive = str(issued["events"][0]["payload"]["directive"])  # type: ignore[index]

    marker = ct.locator(f"#recent tr[data-id='{incident}'] .badge-bad")
    expect(marker).to_have_text("DIRECTIVE")  # the call taker's list
    box = chief.locator(f"#directives .dirbox[data-directive='{directive}']")
    expect(box.locator(".ack[data-unit='1A13']")).to_contain_text("pending")
    expect(box.locator(".ack[data-unit='1A14']")).to_have_count(0)

    override = {"incident": incident, "override_reason": "officer down: EMS escort"}
    server.post("disp1", "/units/1A14/dispatch", {**override, "reason": "escort"})
    expect(box.locator(".ack[data-unit='1A14']")).to_contain_text("pending")  # must acknowledge
    server.post("disp1", f"/directives/{directive}/acknowledge", {"unit": "1A14"})
    expect(box.locator(".ack-yes[data-unit='1A14']")).to_be_visible()

    disp.locator(f"#active tr[data-id='{incident}']").click()
    expect(disp.locator("#detail .directive-banner")).to_contain_text("riot line")
    server.post("chief", f"/directives/{directive}/lift", {"reason": "crowd dispersed"})
    expect(box).to_have_class(re.compile(r"\blifted\b"))
    expect(box.locator(".directive-lifted")).to_contain_text("LIFTED")
    expect(box.locator(".directive-banner")).to_have_count(0)  # not red, at any opacity
    expect(disp.locator("#detail .directive-banner")).to_be_hidden()
    expect(disp.locator(f"#active tr[data-id='{incident}']")).not_to_contain_text("DIRECTIVE")
    expect(marker).to_have_count(0)
    shot(chief, "commander-lifted")
    for unit in ("1A13", "1A14"):
        server.post("disp1", f"/units/{unit}/clear", {})
