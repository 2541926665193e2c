"""How refusals and failures become HTTP answers: always JSON ``{detail, reason, field}``.

Domain refusals map by reason (invalid 422, forbidden 403, not found 404, conflict 409); a
stopped or failing engine is 503; a reused command id with other content is 409. Bad input never
reaches a 500: request validation errors are 422 naming the field.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request, status
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from tenfour.api.schemas_common import EventOut
from tenfour.api.security import NOTHING_POLICY, add_security_headers
from tenfour.domain.errors import Reason, Rejected
from tenfour.engine.envelope import DuplicateCommandConflict, EngineUnavailable

log = logging.getLogger(__name__)

STATUS_OF = {
    Reason.INVALID: status.HTTP_422_UNPROCESSABLE_CONTENT,
    Reason.FORBIDDEN: status.HTTP_403_FORBIDDEN,
    Reason.NOT_FOUND: status.HTTP_404_NOT_FOUND,
    Reason.CONFLICT: status.HTTP_409_CONFLICT,
}
_REASON_OF_STATUS = {
    400: "invalid",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    422: "invalid",
    429: "rate_limited",
    503: "unavailable",
}


class ErrorOut(BaseModel):
    """Why a request was refused."""

    detail: str = Field(examples=["unit 1A12 is already assigned (enroute); clear it first"])
    reason: str = Field(examples=["conflict"])
    field: str | None = Field(default=None, examples=["override_reason"])
    command_id: str | None = None
    events: list[EventOut] = Field(
        default_factory=list, description="Events recorded although refused (e.g. DispatchRefused)."
    )


class CommandRefused(Exception):  # noqa: N818
    """A command the engine answered with a refusal; carries what was recorded anyway."""

    def __init__(self, rejection: Rejected, command_id: str, events: list[EventOut]) -> None:
        super().__init__(rejection.message)
        self.rejection = rejection
        self.command_id = command_id
        self.events = events


def error_json(
    status_code: int, body: ErrorOut, headers: dict[str, str] | None = None
) -> JSONResponse:
    """A JSON error response."""
    return JSONResponse(body.model_dump(mode="json"), status_code=status_code, headers=headers)


def _field_of(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or ".".join(str(p) for p in loc)


async def _validation(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = jsonable_encoder(exc.errors(), exclude={"input", "ctx", "url"})
    first = errors[0] if errors else {"loc": (), "msg": "invalid request"}
    field = _field_of(tuple(first.get("loc", ())))
    detail = f"{field}: {first.get('msg', 'invalid')}" if field else str(first.get("msg"))
    return error_json(422, ErrorOut(detail=detail, reason="invalid", field=field or None))


async def _http(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = exc.status_code
    if code == status.HTTP_400_BAD_REQUEST:  # an unparseable body: invalid input like any other
        code = status.HTTP_422_UNPROCESSABLE_CONTENT
        body = ErrorOut(detail=f"body: {exc.detail}", reason="invalid", field="body")
    else:
        body = ErrorOut(detail=str(exc.detail), reason=_REASON_OF_STATUS.get(code, "error"))
    return error_json(code, body, headers=dict(exc.headers or {}))


async def _rejected(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, Rejected)
    body = ErrorOut(detail=exc.message, reason=exc.reason.value, field=exc.field)
    return error_json(STATUS_OF[exc.reason], body)


async def _refused(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, CommandRefused)
    r = exc.rejection
    body = ErrorOut(
        detail=r.message,
        reason=r.reason.value,
        field=r.field,
        command_id=exc.command_id,
        events=exc.events,
    )
    return error_json(STATUS_OF[r.reason], body)


async def _duplicate(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DuplicateCommandConflict)
    body = ErrorOut(detail=str(exc), reason="conflict", field="Idempotency-Key")
    return error_json(409, body)


async def _unavailable(_: Request, exc: Exception) -> JSONResponse:
    log.warning("engine unavailable: %s", exc)
    body = ErrorOut(detail=f"not recorded, retry later: {exc}", reason="unavailable")
    return error_json(503, body, headers={"Retry-After": "1"})


async def _server_error(_: Request, __: Exception) -> JSONResponse:
    """A 500 (logged by the server): answered outside ``SecurityHeaders``, so its headers here."""
    body = ErrorOut(detail="internal error: the request was not completed", reason="error")
    response = error_json(500, body)
    add_security_headers(response.headers, NOTHING_POLICY)
    return response


def install_error_handlers(app: FastAPI) -> None:
    """Register every handler on ``app``."""
    app.add_exception_handler(Exception, _server_error)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(Rejected, _rejected)
    app.add_exception_handler(CommandRefused, _refused)
    app.add_exception_handler(DuplicateCommandConflict, _duplicate)
    app.add_exception_handler(EngineUnavailable, _unavailable)


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorOut, "description": text}
    for code, text in (
        (401, "Not authenticated, or the token expired."),
        (403, "Your role (or agency) may not do this."),
        (404, "Something the request names does not exist."),
        (422, "Invalid input; `field` names the field."),
        (503, "The engine could not record it now; retry with the same Idempotency-Key."),
    )
}
COMMAND_RESPONSES: dict[int | str, dict[str, Any]] = {
    **ERROR_RESPONSES,
    409: {
        "model": ErrorOut,
        "description": "The state forbids it now (busy unit, stale version, directive in force), "
        "or the Idempotency-Key was used for other content.",
    },
}
