"""Radio on the record: a transmission recorded and attributed, transcribed, corrected, and the
phrases spotted in it proposed, confirmed or dismissed (docs/adr: radio on the record).

Attribution is a rule of dispatch, decided here when the transmission is recorded: the
channel's agency, each radio id's unit from the assignment valid at the transmission's start,
and the incidents those units were on at that moment. A proposal is never applied by itself:
confirming an en route or on scene phrase records the unit's status change as the confirming
dispatcher's order, through the same handler a status button uses.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from typing import Any

from tenfour.domain import commands as c
from tenfour.domain import decide_units as units
from tenfour.domain import events as e
from tenfour.domain.errors import conflict, invalid, not_found
from tenfour.domain.handler_context import Context, text, time_field
from tenfour.domain.radio import (
    CHANNELS,
    RADIO_IDS,
    RECORDERS,
    RadioPhrase,
    Transmission,
    channel_agency,
    label_of_radio,
    on_assignment_at,
    unit_of_radio,
)
from tenfour.domain.statuses import UnitStatus, transition_error
from tenfour.domain.timefmt import normalise

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:\-]{0,119}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_FORMAT = re.compile(r"^[a-z0-9]{1,10}$")
MAX_SOURCES = 200
MAX_SEGMENTS = 2000
MAX_DURATION_S = 24 * 3600.0
MAX_TRANSCRIPT = 20_000


def _ident(value: str, field: str) -> str:
    if not _ID.match(value):
        raise invalid(f"{field} must be 1-120 letters, digits, '.', ':', '-' or '_'", field)
    return value


def _number(value: Any, field: str, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise invalid(f"{field} must be a number", field)
    number = float(value)
    if not math.isfinite(number) or not low <= number <= high:
        raise invalid(f"{field} must lie between {low:g} and {high:g}", field)
    return number


def _radio(value: Any, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2**63:
        raise invalid(f"{field} must be a radio id (a whole number, 0 or more)", field)
    return value


def transmission(ctx: Context, ident: str) -> Transmission:
    """A recorded transmission, or a refusal naming it."""
    found = ctx.state.radio.transmissions.get(ident)
    if found is None:
        raise not_found("transmission", ident)
    return found


def incidents_of(ctx: Context, unit_ids: list[str], at: str) -> tuple[str, ...]:
    """The incidents ``unit_ids`` were assigned to at ``at`` (in order, once each)."""
    wanted = set(unit_ids)
    if not wanted:
        return ()
    found = [
        a.incident_id
        for a in ctx.state.assignments.values()
        if a.unit_id in wanted and on_assignment_at(a, at)
    ]
    return tuple(dict.fromkeys(found))


def _sources(ctx: Context, cmd: c.RecordTransmission, started: str) -> tuple[dict[str, Any], ...]:
    if len(cmd.sources) > MAX_SOURCES:
        raise invalid(f"sources: at most {MAX_SOURCES}", "sources")
    out: list[dict[str, Any]] = []
    for source in cmd.sources:
        if not isinstance(source, dict):
            raise invalid("sources: each is an object with radio and offset_s", "sources")
        radio = _radio(source.get("radio"), "sources.radio")
        offset = _number(source.get("offset_s", 0.0), "sources.offset_s", 0.0, MAX_DURATION_S)
        unit = unit_of_radio(ctx.state.config, radio, started)
        label = label_of_radio(ctx.state.config, radio)
        out.append({"radio": radio, "offset_s": offset, "unit": unit, **label})
    return tuple(out)


def record_transmission(ctx: Context, cmd: c.RecordTransmission) -> list[e.Event]:
    """Put a transmission on the record, attributed as things stood at its start."""
    ident = _ident(cmd.transmission, "transmission")
    if ident in ctx.state.radio.transmissions:
        raise conflict(f"transmission {ident} is already on the record")
    # a recording may reach us hours late (a recorder's backlog): up to the horizon back,
    # never further ahead than the skew
    history = replace(ctx, surroundings=ctx.surroundings.for_history())
    started = time_field(history, cmd.started_at, "started_at")
    ended = time_field(history, cmd.ended_at, "ended_at")
    if ended < started:
        raise invalid("ended_at is before started_at", "ended_at")
    if not _SHA256.match(cmd.audio_sha256):
        raise invalid("audio_sha256 must be 64 lower-case hex digits", "audio_sha256")
    if not _FORMAT.match(cmd.audio_format):
        raise invalid("audio_format must be a short lower-case name (wav, m4a, mp3...)", "format")
    channel = None if cmd.channel is None else _ident(cmd.channel, "channel")
    if channel is not None and channel_agency(ctx.state.config, channel) is None:
        raise invalid(f"channel {channel} is not configured", "channel")
    sources = _sources(ctx, cmd, started)
    unit_ids = [s["unit"] for s in sources if s["unit"] is not None]
    return [
        e.TransmissionRecorded(
            transmission=ident,
            channel=channel,
            talkgroup=int(_number(cmd.talkgroup, "talkgroup", 0, 2**31)),
            system=text(cmd.system, "system", required=False, limit=80),
            started_at=started,
            ended_at=ended,
            audio_sha256=cmd.audio_sha256,
            audio_bytes=int(_number(cmd.audio_bytes, "audio_bytes", 1, 2**40)),
            audio_format=cmd.audio_format,
            duration_s=_number(cmd.duration_s, "duration_s", 0.0, MAX_DURATION_S),
            recorder=_ident(cmd.recorder, "recorder"),
            frequency_hz=None
            if cmd.frequency_hz is None
            else int(_number(cmd.frequency_hz, "frequency_hz", 0, 1e12)),
            emergency=bool(cmd.emergency),
            sources=sources,
            agency=channel_agency(ctx.state.config, channel),
            incidents=incidents_of(ctx, unit_ids, started),
        )
    ]


def _segments(values: tuple[dict[str, Any], ...]) -> tuple[dict[str, Any], ...]:
    if len(values) > MAX_SEGMENTS:
        raise invalid(f"segments: at most {MAX_SEGMENTS}", "segments")
    out: list[dict[str, Any]] = []
    for seg in values:
        if not isinstance(seg, dict):
            raise invalid("segments: each is an object", "segments")
        start = _number(seg.get("start_s"), "segments.start_s", 0.0, MAX_DURATION_S)
        end = _number(seg.get("end_s"), "segments.end_s", start, MAX_DURATION_S)
        words = seg.get("text")
        if not isinstance(words, str):
            raise invalid("segments.text must be text", "segments")
        confidence = seg.get("confidence")
        out.append(
            {
                "start_s": start,
                "end_s": end,
                "text": text(words, "segments.text", required=False, limit=MAX_TRANSCRIPT),
                "confidence": None
                if confidence is None
                else _number(confidence, "segments.confidence", -1e6, 1e6),
            }
        )
    return tuple(out)


def add_transcript(ctx: Context, cmd: c.AddTranscript) -> list[e.Event]:
    """The transcriber's text of a transmission (a further one, e.g. a larger model, adds)."""
    found = transmission(ctx, cmd.transmission)
    return [
        e.TranscriptAdded(
            transmission=found.id,
            model=text(cmd.model, "model", limit=120),
            model_version=text(cmd.model_version, "model_version", required=False, limit=120),
            engine=text(cmd.engine, "engine", required=False, limit=120),
            language=text(cmd.language, "language", required=False, limit=20),
            text=text(cmd.text, "text", required=False, limit=MAX_TRANSCRIPT),
            segments=_segments(cmd.segments),
        )
    ]


def correct_transcript(ctx: Context, cmd: c.CorrectTranscript) -> list[e.Event]:
    """A person's reading of the transmission; the machine's stays on the record."""
    found = transmission(ctx, cmd.transmission)
    corrected = text(cmd.text, "text", limit=MAX_TRANSCRIPT)
    if corrected == found.text:
        raise conflict(f"transmission {found.id} already reads so")
    return [
        e.TranscriptCorrected(
            transmission=found.id, text=corrected, reason=text(cmd.reason, "reason", limit=400)
        )
    ]


def propose_phrase(ctx: Context, cmd: c.ProposeRadioPhrase) -> list[e.Event]:
    """A phrase that matters, heard in a transmission, for a dispatcher to decide on."""
    ident = _ident(cmd.proposal, "proposal")
    if ident in ctx.state.radio.proposals:
        raise conflict(f"radio phrase proposal {ident} already exists")
    found = transmission(ctx, cmd.transmission)
    if cmd.kind not in c.RADIO_PHRASE_KINDS:
        raise invalid(f"kind must be one of {', '.join(c.RADIO_PHRASE_KINDS)}", "kind")
    if cmd.unit is not None:
        ctx.unit(cmd.unit)
    if cmd.incident is not None:
        ctx.incident(cmd.incident)
    if cmd.directive is not None:
        ctx.directive(cmd.directive)
    if cmd.kind in ("enroute", "onscene") and cmd.unit is None:
        raise invalid(f"a {cmd.kind} phrase names the unit", "unit")
    return [
        e.RadioPhraseProposed(
            proposal=ident,
            transmission=found.id,
            kind=cmd.kind,
            phrase=text(cmd.phrase, "phrase", limit=1000),
            unit=cmd.unit,
            incident=cmd.incident,
            directive=cmd.directive,
        )
    ]


def open_phrase(ctx: Context, ident: str) -> RadioPhrase:
    """An open phrase proposal, or a refusal (not found, already decided)."""
    found = ctx.state.radio.proposals.get(ident)
    if found is None:
        raise not_found("radio phrase proposal", ident)
    if found.status != "open":
        raise conflict(f"radio phrase proposal {ident} is already {found.status}")
    return found


_STATUS_OF = {"enroute": UnitStatus.ENROUTE, "onscene": UnitStatus.ONSCENE}


def confirm_phrase(ctx: Context, cmd: c.ConfirmRadioPhrase) -> list[e.Event]:
    """Confirm the phrase; en route / on scene also move the unit when its status allows."""
    p = open_phrase(ctx, cmd.proposal)
    out: list[e.Event] = [
        e.RadioPhraseConfirmed(
            proposal=p.id,
            transmission=p.transmission,
            note=text(cmd.note, "note", required=False, limit=400),
            incident=p.incident,
        )
    ]
    wanted = _STATUS_OF.get(p.kind)
    unit = ctx.state.units.get(p.unit or "")
    if wanted is None or unit is None or unit.assignment_id is None:
        return out
    if transition_error(unit.status, wanted) is not None:
        return out  # already there, or a status it cannot move from: confirmed, not applied
    if wanted == UnitStatus.ENROUTE:
        return out + units.en_route(ctx, c.MarkEnRoute(unit=unit.id))
    return out + units.on_scene(ctx, c.MarkOnScene(unit=unit.id))


def dismiss_phrase(ctx: Context, cmd: c.DismissRadioPhrase) -> list[e.Event]:
    """Dismiss the phrase: nothing changes but the record of the decision."""
    p = open_phrase(ctx, cmd.proposal)
    return [
        e.RadioPhraseDismissed(
            proposal=p.id,
            transmission=p.transmission,
            reason=text(cmd.reason, "reason", limit=400),
            incident=p.incident,
        )
    ]


# --- the centre's radio configuration (entries of ``SetCentreEntry``) ---------------------

RADIO_SECTIONS = frozenset({CHANNELS, RADIO_IDS, RECORDERS})


def radio_entry(ctx: Context, section: str, key: str, value: dict[str, Any]) -> dict[str, Any]:
    """A radio configuration entry checked and in its one form (refused when malformed)."""
    if section == CHANNELS:
        return _channel(ctx, value)
    if section == RADIO_IDS:
        _radio(int(key) if key.isdigit() else -1, "key")
        label = text(str(value.get("label") or ""), "label", required=False, limit=200)
        if not label:
            return {"assignments": _assignments(ctx, value)}
        unassigned = not value.get("assignments") and not value.get("unit")
        return {"assignments": [] if unassigned else _assignments(ctx, value), "label": label}
    digest = value.get("key_sha256")
    if not isinstance(digest, str) or not _SHA256.match(digest):
        raise invalid("a recorder needs key_sha256: the SHA-256 (hex) of its upload key", "value")
    name = value.get("name", "")
    return {"key_sha256": digest, "name": text(str(name), "name", required=False, limit=200)}


def _channel(ctx: Context, value: dict[str, Any]) -> dict[str, Any]:
    agency = value.get("agency")
    if not isinstance(agency, str):
        raise invalid("a radio channel needs its agency", "value")
    ctx.agency(agency)
    talkgroup = value.get("talkgroup")
    return {
        "name": text(str(value.get("name", "")), "name", required=False, limit=200),
        "agency": agency,
        "system": text(str(value.get("system") or ""), "system", required=False, limit=80),
        "talkgroup": int(_number(talkgroup, "talkgroup", 0, 2**31)),
        "dispatch": bool(value.get("dispatch", False)),
    }


def _assignments(ctx: Context, value: dict[str, Any]) -> list[dict[str, Any]]:
    given = value.get("assignments")
    if given is None and "unit" in value:  # one assignment, written short
        given = [{k: value.get(k) for k in ("unit", "valid_from", "valid_to")}]
    if not isinstance(given, list) or not given or len(given) > 500:
        raise invalid("a radio id needs 1-500 assignments of a unit", "value")
    out: list[dict[str, Any]] = []
    for one in given:
        if not isinstance(one, dict) or not isinstance(one.get("unit"), str):
            raise invalid("each radio assignment names its unit", "value")
        start = _moment(one.get("valid_from"), "valid_from")
        end = _moment(one.get("valid_to"), "valid_to")
        if start is not None and end is not None and end <= start:
            raise invalid("a radio assignment's valid_to is not after its valid_from", "value")
        out.append({"unit": ctx.unit(one["unit"]).id, "valid_from": start, "valid_to": end})
    return out


def _moment(value: Any, field: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise invalid(f"{field} is an ISO 8601 time with a zone", "value")
    try:
        return normalise(value)
    except ValueError as err:
        raise invalid(f"{field}: {err}", "value") from None
