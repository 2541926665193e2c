"""``/healthz`` (liveness), ``/readyz`` (readiness: role, write path, lag) and ``/metrics``."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Response
from pydantic import BaseModel, Field

from tenfour.api.deps import RuntimeDep, require_roles
from tenfour.api.errors import ERROR_RESPONSES, ErrorOut
from tenfour.domain.policy import READS
from tenfour.views.metrics import CONTENT_TYPE

router = APIRouter(tags=["operations"])


class HealthOut(BaseModel):
    """The process lives; what it does now and the journal head it has applied."""

    status: str = Field(examples=["ok"])
    role: str = Field(examples=["leader"], description="leader, follower, starting, stopping")
    node: str = Field(examples=["cad-a-8410"])
    ready: bool = Field(description="what /readyz would answer")
    engine_running: bool = Field(description="this node's writer takes commands (leader)")
    head_seq: int = Field(examples=[1234])
    head_hash: str
    stream_subscribers: int


class LeaderOut(BaseModel):
    """The node holding the writer lock, as this node sees it."""

    node: str
    url: str
    quiet_s: float = Field(description="seconds since its lock session was last active")


class ReadyOut(BaseModel):
    """Whether this node can do its job now, and why not."""

    ready: bool
    role: str = Field(examples=["follower"])
    node: str
    applied_seq: int = Field(description="the last journal seq this node's state holds")
    lag_events: int = Field(description="events known to be waiting to be applied")
    lag_seconds: float = Field(description="how long since this node was last at the head")
    leader: LeaderOut | None
    reason: str = Field(description="why not ready; empty when ready")


@router.get(
    "/healthz",
    response_model=HealthOut,
    description="Liveness: 200 while the process runs, whatever its role or the database's "
    "state (see `/readyz` for whether it can work). No token needed.",
)
async def healthz(runtime: RuntimeDep) -> HealthOut:
    """Report liveness, role and head."""
    seq, head_hash = runtime.engine.head
    status = runtime.node.status()
    return HealthOut(
        status="ok",
        role=status.role.value,
        node=status.node,
        ready=status.ready,
        engine_running=runtime.engine.running,
        head_seq=seq,
        head_hash=head_hash,
        stream_subscribers=runtime.hub.subscribers,
    )


@router.get(
    "/readyz",
    response_model=ReadyOut,
    responses={
        422: ERROR_RESPONSES[422],
        503: {"model": ReadyOut, "description": "This node cannot do its job now."},
    },
    description="Readiness, for load balancers: 200 when this node can do its job now - a "
    "leader whose write path works (its lock renewed within the lease), a follower within "
    "`TENFOUR_READY_MAX_LAG_SECONDS` of the journal's head - else 503 with the reason. No token "
    "needed; reads no database. `?role=leader` answers 200 only on the leader (for a load "
    "balancer's partner-CAD backend: partner conveyance is served by the leader).",
)
async def readyz(
    runtime: RuntimeDep,
    response: Response,
    role: Annotated[
        Literal["leader"] | None,
        Query(description="`leader`: ready only if this node also leads (partner routes)"),
    ] = None,
) -> ReadyOut:
    """Report readiness (503 when not ready)."""
    status = runtime.node.status()
    if not status.ready or (role is not None and status.role.value != role):
        response.status_code = 503
    leader = status.leader
    return ReadyOut(
        ready=status.ready,
        role=status.role.value,
        node=status.node,
        applied_seq=status.applied_seq,
        lag_events=status.lag_events,
        lag_seconds=status.lag_seconds,
        leader=None
        if leader is None
        else LeaderOut(node=leader.node, url=leader.url, quiet_s=round(leader.quiet_s, 3)),
        reason=status.reason,
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
