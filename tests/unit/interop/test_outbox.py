"""What the outbox owes partners is read from the state: nothing kept elsewhere."""

from __future__ import annotations

import asyncio

import pytest

from tenfour.domain import commands as c
from tenfour.domain.errors import Rejected
from tenfour.engine.engine import Engine
from tenfour.interop.outbox import Delivery, Outbox, pending
from tenfour.interop.partners import NonceCache, parse_config
from tenfour.interop.service import InteropService
from tenfour.journal.memory import MemoryJournal
from tests.unit.domain.world import FED_SUPERVISOR, MPD_DISPATCHER, new_incident
from tests.unit.interop.scene import FED_CAD, MPD_CAD, base_world

SECRET = "s" * 40


def _config(local: str, other: str) -> object:
    return parse_config(
        {
            "local": {"agency": local},
            "partners": [{"agency": other, "url": "http://x.test", "secret": SECRET}],
        }
    )


def test_our_request_is_owed_until_the_partner_acknowledges_it() -> None:
    w = base_world()
    incident = new_incident(w)
    w.do(MPD_DISPATCHER, c.RequestAssistance(incident=incident, to_agency="FED", what="help"))
    config = _config("MPD", "FED")
    assert pending(w.state, config) == [Delivery("AR1", "request", "FED")]  # type: ignore[arg-type]
    w.do(FED_CAD, c.AcknowledgeDelivery(request="AR1", message="request", partner_ref="AR7"))
    assert pending(w.state, config) == []  # type: ignore[arg-type]
    with pytest.raises(Rejected, match="already delivered"):
        w.do(FED_CAD, c.AcknowledgeDelivery(request="AR1", message="request"))


def test_our_answer_to_a_partner_request_is_owed_once_given() -> None:
    w = base_world()
    incident = new_incident(w)
    w.do(
        FED_CAD,
        c.RequestAssistance(
            incident=incident, to_agency="MPD", what="help", from_agency="FED", external_ref="AR3"
        ),
    )
    config = _config("MPD", "FED")
    assert pending(w.state, config) == []  # type: ignore[arg-type]
    with pytest.raises(Rejected, match="no answer"):
        w.do(FED_CAD, c.AcknowledgeDelivery(request="AR1", message="answer"))
    w.do(
        MPD_DISPATCHER,
        c.AnswerAssistance(request="AR1", answer="declined", reason="NO UNITS WILL RESPOND"),
    )
    assert pending(w.state, config) == [Delivery("AR1", "answer", "FED")]  # type: ignore[arg-type]


def test_requests_between_unconfigured_agencies_are_not_owed() -> None:
    w = base_world()
    incident = new_incident(w)
    w.do(MPD_DISPATCHER, c.RequestAssistance(incident=incident, to_agency="MFD", what="help"))
    assert pending(w.state, _config("MPD", "FED")) == []  # type: ignore[arg-type]


def test_only_a_partner_acknowledges_a_delivery() -> None:
    w = base_world()
    incident = new_incident(w)
    w.do(MPD_DISPATCHER, c.RequestAssistance(incident=incident, to_agency="FED", what="help"))
    with pytest.raises(Rejected):
        w.do(FED_SUPERVISOR, c.AcknowledgeDelivery(request="AR1", message="request"))
    assert MPD_CAD.role.value == "partner"


def test_stop_right_after_start_ends_the_send_loop() -> None:
    """A cancel landing as the first wake-up fires must not be swallowed (it was, by wait_for on
    Python 3.11, and a server's stop then waited for ever)."""

    async def start_and_stop() -> bool:
        config = parse_config({"local": {"agency": "MPD"}})
        outbox = Outbox(InteropService(Engine(MemoryJournal()), config, NonceCache()))
        for _ in range(3):
            outbox.start()
            await asyncio.sleep(0)
            stopping = asyncio.ensure_future(outbox.stop())
            done, _ = await asyncio.wait({stopping}, timeout=5)
            if not done:
                return False
        return outbox._task is not None and outbox._task.done()

    assert asyncio.run(start_and_stop())
