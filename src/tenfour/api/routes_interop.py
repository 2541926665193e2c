"""Routes for other systems: EIDO export and import, CAP out and in, the alert list, and the
partner-to-partner conveyance (WebSocket subscriptions and assistance messages).

Human routes use the usual bearer token and roles. Partner routes (``/conveyance...``) are
authenticated by the HMAC signature of a configured partner and answer with a signature of
their own (docs/adr/0007-cad-to-cad.md). The interop runtime (outbox, conveyance hub and
subscriptions) is the runtime's, started after the engine and stopped before it.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import logging
from typing import Annotated, Any

from fastapi import (
    APIRouter,
    Depends,
    HTTPException,
    Path,
    Query,
    Request,
    WebSocket,
    WebSocketDisconnect,
)
from fastapi.responses import JSONResponse, Response

from tenfour import strict_json
from tenfour.api.commanding import Commanding, command_route
from tenfour.api.deps import CurrentUser, Principal, RuntimeDep, require_roles, runtime_of
from tenfour.api.errors import (
    COMMAND_RESPONSES,
    ERROR_RESPONSES,
    STATUS_OF,
    ErrorOut,
    error_json,
)
from tenfour.api.openapi_extras import partner_route_openapi
from tenfour.api.schemas_common import CommandOut
from tenfour.api.schemas_records import AlertOut, EidoOut, OutboxItemOut
from tenfour.domain import authorization as authz
from tenfour.domain.actors import Role
from tenfour.domain.errors import Rejected
from tenfour.domain.policy import READS
from tenfour.domain.timefmt import iso
from tenfour.engine.engine import utc_now
from tenfour.engine.envelope import DuplicateCommandConflict
from tenfour.interop import cap
from tenfour.interop.conveyance import ConveyanceHub, Send, conveyance_refusal, message_problem
from tenfour.interop.eido_export import ExportError
from tenfour.interop.eido_import import MAX_BYTES, ImportRejected, check, to_command
from tenfour.interop.interop_runtime import InteropRuntime
from tenfour.interop.partners import (
    NONCE,
    RESPONSE_SIGNATURE,
    AuthFailed,
    Partner,
    sign_response,
    verify_request,
)
from tenfour.interop.service import ANSWER_PATH, REQUEST_PATH, PartnerMessageError
from tenfour.strict_json import StrictJSONError

log = logging.getLogger(__name__)
R = Role
READERS = tuple(sorted(READS["PartnerDocuments"]))
ALERT_READERS = tuple(sorted(READS["Alerts"]))
ALERTERS = tuple(sorted(READS["PublicAlert"]))
Ident = Annotated[str, Path(min_length=1, max_length=64)]
CONVEYANCE_PATH = "/api/v1/conveyance"
TOO_LARGE: dict[int | str, dict[str, Any]] = {
    413: {"model": ErrorOut, "description": "The body is larger than the limit."}
}
EIDO_OUT: dict[int | str, dict[str, Any]] = {
    200: {"description": "A NENA EIDO document.", "model": EidoOut}
}
CAP_OUT: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "An OASIS CAP 1.2 alert.",
        "content": {"application/cap+xml": {"schema": {"type": "string"}}},
    },
    **ERROR_RESPONSES,
}


def _raw_body(media_type: str, what: str) -> dict[str, Any]:
    schema = {"type": "object"} if media_type.endswith("json") else {"type": "string"}
    return {
        "requestBody": {
            "required": True,
            "description": what,
            "content": {media_type: {"schema": schema}},
        }
    }


router = APIRouter()


def _interop(runtime: RuntimeDep) -> InteropRuntime:
    return runtime.interop


Interop = Annotated[InteropRuntime, Depends(_interop)]


def _reject(err: ImportRejected | cap.AlertRejected) -> JSONResponse:
    status = err.status if isinstance(err, ImportRejected) else 422
    field = err.pointer or None if isinstance(err, ImportRejected) else None
    reason = "too_large" if status == 413 else "invalid"
    return error_json(status, ErrorOut(detail=str(err), reason=reason, field=field))


async def _body(request: Request, limit: int) -> bytes:
    """The request body, refused (413) as soon as it passes ``limit`` bytes."""
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise HTTPException(413, f"the body is larger than {limit:,} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


# --- EIDO --------------------------------------------------------------------------------

Reader = Annotated[Principal, Depends(require_roles(*READERS))]


def _readable_incident(interop: InteropRuntime, incident: str, principal: Principal) -> None:
    """404 for an incident the principal may not read (the domain's rule)."""
    state = interop.service.engine.state
    found = state.incidents.get(incident)
    if found is not None and not authz.may_read_incident(state, principal.actor(), found):
        raise HTTPException(404, f"incident {incident!r} does not exist")


@router.get(
    "/incidents/{incident}/eido",
    tags=["interop"],
    response_class=JSONResponse,
    responses={**EIDO_OUT, **ERROR_RESPONSES},
)
async def incident_eido(incident: Ident, interop: Interop, principal: Reader) -> JSONResponse:
    """The incident as a NENA EIDO document (NENA-STA-021)."""
    _readable_incident(interop, incident, principal)
    try:
        return JSONResponse(interop.service.export(incident))
    except ExportError as err:
        raise HTTPException(404, str(err)) from None


@router.post(
    "/eido",
    tags=["interop"],
    **command_route(
        "ImportIncident",
        "Import an EIDO from another CAD (raw JSON body, at most 65,536 bytes): a new incident, "
        "or an update of the one an earlier document of the same incident opened. Refused with "
        "the first problem when it does not validate; nothing is half-imported.",
        responses={**COMMAND_RESPONSES, **TOO_LARGE},
        openapi_extra={
            "x-tenfour-command": "ImportIncident",
            **_raw_body("application/json", "An EIDO document."),
        },
    ),
)
async def import_eido(
    request: Request, cmd: Commanding, interop: Interop
) -> CommandOut | JSONResponse:
    """Import an EIDO."""
    try:
        checked = check(await _body(request, MAX_BYTES))
    except ImportRejected as err:
        return _reject(err)
    principal = cmd.principal
    source = (
        principal.agency  # a partner's documents are recorded under its own agency
        if principal.role == Role.PARTNER
        else str(checked.document.get("issuingElementIdentification", "unknown"))
    )
    command = to_command(
        checked, interop.service.engine.state, interop.service.issuer, source, principal.agency
    )
    if "idempotency-key" in request.headers:
        return await cmd.submit(command)
    derived = f"eido:{source}:{principal.user}:{checked.digest}"
    try:
        return await dataclasses.replace(cmd, command_id=derived).submit(command)
    except DuplicateCommandConflict:
        detail = (
            f"this document (sha256 {checked.digest}) was taken in before with other details "
            f"(command {derived}); send an Idempotency-Key to take it in again"
        )
        return error_json(409, ErrorOut(detail=detail, reason="conflict"))


# --- CAP ---------------------------------------------------------------------------------


def _xml(text: str) -> Response:
    return Response(text, media_type="application/cap+xml")


@router.get(
    "/directives/{directive}/cap",
    tags=["interop"],
    response_class=Response,
    responses=CAP_OUT,
)
async def directive_cap(
    directive: Ident, interop: Interop, principal: Reader, runtime: RuntimeDep
) -> Response:
    """A directive as an OASIS CAP 1.2 alert (a lifted one as its Cancel)."""
    state = interop.service.engine.state
    found = state.directives.get(directive)
    if found is not None and not authz.may_read_directive(state, principal.actor(), found):
        raise HTTPException(404, f"directive {directive!r} does not exist")
    policy = runtime.records.feed.config.policy
    try:
        return _xml(
            cap.directive_alert(
                interop.service.engine.state,
                directive,
                interop.config.cap_sender,
                iso(utc_now()),
                policy,
            )
        )
    except cap.CapExportError as err:
        raise HTTPException(404, str(err)) from None


@router.get(
    "/incidents/{incident}/cap",
    tags=["interop"],
    response_class=Response,
    responses=CAP_OUT,
)
async def incident_cap(
    incident: Ident,
    interop: Interop,
    runtime: RuntimeDep,
    principal: Annotated[Principal, Depends(require_roles(*ALERTERS))],
    headline: Annotated[str, Query(min_length=1, max_length=160)],
    instruction: Annotated[str, Query(max_length=1000)] = "",
    radius_km: Annotated[float, Query(gt=0, le=100)] = cap.DEFAULT_RADIUS_KM,
) -> Response:
    """A public CAP 1.2 alert about an incident: its type and place, never the caller."""
    _readable_incident(interop, incident, principal)
    state = interop.service.engine.state
    try:
        text = cap.incident_alert(
            state,
            incident,
            interop.config.cap_sender,
            iso(utc_now()),
            headline=headline,
            policy=runtime.records.feed.config.policy,
            instruction=instruction,
            radius_km=radius_km,
        )
    except cap.CapExportError as err:
        raise HTTPException(404, str(err)) from None
    return _xml(text)


@router.post(
    "/cap",
    tags=["interop"],
    **command_route(
        "IngestAlert",
        "Take a CAP 1.2 alert (raw XML body) into the alert list.",
        responses={**COMMAND_RESPONSES, **TOO_LARGE},
        openapi_extra={
            "x-tenfour-command": "IngestAlert",
            **_raw_body("application/cap+xml", "A CAP 1.2 alert."),
        },
    ),
)
async def ingest_cap(request: Request, cmd: Commanding) -> CommandOut | JSONResponse:
    """Ingest a CAP alert (hostile XML refused: no DTD, no entities)."""
    try:
        command = cap.parse_alert(await _body(request, cap.MAX_BYTES))
    except cap.AlertRejected as err:
        return _reject(err)
    return await cmd.submit(command)


@router.get(
    "/alerts",
    tags=["interop"],
    response_model=list[AlertOut],
    responses=ERROR_RESPONSES,
    dependencies=[Depends(require_roles(*ALERT_READERS))],
)
async def alerts(
    runtime: RuntimeDep,
    principal: CurrentUser,
    current: bool = True,
    lat: Annotated[float | None, Query(ge=-90, le=90)] = None,
    lon: Annotated[float | None, Query(ge=-180, le=180)] = None,
) -> list[dict[str, Any]]:
    """The alert list (current ones by default), optionally those whose area holds a point."""
    now = iso(utc_now())
    found = list(runtime.engine.state.interop.alerts.values())
    if current:
        found = [a for a in found if a.current(now)]
    if lat is not None and lon is not None:
        found = [a for a in found if a.covers(lat, lon)]
    return [cap.alert_view(a, now) for a in found]


@router.get(
    "/partners/outbox",
    tags=["interop"],
    response_model=list[OutboxItemOut],
    responses=ERROR_RESPONSES,
    dependencies=[Depends(require_roles(*sorted(READS["PartnerOutbox"])))],
)
async def partner_outbox(interop: Interop) -> list[dict[str, Any]]:
    """Messages still owed to partner CADs (assistance requests and answers): attempts, the
    last error and since when, so a refused or unreachable partner is seen, not only logged.
    **Roles:** `dispatcher`, `supervisor`, `commander`, `admin`."""
    return list(interop.outbox.status())


# --- partners ----------------------------------------------------------------------------


def _signed(partner: Partner, nonce: str, status: int, payload: dict[str, Any]) -> Response:
    body = json.dumps(payload, separators=(",", ":")).encode()
    signature = sign_response(partner.secret, status, nonce, body)
    return Response(
        body,
        status_code=status,
        media_type="application/json",
        headers={RESPONSE_SIGNATURE: signature},
    )


async def _partner_message(request: Request, interop: InteropRuntime, path: str) -> Response:
    body = await _body(request, 4 * MAX_BYTES)
    try:
        partner = verify_request(
            interop.config, interop.nonces, request.headers, "POST", path, body
        )
        await interop.service.remember_nonce(partner.agency, request.headers, path)
    except AuthFailed as err:
        return error_json(401, ErrorOut(detail=str(err), reason="unauthenticated"))
    nonce = request.headers.get(NONCE, "")
    try:
        status, answer = 200, await _carry_out(interop, partner.agency, path, body)
    except (ImportRejected, PartnerMessageError) as err:
        status, answer = err.status, {"statusCode": err.status, "statusText": err.message}
    except Rejected as err:
        status = STATUS_OF[err.reason]
        answer = {"statusCode": status, "statusText": err.message}
    except DuplicateCommandConflict as err:
        status, answer = 409, {"statusCode": 409, "statusText": f"received before as: {err}"}
    except (ValueError, TypeError, KeyError, AttributeError) as err:  # a shape not foreseen
        status, answer = 400, {"statusCode": 400, "statusText": f"not a valid message: {err}"}
    return _signed(partner, nonce, status, answer)


async def _carry_out(
    interop: InteropRuntime, partner: str, path: str, body: bytes
) -> dict[str, Any]:
    try:
        message = strict_json.loads(body)
    except StrictJSONError as err:
        raise PartnerMessageError(f"not a valid message: {err}", 400) from None
    if not isinstance(message, dict):
        raise PartnerMessageError("not a valid message: a message is a JSON object", 400)
    handle = (
        interop.service.receive_request if path == REQUEST_PATH else interop.service.receive_answer
    )
    return await handle(partner, message)


@router.post(
    REQUEST_PATH.removeprefix("/api/v1"),
    tags=["partners"],
    openapi_extra=partner_route_openapi("a NENA-STA-024 assistance request with its EIDO"),
)
async def assistance_request(request: Request, interop: Interop) -> Response:
    """A partner CAD asks us for assistance (EIDO attached). HMAC-signed."""
    return await _partner_message(request, interop, REQUEST_PATH)


@router.post(
    ANSWER_PATH.removeprefix("/api/v1"),
    tags=["partners"],
    openapi_extra=partner_route_openapi("the answer to an assistance request we sent"),
)
async def assistance_answer(request: Request, interop: Interop) -> Response:
    """A partner CAD answers our request (EIDO attached). HMAC-signed."""
    return await _partner_message(request, interop, ANSWER_PATH)


@router.websocket("/conveyance")
async def conveyance(ws: WebSocket) -> None:
    """NENA-STA-024 conveyance: subscribe / event / unsubscribe / terminate (HMAC handshake)."""
    if runtime_of(ws).node.follows:  # partner traffic is the leader's: 1013, try again later
        await ws.close(code=1013, reason="this node follows: partners connect to the leader")
        return
    interop = runtime_of(ws).interop
    try:
        partner = verify_request(interop.config, interop.nonces, ws.headers, "GET", CONVEYANCE_PATH)
        await interop.service.remember_nonce(partner.agency, ws.headers, CONVEYANCE_PATH)
    except AuthFailed:
        await ws.close(code=1008)
        return
    signature = sign_response(partner.secret, 101, ws.headers.get(NONCE, ""), b"")
    await ws.accept(headers=[(RESPONSE_SIGNATURE.lower().encode(), signature.encode())])
    lock = asyncio.Lock()

    async def send(message: dict[str, Any]) -> None:
        async with lock:
            await ws.send_text(json.dumps(message, separators=(",", ":")))

    pump = asyncio.create_task(interop.hub.pump(send))
    try:
        with contextlib.suppress(WebSocketDisconnect):
            await _receive(ws, interop, partner.agency, send)
    finally:
        pump.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await pump
        interop.hub.disconnected(send)


async def _receive(ws: WebSocket, interop: InteropRuntime, partner: str, send: Send) -> None:
    """Answer the partner's messages until it leaves. One message can only fail itself: one
    that breaks the protocol is logged and gets its typed refusal (400) where the protocol has
    one; only a frame that is not JSON at all (or hostile JSON) ends the connection, with a
    proper close frame (1007) naming why."""
    while True:
        frame = await ws.receive()
        if frame["type"] == "websocket.disconnect":
            return
        data = frame.get("text")
        try:
            message = strict_json.loads(data if data is not None else frame.get("bytes") or b"")
        except StrictJSONError as err:
            log.warning("conveyance from %s: refused a message: %s", partner, err)
            await ws.close(code=1007, reason=_close_reason(f"not JSON tenfour accepts: {err}"))
            return
        problem = message_problem(message)
        if problem is not None:
            log.warning("conveyance from %s: refused a message: %s", partner, problem)
            refusal = conveyance_refusal(message, problem)
            if refusal is not None:  # else the protocol has no answer: logged, and we go on
                await send(refusal)
            continue
        try:
            await _answer(interop.hub, partner, message, send)
        except (WebSocketDisconnect, RuntimeError):
            return  # the connection is gone
        except Exception:  # one message may fail; the connection goes on
            log.exception("conveyance from %s: a message could not be handled", partner)


def _close_reason(text: str) -> str:
    """A close frame's reason is at most 123 bytes of UTF-8."""
    return text.encode()[:120].decode("utf-8", "ignore")


async def _answer(hub: ConveyanceHub, partner: str, message: dict[str, Any], send: Send) -> None:
    if "subscribe" in message:
        await send(hub.subscribe(partner, message["subscribe"], send))
    elif "eventResponse" in message:
        hub.event_response(message["eventResponse"])
    elif "unsubscribe" in message:
        await send(hub.unsubscribe(partner, message["unsubscribe"]))
