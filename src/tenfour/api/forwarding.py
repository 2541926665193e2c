"""Commands that reach a follower are carried to the leader; every answer names its node.

Pure ASGI middleware, inside ``BodyGuard`` (the body is capped and checked once, here too).
On the leader (or a single node) it only adds ``X-Tenfour-Node``. On a follower, a request that
may change anything (any method but GET, HEAD and OPTIONS) is sent on to the leader's advertised
URL with its headers - the token, the ``Idempotency-Key`` - and body, and the leader's answer is
returned as it is, with ``X-Tenfour-Forwarded-By`` naming the follower. Reads, the console and
the live stream are served by the follower itself.

Without a leader (a takeover under way) the follower waits up to ``wait_s`` for one, then
answers 503 with ``Retry-After``. If the leader goes away while a command is with it, the
outcome is unknown: 503 says to retry with the same ``Idempotency-Key``, which the new leader
answers once (the first effect, or the command done now). A forwarded request is never carried
again (no loops between nodes that disagree on who leads).
"""

from __future__ import annotations

import asyncio
import json
from typing import Protocol

import httpx
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tenfour.journal.cluster import LeaderSeen

NODE_HEADER = b"x-tenfour-node"
FORWARDED_BY = "X-Tenfour-Forwarded-By"
READS = frozenset({"GET", "HEAD", "OPTIONS"})
# Not carried either way: hop-by-hop headers, and what the HTTP client sets itself.
_DROPPED = frozenset(
    {
        "connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "upgrade",
        "trailer", "host", "content-length", "date", "server", "accept-encoding",
        "content-encoding",
    }
)  # fmt: skip


class Leading(Protocol):
    """What the middleware needs of the node (``tenfour.engine.node.Node``)."""

    node_id: str
    leader_epoch: int  # changes whenever the leader (as this node sees it) changes

    @property
    def follows(self) -> bool:
        """Whether this node currently follows (or is between roles)."""
        ...

    async def wait_for_leader(self, timeout: float) -> LeaderSeen | None:
        """The leader to carry a command to, or None."""
        ...


class LeaderClient:
    """The HTTP client a follower carries commands with (closed with the app)."""

    def __init__(self) -> None:
        self._client: httpx.AsyncClient | None = None

    def http(self) -> httpx.AsyncClient:
        """The client, made on first use."""
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=httpx.Timeout(15.0, connect=2.0))
        return self._client

    async def aclose(self) -> None:
        """Close its connections."""
        if self._client is not None:
            await self._client.aclose()
            self._client = None


class Forwarding:
    """Carries a follower's commands to the leader (see the module's doc)."""

    def __init__(
        self, app: ASGIApp, *, node: Leading, client: LeaderClient, wait_s: float = 3.0
    ) -> None:
        self.app = app
        self.node = node
        self.client = client
        self.wait_s = wait_s
        self._tag = (NODE_HEADER, node.node_id.encode())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["method"] in READS or not self.node.follows:
            await self.app(scope, receive, self._tagged(send))
            return
        await self._forward(scope, receive, send)

    def _tagged(self, send: Send) -> Send:
        async def tagged(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), self._tag]
            await send(message)

        return tagged

    async def _forward(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in scope["headers"]]
        if any(k.lower() == FORWARDED_BY.lower() for k, _ in headers):
            await self._refuse(send, "this node does not lead and the request was already "
                               "carried once: retry in a moment")  # fmt: skip
            return
        leader = await self.node.wait_for_leader(self.wait_s)
        if leader is None:
            if not self.node.follows:  # it became the leader while waiting
                await self.app(scope, receive, self._tagged(send))
                return
            await self._refuse(send, "no node leads right now (a takeover is under way): "
                               "retry with the same Idempotency-Key")  # fmt: skip
            return
        body = await _read_body(receive)
        client_ip = (scope.get("client") or ("", 0))[0]
        sent = [(k, v) for k, v in headers if k.lower() not in _DROPPED]
        sent += [(FORWARDED_BY, self.node.node_id), ("X-Forwarded-For", client_ip)]
        path = scope.get("raw_path") or scope["path"].encode()
        query = scope.get("query_string", b"")
        url = leader.url + path.decode("latin-1") + ("?" + query.decode() if query else "")
        epoch = self.node.leader_epoch
        carrying = asyncio.ensure_future(
            self.client.http().request(scope["method"], url, headers=sent, content=body)
        )
        while not (await asyncio.wait([carrying], timeout=0.2))[0]:
            if self.node.leader_epoch != epoch:  # e.g. it froze and another node took over
                carrying.cancel()
                await self._refuse(send, f"the leader ({leader.node}) was replaced while it "
                                   "held the command: it may or may not be recorded - retry "
                                   "with the same Idempotency-Key")  # fmt: skip
                return
        try:
            answer = carrying.result()
        except httpx.HTTPError as err:
            await self._refuse(send, f"the leader ({leader.node}) could not be reached ({err}): "
                               "the command may or may not be recorded - retry with the same "
                               "Idempotency-Key")  # fmt: skip
            return
        out = [
            (k.encode("latin-1"), v.encode("latin-1"))
            for k, v in answer.headers.multi_items()
            if k.lower() not in _DROPPED
        ]
        out.append((b"x-tenfour-forwarded-by", self.node.node_id.encode()))
        out.append((b"content-length", str(len(answer.content)).encode()))
        await send({"type": "http.response.start", "status": answer.status_code, "headers": out})
        await send({"type": "http.response.body", "body": answer.content})

    async def _refuse(self, send: Send, detail: str) -> None:
        body = json.dumps({"detail": detail}).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"retry-after", b"1"),
            (b"content-length", str(len(body)).encode()),
            self._tag,
        ]
        await send({"type": "http.response.start", "status": 503, "headers": headers})
        await send({"type": "http.response.body", "body": body})


async def _read_body(receive: Receive) -> bytes:
    """The request's body (already capped by ``BodyGuard``, outside this middleware)."""
    parts: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        parts.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(parts)
