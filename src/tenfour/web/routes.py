"""The console's pages and static files: Jinja2 templates, plain ES modules, Leaflet.

Pages carry no data and no inline script (the CSP forbids it): each is a shell whose ES module
logs in, reads the API and follows the live stream. Static files are served from this package
and Leaflet from the ``xstatic-leaflet`` package, so nothing is fetched from elsewhere.
"""

from __future__ import annotations

import functools
import mimetypes
import posixpath
import re
from pathlib import Path
from typing import Annotated

import xstatic.pkg.leaflet as xleaflet
from fastapi import APIRouter, HTTPException, Request
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from tenfour.incident_types import vocabulary_in_force

HERE = Path(__file__).parent
STATIC_DIR = HERE / "static"
LEAFLET_DIR = Path(xleaflet.BASE_DIR)
ATTRIBUTION = "© OpenStreetMap contributors (ODbL)"
CACHE = "no-cache"  # revalidate: consoles must pick up a new release at the next reload

templates = Jinja2Templates(directory=str(HERE / "templates"))

# A static import of an ES module: ``import x from './a.js'``, ``import './a.js'``, ``export
# ... from './a.js'`` (dynamic ``import()`` is left to run time).
_IMPORT = re.compile(r"""(?:^|;|\n)\s*(?:import|export)\b[^'"`;]*?['"]([^'"]+\.js)['"]""")


@functools.cache
def module_graph(screen: str) -> tuple[str, ...]:
    """Every module a screen's page imports, directly or not (URLs under /static/), for
    ``<link rel="modulepreload">``: the browser asks for them all at once instead of finding
    them one import level at a time, each level a round trip before the screen's code runs."""
    found: list[str] = []
    todo = [f"/static/js/screens/{screen}.js"]
    while todo:
        url = todo.pop()
        if url in found:
            continue
        found.append(url)
        path = _static_path(url)
        if path is None:
            continue
        for name in _IMPORT.findall(path.read_text(encoding="utf-8")):
            todo.append(posixpath.normpath(posixpath.join(posixpath.dirname(url), name)))
    return tuple(found[1:])  # the page's own module has its script tag


def _static_path(url: str) -> Path | None:
    for prefix, base in (("/static/leaflet/", LEAFLET_DIR), ("/static/", STATIC_DIR)):
        if url.startswith(prefix):
            path = (base / url.removeprefix(prefix)).resolve()
            return path if path.is_relative_to(base.resolve()) and path.is_file() else None
    return None


templates.env.globals["module_graph"] = module_graph
router = APIRouter(include_in_schema=False)

# screen name -> (template, title)
SCREENS: dict[str, tuple[str, str]] = {
    "calltaker": ("calltaker.html", "Call taking"),
    "dispatch": ("dispatch.html", "Dispatch"),
    "command": ("command.html", "Command"),
    "unit": ("unit.html", "Unit"),
    "records": ("records.html", "Records"),
}
IncidentId = Annotated[str, PathParam(min_length=1, max_length=64, pattern=r"^[\w.\-]+$")]

mimetypes.add_type("text/javascript", ".js")
mimetypes.add_type("text/css", ".css")


def _page(request: Request, template: str, title: str, **extra: str) -> HTMLResponse:
    runtime = request.app.state.runtime
    settings = runtime.settings
    vocabulary = vocabulary_in_force(runtime.engine.state.config)
    context: dict[str, object] = {
        "title": title,
        "incident_types": list(vocabulary.types.values()),  # the type picker's list
        "tile_url": settings.tile_url or "",
        "attribution": ATTRIBUTION,
        **extra,
    }
    response = templates.TemplateResponse(request, template, context)
    response.headers["Cache-Control"] = "no-store"
    return response


def _file(base: Path, relative: str) -> FileResponse:
    """A file strictly inside ``base`` (no traversal), or 404."""
    target = (base / relative).resolve()
    if not target.is_relative_to(base.resolve()) or not target.is_file():
        raise HTTPException(404, f"no such file: {relative}")
    media = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
    return FileResponse(target, media_type=media, headers={"Cache-Control": CACHE})


@router.get("/")
async def root() -> Response:
    """The console's start page."""
    return RedirectResponse("/console/", status_code=307)


@router.get("/console/")
async def start(request: Request) -> HTMLResponse:
    """Send the user to login, or to the screen of the role they act in (decided in the page)."""
    return _page(request, "start.html", "tenfour")


@router.get("/console/login")
async def login(request: Request) -> HTMLResponse:
    """The login form."""
    return _page(request, "login.html", "Log in")


@router.get("/console/incident/{incident}")
async def incident(request: Request, incident: IncidentId) -> HTMLResponse:
    """One incident: header, directives in force, full timeline."""
    return _page(request, "incident.html", f"Incident {incident}", incident=incident)


@router.get("/console/{screen}")
async def screen(request: Request, screen: str) -> HTMLResponse:
    """A role's screen."""
    if screen not in SCREENS:
        raise HTTPException(404, f"no console screen {screen!r}")
    template, title = SCREENS[screen]
    return _page(request, template, title)


@router.get("/static/leaflet/{path:path}")
async def leaflet(path: str) -> FileResponse:
    """Leaflet's files from the xstatic package."""
    return _file(LEAFLET_DIR, path)


@router.get("/static/{path:path}")
async def static(path: str) -> FileResponse:
    """The console's own scripts and styles."""
    return _file(STATIC_DIR, path)
