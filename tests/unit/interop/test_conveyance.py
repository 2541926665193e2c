"""The conveyance hub: filters, messages, and notifications kept until acknowledged."""

from __future__ import annotations

import asyncio
from typing import Any, cast

import pytest

from tenfour.domain import commands as c
from tenfour.engine.engine import Engine
from tenfour.engine.envelope import Committed
from tenfour.interop.conveyance import (
    ConveyanceHub,
    FilterError,
    matches,
    message_problem,
    parse_filter,
)
from tenfour.interop.partners import NonceCache, parse_config
from tenfour.interop.service import InteropService
from tests.unit.domain.world import MPD_CALLTAKER, MPD_DISPATCHER, World, new_incident
from tests.unit.interop.scene import base_world


class FakeEngine:
    def __init__(self, world: World) -> None:
        self.state = world.state


def _hub(w: World) -> ConveyanceHub:
    config = parse_config({"local": {"agency": "MPD", "element": "cad.mpd.test"}})
    return ConveyanceHub(InteropService(cast(Engine, FakeEngine(w)), config, NonceCache()))


def _feed(hub: ConveyanceHub, w: World, start: int) -> None:
    batch = [Committed(seq, at, actor, "cmd", ev, "h") for seq, at, actor, ev in w.log[start:]]
    hub.on_events(batch)


class Partner:
    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []

    async def send(self, message: dict[str, Any]) -> None:
        self.sent.append(message)


async def _pump_once(hub: ConveyanceHub, partner: Partner) -> None:
    task = asyncio.create_task(hub.pump(partner.send))
    await asyncio.sleep(0.05)
    task.cancel()


def _subscribe(hub: ConveyanceHub, partner: Partner, **msg: Any) -> dict[str, Any]:
    body = {
        "requestId": "r1",
        "requestType": "EIDO",
        "requestAccepts": "application/emergency.eido+json",
        **msg,
    }
    return hub.subscribe("FED", body, partner.send)["subscribeResponse"]


def test_filters() -> None:
    w = base_world()
    incident = w.state.incidents[new_incident(w, type_code="crowd", priority=2)]
    assert matches(parse_filter("incidentType=CRWD,ASSIST;priorityMax=2"), incident)
    assert not matches(parse_filter("type=medical"), incident)
    assert matches(parse_filter(""), incident)
    for bad in ("colour=red", "priorityMax=high", "nonsense"):
        with pytest.raises(FilterError):
            parse_filter(bad)


def test_messages_are_checked_against_the_reference_schema() -> None:
    assert (
        message_problem(
            {
                "subscribe": {
                    "requestId": "1",
                    "requestType": "EIDO",
                    "requestSubType": "new",
                    "requestAccepts": "x",
                }
            }
        )
        is None
    )
    assert (
        message_problem({"subscribe": {"requestId": "1"}}) is not None
    )  # a new one needs requestType
    assert message_problem({"event": {"subscriptionId": "s"}}) is not None
    assert (
        message_problem(
            {"eventResponse": {"transactionId": "t", "statusCode": 200, "statusText": "OK"}}
        )
        is None
    )


def test_a_single_subscription_is_notified_until_acknowledged() -> None:
    asyncio.run(_single())


async def _single() -> None:
    w = base_world()
    incident = new_incident(w)
    hub, partner = _hub(w), Partner()
    refused = _subscribe(hub, partner, requestSubType="single", incidentId=incident)
    assert refused["statusCode"] == 403  # a partner follows only what was shared with it
    w.do(MPD_DISPATCHER, c.RequestAssistance(incident=incident, to_agency="FED", what="help"))
    answer = _subscribe(
        hub,
        partner,
        requestSubType="single",
        incidentId=f"urn:emergency:uid:incidentid:{incident}:cad.mpd.test",
    )
    assert answer["statusCode"] == 200 and answer["expires"] == 3600
    await _pump_once(hub, partner)
    event = partner.sent[-1]["event"]
    assert event["notification"][0]["incidentComponent"]["internalIncidentId"] == incident

    # the partner goes away before acknowledging: it is sent again when it comes back
    hub.disconnected(partner.send)
    again = Partner()
    assert (
        _subscribe(hub, again, requestSubType="single", incidentId=incident)["subscriptionId"]
        == answer["subscriptionId"]
    )
    await _pump_once(hub, again)
    txn = again.sent[-1]["event"]["transactionId"]
    hub.event_response({"transactionId": txn, "statusCode": 200, "statusText": "OK"})
    await _pump_once(hub, again)
    assert len(again.sent) == 1  # acknowledged: nothing more

    start = len(w.log)
    w.do(MPD_CALLTAKER, c.AddRemark(incident=incident, text="CHANGE"))
    _feed(hub, w, start)
    await _pump_once(hub, again)
    assert "CHANGE" in str(again.sent[-1]["event"]["notification"][0]["notesComponent"])


def test_a_new_subscription_sees_only_matching_incidents_created_later() -> None:
    asyncio.run(_new())


async def _new() -> None:
    w = base_world()
    hub, partner = _hub(w), Partner()
    new_incident(w, type_code="crowd")  # before the subscription
    assert (
        _subscribe(hub, partner, requestSubType="new", qualFilter="type=crowd")["statusCode"] == 200
    )
    start = len(w.log)
    wanted = new_incident(w, type_code="crowd")
    new_incident(w, type_code="medical")
    _feed(hub, w, start)
    await _pump_once(hub, partner)
    sent = [
        m["event"]["notification"][0]["incidentComponent"]["internalIncidentId"]
        for m in partner.sent
    ]
    assert sent == [wanted]


def test_bad_subscriptions_are_answered_with_a_status() -> None:
    w = base_world()
    hub, partner = _hub(w), Partner()
    assert _subscribe(hub, partner, requestSubType="single", incidentId="nope")["statusCode"] == 404
    assert (
        _subscribe(hub, partner, requestSubType="new", qualFilter="colour=red")["statusCode"] == 400
    )
    assert (
        hub.subscribe("FED", {"requestId": "r", "subscriptionId": "gone"}, partner.send)[
            "subscribeResponse"
        ]["statusCode"]
        == 481
    )
    ok = _subscribe(hub, partner, requestSubType="new")
    assert (
        hub.unsubscribe("EVIL", {"requestId": "u", "subscriptionId": ok["subscriptionId"]})[
            "unsubscribeResponse"
        ]["statusCode"]
        == 481
    )
    assert (
        hub.unsubscribe("FED", {"requestId": "u", "subscriptionId": ok["subscriptionId"]})[
            "unsubscribeResponse"
        ]["statusCode"]
        == 200
    )
    assert hub.subs == {}
