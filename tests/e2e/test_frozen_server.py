"""A frozen server (SIGSTOP-like: connections stay up, nothing answers) is noticed: the header
says STALE within 5 s, an order shows SENDING and then times out in words, and the banner that
says so never pushes the command line off a 1080 px screen. When the server answers again the
screen says LIVE by itself."""

from __future__ import annotations

import time

from playwright.sync_api import Browser, Route, WebSocketRoute, expect

from tests.e2e.conftest import Login
from tests.e2e.server import Server


class Freezer:
    """Stands between the console and the server: while frozen, nothing comes back."""

    def __init__(self) -> None:
        self.frozen = False
        self.held: list[Route] = []

    def stream(self, ws: WebSocketRoute) -> None:
        server = ws.connect_to_server()
        ws.on_message(lambda m: server.send(m))
        server.on_message(lambda m: None if self.frozen else ws.send(m))

    def http(self, route: Route) -> None:
        if self.frozen:
            self.held.append(route)  # never answered, like a stopped process
        else:
            route.continue_()


def test_a_frozen_server_shows_stale_and_orders_time_out(
    login: Login, server: Server, browser: Browser
) -> None:
    freezer = Freezer()
    context = browser.new_context(base_url=server.url, viewport={"width": 1920, "height": 1080})
    context.set_default_timeout(8000)
    context.route_web_socket("**/api/v1/stream*", freezer.stream)
    context.route("**/healthz", freezer.http)
    context.route("**/api/v1/units/*/service", freezer.http)
    try:
        disp = login("disp2", context=context)
        freezer.frozen = True
        frozen_at = time.monotonic()
        expect(disp.locator("#conn")).to_have_text("STALE", timeout=6000)
        assert time.monotonic() - frozen_at < 6.0
        expect(disp.locator("#offline-banner")).to_be_visible()

        disp.fill("#cmd", "OOS 3C32 meal")
        disp.press("#cmd", "Enter")
        expect(disp.locator("#cmd-out")).to_contain_text("sending")
        expect(disp.locator("#sending")).to_have_text("SENDING 1")
        expect(disp.locator("#cmd-out")).to_contain_text("no answer from the server", timeout=12000)
        expect(disp.locator("#sending")).to_be_hidden()

        box = disp.locator("#cmd").bounding_box()
        assert box is not None and box["y"] + box["height"] <= 1080, box  # still on screen

        freezer.frozen = False
        for route in freezer.held:
            route.abort()
        expect(disp.locator("#conn")).to_have_text("LIVE", timeout=20000)
        expect(disp.locator("#offline-banner")).to_be_hidden()
    finally:
        context.close()
