"""A network drop: the console shows OFFLINE, reconnects by itself, and resyncs by seq: every
event written meanwhile arrives once, nothing twice, and the screen is current without a reload."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import Login
from tests.e2e.server import Server


def test_reconnect_and_resync(login: Login, server: Server) -> None:
    disp = login("disp2")
    start_seq, before = disp.evaluate(
        "[window.tenfourStream.lastSeq, window.tenfourStream.received]"
    )
    disp.context.set_offline(True)
    expect(disp.locator("#conn")).to_have_text("OFFLINE")
    expect(disp.locator("#offline-banner")).to_be_visible()

    # Meanwhile others keep working.
    incident = server.created(
        "ct1",
        {
            "type_code": "assault",
            "priority": 1,
            "verified": True,
            "address": "Kalevankatu 3",
            "lat": 60.167974,
            "lon": 24.939502,
        },
    )
    server.post("disp1", "/units/3C31/dispatch", {"incident": incident})
    server.post("disp1", "/units/3C31/enroute", {})
    # stale while offline
    expect(disp.locator(f"#active tr[data-id='{incident}']")).to_have_count(0)

    disp.context.set_offline(False)
    expect(disp.locator("#conn")).to_have_text("LIVE", timeout=15000)
    expect(disp.locator("#offline-banner")).to_be_hidden()
    expect(disp.locator("#notice")).to_contain_text("Reconnected")
    expect(disp.locator(f"#active tr[data-id='{incident}']")).to_contain_text("3C31")
    expect(disp.locator("#units tr[data-id='3C31']")).to_contain_text("ENRT")

    journal_head = disp.evaluate("fetch('/healthz').then(r => r.json()).then(h => h.head_seq)")
    disp.wait_for_function(f"window.tenfourStream.lastSeq === {journal_head}")
    # Every event written while offline arrived exactly once (all are visible to MPD here).
    received = disp.evaluate("window.tenfourStream.received") - before
    assert received == journal_head - start_seq >= 4
    assert disp.evaluate("window.tenfourStream.duplicates") == 0
    assert disp.evaluate("window.tenfourStream.reconnects") >= 1

    # Clean up: free the unit for other tests.
    server.post("disp1", "/units/3C31/clear", {})
