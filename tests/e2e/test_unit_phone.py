"""The unit's view at phone width (390 x 844): nothing scrolls sideways, big buttons, live."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import Login, shot
from tests.e2e.server import Server

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def test_unit_view_at_phone_width(login: Login, server: Server) -> None:
    phone = login("u3c31", **PHONE)
    assert phone.url.endswith("/console/unit")
    expect(phone.locator("#unit-head")).to_contain_text("3C31")
    expect(phone.locator("#unit-incident")).to_contain_text("No assigned incident")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways ({width} px)"
    for name in ("EN ROUTE", "ON SCENE", "CLEAR", "OUT OF SERVICE"):
        box = phone.get_by_role("button", name=name).bounding_box()
        assert box and box["height"] >= 48 and box["width"] >= 150, (name, box)

    incident = server.created(
        "ct1",
        {
            "type_code": "traffic_collision",
            "priority": 2,
            "verified": True,
            "address": "Mannerheimintie 5",
            "lat": 60.1695,
            "lon": 24.940071,
        },
    )
    server.post("disp1", "/units/3C31/dispatch", {"incident": incident})
    expect(phone.locator("#unit-incident")).to_contain_text("Mannerheimintie 5")  # live
    expect(phone.locator("#unit-head")).to_contain_text("DISP")
    expect(phone.locator("#eta")).to_contain_text(re.compile(r"ETA \d"))  # drive time by road

    phone.get_by_role("button", name="EN ROUTE").tap()
    expect(phone.locator("#unit-head")).to_contain_text("ENRT")
    phone.get_by_role("button", name="ON SCENE").tap()
    expect(phone.locator("#unit-head")).to_contain_text("ONSC")
    shot(phone, "unit-phone-onscene")
    phone.get_by_role("button", name="OUT OF SERVICE").tap()  # refused while on scene
    expect(phone.locator(".field-error[data-for='_form']")).to_contain_text("clear it first")
    phone.get_by_role("button", name="CLEAR").tap()
    expect(phone.locator("#unit-head")).to_contain_text("AVAIL")
    expect(phone.locator("#unit-incident")).to_contain_text("No assigned incident")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
