"""The outbox: assistance requests and answers for partners, resent until acknowledged.

Nothing is kept outside the journal: what is still to send is read from the live state
(requests we made, answers we gave, without an ``AssistanceDelivered`` for them), so a restart
loses nothing and sends again whatever was not acknowledged. A partner's signed 200 answer is
recorded as ``AcknowledgeDelivery`` by the partner; the domain refuses a second one, which
makes a repeated send harmless.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import httpx

from tenfour import strict_json
from tenfour.domain import commands as c
from tenfour.domain.entities import AssistanceRequest
from tenfour.domain.interop import delivery_key
from tenfour.domain.state import DispatchState
from tenfour.domain.timefmt import iso
from tenfour.engine.envelope import Committed, Envelope
from tenfour.interop.partners import (
    NONCE,
    RESPONSE_SIGNATURE,
    AuthFailed,
    Partner,
    PartnerConfig,
    sign_request,
    verify_response,
)
from tenfour.interop.service import (
    ANSWER_PATH,
    REQUEST_PATH,
    InteropService,
    message_bytes,
    partner_actor,
)

log = logging.getLogger(__name__)
FIRST_DELAY_S = 0.25
MAX_DELAY_S = 10.0
TIMEOUT_S = 10.0


@dataclass(frozen=True, slots=True)
class Delivery:
    """One message still owed to a partner."""

    request: str
    message: str  # "request" | "answer"
    partner: str


def pending(state: DispatchState, config: PartnerConfig) -> list[Delivery]:
    """Every message owed to a configured partner and not yet acknowledged."""
    out: list[Delivery] = []
    for req in state.requests.values():
        item = _owed(req, config)
        if item is not None and delivery_key(req.id, item.message) not in state.interop.deliveries:
            out.append(item)
    return out


def _owed(req: AssistanceRequest, config: PartnerConfig) -> Delivery | None:
    if req.from_agency == config.agency and config.partner(req.to_agency):
        return Delivery(req.id, "request", req.to_agency)
    if (
        req.to_agency == config.agency
        and req.answer is not None
        and config.partner(req.from_agency)
    ):
        return Delivery(req.id, "answer", req.from_agency) if req.external_ref else None
    return None


@dataclass
class _Backoff:
    delay: float = FIRST_DELAY_S
    not_before: float = 0.0
    attempts: int = 0
    last_error: str = ""
    failing_since: float | None = None  # wall-clock time of the first failure


@dataclass
class Outbox:
    """Sends what ``pending`` lists, with per-message backoff, until each is acknowledged."""

    service: InteropService
    clients: dict[str, httpx.AsyncClient] = field(default_factory=dict)
    wake: asyncio.Event = field(default_factory=asyncio.Event)
    backoff: dict[Delivery, _Backoff] = field(default_factory=dict)
    sent: int = 0
    failures: int = 0
    _task: asyncio.Task[None] | None = None

    def on_events(self, batch: Sequence[Committed]) -> None:
        """Engine subscriber: anything about requests may mean something to send."""
        if any(hasattr(e.event, "request") for e in batch):
            self.wake.set()

    def start(self) -> None:
        """Run the send loop in the background."""
        self.wake.set()
        self._task = asyncio.create_task(self._run(), name="tenfour-outbox")

    async def stop(self) -> None:
        """Stop sending (what is unsent stays owed in the journal)."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        for client in self.clients.values():
            await client.aclose()

    async def _run(self) -> None:
        while True:
            wait = await self.flush()
            # asyncio.wait, not wait_for: on Python 3.11 a cancel that lands as the wake-up
            # fires is swallowed by wait_for, and the loop (and a server's stop) never ends.
            waking = asyncio.ensure_future(self.wake.wait())
            try:
                await asyncio.wait({waking}, timeout=wait)
            finally:
                waking.cancel()
            self.wake.clear()

    async def flush(self) -> float:
        """Try every owed message that is due; returns seconds until the next one is due."""
        now = time.monotonic()
        owed = pending(self.service.engine.state, self.service.config)
        self.backoff = {d: self.backoff.get(d, _Backoff()) for d in owed}
        for item in owed:
            if self.backoff[item].not_before <= now:
                await self._try(item)
        due = [b.not_before for b in self.backoff.values()]
        return max(0.05, min(due) - time.monotonic()) if due else MAX_DELAY_S

    async def _try(self, item: Delivery) -> None:
        try:
            ref = await self._send(item)
        except (httpx.HTTPError, AuthFailed, OSError, ValueError) as err:
            self.failures += 1
            wait = self.backoff[item]
            wait.attempts += 1
            wait.last_error = str(err)[:300] or type(err).__name__
            wait.failing_since = wait.failing_since or time.time()
            log.warning(
                "delivery of %s %s to %s failed: %s", item.message, item.request, item.partner, err
            )
            wait.not_before = time.monotonic() + wait.delay
            wait.delay = min(wait.delay * 2, MAX_DELAY_S)
            return
        ack = c.AcknowledgeDelivery(request=item.request, message=item.message, partner_ref=ref)
        command_id = f"delivered:{item.message}:{item.request}"
        await self.service.engine.submit(Envelope(command_id, ack, partner_actor(item.partner)))
        self.sent += 1

    def status(self) -> list[dict[str, object]]:
        """What is still owed to partners and why it has not gone, for the supervisor's view."""
        now = time.monotonic()
        return [
            {
                "partner": item.partner,
                "request": item.request,
                "message": item.message,
                "attempts": wait.attempts,
                "last_error": wait.last_error or None,
                "failing_since": iso(datetime.fromtimestamp(wait.failing_since, UTC))
                if wait.failing_since
                else None,
                "next_try_in_s": round(max(0.0, wait.not_before - now), 1),
            }
            for item, wait in sorted(self.backoff.items(), key=lambda kv: kv[0].request)
        ]

    async def _send(self, item: Delivery) -> str:
        partner = self.service.config.partner(item.partner)
        assert partner is not None
        req = self.service.engine.state.requests.get(item.request)
        if req is None:  # its incident left the live state since the flush began (ADR 0018)
            raise ValueError(f"request {item.request} is archived with its incident")
        if item.message == "request":
            path, body = REQUEST_PATH, self.service.request_message(req)
        else:
            path, body = ANSWER_PATH, self.service.answer_message(req)
        answer = await post_signed(
            self._client(partner), partner, self.service.config.agency, path, message_bytes(body)
        )
        return str(answer.get("localRequestId") or answer.get("requestId") or "")

    def _client(self, partner: Partner) -> httpx.AsyncClient:
        if partner.agency not in self.clients:
            client = httpx.AsyncClient(timeout=TIMEOUT_S, verify=partner.ssl_context())
            self.clients[partner.agency] = client
        return self.clients[partner.agency]


async def post_signed(
    client: httpx.AsyncClient, partner: Partner, agency: str, path: str, body: bytes
) -> dict[str, object]:
    """POST a signed message to a partner and return its verified JSON answer."""
    headers = sign_request(partner.secret, agency, "POST", path, body)
    headers["Content-Type"] = "application/json"
    response = await client.post(partner.url.rstrip("/") + path, content=body, headers=headers)
    verify_response(
        partner.secret,
        response.status_code,
        headers[NONCE],
        response.content,
        response.headers.get(RESPONSE_SIGNATURE),
    )
    if response.status_code != 200:
        raise ValueError(f"partner answered {response.status_code}: {response.text[:300]}")
    answer = strict_json.loads(response.content)  # StrictJSONError is a ValueError: retried
    if not isinstance(answer, dict):
        raise ValueError("partner answered something other than a JSON object")
    return answer
