"""Records: an incident's verified timeline and the response-time report; and the public feed.

One router for the app to include (``router`` also carries ``routes_public``), with full paths.
"""

from __future__ import annotations

import asyncio
import copy
from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, status

from tenfour.api import routes_public
from tenfour.api.deps import Principal, RuntimeDep, require_roles
from tenfour.api.errors import ERROR_RESPONSES, ErrorOut
from tenfour.api.schemas_records import ResponseTimeReportOut, TimelineOut
from tenfour.domain.authorization import event_visible, may_read_incident, reaches
from tenfour.domain.events import Event
from tenfour.domain.policy import READS
from tenfour.domain.state import DispatchState
from tenfour.domain.timefmt import parse
from tenfour.radio.audit import audio_status
from tenfour.reports.collect import as_time, collect
from tenfour.reports.intervals import timeline_unit_intervals
from tenfour.reports.response_times import Filters, build_report
from tenfour.reports.targets import load_targets
from tenfour.runtime import Runtime
from tenfour.views.timeline_radio import mark_audio

router = APIRouter(tags=["records"], responses=ERROR_RESPONSES)
router.include_router(routes_public.router)

TIMELINE_ROLES = tuple(sorted(READS["IncidentTimeline"]))
REPORT_ROLES = tuple(sorted(READS["ResponseTimeReport"]))
MAX_REPORT_DAYS = 92
IncidentId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[\w.\-]+$")]


@router.get(
    "/api/v1/incidents/{incident}/timeline",
    response_model=None,
    responses={
        200: {"model": TimelineOut, "description": "The verified timeline."},
        404: {"model": ErrorOut, "description": "No record names this incident."},
    },
    description=(
        "The incident's full timeline from the journal, each entry with actor, role, agency, "
        "time (ms), seq and hash, links to what it cites and what cites it, the chain's "
        "verification, and each unit response's times (NEMSIS eTimes: dispatched, en route, on "
        "scene, transport, at destination, cleared) and intervals. **Roles:** call_taker, "
        "dispatcher, supervisor, commander, records, admin."
    ),
)
async def timeline(
    incident: IncidentId,
    runtime: RuntimeDep,
    principal: Annotated[Principal, Depends(require_roles(*TIMELINE_ROLES))],
) -> dict[str, Any]:
    """An incident's verified timeline, as the caller may read it: 404 for an incident it may
    not read; every entry passes the same rule as the live stream."""
    state, viewer = runtime.engine.state, principal.actor()
    if incident not in state.incidents and state.archived("incident", incident):
        state = await _with_archived(runtime, state, incident)
    found_incident = state.incidents.get(incident)
    if found_incident is not None and not may_read_incident(state, viewer, found_incident):
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"incident {incident!r} does not exist")

    def visible(event: Event) -> bool:
        return event_visible(state, viewer, event)

    found = await asyncio.to_thread(runtime.records.timeline, incident, visible)
    if found is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"incident {incident!r} does not exist")
    units = {u.id: (u.agency, u.unit_type) for u in state.units.values()}
    found["unit_intervals"] = timeline_unit_intervals(found, units)
    if found.get("radio"):  # is each transmission's audio still what was recorded?
        store = runtime.radio.store
        await asyncio.to_thread(mark_audio, found, lambda sha: audio_status(store, sha))
    return found


async def _with_archived(runtime: Runtime, state: DispatchState, incident: str) -> DispatchState:
    """The live state with an archived incident put back, rebuilt from its records, so the
    ordinary reading rules apply to it (the copy is made here, on the engine's loop)."""
    units = dict(state.units)
    rebuilt = await asyncio.to_thread(runtime.records.archived_incident, incident, units)
    if rebuilt is None:
        return state
    seen = copy.copy(state)
    seen.incidents = {**state.incidents, incident: rebuilt}
    return seen


@router.get(
    "/api/v1/reports/response-times",
    response_model=None,
    responses={200: {"model": ResponseTimeReportOut, "description": "The report as data."}},
    description=(
        "Response-time intervals (answering, processing, turnout, travel, total): 90th and 95th "
        f"percentiles by agency, type, priority and hour beside the targets. At most "
        f"{MAX_REPORT_DAYS} days. **Roles:** supervisor, commander, records, admin."
    ),
)
async def response_times(
    runtime: RuntimeDep,
    principal: Annotated[Principal, Depends(require_roles(*REPORT_ROLES))],
    start: Annotated[str, Query(alias="from", description="ISO time with zone, or a date")],
    end: Annotated[str, Query(alias="to", description="ISO time with zone, or a date")],
    agency: Annotated[str | None, Query(max_length=40)] = None,
    type_code: Annotated[str | None, Query(alias="type", max_length=64)] = None,
) -> dict[str, Any]:
    """The response-time report as data (the CLI renders the same figures as HTML), over the
    incidents of the agencies the caller acts for."""
    first, last = period(start, end)
    filters = Filters(first, last, agency, type_code)
    state = runtime.engine.state
    records = await asyncio.to_thread(collect, runtime.reader, first, last, state=state)
    viewer = principal.actor()
    mine = [r for r in records if reaches(state, viewer, r.agency)]  # agencies it acts for
    return build_report(mine, filters, load_targets())


def period(start: str, end: str) -> tuple[str, str]:
    """The period as journal times; 422 if unreadable, reversed or too long."""
    try:
        first, last = as_time(start), as_time(end)
    except ValueError as err:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, f"from/to: {err}") from None
    if last <= first:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, "'to' must be after 'from'")
    if parse(last) - parse(first) > timedelta(days=MAX_REPORT_DAYS):
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT, f"a report covers at most {MAX_REPORT_DAYS} days"
        )
    return first, last
