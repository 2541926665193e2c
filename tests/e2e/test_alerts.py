"""A CAP weather warning taken in by the supervisor shows in the alert list and on the map."""

from __future__ import annotations

import httpx
from playwright.sync_api import expect

from tests.e2e.conftest import Login
from tests.e2e.server import Server
from tests.unit.interop.test_cap import weather


def test_ingested_cap_alert_appears_in_alert_list_and_on_the_map(
    login: Login, server: Server
) -> None:
    sup = login("sup1")
    sup.goto(f"{server.url}/console/command")
    expect(sup.locator("#alerts")).to_contain_text("No alerts in force")
    expect(sup.locator("#outbox")).to_contain_text("Everything delivered")  # no partner owed
    disp = login("disp1")
    expect(disp.locator("#map")).to_be_visible()

    headers = {
        "Authorization": f"Bearer {server.token('sup1')}",
        "Content-Type": "application/cap+xml",
    }
    res = httpx.post(
        f"{server.url}/api/v1/cap", content=weather().encode(), headers=headers, timeout=10
    )
    assert res.status_code == 200, res.text

    expect(sup.locator("#alerts")).to_contain_text("SEVERE · Expected · Storm warning")  # live
    expect(sup.locator("#alerts")).to_contain_text("Storm over Helsinki")
    # the dispatcher's map draws the alert's area (one polygon and one circle)
    disp.wait_for_function(
        "() => window.tenfourMap.alerts && window.tenfourMap.alerts.getLayers().length === 2"
    )

    bad = httpx.post(f"{server.url}/api/v1/cap", content=b"<alert", headers=headers, timeout=10)
    assert bad.status_code == 422 and "XML" in bad.text


MARKUP = "<a href='https://evil.example/'>click</a><img src=x onerror=alert(1)>"


def test_markup_in_a_partners_alert_shows_as_text(login: Login, server: Server) -> None:
    """A headline carrying HTML is text in the alert list and in the map's tooltip: no link."""
    disp = login("disp1")
    expect(disp.locator("#map")).to_be_visible()
    escaped = MARKUP.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    alert = weather().replace("Storm over Helsinki", f"Storm {escaped}")
    alert = alert.replace("<identifier>", "<identifier>markup-")
    headers = {
        "Authorization": f"Bearer {server.token('sup1')}",
        "Content-Type": "application/cap+xml",
    }
    res = httpx.post(
        f"{server.url}/api/v1/cap", content=alert.encode(), headers=headers, timeout=10
    )
    assert res.status_code == 200, res.text
    disp.wait_for_function(
        "() => window.tenfourMap.alerts && window.tenfourMap.alerts.getLayers().length >= 2"
    )
    shown = disp.evaluate(
        """() => window.tenfourMap.alerts.getLayers().map((layer) => {
             layer.openTooltip();
             const el = layer.getTooltip().getElement();
             return { text: el.textContent, links: el.querySelectorAll('a, img').length };
           })"""
    )
    marked = [s for s in shown if "evil.example" in s["text"]]
    assert marked and all(MARKUP in s["text"] and s["links"] == 0 for s in marked)
    assert disp.locator("a[href*='evil.example'], img[src='x']").count() == 0
