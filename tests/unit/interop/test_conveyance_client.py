"""The subscribing side: one malformed or failing message from the partner is refused (logged,
answered where the protocol has an answer) and the subscription goes on."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from typing import Any

import pytest

from tenfour.interop.conveyance_client import ConveyanceClient
from tenfour.interop.partners import Partner, PartnerConfig, Subscription


@dataclass
class FakeSocket:
    sent: list[dict[str, Any]] = field(default_factory=list)

    async def send(self, text: str) -> None:
        self.sent.append(json.loads(text))


@dataclass
class FailingService:
    """Stands in for the interop service: every import fails with a program error."""

    config: PartnerConfig = field(
        default_factory=lambda: PartnerConfig("MPD", "cad.mpd.test", "mpd", {})
    )

    async def import_document(self, *args: Any) -> Any:
        raise RuntimeError("boom")


def _client() -> ConveyanceClient:
    partner = Partner(agency="FED", url="http://127.0.0.1:9", secret="s" * 40)
    return ConveyanceClient(FailingService(), partner, Subscription())  # type: ignore[arg-type]


def _feed(client: ConveyanceClient, ws: FakeSocket, *frames: str) -> None:
    async def run() -> None:
        for frame in frames:
            await client._message(ws, frame)  # type: ignore[arg-type]

    asyncio.run(run())


def test_an_event_without_transaction_id_is_refused_and_the_next_one_is_handled(
    caplog: pytest.LogCaptureFixture,
) -> None:
    ws, client = FakeSocket(), _client()
    no_txn = json.dumps({"event": {"subscriptionId": "S1", "notification": []}})
    good = json.dumps({"event": {"subscriptionId": "S1", "transactionId": "T2"}})
    _feed(client, ws, no_txn, "not json", "[" * 500 + "]" * 500, good)
    assert ws.sent[0]["eventResponse"]["statusCode"] == 400
    assert ws.sent[0]["eventResponse"]["transactionId"] == ""
    assert ws.sent[1]["eventResponse"] == {
        "transactionId": "T2",
        "statusCode": 200,
        "statusText": "OK",
    }
    assert "refused a message" in caplog.text


def test_a_message_whose_handling_fails_does_not_end_the_subscription(
    caplog: pytest.LogCaptureFixture,
) -> None:
    ws, client = FakeSocket(), _client()
    doc = {"event": {"subscriptionId": "S1", "transactionId": "T1", "notification": [{}]}}
    _feed(client, ws, json.dumps(doc), json.dumps(doc))
    assert ws.sent == []  # no answer could be made, but the loop is still running
    assert caplog.text.count("could not be handled") == 2
