"""Radio on the records screen, in Chromium: a transmission by 1A12 on its incident's timeline,
played from an authenticated fetch (a blob: URL under the strict policy), and a records
officer's correction shown over the machine's text, which stays, struck."""

from __future__ import annotations

import asyncio
import re
import shutil
import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tenfour.domain import commands as c
from tenfour.domain.actors import SYSTEM, TRANSCRIBER
from tenfour.engine.envelope import Envelope
from tenfour.radio.ingest import Call
from tenfour.runtime import build_runtime
from tenfour.settings import Settings
from tests.e2e.conftest import Login, shot
from tests.e2e.server import Server, settings_for, start_server
from tests.radio_support import TALKGROUP, radio_commands, tone_wav, transcript

MACHINE = "1A12 en route to Mannerheimintie one"
FIXED = "1A12 en route to Mannerheimintie 1, ETA four minutes"


async def _on_the_air(settings: Settings) -> str:
    """Radio configured, an incident with 1A12 on it, 1A12's transmission, transcribed."""
    runtime = build_runtime(settings, quiet=True)
    await runtime.start()

    async def do(command: c.Command, actor: object = SYSTEM) -> list[object]:
        result = await runtime.engine.submit(Envelope(str(uuid.uuid4()), command, actor))  # type: ignore[arg-type]
        assert result.rejection is None, result.rejection
        return [x.event for x in result.events]

    try:
        for command in radio_commands():
            await do(command)
        opened = await do(c.CreateIncident(type_code="disturbance", priority=2,
                                           address="Mannerheimintie 1", agency="MPD"))  # fmt: skip
        incident = str(getattr(opened[0], "incident", ""))
        await do(c.DispatchUnit(incident=incident, unit="1A12"))
        started = datetime.now(UTC) + timedelta(seconds=1)
        call = Call(system="metro", talkgroup=TALKGROUP, started=started,
                    audio=tone_wav(2.0), sources=((4512, 0.0),), audio_name="call.wav")  # fmt: skip
        taken = await runtime.radio.take("rec1", call)
        await do(transcript(taken.transmission, MACHINE), TRANSCRIBER)
        heard = c.ProposeRadioPhrase(proposal="RP-1", transmission=taken.transmission,
                                     kind="onscene", phrase="on scene", unit="1A12",
                                     incident=incident)  # fmt: skip
        await do(heard, TRANSCRIBER)
        return incident
    finally:
        await runtime.stop()


@pytest.fixture(scope="module")
def radio_server(
    seeded: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Server, str]]:
    template, secret = seeded
    directory = tmp_path_factory.mktemp("e2e-radio")
    shutil.copytree(template, directory, dirs_exist_ok=True)
    found: list[str] = []
    setup = threading.Thread(
        target=lambda: found.append(asyncio.run(_on_the_air(settings_for(directory, secret))))
    )
    setup.start()
    setup.join()
    running = start_server(directory, secret, bootstrap=False)
    try:
        yield running, found[0]
    finally:
        running.stop()


@pytest.fixture
def server(radio_server: tuple[Server, str]) -> Server:
    return radio_server[0]


def test_a_transmission_plays_and_a_correction_strikes_the_machine_text(
    login: Login, radio_server: tuple[Server, str]
) -> None:
    _, incident = radio_server
    page = login("rec1")
    page.goto(f"/console/records?incident={incident}")
    item = page.locator("#rec-radio .radio-item")
    expect(item).to_have_count(1)
    expect(item).to_contain_text(f"1A12 (radio 4512): {MACHINE}")
    expect(page.locator("#rec-timeline")).to_contain_text("1A12 (radio 4512)")
    audio = item.locator("audio")
    expect(audio).to_have_attribute("src", re.compile(r"^blob:"))
    page.wait_for_function(
        "el => el.readyState >= 1 && el.duration > 1.5", arg=audio.element_handle()
    )
    item.get_by_role("button", name="Correct").click()
    form = item.locator("form.radio-correct")
    form.locator("input[name=text]").fill(FIXED)
    form.locator("input[name=reason]").fill("listened to the recording")
    form.get_by_role("button", name="Save correction").click()
    expect(item.locator("s.radio-machine")).to_have_text(MACHINE)
    expect(item.locator(".radio-text")).to_have_text(FIXED)
    expect(page.locator("#rec-timeline")).to_contain_text("corrected the transcript")
    shot(page, "records-radio")


def test_a_dispatcher_confirms_a_phrase_heard_and_the_unit_moves(
    login: Login, radio_server: tuple[Server, str]
) -> None:
    server, incident = radio_server
    page = login("disp1")
    page.goto(f"/console/incident/{incident}")
    heard = page.locator("#radio-phrases form.radio-phrase")
    expect(heard).to_contain_text("ONSCENE 1A12")
    heard.get_by_role("button", name="Confirm").click()
    expect(heard).to_have_count(0)
    expect(page.locator("#timeline")).to_contain_text("confirmed radio phrase RP-1")
    units = {u["id"]: u for u in server.get("disp1", "/units")}
    assert units["1A12"]["status"] == "onscene"
