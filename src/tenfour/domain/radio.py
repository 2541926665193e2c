"""Radio on the record: transmissions, their transcripts and the phrases proposed from them,
and the centre's radio configuration the domain attributes a transmission with.

The configuration is held as centre entries (``SetCentreEntry``): section ``radio_channel``
(key: channel id; ``name``, ``agency``, ``system``, ``talkgroup``, ``dispatch``), section
``radio_id`` (key: the radio id as text; ``assignments``: ``[{"unit", "valid_from",
"valid_to"}]``, either bound optional) and section ``recorder`` (key: recorder id;
``key_sha256``: the SHA-256 of its upload key, never the key). Attribution is decided when a
transmission is recorded, from the configuration and assignments at its start, and kept on
the event: a later change of configuration never rewrites who said what.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tenfour.domain.actors import Actor, Role, recorder_actor
from tenfour.domain.entities import Assignment, OrderKind

CHANNELS = "radio_channel"
RADIO_IDS = "radio_id"
RECORDERS = "recorder"


@dataclass
class Transcript:
    """A machine transcript, as the transcriber recorded it."""

    model: str
    model_version: str
    engine: str
    language: str
    text: str
    segments: list[dict[str, Any]] = field(default_factory=list)
    at: str = ""


@dataclass
class Correction:
    """A person's correction of a transmission's transcript."""

    text: str
    reason: str
    by: str
    at: str


@dataclass
class RadioPhrase:
    """A phrase heard on the radio, proposed for a dispatcher to confirm or dismiss."""

    id: str
    transmission: str
    kind: str
    phrase: str
    unit: str | None = None
    incident: str | None = None
    directive: str | None = None
    proposed_at: str = ""
    status: str = "open"  # open | confirmed | dismissed
    decided_by: str | None = None
    decided_at: str | None = None
    note: str | None = None


@dataclass
class Transmission:
    """One transmission on the record, with what it was attributed to when recorded."""

    id: str
    channel: str | None
    talkgroup: int
    system: str
    started_at: str
    ended_at: str
    audio_sha256: str
    audio_bytes: int
    audio_format: str
    duration_s: float
    recorder: str
    frequency_hz: int | None = None
    emergency: bool = False
    agency: str | None = None
    sources: list[dict[str, Any]] = field(default_factory=list)
    incidents: list[str] = field(default_factory=list)
    transcripts: list[Transcript] = field(default_factory=list)
    corrections: list[Correction] = field(default_factory=list)
    proposals: list[str] = field(default_factory=list)

    @property
    def units(self) -> list[str]:
        """The units the transmission's radios were attributed to, in order, once each."""
        return list(dict.fromkeys(s["unit"] for s in self.sources if s.get("unit")))

    @property
    def text(self) -> str | None:
        """The transcript as it stands: the last correction, else the last machine text."""
        if self.corrections:
            return self.corrections[-1].text
        if self.transcripts:
            return self.transcripts[-1].text
        return None


@dataclass
class RadioState:
    """Transmissions by id, phrase proposals by id, and each incident's transmissions."""

    transmissions: dict[str, Transmission] = field(default_factory=dict)
    proposals: dict[str, RadioPhrase] = field(default_factory=dict)
    by_incident: dict[str, list[str]] = field(default_factory=dict)

    def of_incident(self, incident: str) -> list[Transmission]:
        """The incident's transmissions in the order they were recorded."""
        return [self.transmissions[t] for t in self.by_incident.get(incident, [])]

    def open_proposals(self, incident: str | None = None) -> list[RadioPhrase]:
        """Phrase proposals still waiting for a dispatcher (of one incident, if given)."""
        return [
            p
            for p in self.proposals.values()
            if p.status == "open" and (incident is None or p.incident == incident)
        ]


def unit_of_radio(config: dict[str, dict[str, dict[str, Any]]], radio: int, at: str) -> str | None:
    """The unit radio id ``radio`` was assigned to at ``at`` (journal-form times compare as
    text), or None when no assignment of it was valid then."""
    entry = config.get(RADIO_IDS, {}).get(str(radio))
    if entry is None:
        return None
    for one in entry.get("assignments", []):
        start, end = one.get("valid_from"), one.get("valid_to")
        if (start is None or start <= at) and (end is None or at < end):
            unit = one.get("unit")
            return unit if isinstance(unit, str) else None
    return None


def label_of_radio(config: dict[str, dict[str, dict[str, Any]]], radio: int) -> dict[str, str]:
    """``{"label": ...}`` for a radio the centre named (a console, a base station), else {}."""
    label = config.get(RADIO_IDS, {}).get(str(radio), {}).get("label")
    return {"label": label} if isinstance(label, str) and label else {}


def channel_agency(config: dict[str, dict[str, dict[str, Any]]], channel: str | None) -> str | None:
    """The agency a configured channel belongs to (None: unknown channel)."""
    if channel is None:
        return None
    agency = config.get(CHANNELS, {}).get(channel, {}).get("agency")
    return agency if isinstance(agency, str) else None


def configured_recorder(config: dict[str, dict[str, dict[str, Any]]], actor: Actor) -> str | None:
    """The recorder ``actor`` is (``rec:<id>``), when the centre's configuration names it;
    else None. Live authorization and the audit of a journal both ask this."""
    recorder = actor.user.removeprefix("rec:")
    if actor.role is not Role.RECORDER or actor != recorder_actor(recorder):
        return None
    return recorder if recorder in config.get(RECORDERS, {}) else None


def channel_for_talkgroup(
    config: dict[str, dict[str, dict[str, Any]]], system: str, talkgroup: int
) -> str | None:
    """The configured channel of ``talkgroup`` on ``system`` (a channel without a system
    matches any system), or None when it is not configured."""
    for key, value in sorted(config.get(CHANNELS, {}).items()):
        if value.get("talkgroup") == talkgroup and value.get("system") in (None, "", system):
            return key
    return None


def on_assignment_at(assignment: Assignment, at: str) -> bool:
    """Whether the assignment had its unit on the incident at ``at``: dispatched at or before
    it, and not cleared by then."""
    dispatched = cleared = None
    for order in assignment.orders:
        if order.kind == OrderKind.DISPATCHED and dispatched is None:
            dispatched = order.at
        elif order.kind == OrderKind.CLEARED:
            cleared = order.at
    if dispatched is None or dispatched > at:
        return False
    return cleared is None or cleared > at
