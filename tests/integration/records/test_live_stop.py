"""The records views stop before their journal connection closes: a stop while they catch up in
a worker thread once closed the SQLite connection under that thread (a segmentation fault)."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

from tenfour.domain import commands as c
from tenfour.domain.actors import SYSTEM
from tenfour.engine.envelope import Envelope
from tests.integration.api.world import make_runtime, make_settings


def test_stopping_while_the_records_views_catch_up_waits_for_them(tmp_path: Path) -> None:
    runtime = make_runtime(make_settings(tmp_path))

    async def busy_then_stop() -> bool:
        await runtime.start()
        try:
            for n in range(30):
                command = c.RegisterAgency(agency=f"A{n}", name=f"A{n}", kind="police")
                await runtime.engine.submit(Envelope(str(uuid.uuid4()), command, SYSTEM))
            catching_up = runtime.records._task
            return catching_up is not None
        finally:
            await runtime.stop()

    assert asyncio.run(busy_then_stop())  # a catch-up was under way when the stop came
    assert runtime.records._task is not None and runtime.records._task.done()
    assert runtime.records._stopping
