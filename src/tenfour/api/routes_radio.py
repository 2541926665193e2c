"""Radio on the record (issue 17): recorders' uploads, a transmission's audio and details, and
the people's radio commands (a transcript corrected; a spotted phrase confirmed or dismissed).

Three ways in end in the same ``RadioIngest.take``: ``POST /api/call-upload`` speaks the
rdio-scanner upload form that trunk-recorder's uploader plugin sends (authenticated by the
recorder's key); ``POST /api/v1/radio/transmissions`` takes audio and JSON metadata from any
other recorder (its key in ``X-Recorder-Key``) or from a centre administrator; the watched call
folders are in ``tenfour.radio.watch``. Reading a transmission and its audio follows the
timeline's rule: the roles that read timelines, on transmissions of agencies they reach.
"""

from __future__ import annotations

import asyncio
import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Request, Response, status
from pydantic import BaseModel, Field
from starlette.datastructures import FormData, UploadFile

from tenfour.api.commanding import Commanding, command_route
from tenfour.api.deps import Principal, RuntimeDep, authenticate, require_roles, tokens_of
from tenfour.api.errors import ERROR_RESPONSES
from tenfour.api.schemas_common import StrictIn, Text
from tenfour.domain import commands as c
from tenfour.domain.actors import Actor, Role
from tenfour.domain.authorization import may_reach_transmission
from tenfour.domain.codec import to_data
from tenfour.domain.policy import READS, roles_for
from tenfour.domain.radio import Transmission
from tenfour.radio.ingest import (
    Call,
    IngestError,
    Taken,
    epoch,
    optional_whole,
    sources_of,
    whole,
)
from tenfour.radio.keys import recorder_for_key
from tenfour.radio.store import sha256_of
from tenfour.runtime import Runtime

router = APIRouter(responses=ERROR_RESPONSES)
READERS = tuple(sorted(READS["IncidentTimeline"]))
TransmissionId = Annotated[str, Path(min_length=1, max_length=120, pattern=r"^[\w.:\-]+$")]
ProposalId = Annotated[str, Path(min_length=1, max_length=120, pattern=r"^[\w.:\-]+$")]
RECORDER_KEY = "X-Recorder-Key"
IMPORTED = "Call imported successfully."
MEDIA = {"wav": "audio/wav", "m4a": "audio/mp4", "mp3": "audio/mpeg", "opus": "audio/ogg"}
MEDIA |= {"flac": "audio/flac", "aac": "audio/aac"}
UPLOAD_PATHS = ("/api/call-upload", "/api/v1/radio/transmissions")


async def _form(request: Request) -> FormData:
    try:
        return await request.form(max_files=2, max_fields=60, max_part_size=256 * 1024)
    except Exception as err:  # python-multipart's refusals: a malformed form is the client's
        raise IngestError(f"not a multipart form this server can read: {err}", 400) from None


async def _audio(form: FormData) -> tuple[bytes, str]:
    audio = form.get("audio")
    if not isinstance(audio, UploadFile):
        raise IngestError("the form has no audio file (field 'audio')", 400)
    return await audio.read(), str(audio.filename or "")


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def _json_field(form: FormData, name: str) -> Any:
    raw = _text(form, name).strip()
    if not raw:
        return None
    try:
        return json.loads(raw)
    except json.JSONDecodeError as err:
        raise IngestError(f"{name}: not JSON: {err}", 400) from None


def _plain(message: str, code: int) -> Response:
    return Response(message + "\n", status_code=code, media_type="text/plain")


@router.post(
    "/api/call-upload",
    tags=["radio"],
    response_class=Response,
    responses={
        200: {"content": {"text/plain": {}}, "description": IMPORTED},
        **{
            code: {"content": {"text/plain": {}}, "description": why}
            for code, why in (
                (400, "Not a multipart form, or no audio file."),
                (401, "Invalid API key."),
                (403, "The recorder may not record this."),
                (404, "It names something that does not exist."),
                (409, "The same call with other content is already on the record."),
                (422, "Invalid call data: the reason."),
            )
        },
    },
    description=(
        "A recorder's call in the rdio-scanner upload form (trunk-recorder's rdioscanner "
        "uploader plugin): multipart fields `key`, `audio`, `audioName`, `audioType`, "
        "`dateTime` (POSIX seconds or RFC 3339) or `timestamp` (ms), `talkgroup`, `system`, "
        "`systemLabel`, `frequency`, `sources` (JSON `[{src, pos}]`), `talkgroupLabel`. "
        "Authenticated by the recorder's key (the centre file keeps its SHA-256). Answers "
        f"`{IMPORTED}` as rdio-scanner does; a plain-text 4xx otherwise."
    ),
)
async def call_upload(request: Request, runtime: RuntimeDep) -> Response:
    """Take one call from an rdio-scanner-style uploader."""
    try:
        form = await _form(request)
    except IngestError as err:
        return _plain(f"Invalid call data: {err}", err.status)
    try:
        recorder = recorder_for_key(runtime.engine.state, _text(form, "key"))
        if recorder is None:
            return _plain("Invalid API key.", status.HTTP_401_UNAUTHORIZED)
        audio, filename = await _audio(form)
        when = _text(form, "timestamp") or _text(form, "dateTime")
        call = Call(
            system=_text(form, "systemLabel") or _text(form, "system"),
            talkgroup=whole(_text(form, "talkgroup"), "talkgroup"),
            started=epoch(when or None, "dateTime"),
            frequency_hz=optional_whole(_text(form, "frequency"), "frequency"),
            sources=sources_of(_json_field(form, "sources")),
            talkgroup_label=_text(form, "talkgroupLabel"),
            audio=audio,
            audio_name=_text(form, "audioName") or filename,
        )
        await runtime.radio.take(recorder, call)
    except IngestError as err:
        return _plain(f"Invalid call data: {err}", err.status)
    finally:
        await form.close()
    return _plain(IMPORTED, status.HTTP_200_OK)


class SourceIn(BaseModel):
    """A radio id that keyed up, and when in the recording (seconds from its start)."""

    radio: int = Field(ge=0, lt=2**63)
    offset_s: float = Field(default=0.0, ge=0, le=86_400)


class TransmissionMetaIn(StrictIn):
    """What a recorder says about one transmission (the ``metadata`` field, JSON)."""

    recorder: str | None = Field(
        default=None, max_length=80, description="the recorder (a user upload names it)"
    )
    system: str = Field(default="", max_length=80)
    talkgroup: int = Field(ge=0, lt=2**31)
    started_at: str = Field(max_length=40, description="ISO 8601 with zone, or POSIX seconds")
    ended_at: str | None = Field(default=None, max_length=40)
    frequency_hz: int | None = Field(default=None, ge=0, lt=10**12)
    emergency: bool = False
    sources: list[SourceIn] = Field(default_factory=list, max_length=200)


class TakenOut(BaseModel):
    """The transmission an upload put on the record (``duplicate``: it was there already)."""

    transmission: str
    duplicate: bool


def _uploader(
    runtime: Runtime, request: Request, form: FormData
) -> tuple[str | None, Actor | None]:
    """The recorder a key names, or the user a bearer token names (who must be allowed to
    record transmissions); neither is 401."""
    key = request.headers.get(RECORDER_KEY) or _text(form, "key")
    if key:
        found = recorder_for_key(runtime.engine.state, key)
        if found is None:
            raise HTTPException(status.HTTP_401_UNAUTHORIZED, "unknown recorder key")
        return found, None
    header = request.headers.get("authorization", "")
    token = header[7:] if header.lower().startswith("bearer ") else None
    role = request.headers.get("x-tenfour-role")
    principal = authenticate(runtime.engine.state, tokens_of(request), token, role)
    if principal.role not in roles_for("RecordTransmission"):
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            f"role {principal.role.value} may not record transmissions (a recorder key or a "
            "centre administrator may)",
        )
    return None, principal.actor()


@router.post(
    "/api/v1/radio/transmissions",
    tags=["radio"],
    response_model=TakenOut,
    description=(
        "Any recorder's transmission: multipart `audio` (WAV, M4A/AAC, MP3, Opus...) and "
        "`metadata` (JSON: system, talkgroup, started_at, ended_at, frequency_hz, emergency, "
        f"sources `[{{radio, offset_s}}]`). Authenticated by the recorder's key (`{RECORDER_KEY}`"
        " header) or a centre administrator's token (then `metadata.recorder` names it). "
        "Recording the same transmission again answers it with `duplicate: true`."
    ),
)
async def upload_transmission(request: Request, runtime: RuntimeDep) -> TakenOut:
    """Take one transmission from any recorder."""
    try:
        form = await _form(request)
    except IngestError as err:
        raise HTTPException(err.status, str(err)) from None
    try:
        recorder, actor = _uploader(runtime, request, form)
        meta = TransmissionMetaIn.model_validate(_json_field(form, "metadata") or {})
        recorder = recorder or meta.recorder
        if not recorder:
            raise IngestError("metadata.recorder names the recorder of a user's upload")
        audio, filename = await _audio(form)
        call = Call(
            system=meta.system,
            talkgroup=meta.talkgroup,
            started=epoch(meta.started_at, "started_at"),
            ended=None if meta.ended_at is None else epoch(meta.ended_at, "ended_at"),
            frequency_hz=meta.frequency_hz,
            emergency=meta.emergency,
            sources=tuple((s.radio, s.offset_s) for s in meta.sources),
            audio=audio,
            audio_name=filename,
        )
        taken: Taken = await runtime.radio.take(recorder, call, actor)
    except IngestError as err:
        raise HTTPException(err.status, str(err)) from None
    finally:
        await form.close()
    return TakenOut(transmission=taken.transmission, duplicate=taken.duplicate)


async def readable(runtime: Runtime, principal: Principal, ident: str) -> Transmission:
    """A transmission the principal may read (404 for one it may not, as for incidents); one
    that left the live state with its incidents is read back from the journal."""
    state = runtime.engine.state
    found = state.radio.transmissions.get(ident)
    if found is None:
        found = await asyncio.to_thread(runtime.records.archived_transmission, ident)
    if found is None or not may_reach_transmission(state, principal.actor(), found):
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"transmission {ident!r} does not exist")
    return found


Reader = Annotated[Principal, Depends(require_roles(*READERS))]
DECIDERS = tuple(r for r in roles_for("ConfirmRadioPhrase") if r != Role.SYSTEM)
Decider = Annotated[Principal, Depends(require_roles(*DECIDERS))]


@router.get(
    "/api/v1/radio/transmissions/{transmission}",
    tags=["radio"],
    description="A transmission as recorded and attributed, its transcripts, corrections and "
    "phrase proposals, and whether its audio still matches the record.",
)
async def transmission_detail(
    transmission: TransmissionId, runtime: RuntimeDep, principal: Reader
) -> dict[str, Any]:
    """One transmission (the timeline's readers, on transmissions they reach)."""
    found = await readable(runtime, principal, transmission)
    out: dict[str, Any] = to_data(found)
    out["text"] = found.text
    out["audio_verified"] = runtime.radio.store.verify(found.audio_sha256)
    live = runtime.engine.state.radio.proposals
    out["phrases"] = [to_data(live[p]) for p in found.proposals if p in live]
    return out


@router.get(
    "/api/v1/radio/transmissions/{transmission}/audio",
    tags=["radio"],
    response_class=Response,
    responses={200: {"content": {"audio/*": {}}, "description": "The original audio bytes."}},
    description="The transmission's audio as the recorder sent it. `X-Audio-Verified` says "
    "whether the bytes still have the SHA-256 the journal recorded (an altered file is served, "
    "and flagged; a missing one is 404).",
)
async def transmission_audio(
    transmission: TransmissionId, runtime: RuntimeDep, principal: Reader
) -> Response:
    """The audio bytes, for the console's player."""
    found = await readable(runtime, principal, transmission)
    try:
        data = runtime.radio.store.read(found.audio_sha256)
    except FileNotFoundError:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND, f"the audio of {transmission} is missing from the store"
        ) from None
    verified = sha256_of(data) == found.audio_sha256
    headers = {
        "X-Audio-SHA256": found.audio_sha256,
        "X-Audio-Verified": "true" if verified else "false",
        "Cache-Control": "private, no-store",
    }
    media = MEDIA.get(found.audio_format, "application/octet-stream")
    return Response(data, media_type=media, headers=headers)


class CorrectIn(StrictIn):
    """A person's reading of a transmission (the machine's text stays on the record)."""

    text: Text = Field(examples=["1A12 en route to Mannerheimintie 1, ETA four minutes"])
    reason: Text = Field(examples=["listened to the recording"])


class ConfirmIn(StrictIn):
    """A note on confirming a spotted phrase (optional)."""

    note: Text = ""


class DismissIn(StrictIn):
    """Why a spotted phrase is dismissed."""

    reason: Text = Field(examples=["not an order: the unit was quoting the chief"])


@router.post(
    "/api/v1/radio/transmissions/{transmission}/corrections",
    tags=["radio"],
    **command_route("CorrectTranscript", "Correct a transmission's transcript."),
)
async def correct_transcript(
    transmission: TransmissionId, body: CorrectIn, cmd: Commanding
) -> Response:
    """Correct a transcript; the machine's text is kept and shown struck."""
    command = c.CorrectTranscript(transmission=transmission, text=body.text, reason=body.reason)
    return await cmd.respond(command)


@router.get(
    "/api/v1/radio/phrases",
    tags=["radio"],
    description="Phrases spotted on the radio that wait for a dispatcher (of one incident).",
)
async def radio_phrases(
    runtime: RuntimeDep, principal: Decider, incident: str | None = None
) -> list[dict[str, Any]]:
    """Open phrase proposals on transmissions the caller reaches."""
    state, viewer = runtime.engine.state, principal.actor()
    out = []
    for p in state.radio.open_proposals(incident):
        t = state.radio.transmissions.get(p.transmission)
        if t is not None and may_reach_transmission(state, viewer, t):
            out.append({**to_data(p), "text": t.text, "started_at": t.started_at})
    return out


@router.post(
    "/api/v1/radio/phrases/{proposal}/confirm",
    tags=["radio"],
    **command_route(
        "ConfirmRadioPhrase",
        "Confirm a spotted radio phrase (en route / on scene: the unit's status changes too, "
        "as your order).",
    ),
)
async def confirm_phrase(proposal: ProposalId, body: ConfirmIn, cmd: Commanding) -> Response:
    """Confirm a phrase proposal."""
    return await cmd.respond(c.ConfirmRadioPhrase(proposal=proposal, note=body.note))


@router.post(
    "/api/v1/radio/phrases/{proposal}/dismiss",
    tags=["radio"],
    **command_route("DismissRadioPhrase", "Dismiss a spotted radio phrase, with a reason."),
)
async def dismiss_phrase(proposal: ProposalId, body: DismissIn, cmd: Commanding) -> Response:
    """Dismiss a phrase proposal."""
    return await cmd.respond(c.DismissRadioPhrase(proposal=proposal, reason=body.reason))
