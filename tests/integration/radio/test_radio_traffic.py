"""The demo city's radio: a unit going en route is heard on its agency's dispatch channel,
from its own radio id, and tied to its incident."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from tenfour.domain import commands as c
from tenfour.domain.actors import SYSTEM
from tenfour.engine.envelope import Envelope
from tenfour.sim.radio_traffic import RECORDER, RadioTraffic, radio_setup, render_pool
from tests.integration.api.world import Api, make_settings, running_api

ONE_EACH = {"enroute": ("Dispatch, en route",), "onscene": ("On scene",)}


@pytest.fixture
def api(tmp_path: Path) -> Iterator[Api]:
    with running_api(make_settings(tmp_path / "db")) as api:
        yield api


# The demo's centre file names its channels on a system and a recorder of its own: the
# traffic goes out on that system as that recorder, and is attributed like a real recorder's.
CENTRE_FILE = (
    c.SetCentreEntry(section="radio_channel", key="mpd-dispatch",
                     value={"agency": "MPD", "system": "metro", "talkgroup": 1001, "dispatch": True}),
    c.SetCentreEntry(section="recorder", key="yard", value={"key_sha256": "d" * 64}),
)  # fmt: skip


@pytest.mark.parametrize("centre_file", [False, True], ids=["bare", "centre-file"])
def test_a_unit_going_en_route_is_heard_from_its_own_radio(api: Api, centre_file: bool) -> None:
    portal = api.client.portal
    assert portal is not None
    if centre_file:
        for n, command in enumerate(CENTRE_FILE):
            portal.call(api.runtime.engine.submit, Envelope(f"centre-{n}", command, SYSTEM))
    traffic = RadioTraffic(api.runtime.engine, api.runtime.radio, SYSTEM,
                           render=lambda: render_pool(ONE_EACH))  # fmt: skip
    portal.call(traffic.start)
    assert radio_setup(api.runtime.engine) == []  # configured once: a restart adds nothing
    portal.call(_ready, traffic)
    body = {"type_code": "disturbance", "priority": 2, "address": "Mannerheimintie 1"}
    incident = api.as_super("call_taker", "/incidents", body)["events"][0]["payload"]["incident"]
    api.as_super("dispatcher", "/units/1A12/dispatch", {"incident": incident})
    api.as_super("dispatcher", "/units/1A12/enroute", {})
    portal.call(_played, traffic, 1)
    portal.call(traffic.stop)
    [heard] = api.runtime.engine.state.radio.transmissions.values()
    assert heard.recorder == ("yard" if centre_file else RECORDER)
    assert heard.agency == "MPD" and heard.channel == "mpd-dispatch"
    assert heard.units == ["1A12"] and heard.incidents == [incident]
    assert heard.audio_format == "m4a" and heard.duration_s > 0.5


async def _ready(traffic: RadioTraffic) -> None:
    await traffic._tasks[0]  # the phrases, rendered in the background


async def _played(traffic: RadioTraffic, count: int) -> None:
    for _ in range(600):  # a bound for a stuck player, not a timing expectation
        if traffic.played >= count:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"{traffic.played} transmissions played, wanted {count}")
