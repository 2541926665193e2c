"""Browser tests: a real server and Debian's Chromium driven by Playwright (never downloaded).

Without /usr/bin/chromium the tests skip locally but fail when CI=true.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.e2e.seed import seed
from tests.e2e.server import Server, new_secret, password_of, start_server

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
pytestmark = pytest.mark.browser

try:
    from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright
except ImportError:  # pragma: no cover - the test extra installs it
    sync_playwright = None  # type: ignore[assignment]


def _need_chromium() -> None:
    missing = None if CHROMIUM.exists() else f"{CHROMIUM} is missing (apt-get install chromium)"
    if sync_playwright is None:
        missing = "playwright is not installed"
    if missing and os.environ.get("CI") == "true":
        pytest.fail(missing)
    if missing:
        pytest.skip(missing)


@pytest.fixture(scope="session")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A database seeded once over the API (directory, token secret); modules serve copies.

    Seeding hashes a password per user (argon2id, deliberately slow), so it is done once.
    """
    _need_chromium()
    directory, secret = tmp_path_factory.mktemp("e2e-seed"), new_secret()
    running = start_server(directory, secret)
    try:
        seed(running)
    finally:
        running.stop()
    return directory, secret


@pytest.fixture(scope="module")
def server(seeded: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A fresh server per test module on its own copy of the seeded database."""
    template, secret = seeded
    directory = tmp_path_factory.mktemp("e2e")
    shutil.copytree(template, directory, dirs_exist_ok=True)
    running = start_server(directory, secret, bootstrap=False)
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="module")  # the sync API keeps an event loop running: never past a module
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless."""
    _need_chromium()
    with sync_playwright() as p:
        launched = p.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield launched
        launched.close()


Login = Callable[..., Page]


def _note_csp(errors: list[str], user: str, text: str) -> None:
    """Collect Content-Security-Policy violations the browser reports on the console."""
    if "Content Security Policy" in text or text.startswith("Refused to"):
        errors.append(f"{user}: {text}")


@pytest.fixture
def login(browser: Browser, server: Server) -> Iterator[Login]:
    """``login(user, context=None, **context_options) -> page``, by default in a fresh context.

    A page's uncaught script errors fail the test: a console must never break silently.
    """
    contexts: list[BrowserContext] = []
    errors: list[str] = []

    def open_as(user: str, *, context: BrowserContext | None = None, **options: object) -> Page:
        if context is None:
            context = browser.new_context(base_url=server.url, **options)  # type: ignore[arg-type]
            context.set_default_timeout(8000)
            contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda err: errors.append(f"{user}: {err}"))
        page.on("console", lambda msg: _note_csp(errors, user, msg.text))
        page.goto("/console/login")
        page.fill("#username", user)
        page.fill("#password", password_of(user))
        page.click("button[type=submit]")
        page.wait_for_url(lambda url: "/console/login" not in url)
        expect(page.locator("#conn")).to_have_text("LIVE")
        return page

    yield open_as
    for context in contexts:
        context.close()
    assert not errors, errors


def shot(page: Page, name: str) -> None:
    """Take a screenshot (so every screen renders); saved into docs/screenshots/ only with
    TENFOUR_SCREENSHOTS=1, so a test run leaves the checkout as it was."""
    if os.environ.get("TENFOUR_SCREENSHOTS") != "1":
        page.screenshot()
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
