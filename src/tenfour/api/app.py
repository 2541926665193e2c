"""The composition root of the HTTP API: ``create_app(settings, runtime) -> FastAPI``.

The app's lifespan starts and stops the runtime (engine, stream hub, connections). Routers are
included one line each in the marked block below; other parts of tenfour add their own line.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI

from tenfour.api import (
    routes_admin,
    routes_aid,
    routes_auth,
    routes_centre,
    routes_docs,
    routes_geo,
    routes_health,
    routes_incidents,
    routes_interop,
    routes_proposals,
    routes_queries,
    routes_radio,
    routes_records,
    routes_stream,
    routes_transcription,
    routes_types,
    routes_units,
)
from tenfour.api.board_fast_path import install_board_fast_path
from tenfour.api.body_guard import BodyGuard
from tenfour.api.command_fast_path import install_command_fast_path
from tenfour.api.errors import install_error_handlers
from tenfour.api.forwarding import Forwarding, LeaderClient
from tenfour.api.heap import long_lived_heap
from tenfour.api.login_limiter import LoginLimiter
from tenfour.api.openapi_extras import install_openapi_extras
from tenfour.api.security import SecurityHeaders
from tenfour.api.tokens import TokenReader, session_revoker
from tenfour.runtime import Runtime, build_runtime
from tenfour.settings import Settings
from tenfour.web import routes as web_routes

DESCRIPTION = """\
tenfour's dispatch API. Log in at `POST /api/v1/auth/token` and send
`Authorization: Bearer <token>` with every request (except `/healthz`). Commands are POSTs: send
an `Idempotency-Key` to retry safely. Live events: WebSocket `/api/v1/stream?after=SEQ`, the
token sent as the first message (see the `stream` tag). Partner CADs sign their requests
(the `partners` tag and the conveyance WebSocket). A walk-through with runnable examples:
docs/api.md in the repository.
"""


DOCUMENT_ROUTES = ("/api/v1/eido", "/api/v1/cap", "/api/v1/conveyance/")
"""Routes that take another system's document and parse it themselves (tenfour.interop)."""


def body_limits(settings: Settings) -> dict[str, Any]:
    """``BodyGuard``'s arguments: the default cap, larger for documents, small for logging in."""
    routes = dict.fromkeys(DOCUMENT_ROUTES, settings.max_document_bytes)
    routes["/api/v1/auth/"] = routes_auth.MAX_LOGIN_BODY
    upload = round(settings.radio_upload_max_mb * 1024 * 1024)  # a recorder's audio
    routes |= dict.fromkeys(routes_radio.UPLOAD_PATHS, upload)
    return {"limit": settings.max_body_bytes, "routes": routes, "own_parsers": DOCUMENT_ROUTES}


def create_app(settings: Settings | None = None, runtime: Runtime | None = None) -> FastAPI:
    """Build the API around ``runtime`` (or one built from ``settings``)."""
    if runtime is None:
        runtime = build_runtime(settings or Settings())
    runtime.settings.check_secret()  # never serve with a secret anyone can read or guess

    leader_client = LeaderClient()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Sessions end on every node: the leader's routes revoke at once, and every node
        # (followers too) when the journaled event reaches it.
        stop_revoking = runtime.engine.subscribe(session_revoker(app.state.tokens))
        await runtime.start()
        try:
            with long_lived_heap():  # the state is rebuilt: see api/heap.py
                yield
        finally:
            stop_revoking()
            try:
                await runtime.stop()
            finally:
                await leader_client.aclose()

    app = FastAPI(
        title="tenfour",
        version="1",
        description=DESCRIPTION,
        lifespan=lifespan,
        # FastAPI's own pages load scripts from a CDN and run inline code: ours do neither.
        docs_url=None,
        redoc_url=None,
    )
    app.state.runtime = runtime
    app.state.tokens = TokenReader(
        runtime.settings.secret, revoked_since=runtime.credentials.changed_at
    )
    app.state.login_limiter = LoginLimiter()
    app.state.trusted_proxies = runtime.settings.proxy_networks()
    install_error_handlers(app)
    app.add_middleware(
        Forwarding,
        node=runtime.node,
        client=leader_client,
        wait_s=runtime.settings.forward_wait_seconds,
    )  # inside BodyGuard: a follower carries a checked body to the leader
    app.add_middleware(BodyGuard, **body_limits(runtime.settings))
    docs_policies = dict.fromkeys(routes_docs.DOCS_PREFIXES, routes_docs.DOCS_POLICY)
    app.add_middleware(  # outside BodyGuard
        SecurityHeaders, tile_url=runtime.settings.tile_url, own_policies=docs_policies
    )

    # --- routers ---
    app.include_router(routes_health.router)
    app.include_router(routes_auth.router, prefix="/api/v1")
    app.include_router(routes_incidents.router, prefix="/api/v1")
    app.include_router(routes_units.router, prefix="/api/v1")
    app.include_router(routes_aid.router, prefix="/api/v1")
    app.include_router(routes_admin.router, prefix="/api/v1")
    app.include_router(routes_queries.router, prefix="/api/v1")
    app.include_router(routes_stream.router, prefix="/api/v1")
    app.include_router(routes_geo.router, prefix="/api/v1")
    app.include_router(routes_transcription.router, prefix="/api/v1")
    app.include_router(web_routes.router)
    app.include_router(routes_records.router)  # timelines, reports, /public (full paths)
    app.include_router(routes_interop.router, prefix="/api/v1")
    app.include_router(routes_types.router, prefix="/api/v1")
    app.include_router(routes_proposals.router, prefix="/api/v1")
    app.include_router(routes_docs.router)  # /docs, /redoc
    app.include_router(routes_centre.router, prefix="/api/v1")  # the centre file in force
    app.include_router(routes_radio.router)  # radio on the record (full paths)
    # --- end routers ---
    install_command_fast_path(app)
    install_board_fast_path(app)  # the boards' GETs (ADR 0023)
    install_openapi_extras(app)  # the WebSockets and their messages in /openapi.json
    return app
