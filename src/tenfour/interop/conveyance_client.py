"""EIDO conveyance, the subscribing side: keep a subscription with a partner CAD, take in
every notification, and acknowledge it only once the import is durable.

One task per configured subscription connects (signed handshake, the partner's signature on
its answer checked), subscribes, and answers each ``event``. When the connection drops, or
the partner terminates, it reconnects with backoff and subscribes again with the same request:
the partner then resends whatever it had not seen acknowledged, so nothing is lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import ssl
import uuid
from dataclasses import dataclass, field
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import WebSocketException

from tenfour import strict_json
from tenfour.domain.errors import Rejected
from tenfour.engine.envelope import DuplicateCommandConflict, EngineUnavailable
from tenfour.interop.conveyance import conveyance_refusal, message_problem
from tenfour.interop.eido_ids import MEDIA_TYPE
from tenfour.interop.eido_import import ImportRejected
from tenfour.interop.partners import (
    NONCE,
    RESPONSE_SIGNATURE,
    AuthFailed,
    Partner,
    Subscription,
    sign_request,
    verify_response,
)
from tenfour.interop.service import InteropService, partner_actor
from tenfour.strict_json import StrictJSONError

log = logging.getLogger(__name__)
PATH = "/api/v1/conveyance"
FIRST_DELAY_S = 0.2
MAX_DELAY_S = 5.0
MAX_MESSAGE = 1_048_576


@dataclass
class ConveyanceClient:
    """One subscription we keep with one partner."""

    service: InteropService
    partner: Partner
    subscription: Subscription
    received: int = 0
    connected: asyncio.Event = field(default_factory=asyncio.Event)
    subscription_id: str | None = None
    _task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Keep the subscription in the background."""
        self._task = asyncio.create_task(
            self._run(), name=f"tenfour-conveyance-{self.partner.agency}"
        )

    async def stop(self) -> None:
        """Stop (the partner keeps our pending notifications for the next time)."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        delay = FIRST_DELAY_S
        while True:
            try:
                await self._session()
                delay = FIRST_DELAY_S
            except (OSError, WebSocketException, AuthFailed, ValueError, TimeoutError) as err:
                log.info(
                    "conveyance with %s: %s; reconnecting in %.1fs", self.partner.agency, err, delay
                )
            except Exception:  # nothing may end the subscription for good
                log.exception("conveyance with %s failed; reconnecting", self.partner.agency)
            self.connected.clear()
            await asyncio.sleep(delay)
            delay = min(delay * 2, MAX_DELAY_S)

    def _ssl(self) -> ssl.SSLContext | None:
        context = self.partner.ssl_context()
        return context if isinstance(context, ssl.SSLContext) else None

    async def _session(self) -> None:
        headers = sign_request(self.partner.secret, self.service.config.agency, "GET", PATH)
        async with connect(
            self.partner.ws_url(PATH),
            additional_headers=headers,
            ssl=self._ssl(),
            max_size=MAX_MESSAGE,
            proxy=None,
        ) as ws:
            assert ws.response is not None
            verify_response(
                self.partner.secret,
                101,
                headers[NONCE],
                b"",
                ws.response.headers.get(RESPONSE_SIGNATURE),
            )
            await self._subscribe(ws)
            self.connected.set()
            async for raw in ws:
                await self._message(ws, raw)

    async def _message(self, ws: ClientConnection, raw: str | bytes) -> None:
        """One message from the partner. A malformed one is refused (logged, and answered with
        a 400 where the protocol has an answer); no message ends the subscription."""
        try:
            msg = strict_json.loads(raw)
        except StrictJSONError as err:
            log.warning("conveyance from %s: refused a message: %s", self.partner.agency, err)
            return
        problem = message_problem(msg)
        if problem is not None:
            log.warning("conveyance from %s: refused a message: %s", self.partner.agency, problem)
            refusal = conveyance_refusal(msg, problem)
            if refusal is not None:
                await ws.send(json.dumps(refusal))
            return
        try:
            await self._handle(ws, msg)
        except (WebSocketException, OSError):
            raise  # the connection itself failed: reconnect
        except Exception:  # one message may fail; the subscription goes on
            log.exception("conveyance from %s: a message could not be handled", self.partner.agency)

    async def _subscribe(self, ws: ClientConnection) -> None:
        sub = self.subscription
        msg: dict[str, Any] = {
            "requestId": str(uuid.uuid4()),
            "requestType": "EIDO",
            "requestSubType": sub.type,
            "requestAccepts": MEDIA_TYPE,
        }
        if sub.type == "single":
            msg["incidentId"] = sub.incident
        elif sub.filter:
            msg["qualFilter"] = sub.filter
        await ws.send(json.dumps({"subscribe": msg}))
        answer = strict_json.loads(await asyncio.wait_for(ws.recv(), timeout=10))
        response = answer.get("subscribeResponse", {}) if isinstance(answer, dict) else {}
        if response.get("statusCode") != 200:
            raise ValueError(
                f"subscription refused: {response.get('statusCode')} {response.get('statusText')}"
            )
        self.subscription_id = str(response.get("subscriptionId", ""))

    async def _handle(self, ws: ClientConnection, msg: dict[str, Any]) -> None:
        if "event" in msg:
            code, text = await self._take(msg["event"].get("notification", []))
            reply = {
                "transactionId": msg["event"]["transactionId"],
                "statusCode": code,
                "statusText": text,
            }
            await ws.send(json.dumps({"eventResponse": reply}))
        elif "terminate" in msg:
            t = msg["terminate"]
            reply = {
                "requestId": t.get("requestId", ""),
                "subscriptionId": t.get("subscriptionId", ""),
                "statusCode": 200,
                "statusText": "OK",
            }
            await ws.send(json.dumps({"terminateResponse": reply}))
            await ws.close()

    async def _take(self, documents: list[Any]) -> tuple[int, str]:
        """Import each EIDO; 200 only when all are durable, else the first problem."""
        actor = partner_actor(self.partner.agency)
        for document in documents:
            try:
                result = await self.service.import_document(
                    document, actor, self.partner.agency, self.service.config.agency
                )
            except ImportRejected as err:
                return (413 if err.status == 413 else 400), err.message[:300]
            except EngineUnavailable as err:
                return 503, str(err)[:300]
            except DuplicateCommandConflict as err:
                return 400, str(err)[:300]
            if result.rejection is not None:
                return _status(result.rejection), result.rejection.message[:300]
            self.received += 1
        return 200, "OK"


def _status(rejection: Rejected) -> int:
    return 403 if rejection.reason.value == "forbidden" else 400
