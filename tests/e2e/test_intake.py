"""Intake at the call taker's screen: crossings and landmarks located from the city's own data; a
house number the city does not know is said to be APPROXIMATE (where it was placed, in words, on
the record); a type outside the vocabulary is refused by the field with near matches."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import Login, shot
from tests.e2e.server import Server


def _locate(ct: Page, text: str) -> None:
    ct.fill("#address", text)
    ct.locator("#address").press("Enter")


def test_crossings_and_landmarks_are_verified(login: Login, server: Server) -> None:
    ct = login("ct1")
    _locate(ct, "Mannerheimintie & Aleksanterinkatu")
    expect(ct.locator("#verified")).to_have_text("VERIFIED")
    expect(ct.locator("#address")).to_have_value("Aleksanterinkatu & Mannerheimintie")
    _locate(ct, "Stockmann")
    expect(ct.locator("#verified")).to_have_text("VERIFIED")


def test_an_unknown_house_number_is_approximate_and_said_so(login: Login, server: Server) -> None:
    ct = login("ct1")
    _locate(ct, "Mannerheimintie 999")
    badge = ct.locator("#verified")
    expect(badge).to_contain_text("APPROXIMATE")
    expect(badge).to_contain_text("placed at Mannerheimintie 13 A")
    expect(ct.locator("#address")).to_have_value("Mannerheimintie 999")  # what was typed stays
    shot(ct, "calltaker-approximate")
    ct.fill("#type_code", "disturbance")
    ct.click("#create")
    current = ct.locator("#current")
    expect(current).to_have_attribute("data-incident", re.compile(r"\d{4}-\d+"))
    incident = current.get_attribute("data-incident")
    detail = server.get("disp1", f"/incidents/{incident}")
    assert detail["verified"] is False
    assert "LOCATION APPROXIMATE" in str(detail["remarks"])
    disp = login("disp2")  # the dispatcher reads it in the incident's remarks
    disp.locator(f"#queue tr[data-id='{incident}']").click()
    expect(disp.locator("#detail .remarks")).to_contain_text(
        'LOCATION APPROXIMATE: "Mannerheimintie 999" is not a known address; placed at '
        "Mannerheimintie 13 A."
    )


def test_a_type_outside_the_vocabulary_is_refused_by_the_field(
    login: Login, server: Server
) -> None:
    ct = login("ct1")
    _locate(ct, "Kalevankatu 3")
    ct.fill("#type_code", "zzqq_typo")
    ct.click("#create")
    expect(ct.locator(".field-error[data-for='type_code']")).to_contain_text(
        "unknown incident type 'zzqq_typo'"
    )
    ct.fill("#type_code", "robery")
    ct.click("#create")
    expect(ct.locator(".field-error[data-for='type_code']")).to_contain_text("did you mean robbery")
    expect(ct.locator("#current")).not_to_have_attribute("data-incident", re.compile(r"\d"))
