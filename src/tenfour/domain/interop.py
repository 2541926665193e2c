"""What the centre keeps about other systems: documents taken in, deliveries, public alerts.

Plain entities changed only by ``apply``; area geometry for alerts lives here too so that the
map query "which alerts cover this point" is a rule of the domain, not of a view.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tenfour.domain.geometry import Point, distance_m


@dataclass
class LinkedDocument:
    """An incident taken in from another system, and the values its last document carried.

    Later documents change the local incident only where the sender's own values changed,
    so a local dispatcher's correction is not overwritten by every notification. ``opened``
    is true when a document of ``source`` opened the incident here (it is that sender's own);
    otherwise the documents are about a local incident and can only propose changes.
    """

    incident_id: str
    source: str
    type_code: str
    priority: int
    address: str
    components: list[str] = field(default_factory=list)  # component $ids already taken in
    documents: int = 0
    opened: bool = False


@dataclass
class Proposal:
    """Another system's differing type, priority or location for an incident, waiting for a
    dispatcher to accept or reject it (it never overwrites the incident by itself)."""

    id: str
    incident_id: str
    source: str
    external_id: str
    proposed_at: str
    proposed_by: str
    type_code: str | None = None
    priority: int | None = None
    address: str | None = None
    lat: float | None = None
    lon: float | None = None
    status: str = "open"  # open | accepted | rejected | superseded
    decided_by: str | None = None
    decided_at: str | None = None
    reason: str | None = None


@dataclass
class AlertCircle:
    """A CAP circle: centre and radius in kilometres."""

    lat: float
    lon: float
    radius_km: float


@dataclass
class AlertArea:
    """A CAP area: its description, polygons (lists of [lat, lon]) and circles."""

    description: str
    polygons: list[list[tuple[float, float]]] = field(default_factory=list)
    circles: list[AlertCircle] = field(default_factory=list)

    def covers(self, lat: float, lon: float) -> bool:
        """Whether the point lies in one of the polygons or circles."""
        here = Point(lat, lon)
        in_circle = any(
            distance_m(Point(c.lat, c.lon), here) <= c.radius_km * 1000 for c in self.circles
        )
        return in_circle or any(_in_polygon(p, lat, lon) for p in self.polygons)


def _in_polygon(ring: list[tuple[float, float]], lat: float, lon: float) -> bool:
    """Ray casting on the plane of lat/lon (fine at the size of a warning area)."""
    inside = False
    for (lat1, lon1), (lat2, lon2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (lat1 > lat) != (lat2 > lat):
            crossing = lon1 + (lat - lat1) * (lon2 - lon1) / (lat2 - lat1)
            if lon < crossing:
                inside = not inside
    return inside


@dataclass
class Alert:
    """A public alert (CAP) taken into the supervisors' alert list."""

    id: str
    identifier: str
    sender: str
    sent: str
    status: str
    msg_type: str
    scope: str
    event: str
    categories: list[str]
    urgency: str
    severity: str
    certainty: str
    headline: str
    description: str
    instruction: str
    received_at: str
    received_by: str
    expires: str | None = None
    areas: list[AlertArea] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    superseded_by: str | None = None
    ended_at: str | None = None  # when it was superseded, or received if it is a cancel

    def current(self, now: str) -> bool:
        """Not cancelled, not superseded, not a cancel message itself, and not expired."""
        if self.superseded_by is not None or self.msg_type == "Cancel":
            return False
        return self.expires is None or now < self.expires

    def covers(self, lat: float, lon: float) -> bool:
        """Whether one of its areas holds the point."""
        return any(a.covers(lat, lon) for a in self.areas)


@dataclass
class InteropState:
    """The interop part of the live state."""

    links: dict[str, LinkedDocument] = field(default_factory=dict)  # external id -> link
    deliveries: dict[str, str] = field(default_factory=dict)  # "AR1:request" -> partner's ref
    alerts: dict[str, Alert] = field(default_factory=dict)
    alert_keys: dict[str, str] = field(default_factory=dict)  # "sender,identifier" -> alert id
    proposals: dict[str, Proposal] = field(default_factory=dict)
    nonces: dict[str, int] = field(default_factory=dict)  # partner nonce -> signed at (epoch s)

    def open_proposals(self, incident_id: str | None = None) -> list[Proposal]:
        """Proposals still waiting for a decision (of one incident, or all)."""
        return [
            p
            for p in self.proposals.values()
            if p.status == "open" and incident_id in (None, p.incident_id)
        ]

    def link_of(self, incident_id: str) -> LinkedDocument | None:
        """The document link of a local incident, if it was taken in from elsewhere."""
        return next((ln for ln in self.links.values() if ln.incident_id == incident_id), None)

    def external_id_of(self, incident_id: str) -> str | None:
        """The tracking identifier another system gave the incident, if any."""
        return next((k for k, ln in self.links.items() if ln.incident_id == incident_id), None)


NONCE_MEMORY_S = 7200
"""How long a partner's nonce is remembered: twice the largest clock skew a partners file may
allow (3,600 s), so every request still inside its time window is checked against it."""


DELIVERED_MESSAGES = ("request", "answer")  # what a partner acknowledges of a request


def delivery_key(request_id: str, message: str) -> str:
    """The key under which a delivery acknowledgement is kept."""
    return f"{request_id}:{message}"


def alert_key(sender: str, identifier: str) -> str:
    """CAP identifies a message by its sender and identifier together."""
    return f"{sender},{identifier}"
