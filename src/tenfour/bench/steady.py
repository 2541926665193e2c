"""What a cluster's clients do while it is being broken: a steady command load and a stream watcher.

``SteadyLoad``: a few clients add remarks back to back through one address (HAProxy), each
command with its own Idempotency-Key; an unanswered command (refused connection, timeout, 5xx) is
sent again with the same key until it is answered, so each command must take effect exactly once.
Every answered attempt is kept with the time it was sent and answered and the node that answered.

``StreamWatch``: one live-stream client that reconnects (with ``after`` = the last seq it saw)
whenever its connection breaks, and keeps every seq it was sent: the journal then tells whether
anything was missed or sent twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field

import httpx
import websockets

ATTEMPT_TIMEOUT_S = 2.0  # a frozen node never answers: try again (same key) after this
RETRY_PAUSE_S = 0.05
FINISH_S = 30.0  # after stop, how long a client keeps retrying its last command


@dataclass(frozen=True)
class Ack:
    """An answered command: when its answered attempt was sent and answered (monotonic)."""

    key: str
    sent: float
    acked: float
    attempts: int
    node: str  # X-Tenfour-Node of the answer
    forwarded_by: str  # X-Tenfour-Forwarded-By ("" when not forwarded)


@dataclass
class SteadyLoad:
    """``clients`` clients sending remarks to ``url`` until ``run``'s event is set."""

    url: str
    token: str
    incidents: list[str]
    clients: int = 4
    pause_s: float = 0.02
    acks: list[Ack] = field(default_factory=list)
    unanswered: list[str] = field(default_factory=list)  # given up when the run ended
    rejected: dict[str, int] = field(default_factory=dict)  # key -> 4xx status
    errors: Counter[str] = field(default_factory=Counter)
    sent: int = 0
    _stop_at: float | None = None

    def keys(self) -> list[str]:
        """Every command id sent (answered or not)."""
        return [a.key for a in self.acks] + self.unanswered + list(self.rejected)

    async def run(self, stop: asyncio.Event) -> None:
        """Send until ``stop`` is set, then finish (retry) the commands in flight."""
        limits = httpx.Limits(max_connections=self.clients, max_keepalive_connections=self.clients)
        async with httpx.AsyncClient(timeout=ATTEMPT_TIMEOUT_S, limits=limits) as http:
            await asyncio.gather(*(self._client(http, n, stop) for n in range(self.clients)))

    async def _client(self, http: httpx.AsyncClient, n: int, stop: asyncio.Event) -> None:
        while not stop.is_set():
            self.sent += 1
            await self.until_answered(http, uuid.uuid4().hex, self.sent + n, stop)
            await asyncio.sleep(self.pause_s)

    async def until_answered(
        self, http: httpx.AsyncClient, key: str, n: int, stop: asyncio.Event
    ) -> None:
        """Send one command, again with the same key until it is answered (or the run ends)."""
        incident = self.incidents[n % len(self.incidents)]
        request = http.build_request(
            "POST",
            f"{self.url}/api/v1/incidents/{incident}/remarks",
            json={"text": f"steady {key}"},
            headers={"Authorization": f"Bearer {self.token}", "Idempotency-Key": key},
        )
        attempts = 0
        while True:
            attempts += 1
            sent = time.monotonic()
            status = await self._attempt(http, request, key, sent, attempts)
            if status == 200:
                return
            if 400 <= status < 500 and status != 429:
                self.rejected[key] = status
                return
            if stop.is_set() and self._finished():
                self.unanswered.append(key)
                return
            await asyncio.sleep(RETRY_PAUSE_S)

    async def _attempt(
        self, http: httpx.AsyncClient, request: httpx.Request, key: str, sent: float, n: int
    ) -> int:
        try:
            res = await http.send(request)
        except httpx.HTTPError as err:
            self.errors[type(err).__name__] += 1
            return 0
        if res.status_code == 200:
            headers = res.headers
            self.acks.append(
                Ack(key, sent, time.monotonic(), n, headers.get("x-tenfour-node", ""),
                    headers.get("x-tenfour-forwarded-by", ""))
            )  # fmt: skip
        else:
            self.errors[str(res.status_code)] += 1
        return res.status_code

    def _finished(self) -> bool:
        self._stop_at = self._stop_at or time.monotonic()
        return time.monotonic() - self._stop_at > FINISH_S

    def first_ack_sent_after(self, t0: float) -> Ack | None:
        """The first answer to an attempt sent at or after ``t0`` (monotonic)."""
        return min((a for a in self.acks if a.sent >= t0), key=lambda a: a.acked, default=None)

    async def wait_ack_sent_after(self, t0: float, timeout_s: float) -> Ack:
        """Wait for ``first_ack_sent_after(t0)``; TimeoutError when none comes in time."""
        deadline = time.monotonic() + timeout_s
        while (ack := self.first_ack_sent_after(t0)) is None:
            if time.monotonic() > deadline:
                raise TimeoutError(f"no command was accepted within {timeout_s:.0f} s")
            await asyncio.sleep(0.01)
        return ack


@dataclass
class StreamWatch:
    """One stream client through ``url``, from ``after``; reconnects from its last seq."""

    url: str
    token: str
    after: int
    seqs: list[int] = field(default_factory=list)
    duplicates: int = 0  # a seq at or below one already seen
    jumps: int = 0  # a seq more than one past the last (fine only for events it may not see)
    reconnects: int = 0

    @property
    def last(self) -> int:
        """The last seq seen (``after`` before any)."""
        return self.seqs[-1] if self.seqs else self.after

    async def run(self, stop: asyncio.Event) -> None:
        """Follow the stream until ``stop`` is set."""
        while not stop.is_set():
            with contextlib.suppress(OSError, websockets.WebSocketException, TimeoutError):
                await self._follow(stop)
            if not stop.is_set():
                self.reconnects += 1
                await asyncio.sleep(0.2)

    async def _follow(self, stop: asyncio.Event) -> None:
        ws_url = f"{self.url.replace('http', 'ws', 1)}/api/v1/stream?after={self.last}"
        # Pings find a frozen node: its socket stays open but nothing answers.
        async with websockets.connect(
            ws_url, open_timeout=3, ping_interval=1, ping_timeout=2, max_queue=None
        ) as ws:
            await ws.send(json.dumps({"token": self.token}))
            while not stop.is_set():
                try:
                    text = await asyncio.wait_for(ws.recv(), timeout=0.5)
                except TimeoutError:
                    continue
                self.take(json.loads(text))

    def take(self, message: dict[str, object]) -> None:
        """Keep one stream message's seq."""
        seq = message.get("seq")
        if not isinstance(seq, int):
            return
        if seq <= self.last:
            self.duplicates += 1
            return
        self.jumps += seq != self.last + 1
        self.seqs.append(seq)

    async def wait_until(self, seq: int, timeout_s: float) -> bool:
        """Wait until ``seq`` was seen; False when it was not in time."""
        deadline = time.monotonic() + timeout_s
        while self.last < seq and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        return self.last >= seq
