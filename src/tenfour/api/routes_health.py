"""``/healthz`` (liveness and the journal head, no token) and ``/metrics`` (Prometheus)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Response
from pydantic import BaseModel, Field

from tenfour.api.deps import RuntimeDep, require_roles
from tenfour.api.errors import ERROR_RESPONSES, ErrorOut
from tenfour.domain.policy import READS
from tenfour.views.metrics import CONTENT_TYPE

router = APIRouter(tags=["operations"])


class HealthOut(BaseModel):
    """Whether the engine takes commands, and the journal's head."""

    status: str = Field(examples=["ok"])
    engine_running: bool
    head_seq: int = Field(examples=[1234])
    head_hash: str
    stream_subscribers: int


@router.get(
    "/healthz",
    response_model=HealthOut,
    responses={503: {"model": HealthOut, "description": "The engine is not running."}},
    description="Liveness and the journal head. No token needed.",
)
async def healthz(runtime: RuntimeDep, response: Response) -> HealthOut:
    """Report liveness (503 while the engine is not running)."""
    seq, head_hash = runtime.engine.head
    running = runtime.engine.running
    if not running:
        response.status_code = 503
    return HealthOut(
        status="ok" if running else "unavailable",
        engine_running=running,
        head_seq=seq,
        head_hash=head_hash,
        stream_subscribers=runtime.hub.subscribers,
    )


@router.get(
    "/metrics",
    response_class=Response,
    responses={
        **ERROR_RESPONSES,
        200: {"content": {CONTENT_TYPE.split(";")[0]: {"schema": {"type": "string"}}}},
        403: {"model": ErrorOut, "description": "Only admin and supervisor roles."},
    },
    dependencies=[Depends(require_roles(*sorted(READS["Metrics"])))],
    description="Prometheus metrics: commands by type and outcome, command latency, stream "
    "subscribers, journal lag. **Roles:** `admin`, `supervisor`.",
)
async def metrics(runtime: RuntimeDep) -> Response:
    """The Prometheus exposition."""
    return Response(runtime.metrics.render(), media_type=CONTENT_TYPE)
