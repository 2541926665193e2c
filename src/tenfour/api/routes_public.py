"""The public feed: ``/public`` (an HTML page) and ``/api/v1/public/incidents`` (JSON). No login.

What the public sees is decided by ``tenfour.domain.redaction``; this module only serves it. The
page carries no script at all and one stylesheet from this server, under the strict CSP.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field

from tenfour.api.deps import RuntimeDep
from tenfour.api.security import content_security_policy
from tenfour.domain.timefmt import iso
from tenfour.reports.render import public_css, public_html

router = APIRouter(tags=["public"])


class PublicLocationOut(BaseModel):
    """A generalised location: a block, an intersection, or a grid cell (centre given)."""

    text: str = Field(examples=["100 block of Mannerheimintie"])
    precision: str = Field(description="block, intersection, grid or withheld")
    cell: str | None = None
    lat: float | None = Field(None, description="centre of the grid cell, never the incident")
    lon: float | None = None


class PublicIncidentOut(BaseModel):
    """An incident as the public sees it."""

    incident: str = Field(description="a keyed public id, not the incident number")
    type: str = Field(description="the public label of a type on the published list")
    priority: int
    received: str = Field(description="to the minute, UTC")
    status: str
    closed: str | None
    location: PublicLocationOut


@router.get(
    "/api/v1/public/incidents",
    response_model=list[PublicIncidentOut],
    description="Recent incidents after the publication delay, redacted. **No login.**",
)
async def public_incidents(runtime: RuntimeDep) -> list[PublicIncidentOut]:
    """The public feed as JSON."""
    items = await asyncio.to_thread(runtime.records.public_items)
    return [PublicIncidentOut.model_validate(item) for item in items]


@router.get("/public", response_class=HTMLResponse, include_in_schema=False)
async def public_page(runtime: RuntimeDep) -> HTMLResponse:
    """The public feed as a page."""
    views = runtime.records
    items = await asyncio.to_thread(views.public_items)
    policy = views.feed.config.policy
    html = public_html(
        items,
        now=iso(datetime.now(UTC))[:16] + "Z",
        delay=policy.delay_minutes,
        grid_m=policy.grid_m,
    )
    headers = {"Content-Security-Policy": content_security_policy(), "Cache-Control": "no-cache"}
    return HTMLResponse(html, headers=headers)


@router.get("/public/public.css", include_in_schema=False)
async def public_stylesheet() -> Response:
    """The page's stylesheet."""
    return Response(public_css(), media_type="text/css", headers={"Cache-Control": "no-cache"})
