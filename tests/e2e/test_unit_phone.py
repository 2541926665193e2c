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
    expect(phone.get_by_role("link", name="NAVIGATE")).to_have_attribute(
        "href", re.compile(r"^geo:60\.1695,24\.940071")
    )
    expect(phone.get_by_role("button", name="AT HOSPITAL")).to_be_disabled()  # not yet
    phone.get_by_role("button", name="ON SCENE").tap()
    expect(phone.locator("#unit-head")).to_contain_text("ONSC")
    expect(phone.locator("#eta")).to_have_text("")  # there: no ETA counting on
    shot(phone, "unit-phone-onscene")
    # Only the changes the unit may make from here are offered.
    expect(phone.get_by_role("button", name="OUT OF SERVICE")).to_be_disabled()
    expect(phone.get_by_role("button", name="EN ROUTE")).to_be_disabled()
    phone.get_by_role("button", name="TRANSPORTING").tap()
    expect(phone.locator("#unit-head")).to_contain_text("TRAN")
    phone.get_by_role("button", name="AT HOSPITAL").tap()
    expect(phone.locator("#unit-head")).to_contain_text("HOSP")
    phone.get_by_role("button", name="CLEAR").tap()
    expect(phone.locator("#unit-head")).to_contain_text("AVAIL")
    expect(phone.locator("#unit-incident")).to_contain_text("No assigned incident")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_stand_down_on_the_phone_stops_the_eta_and_stays_red_until_lifted(
    login: Login, server: Server
) -> None:
    phone = login("u1a12", **PHONE)
    incident = server.created(
        "ct1",
        {"type_code": "disturbance", "priority": 2, "address": "Mannerheimintie 5",
         "lat": 60.1695, "lon": 24.940071},
    )  # fmt: skip
    server.post("disp1", "/units/1A12/dispatch", {"incident": incident})
    expect(phone.locator("#eta")).to_contain_text("ETA")
    issued = server.post(
        "chief",
        "/directives",
        {"kind": "stand_down", "incident": incident, "reason": "crowd", "authority": "Chief"},
    )
    events = issued["events"]
    assert isinstance(events, list)
    directive = str(events[0]["payload"]["directive"])
    expect(phone.locator("#eta")).to_contain_text("STAND DOWN in force — do not proceed")
    card = phone.locator(f".unit-dir[data-directive='{directive}']")
    card.get_by_role("button", name="ACKNOWLEDGE").tap()
    expect(card).to_contain_text("still in force")
    expect(card).not_to_have_class(re.compile(r"\backed\b"))  # not green while it binds
    server.post("chief", f"/directives/{directive}/lift", {"reason": "crowd gone"})
    expect(card).to_contain_text("LIFTED")
    expect(card).to_have_class(re.compile(r"\backed\b"))
    server.post("disp1", "/units/1A12/clear", {})
