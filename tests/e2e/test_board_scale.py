"""The dispatcher's board at disaster scale: 5,000 open incidents. The first render shows a
window of each board and the true counts, and a resync after a network drop fetches only the
changes (no reload of the board), both within a few seconds in the browser."""

from __future__ import annotations

import asyncio
import shutil
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tenfour.domain import commands as c
from tenfour.domain.actors import SYSTEM
from tenfour.engine.envelope import Envelope
from tenfour.runtime import build_runtime
from tests.e2e.conftest import Login
from tests.e2e.server import Server, settings_for, start_server

OPEN = 5000
CHUNK = 500


async def _open_incidents(directory: Path, secret: str) -> None:
    runtime = build_runtime(settings_for(directory, secret), quiet=True)
    await runtime.start(serving=False)
    try:
        for start in range(0, OPEN, CHUNK):
            envelopes = [
                Envelope(
                    str(uuid.uuid4()),
                    c.CreateIncident(
                        type_code="disturbance",
                        priority=2 + n % 4,  # the urgent call below (1) tops them
                        address=f"Storm street {n}",
                        agency="MPD",
                        lat=60.16 + (n % 50) * 0.001,
                        lon=24.93 + (n % 40) * 0.001,
                    ),
                    SYSTEM,
                )
                for n in range(start, start + CHUNK)
            ]
            results = await asyncio.gather(*(runtime.engine.submit(e) for e in envelopes))
            assert all(r.rejection is None for r in results)
    finally:
        await runtime.stop()


@pytest.fixture(scope="module")
def server(seeded: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The seeded database with 5,000 open incidents more (written before the server starts)."""
    template, secret = seeded
    directory = tmp_path_factory.mktemp("e2e-storm")
    shutil.copytree(template, directory, dirs_exist_ok=True)
    seeding = threading.Thread(target=asyncio.run, args=(_open_incidents(directory, secret),))
    seeding.start()
    seeding.join()
    running = start_server(directory, secret, bootstrap=False)
    try:
        yield running
    finally:
        running.stop()


@pytest.mark.slow
def test_first_render_and_resync_at_5000_open(login: Login, server: Server) -> None:
    disp = login("disp1")
    expect(disp.locator("#q-count")).to_have_text(str(OPEN))
    rows = disp.locator("#queue tr").count()
    assert 0 < rows <= 100, "a window of the queue, not 5,000 rows"
    shown = disp.evaluate(
        "performance.getEntriesByType('resource').filter(e => e.name.includes('/board/'))"
        ".map(e => e.responseEnd).reduce((a, b) => Math.max(a, b), 0)"
    )
    assert shown < 5000, f"boards fetched {shown:.0f} ms after the page began loading"

    disp.context.set_offline(True)
    expect(disp.locator("#conn")).to_have_text("OFFLINE")
    urgent = server.created(
        "ct1",
        {"type_code": "assault", "priority": 1, "address": "Kalevankatu 3", "verified": True},
    )
    first = disp.locator("#queue tr").first.get_attribute("data-id")
    server.post("disp1", "/units/2B22/dispatch", {"incident": first, "reason": "storm"})
    disp.context.set_offline(False)
    expect(disp.locator("#conn")).to_have_text("LIVE", timeout=15000)
    expect(disp.locator("#queue tr").first).to_have_attribute("data-id", urgent)
    expect(disp.locator(f"#active tr[data-id='{first}']")).to_contain_text("2B22")
    expect(disp.locator("#q-count")).to_have_text(str(OPEN))  # one in, one dispatched
    queue = disp.evaluate("[tenfourBoards.queue.loads, tenfourBoards.queue.catchUps]")
    assert queue[0] == 1 and queue[1] >= 1, "resynced by the changes, the queue never reloaded"

    server.post("disp1", "/units/2B22/clear", {})  # free the unit for other tests
