"""``/docs`` and ``/redoc`` render the API description offline, with no CSP violation.

Every request the pages make is to this server (nothing from a CDN); the pages' policy is the
strict one plus inline styles and ReDoc's worker, and the browser reports no violation of it.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import _note_csp
from tests.e2e.server import Server


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return parts.netloc if parts.scheme in ("http", "https", "ws", "wss") else "(local)"


@pytest.mark.parametrize(
    ("path", "ready"),
    [("/docs", ".swagger-ui .info .title"), ("/redoc", "h1:has-text('tenfour')")],
)
def test_docs_page_renders_offline_under_the_csp(
    browser: Browser, server: Server, path: str, ready: str
) -> None:
    context = browser.new_context(base_url=server.url)
    context.set_default_timeout(15000)
    errors: list[str] = []
    hosts: set[str] = set()
    page = context.new_page()
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.on("console", lambda msg: _note_csp(errors, path, msg.text))
    page.on("request", lambda request: hosts.add(_origin(request.url)))
    response = page.goto(path)
    assert response is not None and response.status == 200
    assert "'unsafe-eval'" not in (response.headers.get("content-security-policy") or "")
    expect(page.locator(ready).first).to_be_visible(timeout=30000)
    if path == "/docs":
        expect(page.locator(".opblock-tag-section").first).to_be_visible()
    page.wait_for_timeout(500)  # late violations (workers, fonts) are reported too
    context.close()
    assert not errors, errors
    assert hosts - {"(local)"} == {urlsplit(server.url).netloc}  # blob: and data: are local
