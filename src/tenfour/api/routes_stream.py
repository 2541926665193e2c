"""The live stream: WebSocket ``/api/v1/stream?after=SEQ``, gap-free and duplicate-free.

Protocol:

* Authenticate by sending the token as the first message (``{"token": "..."}`` or the bare
  token) within 10 s. A token never goes in the URL (URLs land in access logs and proxies'
  logs): a ``?token=`` is refused, like a bad token, with 4401; a bad ``after`` closes with 4422.
* The server then sends, one JSON message each and in ``seq`` order, every event after ``after``
  that you may see (the domain's authorization rule, applied to each event: ``Audience``), read
  from the journal, followed by live events:
  ``{"seq", "at", "type", "actor": {"user", "role", "agency"}, "payload"}``.
* A client that falls too far behind receives ``{"type": "resync", "after": LAST_SEQ}`` and is
  closed (code 4000): reconnect with ``after=LAST_SEQ`` and nothing is missed or repeated.
* When the token expires the server sends ``{"type": "expired", "after": LAST_SEQ}`` and closes
  (code 4401): reconnect with a fresh token (``POST /api/v1/auth/refresh``) and ``after``.
* When the user is deactivated or their sessions are revoked (a password change), the server
  sends ``{"type": "revoked"}`` and closes at once (code 4401).
* While live and idle the server sends ``{"type": "ping", "head": SEQ}`` every ``PING_S``
  seconds, so a console notices a frozen server (or a dead path to it) within seconds, even
  while the TCP connection stays up: no message for a few seconds means the screen is stale.

Live events are buffered from the moment the client registers, before the journal replay starts;
events the replay already sent are dropped by seq, so the switch from replay to live has no gap.
"""

from __future__ import annotations

import asyncio
import contextlib
import time

from fastapi import APIRouter, HTTPException, WebSocket, WebSocketDisconnect

from tenfour.api.deps import Principal, authenticate, runtime_of, tokens_of
from tenfour.engine.replay import committed
from tenfour.journal.record import JournalRecord
from tenfour.runtime import Runtime
from tenfour.strict_json import loads
from tenfour.views.stream_hub import StreamClient, wire_from_record

router = APIRouter(tags=["stream"])
REPLAY_CHUNK = 1000
TOKEN_WAIT_S = 10.0
STUCK_GRACE_S = 2.0  # an overflowed client whose socket takes no more is cut off after this
PING_S = 1.5  # idle live stream: a ping this often (the console says STALE after ~5 s of silence)
CLOSE_RESYNC = 4000
CLOSE_UNAUTHORIZED = 4401
CLOSE_INVALID = 4422


class _Closed(Exception):  # noqa: N818
    """Stop serving this connection (already answered)."""


async def _token(ws: WebSocket) -> str | None:
    try:
        first = await asyncio.wait_for(ws.receive_text(), TOKEN_WAIT_S)
    except (TimeoutError, WebSocketDisconnect, KeyError):
        return None
    with contextlib.suppress(ValueError, AttributeError):
        value = loads(first).get("token")
        return value if isinstance(value, str) else None
    return first.strip() or None


def _after(ws: WebSocket) -> int | None:
    text = ws.query_params.get("after", "0")
    if not text.isdigit() or len(text) > 18:
        return None
    return int(text)


async def _refuse(ws: WebSocket, code: int, detail: str) -> None:
    with contextlib.suppress(Exception):
        await ws.send_json({"type": "error", "detail": detail})
        await ws.close(code=code, reason=detail[:120])


async def _login(ws: WebSocket, runtime: Runtime) -> tuple[Principal, float]:
    token = await _token(ws)
    try:
        principal = authenticate(runtime.engine.state, tokens_of(ws), token)
    except HTTPException as err:
        await _refuse(ws, CLOSE_UNAUTHORIZED, str(err.detail))
        raise _Closed from None
    assert token is not None
    return principal, tokens_of(ws).read(token).expires


def _read(runtime: Runtime, after: int) -> list[JournalRecord]:
    return list(runtime.reader.read(after_seq=after, limit=REPLAY_CHUNK))


async def _replay(ws: WebSocket, runtime: Runtime, client: StreamClient) -> None:
    """Send journalled events until caught up with the live buffer."""
    while True:
        if client.overflowed:  # the buffer is not needed: the journal has it all
            client.catch_up()
        records = await asyncio.to_thread(_read, runtime, client.last_sent)
        state = runtime.engine.state
        for record in records:
            wire = wire_from_record(state, record, committed(record).event)
            if client.revoked:
                return
            if wire.visible_to(state, client.viewer):
                await ws.send_text(wire.text)
            client.last_sent = record.seq
        if len(records) < REPLAY_CHUNK and not client.overflowed:
            return


async def _live(ws: WebSocket, runtime: Runtime, client: StreamClient) -> None:
    """Send live events as the hub buffers them, or a ping when idle for ``PING_S``; resync and
    close when overflowed; close at once when revoked."""
    while True:
        try:
            await asyncio.wait_for(client.wake.wait(), PING_S)
        except TimeoutError:
            await ws.send_json({"type": "ping", "head": runtime.engine.head[0]})
            continue
        if client.revoked:
            await ws.send_json({"type": "revoked", "after": client.last_sent})
            await ws.close(code=CLOSE_UNAUTHORIZED, reason="access revoked")
            return
        if client.overflowed:
            await ws.send_json({"type": "resync", "after": client.last_sent})
            await ws.close(code=CLOSE_RESYNC, reason="resync")
            return
        for wire in client.take(runtime.engine.state):
            await ws.send_text(wire.text)
            client.last_sent = wire.seq


async def _drain(ws: WebSocket) -> None:
    """Read (and ignore) what the client sends, to notice when it goes away."""
    with contextlib.suppress(WebSocketDisconnect):
        while True:
            message = await ws.receive()
            if message["type"] == "websocket.disconnect":
                return


async def _watchdog(client: StreamClient) -> None:
    """Return once the client has stayed overflowed for the grace time.

    The sender may be stuck in a send to a socket the client no longer reads; it could then
    never tell the client to resync, so the connection is cut from here.
    """
    while True:
        await client.behind.wait()
        await asyncio.sleep(STUCK_GRACE_S)
        if client.overflowed:
            return


async def _cut_off(ws: WebSocket, client: StreamClient) -> None:
    """Best effort: tell a stuck client to resync, then close."""
    with contextlib.suppress(Exception):
        message = {"type": "resync", "after": client.last_sent}
        await asyncio.wait_for(ws.send_json(message), 1.0)
    with contextlib.suppress(Exception):
        await asyncio.wait_for(ws.close(code=CLOSE_RESYNC, reason="resync"), 1.0)


async def _serve(ws: WebSocket, runtime: Runtime, client: StreamClient) -> None:
    await _replay(ws, runtime, client)
    await _live(ws, runtime, client)


async def _expiry(ws: WebSocket, client: StreamClient, expires: float) -> None:
    """Close the stream when the token it was opened with expires (access is not assumed)."""
    await asyncio.sleep(max(0.0, expires - time.time()))
    with contextlib.suppress(Exception):
        await asyncio.wait_for(ws.send_json({"type": "expired", "after": client.last_sent}), 1.0)
    with contextlib.suppress(Exception):
        await asyncio.wait_for(ws.close(code=CLOSE_UNAUTHORIZED, reason="token expired"), 1.0)


@router.websocket("/stream")
async def stream(ws: WebSocket) -> None:
    """Every event after ``after`` the user may see, then live events (see module docs)."""
    runtime = runtime_of(ws)
    await ws.accept()
    after = _after(ws)
    if after is None:
        await _refuse(ws, CLOSE_INVALID, "after must be a sequence number (0 or more)")
        return
    if "token" in ws.query_params:
        await _refuse(ws, CLOSE_UNAUTHORIZED, "send the token as the first message, not in the URL")
        return
    try:
        principal, expires = await _login(ws, runtime)
    except _Closed:
        return
    client = runtime.hub.connect(principal.actor())
    client.last_sent = after
    watchdog = asyncio.create_task(_watchdog(client))
    tasks = [
        asyncio.create_task(_serve(ws, runtime, client)),
        asyncio.create_task(_drain(ws)),
        asyncio.create_task(_expiry(ws, client, expires)),
    ]
    try:
        done, _ = await asyncio.wait([*tasks, watchdog], return_when=asyncio.FIRST_COMPLETED)
        for task in (*tasks, watchdog):
            task.cancel()
        for task in (*tasks, watchdog):
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        if watchdog in done:
            await _cut_off(ws, client)
    finally:
        runtime.hub.disconnect(client)
