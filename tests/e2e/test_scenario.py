"""The stand-down scenario (shared/design/scenario-stand-down.md) through the pages only.

One browser context per person: call taker, dispatcher, commander, two field units on phones,
records officer. Each step is checked live in the other people's consoles, without a reload.
FED's bulletin (days earlier) and FED's assistance request (from FED's own CAD) are the only
things sent straight to the API: they come from another agency's system, not from a person here.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import Login, shot
from tests.e2e.server import Server

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
NARRATIVE = (
    "CALLER IS 1 OF APPROX 30 FEDERAL OFFICERS BEING SURROUNDED BY A LARGE CROWD, REQUESTING MPD"
)
REASON = "NO UNITS WILL RESPOND"


def take_call(ct: Page, ani: str, caller: str, address: str) -> None:
    """Fill a call's fields and pick the address from the autocomplete."""
    ct.keyboard.press("Alt+N")
    ct.fill("#ani", ani)
    ct.fill("#ali", address)
    ct.fill("#caller_name", caller)
    ct.locator("#address").press_sequentially(address, delay=10)
    expect(ct.locator("#address-list li").first).to_be_visible()
    ct.locator("#address").press("Enter")
    expect(ct.locator("#verified")).to_have_text("VERIFIED")


def first_call(ct: Page) -> str:
    take_call(ct, "+358401234567", "FED OFFICER K. SMITH", "Mannerheimintie 5")
    ct.fill("#type_code", "assist_other_agency")
    ct.select_option("#priority", "1")
    ct.fill("#narrative", NARRATIVE)
    expect(ct.locator("#duplicates")).to_be_hidden()
    ct.keyboard.press("Control+Enter")
    expect(ct.locator("#current[data-incident]")).to_be_visible()
    incident = ct.locator("#current").get_attribute("data-incident")
    assert incident and re.fullmatch(r"\d{4}-\d{6}", incident)
    return incident


def linked_call(ct: Page, incident: str, ani: str, address: str) -> None:
    """A further caller about the same crowd: the duplicate is proposed and linked in one action."""
    take_call(ct, ani, "BYSTANDER", address)
    proposal = ct.locator(f"#duplicates .dupe[data-incident='{incident}']")
    expect(proposal).to_contain_text(re.compile(r"\d+ m"))
    expect(proposal).to_contain_text("ago")
    shot(ct, "calltaker-duplicate")
    proposal.get_by_role("button", name=f"Link call to {incident}").click()
    expect(ct.locator("#duplicates")).to_be_hidden()


def incident_view(login: Login, page: Page, user: str, incident: str) -> Page:
    """The same person's incident view in a second tab."""
    view = login(user, context=page.context)
    view.goto(f"/console/incident/{incident}")
    expect(view.locator("#conn")).to_have_text("LIVE")
    return view


def test_stand_down_scenario(login: Login, server: Server) -> None:
    ct, disp, chief = login("ct1"), login("disp1"), login("chief")
    geo = {
        "geolocation": {"latitude": 60.1690, "longitude": 24.9410},
        "permissions": ["geolocation"],
    }
    u12, u13 = login("u1a12", **PHONE, **geo), login("u1a13", **PHONE, **geo)
    rec = login("rec1")
    assert "/console/calltaker" in ct.url and "/console/dispatch" in disp.url
    assert "/console/command" in chief.url and "/console/unit" in u12.url

    # 2. The call, verified address; two more callers linked as duplicates.
    incident = first_call(ct)
    row = disp.locator(f"#queue tr[data-id='{incident}']")
    expect(row).to_contain_text("assist_other_agency")  # live on the dispatcher's queue
    linked_call(ct, incident, "+358409999001", "Kalevankatu 3")
    linked_call(ct, incident, "+358409999002", "Mannerheimintie 5")
    ct_view = incident_view(login, ct, "ct1", incident)
    expect(ct_view.locator("#timeline li[data-kind='call']")).to_have_count(3)

    # 3. A remark names the plate on FED's bulletin: the hit shows at once everywhere.
    ct.fill("#remark-text", "WHITE VAN PLATE ABC-123 LEAVING NORTH")
    ct.press("#remark-text", "Enter")
    expect(ct.locator("#hits .hit")).to_contain_text("BULLETIN HIT")
    row.click()
    expect(disp.locator("#detail .hit")).to_contain_text("WANTED: JOHN ROE")
    chief.select_option("#incident", incident)
    expect(chief.locator("#cmd-incident .hit")).to_contain_text("BULLETIN HIT")
    expect(ct_view.locator("#timeline")).to_contain_text("ABC-123")

    # 4. Recommendation with ETAs and reasons; three units assigned; en route; moving on the map.
    disp.keyboard.press("F3")
    picks = disp.locator("#rec .rec-table tbody tr")
    expect(picks).to_have_count(2)
    expect(picks.first).to_contain_text(re.compile(r"\d+ (min|s)"))
    expect(picks.nth(1)).to_contain_text("by road")
    disp.locator("body").press("a")  # one key: assign the recommendation
    for unit in ("1A10", "1A12"):
        expect(disp.locator(f"#units tr[data-id='{unit}']")).to_contain_text("DISP")
    disp.fill("#cmd", f"D 1A13 {incident}")  # not recommended: the server wants a reason
    disp.press("#cmd", "Enter")
    expect(disp.locator("#cmd-out")).to_contain_text("give a reason")
    disp.fill("#cmd", f"D 1A13 {incident} third unit for a crowd of this size")
    disp.press("#cmd", "Enter")
    expect(disp.locator("#cmd-out")).to_contain_text("1A13 dispatched")
    expect(u12.locator("#unit-incident")).to_contain_text("Mannerheimintie 5")
    u12.get_by_role("button", name="EN ROUTE").click()
    u13.get_by_role("button", name="EN ROUTE").click()
    disp.fill("#cmd", "ER 1A10")
    disp.press("#cmd", "Enter")
    for unit in ("1A10", "1A12", "1A13"):
        expect(disp.locator(f"#units tr[data-id='{unit}']")).to_contain_text("ENRT")
    expect(u12.locator("#unit-head")).to_contain_text("ENRT")
    u12.context.set_geolocation({"latitude": 60.1693, "longitude": 24.9405})
    disp.wait_for_function(
        "() => Math.abs(window.tenfourMap.units.get('1A12').getLatLng().lat - 60.1693) < 1e-6"
    )
    shot(disp, "dispatcher")
    shot(u12, "unit-phone")

    # FED's CAD asks MPD for help on this incident (partner system, over the API).
    server.post(
        "fedcad",
        "/assistance-requests",
        {"incident": incident, "to_agency": "MPD", "what": "crowd control for 30 officers"},
    )

    # 5. The directive: a reason is required (the API's refusal shows by the field), then issued.
    chief.fill("#authority", "Chief of Patrol")
    chief.fill("#reason", "")
    chief.get_by_role("button", name="Issue directive").click()
    expect(chief.locator("#directive-form .field-error[data-for='reason']")).to_contain_text(
        "reason"
    )
    expect(chief.locator("#reason")).to_have_attribute("aria-invalid", "true")
    chief.fill("#reason", REASON)
    chief.fill("#message", "All MPD units stand down and return")
    chief.get_by_role("button", name="Issue directive").click()
    box = chief.locator("#directives .dirbox.inforce")
    expect(box).to_contain_text(REASON)
    for page in (
        disp.locator("#detail .directive-banner"),
        ct.locator("#current .directive-banner"),
        ct_view.locator("#banner"),
    ):
        expect(page).to_contain_text(REASON)
        expect(page).to_contain_text("chief (commander, Chief of Patrol")
    for phone in (u12, u13):
        expect(phone.locator(".unit-dir")).to_contain_text(REASON)

    # A dispatch under the stand-down without a reason is refused, and the refusal is flagged.
    disp.fill("#cmd", f"D 1A15 {incident} more officers")
    disp.press("#cmd", "Enter")
    expect(disp.locator("#cmd-out")).to_contain_text("needs an override with a reason")
    expect(chief.locator("#overrides .refusal")).to_contain_text("1A15")
    # An explicit override with its reason goes through, highlighted for command staff.
    disp.fill("#cmd", f"DO 1A15 {incident} officer injured, EMS escort only")
    disp.press("#cmd", "Enter")
    expect(disp.locator("#cmd-out")).to_contain_text("1A15 dispatched")
    expect(chief.locator("#overrides .override")).to_contain_text("officer injured")

    # 6. The stand-down: clearances cite the directive; units acknowledge; FED's request declined.
    directive = box.get_attribute("data-directive")
    disp.fill("#cmd", f"CL 1A12 {directive} stand-down ordered")
    disp.press("#cmd", "Enter")
    expect(disp.locator("#cmd-out")).to_contain_text(f"1A12 cleared per {directive}")
    disp.get_by_role("button", name="Clear 1A13").click()
    disp.get_by_role("button", name="Clear 1A10").click()
    disp.get_by_role("button", name="Clear 1A15").click()
    for unit in ("1A10", "1A12", "1A13", "1A15"):
        expect(disp.locator(f"#units tr[data-id='{unit}']")).to_contain_text("AVAIL")
    expect(u12.locator("#unit-head")).to_contain_text("AVAIL")
    for phone in (u12, u13):
        phone.get_by_role("button", name="ACKNOWLEDGE").click()
        expect(phone.locator(".unit-dir.in-force")).to_contain_text("still in force")  # binds
    expect(box.locator(".ack-yes")).to_have_count(2)
    answer = chief.locator("#requests form[data-request]")
    answer.get_by_role("button", name="Answer").click()
    expect(chief.locator("#requests")).to_contain_text(f"DECLINED: {REASON}")
    shot(chief, "commander")
    expect(ct_view.locator("#timeline")).to_contain_text(directive or "DIR")
    shot(ct_view, "incident")

    # 7. Afterwards: the records officer's verified timeline.
    rec.fill("#rec-incident", incident)
    rec.press("#rec-incident", "Enter")
    expect(rec.locator("#verify")).to_have_text("VERIFIED AGAINST THE HASH CHAIN")
    timeline = rec.locator("#rec-timeline")
    for text in (
        "CallAdded",
        "BulletinMatched",
        "RecommendationMade",
        "UnitDispatched",
        "DirectiveIssued",
        "UnitCleared",
        "DirectiveAcknowledged",
        "AssistanceAnswered",
    ):
        expect(timeline).to_contain_text(text)
    expect(timeline).to_contain_text(re.compile(r"\d{2}:\d{2}:\d{2}\.\d{3}"))
    shot(rec, "records")
    shot(ct, "calltaker")
