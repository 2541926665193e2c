"""One plain sentence per journal event, for the people who read timelines after a hard night.

Sentences are built from the recorded payload and actor only, so they say what the journal says
and nothing it does not. ``KINDS`` sorts events into the headings a timeline is read by.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Payload = dict[str, Any]
Phrase = Callable[[Payload], str]

KINDS: dict[str, str] = {
    "IncidentCreated": "incident",
    "IncidentReclassified": "incident",
    "IncidentRelocated": "incident",
    "IncidentsLinked": "incident",
    "IncidentsUnlinked": "incident",
    "IncidentClosed": "closure",
    "CallAdded": "call",
    "RemarkAdded": "remark",
    "RemarkStruck": "remark",
    "RecommendationMade": "recommendation",
    "UnitDispatched": "assignment",
    "UnitStatusChanged": "status",
    "UnitCleared": "clearance",
    "DirectiveIssued": "directive",
    "DirectiveLifted": "directive",
    "DirectiveOverridden": "override",
    "DispatchRefused": "refusal",
    "DirectiveAcknowledged": "acknowledgment",
    "BulletinIssued": "bulletin",
    "BulletinCancelled": "bulletin",
    "BulletinMatched": "bulletin",
    "HazardAdded": "hazard",
    "HazardRemoved": "hazard",
    "HazardMatched": "hazard",
    "AssistanceRequested": "assistance",
    "AssistanceAnswered": "assistance",
    "TransmissionRecorded": "radio",
    "TranscriptAdded": "radio",
    "TranscriptCorrected": "radio",
    "RadioPhraseProposed": "radio",
    "RadioPhraseConfirmed": "radio",
    "RadioPhraseDismissed": "radio",
}


def _picks(p: Payload) -> str:
    picks = [
        f"{x.get('unit')}"
        + (f" (ETA {x['eta_s']:.0f} s)" if isinstance(x.get("eta_s"), int | float) else "")
        for x in p.get("picks", [])
    ]
    unfilled = f"; unfilled: {', '.join(p['unfilled'])}" if p.get("unfilled") else ""
    return ", ".join(picks) + unfilled if picks else "no unit" + unfilled


def _cleared(p: Payload) -> str:
    order = f" under directive {p['directive']}" if p.get("directive") else ""
    why = f": {p['reason']}" if p.get("reason") else ""
    return f"cleared {p['unit']} from assignment {p['assignment']}{order}{why}"


def _directive(p: Payload) -> str:
    scope = f"on incident {p['incident']}" if p.get("incident") else _area(p)
    extra = f"; message: {p['message']}" if p.get("message") else ""
    return (
        f"issued directive {p['directive']} ({p['kind']}) {scope} for {p['agency']} "
        f"on the authority of {p['authority']!r}; reason: {p['reason']}{extra}"
    )


def _area(p: Payload) -> str:
    if p.get("area_lat") is None:
        return "without a scope"
    return f"on the area within {p['area_radius_m']:.0f} m of {p['area_lat']}, {p['area_lon']}"


def _call(p: Payload) -> str:
    answered = f", answered {p['answered_at']}" if p.get("answered_at") else ", not answered"
    dup = " (linked as a duplicate)" if p.get("linked_as_duplicate") else ""
    return (
        f"took call {p['call']}{dup} from {p.get('caller_name') or 'unnamed caller'} "
        f"({p.get('ani') or 'no ANI'}), ALI {p.get('ali') or '-'}: "
        f"received {p['received_at']}{answered}"
    )


def _remark(p: Payload) -> str:
    corrects = f" correcting {p['corrects']}" if p.get("corrects") else ""
    return f"added remark {p['remark']}{corrects}: {p['text']}"


PHRASES: dict[str, Phrase] = {
    "IncidentCreated": lambda p: (
        f"opened incident {p['incident']} for {p['agency']}: {p['type_code']}, priority "
        f"{p['priority']}, at {p['address']}"
        + (" (verified)" if p.get("verified") else " (not verified)")
    ),
    "IncidentReclassified": lambda p: (
        f"reclassified the incident as {p['type_code']}, priority {p['priority']}"
    ),
    "IncidentRelocated": lambda p: f"moved the incident to {p['address']}",
    "IncidentsLinked": lambda p: f"linked {p['incident']} with {p['other']}: {p['reason']}",
    "IncidentsUnlinked": lambda p: f"unlinked {p['incident']} from {p['other']}: {p['reason']}",
    "IncidentClosed": lambda p: f"closed the incident with disposition {p['disposition']}",
    "CallAdded": _call,
    "RemarkAdded": _remark,
    "RemarkStruck": lambda p: f"struck remark {p['remark']} through: {p['reason']}",
    "RecommendationMade": lambda p: f"was recommended {_picks(p)}",
    "UnitDispatched": lambda p: (
        f"dispatched {p['unit']} (assignment {p['assignment']})"
        + (" as recommended" if p.get("recommended") else "")
        + (f" under override {p['override']}" if p.get("override") else "")
        + (f"; reason: {p['reason']}" if p.get("reason") else "")
    ),
    "UnitStatusChanged": lambda p: f"marked {p['unit']} {p['status']}",
    "UnitCleared": _cleared,
    "DirectiveIssued": _directive,
    "DirectiveLifted": lambda p: f"lifted directive {p['directive']}: {p['reason']}",
    "DirectiveOverridden": lambda p: (
        f"overrode directive {p['directive']} to dispatch {p['unit']} "
        f"(override {p['override']}): {p['reason']}"
    ),
    "DispatchRefused": lambda p: (
        f"was refused dispatching {p['unit']}: directive {p['directive']} - {p['reason']}"
    ),
    "DirectiveAcknowledged": lambda p: f"acknowledged directive {p['directive']} for {p['unit']}",
    "BulletinIssued": lambda p: (
        f"issued bulletin {p['bulletin']} for {p['agency']}: {p['subject']} "
        f"(valid {p['valid_from']} to {p['valid_until']})"
    ),
    "BulletinCancelled": lambda p: f"cancelled bulletin {p['bulletin']}: {p['reason']}",
    "BulletinMatched": lambda p: (
        f"matched bulletin {p['bulletin']} on {p['matched']!r} in {p['source']}"
    ),
    "HazardAdded": lambda p: f"added hazard {p['hazard']}: {p['description']}",
    "HazardRemoved": lambda p: f"removed hazard {p['hazard']}: {p['reason']}",
    "HazardMatched": lambda p: f"matched hazard {p['hazard']} on {p['matched']}",
    "AssistanceRequested": lambda p: (
        f"requested assistance {p['request']} from {p['to_agency']} for {p['from_agency']}: "
        f"{p['what']}" + (f" at {p['where']}" if p.get("where") else "")
    ),
    "IncidentChangeProposed": lambda p: (
        f"proposed for the incident, from {p['source']} (proposal {p['proposal']}): "
        + "; ".join(
            f"{k} {p[k]}" for k in ("type_code", "priority", "address") if p.get(k) is not None
        )
    ),
    "ProposalAccepted": lambda p: (
        f"accepted proposal {p['proposal']}" + (f": {p['reason']}" if p.get("reason") else "")
    ),
    "ProposalRejected": lambda p: f"rejected proposal {p['proposal']}: {p['reason']}",
    "TransmissionRecorded": lambda p: (
        f"recorded transmission {p['transmission']} on talkgroup {p['talkgroup']}"
    ),
    "TranscriptAdded": lambda p: (
        f"transcribed {p['transmission']} ({p['model']} {p['model_version']}): {p['text']}"
    ),
    "TranscriptCorrected": lambda p: (
        f"corrected the transcript of {p['transmission']}: {p['text']} ({p['reason']})"
    ),
    "RadioPhraseProposed": lambda p: (
        f"heard {p['kind'].replace('_', ' ')} in {p['transmission']} (proposal "
        f"{p['proposal']}): {p['phrase']!r}" + (f" from {p['unit']}" if p.get("unit") else "")
    ),
    "RadioPhraseConfirmed": lambda p: (
        f"confirmed radio phrase {p['proposal']}" + (f": {p['note']}" if p.get("note") else "")
    ),
    "RadioPhraseDismissed": lambda p: f"dismissed radio phrase {p['proposal']}: {p['reason']}",
    "AssistanceAnswered": lambda p: (
        f"answered request {p['request']}: {p['answer']} - {p['reason']}"
        + (f" (directive {p['directive']})" if p.get("directive") else "")
    ),
}


def sentence(type_name: str, payload: Payload, user: str, role: str, agency: str) -> str:
    """``"disp1 (dispatcher, MPD) dispatched 1A12 (assignment A1)"``."""
    phrase = PHRASES.get(type_name)
    try:
        what = phrase(payload) if phrase is not None else f"recorded {type_name}"
    except (KeyError, TypeError, ValueError):
        what = f"recorded {type_name} (payload not in the expected shape)"
    return f"{user} ({role}, {agency}) {what}"


def kind_of(type_name: str) -> str:
    """The heading an event is listed under."""
    return KINDS.get(type_name, "other")
