"""Bad input never shows a stack trace: the API's 4xx message appears next to the field."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import Login
from tests.e2e.server import Server, password_of

TRACE = re.compile(r"Traceback|File \"|Exception|at [\w.]+ \(|undefined|\[object Object\]|NaN")


def no_trace(page: Page) -> None:
    text = page.locator("body").inner_text()
    assert not TRACE.search(text), text


def test_login_refusal(login: Login, server: Server) -> None:
    page = login("ct1")
    page.click("#logout")
    page.fill("#username", "ct1")
    page.fill("#password", "wrong-" + password_of("ct1"))
    page.click("button[type=submit]")
    expect(page.locator("#login-error")).to_have_text("wrong user name or password")
    no_trace(page)


def test_call_form_shows_api_messages_by_the_field(login: Login, server: Server) -> None:
    ct = login("ct1")
    ct.click("#create")  # everything empty
    errors = ct.locator("#call-form .field-error:not(:empty)")
    expect(errors.first).to_be_visible()
    expect(ct.locator("#call-form [aria-invalid='true']")).to_have_count(1)
    no_trace(ct)
    ct.fill("#type_code", "x" * 500)  # longer than the API allows
    ct.fill("#address", "Somewhere")
    ct.click("#create")
    expect(ct.locator(".field-error[data-for='type_code']")).to_contain_text("at most 400")
    expect(ct.locator("#type_code")).to_have_attribute("aria-invalid", "true")
    expect(ct.locator("#type_code")).to_be_focused()
    no_trace(ct)


def test_unknown_incident_and_remark_strike(login: Login, server: Server) -> None:
    rec = login("rec1")
    rec.fill("#rec-incident", "2099-999999")
    rec.press("#rec-incident", "Enter")
    expect(rec.locator(".field-error[data-for='incident']")).to_contain_text("does not exist")
    no_trace(rec)
    rec.goto("/console/incident/no-such-incident")
    expect(rec.locator("#inc-head")).to_contain_text("does not exist")
    no_trace(rec)
    response = rec.goto("/console/not-a-screen")
    assert response is not None and response.status == 404
    no_trace(rec)

    incident = server.created(
        "ct1", {"type_code": "suspicious", "priority": 3, "address": "Annankatu 5"}
    )
    view = login("ct1")
    view.goto(f"/console/incident/{incident}")
    view.fill("#remark-text", "")
    view.press("#remark-text", "Enter")
    expect(view.locator("#remark-form .field-error")).not_to_be_empty()
    view.fill("#remark-text", "BLUE CAR PLATE XYZ-999")
    view.press("#remark-text", "Enter")
    expect(view.locator("#timeline")).to_contain_text("XYZ-999")
    view.get_by_role("button", name=re.compile("^Strike R")).last.click()
    view.fill("#strike-reason", "")
    view.press("#strike-reason", "Enter")
    expect(view.locator("form .field-error[data-for='reason']")).not_to_be_empty()
    no_trace(view)
    view.fill("#strike-reason", "wrong plate")
    view.fill("#strike-correction", "BLUE CAR PLATE XYZ-989")
    view.press("#strike-reason", "Enter")
    expect(view.locator("#timeline li.struck .x")).to_contain_text("XYZ-999")  # struck through
    expect(view.locator("#timeline")).to_contain_text("XYZ-989")
    deco = view.locator("#timeline li.struck .x").first.evaluate(
        "e => getComputedStyle(e).textDecorationLine"
    )
    assert deco == "line-through"
