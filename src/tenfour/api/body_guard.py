"""``BodyGuard``: every request body is capped before anything buffers, parses or authenticates it,
and a JSON body is parsed strictly once, here, before any route sees it.

Pure ASGI middleware, outside the routes (and FastAPI's body reading). A body whose
``Content-Length`` passes the route's limit is refused (413) without reading a byte of it; a body
sent without a length (chunked) is counted as it arrives and refused as soon as it passes. A JSON
body (``application/json`` or ``+json``) is read whole - capped - and parsed with
``tenfour.strict_json.loads`` (no NaN, no repeated members, no integer beyond 64 bits, no nesting
deeper than 64): anything else is 422 naming why. The parsed value is left in the scope for the
lean command path (``SCOPE_KEY``), so a command's body is parsed once; the route gets the very
same bytes. Routes with their own document parsers (EIDO, CAP, conveyance: ``own_parsers``) get
their bytes capped only: their parsers refuse in their own terms (and a partner gets a signed
answer).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tenfour.api.errors import ErrorOut, error_json
from tenfour.strict_json import StrictJSONError, loads

SCOPE_KEY = "tenfour.json_body"


class BodyTooLarge(HTTPException):
    """The body passed the route's limit while it was being read."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is larger than {limit:,} bytes")


class BodyGuard:
    """Caps bodies (``limit``, or the longest matching prefix in ``routes``); strict JSON."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        limit: int,
        routes: Mapping[str, int] | None = None,
        own_parsers: Sequence[str] = (),
    ) -> None:
        self.app = app
        self.limit = limit
        self.routes = sorted((routes or {}).items(), key=lambda item: -len(item[0]))
        self.own_parsers = tuple(own_parsers)

    def limit_of(self, path: str) -> int:
        """The most bytes a request to ``path`` may carry."""
        for prefix, limit in self.routes:
            if path.startswith(prefix):
                return limit
        return self.limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_of(scope["path"])
        length = _content_length(scope)
        if length is not None and length > limit:
            await _refuse(scope, receive, send, BodyTooLarge(limit))
            return
        if length == 0 or scope["method"] in ("GET", "HEAD"):
            receive = _counted(receive, limit)  # no body expected: still never more than limit
        elif _is_json(scope) and not scope["path"].startswith(self.own_parsers):
            try:
                body = await _read(receive, limit)
                if body:
                    scope[SCOPE_KEY] = loads(body)
            except BodyTooLarge as err:
                await _refuse(scope, receive, send, err)
                return
            except StrictJSONError as err:
                await _invalid(scope, receive, send, str(err))
                return
            receive = _replay(body, receive)
        else:
            receive = _counted(receive, limit)
        await self._guarded(scope, receive, send)

    async def _guarded(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except BodyTooLarge as err:  # a route that read its body outside the exception handlers
            if started:
                raise
            await _refuse(scope, receive, send, err)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            text = value.decode("latin-1").strip()
            return int(text) if text.isdigit() and len(text) < 19 else 2**62
    return None


def _is_json(scope: Scope) -> bool:
    for name, value in scope["headers"]:
        if name == b"content-type":
            kind = value.decode("latin-1").split(";")[0].strip().lower()
            return bool(
                kind == "application/json"
                or (kind.startswith("application/") and kind.endswith("+json"))
            )
    return False


def _counted(receive: Receive, limit: int) -> Receive:
    received = 0

    async def counted() -> Message:
        nonlocal received
        message = await receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > limit:
                raise BodyTooLarge(limit)
        return message

    return counted


async def _read(receive: Receive, limit: int) -> bytes:
    chunks: list[bytes] = []
    size, more = 0, True
    while more:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk: bytes = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge(limit)
        chunks.append(chunk)
        more = message.get("more_body", False)
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def again() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return again


async def _refuse(scope: Scope, receive: Receive, send: Send, err: BodyTooLarge) -> None:
    body = ErrorOut(detail=str(err.detail), reason="too_large", field="body")
    await error_json(413, body, headers={"Connection": "close"})(scope, receive, send)


async def _invalid(scope: Scope, receive: Receive, send: Send, why: str) -> None:
    body = ErrorOut(detail=f"body: {why}", reason="invalid", field="body")
    await error_json(422, body)(scope, receive, send)


def parsed_body(scope: Scope) -> Any:
    """The JSON value ``BodyGuard`` parsed from this request's body (KeyError if none)."""
    return scope[SCOPE_KEY]
