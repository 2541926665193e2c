"""OASIS CAP 1.2: directives and incidents out as public alerts, alerts from outside in.

Out: a ``broadcast`` directive (or any directive, or an incident an agency chooses to alert
about) becomes a CAP 1.2 alert that validates against the shipped CAP-v1.2.xsd. Every alert is
``scope`` Public, so it goes through the public redaction rules: no caller identity, an incident's
type only under its public label (a type off the published list is a generic "incident"), its
place only as the block of a known street or a grid cell, the circle centred on the cell (never
the incident's point), and the incident named by its public id.

In: hostile XML is refused before anything else looks at it: defusedxml with DTDs forbidden
(no external entities, no entity expansion, so no billion laughs), a size limit, then the
XSD, then the command ``IngestAlert`` whose handler keeps the domain's rules.
"""

from __future__ import annotations

import math
import threading
import xml.etree.ElementTree as ET
from datetime import datetime
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from tenfour.domain import commands as c
from tenfour.domain.entities import Directive, Incident
from tenfour.domain.redaction import RedactionPolicy, generalise, grid_cell, public_id
from tenfour.domain.state import DispatchState
from tenfour.domain.timefmt import parse

if TYPE_CHECKING:
    import xmlschema

NS = "urn:oasis:names:tc:emergency:cap:1.2"
MAX_BYTES = 1_048_576
MAX_DEPTH = 32  # a CAP alert nests 5 levels (a signature inside it a few more)
DEFAULT_RADIUS_KM = 0.5
GENERIC_EVENT = "incident"  # the event of an alert about a type off the published list
_CATEGORY = {"police": "Security", "federal": "Security", "fire": "Fire", "ems": "Health"}
_LOCK = threading.Lock()


class AlertRejected(ValueError):  # noqa: N818 - a refusal, not a program error
    """A CAP document refused, with the reason."""


class CapExportError(LookupError):
    """The directive or incident to alert about does not exist."""


@cache
def _schema() -> xmlschema.XMLSchema:
    import xmlschema

    path = resources.files("tenfour.interop") / "schemas" / "cap" / "CAP-v1.2.xsd"
    return xmlschema.XMLSchema(str(path))


def schema() -> xmlschema.XMLSchema:
    """The CAP 1.2 schema, loaded once."""
    with _LOCK:
        return _schema()


def cap_time(iso_text: str) -> str:
    """A journal time in the form CAP requires (seconds, numeric zone)."""
    moment: datetime = parse(iso_text)
    return moment.strftime("%Y-%m-%dT%H:%M:%S+00:00")


def validation_errors(xml_text: str | bytes) -> list[str]:
    """Why a document breaks CAP-v1.2.xsd (empty when it validates); parsed safely."""
    root = _safe_parse(xml_text.encode() if isinstance(xml_text, str) else xml_text)
    return [f"{e.path}: {e.reason}" for e in schema().iter_errors(root)]


# --- export -------------------------------------------------------------------------------


def _el(parent: ET.Element, name: str, text: str | None = None) -> ET.Element:
    child = ET.SubElement(parent, f"{{{NS}}}{name}")
    if text is not None:
        child.text = text
    return child


def _alert(identifier: str, sender: str, sent: str, msg_type: str, refs: str | None) -> ET.Element:
    root = ET.Element(f"{{{NS}}}alert")
    for name, value in (
        ("identifier", identifier),
        ("sender", sender),
        ("sent", cap_time(sent)),
        ("status", "Actual"),
        ("msgType", msg_type),
        ("scope", "Public"),
    ):
        _el(root, name, value)
    if refs:
        _el(root, "references", refs)
    return root


def _info(
    root: ET.Element, fields: dict[str, str], area: tuple[str, float, float, float] | None
) -> None:
    info = _el(root, "info")
    _el(info, "language", "en-US")
    _el(info, "category", fields["category"])
    for name in ("event", "urgency", "severity", "certainty"):
        _el(info, name, fields[name])
    for name in ("expires", "senderName", "headline", "description", "instruction"):
        if fields.get(name):
            _el(info, name, fields[name])
    if area is not None:
        desc, lat, lon, radius = area
        block = _el(info, "area")
        _el(block, "areaDesc", desc)
        _el(block, "circle", f"{lat:.5f},{lon:.5f} {radius:g}")


def _text(root: ET.Element) -> str:
    ET.register_namespace("", NS)
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body


def directive_alert(
    state: DispatchState, directive_id: str, sender: str, now: str, policy: RedactionPolicy
) -> str:
    """A directive as a CAP alert (a lifted one as a Cancel of the first alert)."""
    d = state.directives.get(directive_id)
    if d is None:
        raise CapExportError(f"directive {directive_id!r} does not exist")
    identifier = f"{sender}:{d.id}"
    msg_type, refs = "Alert", None
    if d.lifted_at is not None:
        msg_type = "Cancel"
        refs = f"{sender},{identifier},{cap_time(d.issued_at)}"
        identifier += ":lifted"
    root = _alert(identifier, sender, d.lifted_at or d.issued_at, msg_type, refs)
    _info(root, _directive_fields(state, d), _directive_area(state, d, policy))
    return _text(root)


def _directive_fields(state: DispatchState, d: Directive) -> dict[str, str]:
    agency = state.agencies.get(d.agency)
    message = d.message or d.reason
    return {
        "category": _CATEGORY.get(agency.kind if agency else "", "Safety"),
        "event": f"{d.kind.value.replace('_', ' ')} order",
        "urgency": "Immediate",
        "severity": "Moderate",
        "certainty": "Observed",
        "expires": cap_time(d.expires_at) if d.expires_at else "",
        "senderName": agency.name if agency else d.agency,
        "headline": message[:160],
        "description": f"{message}\nReason: {d.reason}\nAuthority: {d.authority or d.role.value}",
        "instruction": f"Stage at {d.stage_at}" if d.stage_at else "",
    }


def _directive_area(
    state: DispatchState, d: Directive, policy: RedactionPolicy
) -> tuple[str, float, float, float] | None:
    if d.area is not None:
        return ("area of the order", d.area.lat, d.area.lon, d.area.radius_m / 1000)
    incident = state.incidents.get(d.incident_id or "")
    return _incident_area(incident, DEFAULT_RADIUS_KM, policy) if incident else None


def _incident_area(
    incident: Incident, radius_km: float, policy: RedactionPolicy
) -> tuple[str, float, float, float] | None:
    """The public area of an incident: the generalised place, a circle around its grid cell."""
    loc = incident.location
    if loc.lat is None or loc.lon is None:
        return None
    place = generalise(loc.address, loc.lat, loc.lon, policy.grid_m, policy.streets)
    _, lat, lon = grid_cell(loc.lat, loc.lon, policy.grid_m)
    cell_km = policy.grid_m / 1000  # the circle covers the whole cell, never pins the point
    return (place.text, lat, lon, max(radius_km, cell_km))


def incident_alert(
    state: DispatchState,
    incident_id: str,
    sender: str,
    now: str,
    *,
    headline: str,
    policy: RedactionPolicy,
    instruction: str = "",
    radius_km: float = DEFAULT_RADIUS_KM,
) -> str:
    """An incident an agency chooses to alert the public about (public type and place only)."""
    incident = state.incidents.get(incident_id)
    if incident is None:
        raise CapExportError(f"incident {incident_id!r} does not exist")
    agency = state.agencies.get(incident.agency)
    name = public_id(incident.id, policy.id_key)
    root = _alert(f"{sender}:{name}:{now}", sender, now, "Alert", None)
    area = _incident_area(incident, radius_km, policy)
    fields = {
        "category": _CATEGORY.get(agency.kind if agency else "", "Safety"),
        "event": policy.public_label(incident.type_code) or GENERIC_EVENT,
        "urgency": "Immediate" if incident.priority <= 2 else "Expected",
        "severity": "Severe" if incident.priority == 1 else "Moderate",
        "certainty": "Observed",
        "senderName": agency.name if agency else incident.agency,
        "headline": headline[:160],
        "description": headline + (f"\nNear {area[0]}" if area else ""),
        "instruction": instruction,
    }
    _info(root, fields, area)
    return _text(root)


# --- ingest -------------------------------------------------------------------------------


def _safe_parse(body: bytes) -> ET.Element:
    if len(body) > MAX_BYTES:
        raise AlertRejected(f"the alert is {len(body):,} bytes; the limit is {MAX_BYTES:,}")
    try:
        root: ET.Element = SafeET.fromstring(body, forbid_dtd=True)
    except DefusedXmlException as err:
        raise AlertRejected(f"refused hostile XML: {type(err).__name__}") from None
    except ET.ParseError as err:
        raise AlertRejected(f"not XML: {err}") from None
    _shallow(root)
    return root


def _shallow(root: ET.Element) -> None:
    """Refuse elements nested deeper than ``MAX_DEPTH`` before anything walks them
    recursively (the schema validator would overflow the stack); iterative, no recursion."""
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise AlertRejected(f"the alert nests elements deeper than {MAX_DEPTH} levels")
        stack.extend((child, depth + 1) for child in node)


def parse_alert(body: bytes | str) -> c.IngestAlert:
    """A CAP 1.2 document as an ``IngestAlert`` command, or ``AlertRejected`` with the reason."""
    root = _safe_parse(body.encode() if isinstance(body, str) else body)
    try:
        errors = list(schema().iter_errors(root))
    except RecursionError:  # kept as a net under _shallow: never a 500
        raise AlertRejected("the alert nests too deep to validate") from None
    if errors:
        first = errors[0]
        raise AlertRejected(f"not a valid CAP 1.2 alert: {first.path}: {first.reason}")
    info = root.find(f"{{{NS}}}info")
    return c.IngestAlert(
        identifier=_get(root, "identifier"),
        sender=_get(root, "sender"),
        sent=_get(root, "sent"),
        status=_get(root, "status"),
        msg_type=_get(root, "msgType"),
        scope=_get(root, "scope"),
        event=_get(info, "event") or "alert",
        urgency=_get(info, "urgency") or "Unknown",
        severity=_get(info, "severity") or "Unknown",
        certainty=_get(info, "certainty") or "Unknown",
        categories=tuple(_all(info, "category")),
        headline=_get(info, "headline"),
        description=_get(info, "description"),
        instruction=_get(info, "instruction"),
        expires=_get(info, "expires") or None,
        areas=tuple(_areas(info)),
        references=tuple(_references(_get(root, "references"))),
    )


def _get(node: ET.Element | None, name: str) -> str:
    if node is None:
        return ""
    found = node.find(f"{{{NS}}}{name}")
    return (found.text or "").strip() if found is not None else ""


def _all(node: ET.Element | None, name: str) -> list[str]:
    if node is None:
        return []
    return [(x.text or "").strip() for x in node.findall(f"{{{NS}}}{name}")]


def _references(text: str) -> list[str]:
    """CAP references are "sender,identifier,sent" triples; we keep "sender,identifier"."""
    out = []
    for triple in text.split():
        parts = triple.split(",")
        if len(parts) >= 2:
            out.append(f"{parts[0]},{parts[1]}")
    return out


def _areas(info: ET.Element | None) -> list[c.AlertAreaSpec]:
    if info is None:
        return []
    return [
        c.AlertAreaSpec(
            description=_get(area, "areaDesc"),
            polygons=tuple(_polygon(p) for p in _all(area, "polygon")),
            circles=tuple(_circle(x) for x in _all(area, "circle")),
        )
        for area in info.findall(f"{{{NS}}}area")
    ]


def _number(text: str) -> float:
    """A finite number (CAP's XSD types coordinates as strings: 'nan' or '1e999' get this far)."""
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text!r} is not a finite number")
    return value


def _pair(text: str) -> tuple[float, float]:
    lat, lon = text.split(",")
    return _number(lat), _number(lon)


def _polygon(text: str) -> tuple[tuple[float, float], ...]:
    try:
        return tuple(_pair(p) for p in text.split())
    except ValueError:
        raise AlertRejected(f"a polygon is 'lat,lon lat,lon ...', not {text[:60]!r}") from None


def _circle(text: str) -> tuple[float, float, float]:
    try:
        centre, radius = text.split()
        lat, lon = _pair(centre)
        return lat, lon, _number(radius)
    except ValueError:
        raise AlertRejected(f"a circle is 'lat,lon radius_km', not {text[:60]!r}") from None


def alert_view(alert: Any, now: str) -> dict[str, Any]:
    """An alert as the API lists it (areas as GeoJSON-like shapes for the map)."""
    return {
        "id": alert.id,
        "identifier": alert.identifier,
        "sender": alert.sender,
        "sent": alert.sent,
        "status": alert.status,
        "msg_type": alert.msg_type,
        "event": alert.event,
        "categories": alert.categories,
        "urgency": alert.urgency,
        "severity": alert.severity,
        "certainty": alert.certainty,
        "headline": alert.headline,
        "description": alert.description,
        "instruction": alert.instruction,
        "expires": alert.expires,
        "received_at": alert.received_at,
        "received_by": alert.received_by,
        "current": alert.current(now),
        "superseded_by": alert.superseded_by,
        "areas": [
            {
                "description": a.description,
                "polygons": [[[lon, lat] for lat, lon in ring] for ring in a.polygons],
                "circles": [
                    {"lat": x.lat, "lon": x.lon, "radius_km": x.radius_km} for x in a.circles
                ],
            }
            for a in alert.areas
        ],
    }
