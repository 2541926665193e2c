"""Who may read a transmission and its audio, correct its transcript, and decide on a phrase
heard in it: the policy's roles, over HTTP, for every role of the API world."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import timedelta

import pytest

from tenfour.domain import commands as c
from tenfour.domain.actors import TRANSCRIBER
from tenfour.engine.envelope import Envelope
from tests.integration.api.world import USERS, Api, make_settings, running_api
from tests.radio_support import RECORDER_KEY, now_utc, radio_commands, recording

READERS = {
    "call_taker",
    "dispatcher",
    "supervisor",
    "commander",
    "records",
    "admin",
    "centre_admin",
}
CORRECTORS = {"dispatcher", "supervisor", "records"}
DECIDERS = {"dispatcher", "supervisor"}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Api, str]]:
    tmp = tmp_path_factory.mktemp("radio-routes")
    with running_api(make_settings(tmp)) as api:
        for command in radio_commands():
            api.system(command)
        body = {"type_code": "disturbance", "priority": 2, "address": "Mannerheimintie 1"}
        incident = api.as_super("call_taker", "/incidents", body)["events"][0]["payload"]
        api.as_super("dispatcher", "/units/1A13/dispatch", {"incident": incident["incident"]})
        meta = {"system": "metro", "talkgroup": 1001, "sources": [{"radio": 4513}]}
        meta["started_at"] = (now_utc() + timedelta(seconds=1)).isoformat()
        audio = recording(tmp / "rec", "wav").read_bytes()
        r = api.client.post(
            "/api/v1/radio/transmissions",
            data={"metadata": json.dumps(meta)},
            files={"audio": ("a.wav", audio, "audio/wav")},
            headers={"X-Recorder-Key": RECORDER_KEY},
        )
        ident = r.json()["transmission"]
        for n, role in enumerate(sorted(USERS)):
            heard = c.ProposeRadioPhrase(
                proposal=f"RP-{role}", transmission=ident, kind="stand_down", phrase=f"x{n}"
            )
            result = api.client.portal.call(  # type: ignore[union-attr]
                api.runtime.engine.submit, Envelope(str(uuid.uuid4()), heard, TRANSCRIBER)
            )
            assert result.accepted
        yield api, ident


@pytest.mark.parametrize("role", sorted(USERS))
def test_each_role_reads_corrects_and_decides_as_the_policy_says(
    world: tuple[Api, str], role: str
) -> None:
    api, ident = world
    user = USERS[role][0]
    audio = api.get(user, f"/radio/transmissions/{ident}/audio")
    assert audio.status_code == (200 if role in READERS else 403), audio.text
    fix = {"text": f"1A13 on scene ({role})", "reason": "listened"}
    corrected = api.post(user, f"/radio/transmissions/{ident}/corrections", fix)
    assert corrected.status_code == (200 if role in CORRECTORS else 403), corrected.text
    dismissed = api.post(user, f"/radio/phrases/RP-{role}/dismiss", {"reason": "not an order"})
    assert dismissed.status_code == (200 if role in DECIDERS else 403), dismissed.text
    listed = api.get(user, "/radio/phrases")
    assert listed.status_code == (200 if role in DECIDERS else 403)


def test_an_unknown_transmission_is_404_and_a_bad_correction_422(world: tuple[Api, str]) -> None:
    api, ident = world
    assert api.get("disp1", "/radio/transmissions/nope/audio").status_code == 404
    r = api.post("disp1", f"/radio/transmissions/{ident}/corrections", {"text": " ", "reason": "r"})
    assert r.status_code == 422
