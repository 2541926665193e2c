"""Geo over the API: geocoding, duplicate calls, recommendations, AVL tracks, the offline map.

The city (roads, addresses, stations) is the runtime's geo services (``tenfour.geo.services``),
made by the composition root. The map routes serve
public OpenStreetMap data and need no token; everything else does.
"""

from __future__ import annotations

import asyncio
import gzip
import pathlib
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, status
from fastapi.responses import Response

from tenfour.api import schemas_geo as s
from tenfour.api.commanding import Commanding
from tenfour.api.deps import CurrentUser, RuntimeDep, require_roles
from tenfour.api.errors import COMMAND_RESPONSES, ERROR_RESPONSES
from tenfour.domain import authorization as authz
from tenfour.domain.actors import Actor
from tenfour.domain.duplicates import DuplicateRule, find_duplicates
from tenfour.domain.entities import Incident, Unit
from tenfour.domain.policy import roles_for
from tenfour.domain.timefmt import iso, normalise
from tenfour.geo.city import Place
from tenfour.geo.incident_recommendation import Advice, NoPositionError, advise
from tenfour.geo.routing import NoRouteError
from tenfour.geo.services import GeoServices
from tenfour.runtime import Runtime

router = APIRouter(tags=["geo"])
IncidentId = Annotated[str, Path(min_length=1, max_length=64, examples=["2026-000001"])]
UnitId = Annotated[str, Path(min_length=1, max_length=40, examples=["E21"])]
Q = Annotated[str, Query(min_length=1, max_length=200, examples=["mannerheimintie 20b"])]
Radius = Annotated[float, Query(gt=0, le=5000, description="metres")]
Window = Annotated[float, Query(gt=0, le=86400, description="seconds")]


def _geo(runtime: RuntimeDep) -> GeoServices:
    return runtime.geo


Geo = Annotated[GeoServices, Depends(_geo)]


def _incident(runtime: Runtime, ident: str, viewer: Actor) -> Incident:
    """The incident, or 404 when there is none the viewer may read (the domain's rule)."""
    state = runtime.engine.state
    found = state.incidents.get(ident)
    if found is None or not authz.may_read_incident(state, viewer, found):
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"incident {ident!r} does not exist")
    return found


def _readable(runtime: Runtime, viewer: Actor) -> list[Incident]:
    state = runtime.engine.state
    return [i for i in state.incidents.values() if authz.may_read_incident(state, viewer, i)]


def _unit(runtime: Runtime, ident: str, viewer: Actor) -> Unit:
    """The unit, or 404 when there is none the viewer may read (the domain's rule)."""
    state = runtime.engine.state
    found = state.units.get(ident)
    if found is None or not authz.may_read_unit(state, viewer, found):
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"unit {ident!r} does not exist")
    return found


def _time(value: str | None, name: str) -> str | None:
    if value is None:
        return None
    try:
        return normalise(value)
    except ValueError as err:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, f"{name}: {err}") from None


# --- geocoding ----------------------------------------------------------------------------


@router.get("/geocode", response_model=s.GeocodeOut, responses=ERROR_RESPONSES)
async def geocode(q: Q, geo: Geo, _: CurrentUser) -> s.GeocodeOut:
    """Best match for a typed address (any case, abbreviations, small typos), with confidence,
    whether it is verified, and ranked suggestions. **Roles:** any."""
    found = geo.city.geocoder.geocode(q)
    if found is None:
        return s.GeocodeOut(query=q, found=False)
    return s.GeocodeOut(
        query=q,
        found=True,
        address=found.address,
        lat=found.lat,
        lon=found.lon,
        postcode=found.postcode,
        confidence=found.confidence,
        verified=found.verified,
        suggestions=[s.SuggestionOut(**vars(x)) for x in found.suggestions],
        approximate=found.approximate,
    )


@router.get("/geocode/suggest", response_model=s.SuggestOut, responses=ERROR_RESPONSES)
async def suggest(
    q: Q, geo: Geo, _: CurrentUser, limit: Annotated[int, Query(ge=1, le=50)] = 8
) -> s.SuggestOut:
    """Autocomplete: streets and house numbers starting with what was typed. **Roles:** any."""
    found = geo.city.geocoder.suggest(q, limit)
    return s.SuggestOut(query=q, suggestions=[s.SuggestionOut(**vars(x)) for x in found])


@router.get("/geocode/reverse", response_model=s.ReverseOut, responses=ERROR_RESPONSES)
async def reverse(
    lat: Annotated[float, Query(ge=-90, le=90)],
    lon: Annotated[float, Query(ge=-180, le=180)],
    geo: Geo,
    _: CurrentUser,
) -> s.ReverseOut:
    """The nearest known address to a point. **Roles:** any."""
    found = geo.city.geocoder.reverse(lat, lon)
    if found is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "this city has no addresses")
    return s.ReverseOut(**vars(found))


# --- duplicates ---------------------------------------------------------------------------


def _duplicates_out(
    incidents: list[Incident], lat: float, lon: float, at: str, rule: DuplicateRule, own: str = ""
) -> s.DuplicatesOut:
    found = find_duplicates(incidents, lat, lon, at, rule, exclude=own or None)
    return s.DuplicatesOut(
        radius_m=rule.radius_m,
        window_s=rule.window_s,
        proposals=[
            s.DuplicateOut(
                incident=p.incident_id,
                type_code=p.type_code,
                priority=p.priority,
                address=p.address,
                distance_m=round(p.distance_m, 1),
                age_s=round(p.age_s, 1),
            )
            for p in found
        ],
    )


@router.get(
    "/incidents/{incident}/duplicates", response_model=s.DuplicatesOut, responses=ERROR_RESPONSES
)
async def incident_duplicates(
    incident: IncidentId,
    runtime: RuntimeDep,
    principal: CurrentUser,
    radius_m: Radius = 200.0,
    window_s: Window = 600.0,
) -> s.DuplicatesOut:
    """Other open incidents near this one in place and time (default 200 m, 10 min), proposed
    for linking, nearest first. An incident without a position has none. **Roles:** any."""
    viewer = principal.actor()
    found = _incident(runtime, incident, viewer)
    rule = DuplicateRule(radius_m, window_s)
    loc = found.location
    if loc.lat is None or loc.lon is None:
        return s.DuplicatesOut(radius_m=radius_m, window_s=window_s, proposals=[])
    incidents = _readable(runtime, viewer)
    return _duplicates_out(incidents, loc.lat, loc.lon, found.created_at, rule, found.id)


@router.get("/duplicates", response_model=s.DuplicatesOut, responses=ERROR_RESPONSES)
async def duplicates(
    lat: Annotated[float, Query(ge=-90, le=90)],
    lon: Annotated[float, Query(ge=-180, le=180)],
    runtime: RuntimeDep,
    principal: CurrentUser,
    at: Annotated[str | None, Query(max_length=40, description="Call time (default now)")] = None,
    radius_m: Radius = 200.0,
    window_s: Window = 600.0,
) -> s.DuplicatesOut:
    """Open incidents a call at (lat, lon) may be about, while the call taker is still typing.
    **Roles:** any."""
    when = _time(at, "at") or iso(datetime.now(UTC))
    incidents = _readable(runtime, principal.actor())
    return _duplicates_out(incidents, lat, lon, when, DuplicateRule(radius_m, window_s))


# --- recommendation -----------------------------------------------------------------------


def _recommendation_out(advice: Advice, command_id: str, seq: int | None) -> s.RecommendationOut:
    rec = advice.recommendation
    return s.RecommendationOut(
        incident=advice.incident_id,
        card=rec.card.name,
        picks=[
            s.PickOut(unit=p.unit_id, slot=p.slot.label, eta_s=round(p.eta_s, 1), reason=p.reason)
            for p in rec.picks
        ],
        unfilled=[
            s.UnfilledOut(slot=u.slot.label, missing=u.missing, why=u.why) for u in rec.unfilled
        ],
        command_id=command_id,
        seq=seq,
    )


@router.post(
    "/incidents/{incident}/recommendation",
    response_model=s.RecommendationOut,
    responses=COMMAND_RESPONSES,
    dependencies=[Depends(require_roles(*roles_for("RecordRecommendation")))],
    openapi_extra={"x-tenfour-command": "RecordRecommendation"},
)
async def recommend(
    incident: IncidentId, runtime: RuntimeDep, geo: Geo, cmd: Commanding
) -> s.RecommendationOut:
    """Fill the incident's run card with the fastest available units by road (live positions)
    and put it on the record (`RecommendationMade`). Dispatching a unit it did not pick then
    needs a reason. **Roles:** call_taker, commander, dispatcher, supervisor."""
    found = _incident(runtime, incident, cmd.principal.actor())
    state = runtime.engine.state
    try:
        advice = advise(geo.recommender_for(state.config), state, found, cmd.principal.agency)
    except NoPositionError as err:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(err)) from None
    out = await cmd.submit(advice.command())
    seq = next((e.seq for e in out.events if e.type == "RecommendationMade"), None)
    return _recommendation_out(advice, out.command_id, seq)


# --- AVL tracks ---------------------------------------------------------------------------


@router.get("/units/{unit}/track", response_model=s.TrackOut, responses=ERROR_RESPONSES)
async def track(
    unit: UnitId,
    runtime: RuntimeDep,
    geo: Geo,
    principal: CurrentUser,
    since: Annotated[str | None, Query(max_length=40, description="ISO time")] = None,
    until: Annotated[str | None, Query(max_length=40, description="ISO time")] = None,
    limit: Annotated[int, Query(ge=1, le=20000)] = 5000,
) -> s.TrackOut:
    """The unit's AVL positions between ``since`` and ``until``, oldest first, for playback
    (at most ``limit``, the latest). **Roles:** any."""
    _unit(runtime, unit, principal.actor())
    start, end = _time(since, "since"), _time(until, "until")
    await asyncio.to_thread(runtime.tracks.catch_up, runtime.reader)
    points = runtime.tracks.track(unit, start, end, limit)
    return s.TrackOut(
        unit=unit,
        points=[
            s.TrackPointOut(at=p.at, lat=p.lat, lon=p.lon, heading=p.heading, speed_kmh=p.speed_kmh)
            for p in points
        ],
    )


@router.get("/units/{unit}/eta", response_model=s.UnitEtaOut, responses=ERROR_RESPONSES)
async def unit_eta(
    unit: UnitId, runtime: RuntimeDep, geo: Geo, principal: CurrentUser
) -> s.UnitEtaOut:
    """The unit's route and drive time by road from its last position to its assigned incident
    (404 when it has none or either position is unknown). **Roles:** any."""
    state = runtime.engine.state
    found = _unit(runtime, unit, principal.actor())
    if found.assignment_id is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"unit {unit!r} is not on an incident")
    incident = state.incidents[state.assignments[found.assignment_id].incident_id]
    where = incident.location
    if found.lat is None or found.lon is None or where.lat is None or where.lon is None:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND, "the unit's or the incident's position is unknown"
        )
    try:
        route = await asyncio.to_thread(
            geo.city.network.route, (found.lat, found.lon), (where.lat, where.lon)
        )
    except NoRouteError:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no route by road to the incident") from None
    return s.UnitEtaOut(
        unit=unit,
        incident=incident.id,
        seconds=round(route.seconds, 1),
        meters=round(route.meters, 1),
        route=route.coords,
    )


# --- the offline map ----------------------------------------------------------------------


@router.get(
    "/map/streets",
    response_class=Response,
    responses={200: {"content": {"application/geo+json": {}}}},
)
async def streets(request: Request, geo: Geo) -> Response:
    """The city's streets as GeoJSON (gzip when the client accepts it). © OpenStreetMap
    contributors (ODbL). No token needed."""
    return await _geojson(request, geo.city.streets_geojson)


@router.get(
    "/map/buildings",
    response_class=Response,
    responses={200: {"content": {"application/geo+json": {}}}},
)
async def buildings(request: Request, geo: Geo) -> Response:
    """The city's building footprints as GeoJSON (gzip when the client accepts it; an empty
    collection for a city imported without them). © OpenStreetMap contributors (ODbL). No
    token needed."""
    return await _geojson(request, geo.city.buildings_geojson)


_NONE = gzip.compress(b'{"type":"FeatureCollection","features":[]}', mtime=0)


async def _geojson(request: Request, path: pathlib.Path) -> Response:
    """A gzipped GeoJSON file of the city, sent as it is stored when the client takes gzip."""
    body = await asyncio.to_thread(lambda: path.read_bytes() if path.is_file() else _NONE)
    headers = {"Cache-Control": "public, max-age=86400", "Vary": "Accept-Encoding"}
    if "gzip" in request.headers.get("accept-encoding", "").lower():
        headers["Content-Encoding"] = "gzip"
    else:
        body = gzip.decompress(body)
    return Response(body, media_type="application/geo+json", headers=headers)


def _place(p: Place) -> s.PlaceOut:
    return s.PlaceOut(id=p.id, name=p.name, kind=p.kind, address=p.address, lat=p.lat, lon=p.lon)


@router.get("/map/info", response_model=s.MapInfoOut)
async def map_info(geo: Geo) -> s.MapInfoOut:
    """Bounds, stations, hospitals and the data's attribution. No token needed."""
    city = geo.city
    b = city.bounds
    return s.MapInfoOut(
        city=city.name,
        bounds=s.BoundsOut(south=b.south, west=b.west, north=b.north, east=b.east),
        center=b.center,
        stations=[_place(p) for p in city.stations],
        hospitals=[_place(p) for p in city.hospitals],
        attribution=city.attribution,
    )
