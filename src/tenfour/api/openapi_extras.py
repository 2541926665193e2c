"""What ``/openapi.json`` says beyond the routes FastAPI describes by itself.

OpenAPI has no notation for WebSockets, so the live stream (``/api/v1/stream``) and the partner
conveyance socket (``/api/v1/conveyance``) are described as the GET that opens them (``101
Switching Protocols``) with their messages as schemas (``x-tenfour-websocket`` marks them). The
signed partner routes get their signing headers, the request they carry and the signed answer.
``install_openapi_extras(app)`` adds all of it to the generated document once.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from tenfour.interop.partners import AGENCY, DATE, NONCE, RESPONSE_SIGNATURE, SIGNATURE

SIGNING = (
    "HMAC-SHA256, hex, with the secret the two agencies share, over the lines "
    "`tenfour-v1`, METHOD, path, sending agency, date, nonce and the body's SHA-256 (hex), "
    "joined by `\\n`. A date more than 5 minutes off, or a nonce seen before, is refused (401). "
    "The answer carries `X-Tenfour-Response-Signature`: HMAC-SHA256 over `tenfour-v1-response`, "
    "the status, the request's nonce and the answer body's SHA-256. See docs/adr/0007."
)


def signing_headers() -> list[dict[str, Any]]:
    """The headers a partner signs a request with."""
    described = {
        AGENCY: "the sending partner agency (as configured in TENFOUR_PARTNERS_FILE)",
        DATE: "Unix time in seconds when the request was signed",
        NONCE: "a fresh random value (32 hex digits), never reused",
        SIGNATURE: SIGNING,
    }
    return [
        {"name": name, "in": "header", "required": True, "description": text,
         "schema": {"type": "string"}}
        for name, text in described.items()
    ]  # fmt: skip


def partner_route_openapi(carries: str) -> dict[str, Any]:
    """``openapi_extra`` of a signed partner route (no bearer token: the signature is the key)."""
    signed = {
        RESPONSE_SIGNATURE: {"description": "the answer's signature", "schema": {"type": "string"}}
    }
    answer = {"$ref": "#/components/schemas/PartnerAnswer"}
    return {
        "description": f"A partner CAD posts {carries}. Authenticated by its signature, not a "
        f"token: {SIGNING}",
        "security": [],
        "parameters": signing_headers(),
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"type": "object"}}},
        },
        "responses": {
            str(code): {
                "description": text,
                "headers": signed,
                "content": {"application/json": {"schema": answer}},
            }
            for code, text in (
                (200, "carried out"),
                (400, "not a message tenfour accepts"),
                (401, "signature, time or nonce refused (not signed back)"),
                (409, "received before with other content"),
                (422, "refused by the rules"),
            )
        },
    }


STREAM_DESCRIPTION = """\
Live events over a WebSocket, gap-free and duplicate-free. Open `GET /api/v1/stream?after=SEQ`
with `Upgrade: websocket`, then send the token as the **first message**: `{"token": "..."}`
(never in the URL: `?token=` is refused). The server sends every event after `after` you may
see, in `seq` order (`StreamEvent`), then live ones. Control messages (`StreamControl`):
`resync` (you fell behind: reconnect with `after`), `expired` (refresh the token, reconnect with
`after`), `revoked`. Close codes: 4000 resync, 4401 unauthorized/expired/revoked, 4422 bad
`after`.
"""

CONVEYANCE_DESCRIPTION = """\
NENA-STA-024 conveyance between partner CADs over a WebSocket, opened with the signed GET
(headers as the signed partner routes; the 101 answer carries `X-Tenfour-Response-Signature`).
Messages are JSON objects with one member: `subscribe`, `subscribeResponse`, `event`,
`eventResponse`, `unsubscribe`, `unsubscribeResponse` or `terminate`
(`ConveyanceMessage`). A message that breaks the protocol gets a typed refusal (400) and the
connection goes on; a frame that is not JSON closes it (1007).
"""


def _socket(
    summary: str, description: str, params: list[dict[str, Any]], messages: str
) -> dict[str, Any]:
    return {
        "get": {
            "tags": ["stream"],
            "summary": summary,
            "description": description,
            "operationId": summary.lower().replace(" ", "_"),
            "parameters": params,
            "security": [],
            "x-tenfour-websocket": {"messages": {"$ref": f"#/components/schemas/{messages}"}},
            "responses": {
                "101": {"description": "Switching Protocols: the WebSocket is open"},
                "403": {"description": "refused before the upgrade"},
                "404": {"description": "a plain HTTP GET (no `Upgrade: websocket`)"},
            },
        }
    }


SCHEMAS: dict[str, Any] = {
    "StreamEvent": {
        "type": "object",
        "description": "One journal event the subscriber may see.",
        "required": ["seq", "at", "type", "actor", "payload"],
        "properties": {
            "seq": {"type": "integer", "description": "global journal sequence number"},
            "at": {"type": "string", "description": "record time, ISO 8601 UTC"},
            "type": {"type": "string", "description": "event type (docs/events.schema.json)"},
            "actor": {
                "type": "object",
                "properties": {k: {"type": "string"} for k in ("user", "role", "agency")},
            },
            "payload": {"type": "object"},
        },
    },
    "StreamControl": {
        "type": "object",
        "required": ["type"],
        "properties": {
            "type": {"type": "string", "enum": ["resync", "expired", "revoked"]},
            "after": {"type": "integer", "description": "the last seq you received"},
        },
    },
    "StreamMessage": {
        "oneOf": [
            {"$ref": "#/components/schemas/StreamEvent"},
            {"$ref": "#/components/schemas/StreamControl"},
        ]
    },
    "ConveyanceMessage": {
        "type": "object",
        "description": "One NENA-STA-024 conveyance message (exactly one member).",
        "minProperties": 1,
        "maxProperties": 1,
        "properties": {
            name: {"type": "object"}
            for name in (
                "subscribe",
                "subscribeResponse",
                "event",
                "eventResponse",
                "unsubscribe",
                "unsubscribeResponse",
                "terminate",
            )
        },
    },
    "PartnerAnswer": {
        "type": "object",
        "description": "What a signed partner route answers (NENA-STA-024 style status).",
        "properties": {
            "statusCode": {"type": "integer"},
            "statusText": {"type": "string"},
        },
        "additionalProperties": True,
    },
}


def extras() -> tuple[dict[str, Any], dict[str, Any]]:
    """The extra paths and schemas."""
    after = {
        "name": "after",
        "in": "query",
        "required": False,
        "schema": {"type": "integer", "minimum": 0},
        "description": "send events after this seq (0: from the start of the journal)",
    }
    paths = {
        "/api/v1/stream": _socket("Live stream", STREAM_DESCRIPTION, [after], "StreamMessage"),
        "/api/v1/conveyance": _socket(
            "Partner conveyance", CONVEYANCE_DESCRIPTION, signing_headers(), "ConveyanceMessage"
        ),
    }
    return paths, SCHEMAS


def install_openapi_extras(app: FastAPI) -> None:
    """Make ``app.openapi()`` include the WebSockets and their messages."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = generate()
            paths, schemas = extras()
            document.setdefault("paths", {}).update(paths)
            document.setdefault("components", {}).setdefault("schemas", {}).update(schemas)
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
