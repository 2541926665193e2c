"""Identifiers and small pieces shared by EIDO export and import.

Incident tracking identifiers follow NENA-STA-010 (``urn:emergency:uid:incidentid:<id>:<element>``);
component ``$id``s are URNs under the issuing element, so they are unique across centres.
Agencies are named ``urn:tenfour:agency:<ID>`` so that both ends can map them to their own
agency table.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from dataclasses import dataclass
from typing import Any

EIDO_VERSION = "1.0"
MEDIA_TYPE = 'application/emergency.eido+json; version="1.0"'
AGENCY_PREFIX = "urn:tenfour:agency:"
INCIDENT_PREFIX = "urn:emergency:uid:incidentid:"
_CIVIC = re.compile(r"<civicAddress\b[^>]{0,400}>(.{0,4000}?)</civicAddress>", re.DOTALL)
_CIVIC_PART = re.compile(r"<(HNO|HNS|PRD|RD|STS|POD|A1|A2|A3)>([^<]{0,200})</\1>")
_POS = re.compile(r"<gml:pos>\s*(-?\d+(?:\.\d+)?)\s+(-?\d+(?:\.\d+)?)\s*</gml:pos>")


@dataclass(frozen=True, slots=True)
class Issuer:
    """Who issues documents: the functional element (host name) and the local agency."""

    element: str
    agency: str

    def incident_uid(self, incident: str) -> str:
        """The tracking identifier tenfour gives its own incident."""
        return f"{INCIDENT_PREFIX}{incident}:{self.element}"

    def component(self, kind: str, ident: str) -> str:
        """A component ``$id`` under this element."""
        return f"urn:tenfour:{self.element}:{kind}:{ident}"

    def own_incident(self, uid: str) -> str | None:
        """The local incident id when ``uid`` is one this element issued, else None."""
        suffix = f":{self.element}"
        if uid.startswith(INCIDENT_PREFIX) and uid.endswith(suffix):
            return uid[len(INCIDENT_PREFIX) : -len(suffix)] or None
        return None


def agency_uid(agency: str) -> str:
    """The ``$id`` of an agency component."""
    return AGENCY_PREFIX + agency


def agency_of(uid: str) -> str | None:
    """The agency id an agency ``$id`` names, when it is one of tenfour's."""
    if not uid.startswith(AGENCY_PREFIX):
        return None
    return uid[len(AGENCY_PREFIX) :] or None


def ref(uid: str) -> dict[str, str]:
    """A JSON reference to a component."""
    return {"$ref": uid}


def canonical(document: Any) -> bytes:
    """The document's bytes as sent: compact UTF-8 JSON."""
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()


def digest(document: Any) -> str:
    """SHA-256 of the canonical bytes with sorted keys (the same document, the same digest)."""
    body = json.dumps(document, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return hashlib.sha256(body.encode()).hexdigest()


def pidf_lo(entity: str, lat: float, lon: float) -> str:
    """A minimal PIDF-LO with a WGS 84 point, for ``locationByValue``."""
    return (
        '<presence xmlns="urn:ietf:params:xml:ns:pidf" '
        'xmlns:gp="urn:ietf:params:xml:ns:pidf:geopriv10" '
        f'xmlns:gml="http://www.opengis.net/gml" entity="pres:{html.escape(entity)}">'
        '<tuple id="location"><status><gp:geopriv><gp:location-info>'
        '<gml:Point srsName="urn:ogc:def:crs:EPSG::4326">'
        f"<gml:pos>{lat:.6f} {lon:.6f}</gml:pos></gml:Point>"
        "</gp:location-info></gp:geopriv></status></tuple></presence>"
    )


def point_of(pidf: str) -> tuple[float, float] | None:
    """The first WGS 84 point of a PIDF-LO, read by pattern (no XML parser on partner data)."""
    found = _POS.search(pidf)
    return (float(found.group(1)), float(found.group(2))) if found else None


def civic_of(pidf: str) -> str:
    """A PIDF-LO civic address as one line ("42 W Cellular Street, Wilmington, DE"), or ''.

    Read by pattern like ``point_of``: number, street parts, then community, county, state.
    """
    block = _CIVIC.search(pidf)
    if block is None:
        return ""
    parts = {m.group(1): m.group(2).strip() for m in _CIVIC_PART.finditer(block.group(1))}
    street = " ".join(parts[k] for k in ("HNO", "HNS", "PRD", "RD", "STS", "POD") if parts.get(k))
    places = [parts[k] for k in ("A3", "A2", "A1") if parts.get(k)]
    return html.unescape(", ".join(p for p in [street, *places] if p))


def note_html(text: str) -> str:
    """Remark text as the HTML5 ``notesActionComments`` expects (escaped, lines kept)."""
    return html.escape(text).replace("\n", "<br>")


def note_text(value: str) -> str:
    """HTML5 note back to plain text."""
    plain = re.sub(r"<br\s*/?>", "\n", value, flags=re.IGNORECASE)
    return html.unescape(re.sub(r"<[^>]+>", "", plain)).strip()


def tel(ani: str) -> str:
    """A callback number as a tel: URI."""
    digits = re.sub(r"[^0-9+*#]", "", ani)
    return f"tel:{digits}" if digits else ""


def from_tel(uri: str) -> str:
    """The number of a tel: or sip: URI."""
    return re.sub(r"^(tel|sips?):", "", uri).split("@")[0].split(";")[0]


def fit(document: dict[str, Any], max_bytes: int) -> dict[str, Any]:
    """Drop the oldest notes until the document fits the size limit, and say how many."""
    notes: list[dict[str, Any]] = document.get("notesComponent", [])
    dropped = 0
    while len(canonical(document)) > max_bytes and notes:
        gone = notes.pop(0)
        dropped += 1
        refs = document["incidentComponent"]["notesReference"]
        refs[:] = [r for r in refs if r["$ref"] != gone["$id"]]
    if dropped:
        marker = dict(notes[-1]) if notes else None
        if marker is not None:
            marker["notesActionComments"] += note_html(
                f"\n({dropped} earlier notes left out: size limit)"
            )
            notes[-1] = marker
    return document
