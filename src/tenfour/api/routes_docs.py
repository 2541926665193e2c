"""``/docs`` (Swagger UI) and ``/redoc`` (ReDoc): the API description, served from this server.

Both read ``/openapi.json``. Their scripts and styles come from the ``fastapi-offline`` package
(Swagger UI's bundle and stylesheet, ReDoc's standalone build), never from a CDN; the pages carry
no inline script (Swagger UI is started by :data:`SWAGGER_INIT`, a file of its own); ReDoc's one
remote image, its attribution's logo, is replaced by this server's icon as the file is served. Both
libraries style their widgets at run time, so these two pages - and only they - allow inline
styles and ReDoc's search worker (``DOCS_POLICY``); they show no data of their own.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import fastapi_offline
from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse, HTMLResponse, Response

from tenfour.api.security import BASE_POLICY

ASSETS = Path(fastapi_offline.__file__).parent / "static"
SERVED = {
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui.css": "text/css",
    "redoc.standalone.js": "text/javascript",
}
DOCS_PREFIXES = ("/docs", "/redoc")
DOCS_POLICY = "; ".join(
    f"{k} {v}"
    for k, v in {
        **BASE_POLICY,
        "style-src": "'self' 'unsafe-inline'",  # both libraries set styles as they render
        "worker-src": "'self' blob:",  # ReDoc's search index runs in a worker
        "img-src": "'self' data: blob:",
    }.items()
)

router = APIRouter(include_in_schema=False)

_SWAGGER_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>tenfour API - Swagger UI</title>
<link rel="icon" href="/static/favicon.svg">
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/swagger-init.js"></script></body></html>
"""

_REDOC_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>tenfour API - ReDoc</title>
<link rel="icon" href="/static/favicon.svg"></head>
<body><redoc spec-url="/openapi.json"></redoc>
<script src="/docs/assets/redoc.standalone.js"></script></body></html>
"""

SWAGGER_INIT = """\
// Starts Swagger UI on /openapi.json (a file, not inline: the page's CSP forbids inline script).
window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  persistAuthorization: false,
  tryItOutEnabled: false,
});
"""


@router.get("/docs")
async def swagger_page() -> HTMLResponse:
    """Swagger UI: try the API from the browser (log in with the Authorize button)."""
    return HTMLResponse(_SWAGGER_PAGE, headers={"Cache-Control": "no-cache"})


@router.get("/redoc")
async def redoc_page() -> HTMLResponse:
    """ReDoc: the API description as one readable page."""
    return HTMLResponse(_REDOC_PAGE, headers={"Cache-Control": "no-cache"})


@router.get("/docs/assets/{name}")
async def docs_asset(name: str) -> Response:
    """The pages' scripts and stylesheet, from the installed package."""
    if name == "swagger-init.js":
        return Response(SWAGGER_INIT, media_type="text/javascript", headers=_CACHE)
    if name not in SERVED:
        raise HTTPException(404, "no such file")
    if name == "redoc.standalone.js":
        return Response(_redoc_offline(), media_type=SERVED[name], headers=_CACHE)
    return FileResponse(ASSETS / name, media_type=SERVED[name], headers=_CACHE)


_CACHE = {"Cache-Control": "public, max-age=86400"}
REDOC_LOGO = b"https://cdn.redoc.ly/redoc/logo-mini.svg"


@cache
def _redoc_offline() -> bytes:
    """ReDoc's build with its one remote image (the attribution's logo) taken from here."""
    return (ASSETS / "redoc.standalone.js").read_bytes().replace(REDOC_LOGO, b"/static/favicon.svg")
