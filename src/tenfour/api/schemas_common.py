"""Shared API schema pieces: strict input base, text and id types, the command answer.

Input text refuses NUL and unpaired surrogates (no database may store them, and a batch that
failed to store would delay everyone's commands) and is bounded in length; floats refuse NaN and
infinities. Business rules (required reasons, valid priorities...) stay in the domain.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

MAX_TEXT = 4000

# The roles a person can hold (``Role`` without ``system``, which only the engine acts in).
HumanRole = Literal[
    "call_taker",
    "dispatcher",
    "supervisor",
    "commander",
    "unit",
    "records",
    "admin",
    "centre_admin",
    "partner",
]


def _storable(value: str) -> str:
    if "\x00" in value:
        raise ValueError("text may not contain NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("text must be valid Unicode (no unpaired surrogates)") from None
    return value


Text = Annotated[str, Field(max_length=MAX_TEXT), AfterValidator(_storable)]
ShortText = Annotated[str, Field(max_length=400), AfterValidator(_storable)]
Ident = Annotated[
    str,
    Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,39}$"),
]
AnyId = Annotated[str, Field(min_length=1, max_length=64), AfterValidator(_storable)]
Timestamp = Annotated[
    str,
    Field(
        max_length=40, description="ISO 8601 time with zone", examples=["2026-11-25T14:55:00.000Z"]
    ),
    AfterValidator(_storable),
]
Lat = Annotated[float, Field(ge=-90, le=90)]
Lon = Annotated[float, Field(ge=-180, le=180)]


class StrictIn(BaseModel):
    """Base of every request body: unknown fields and non-finite numbers are refused."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, frozen=True)


class ActorOut(BaseModel):
    """Who gave the command that recorded an event."""

    user: str
    role: str
    agency: str


class EventOut(BaseModel):
    """One recorded event."""

    seq: int = Field(examples=[42])
    at: str = Field(examples=["2026-11-25T14:55:00.123Z"])
    type: str = Field(examples=["IncidentCreated"])
    payload: dict[str, Any]


class CommandOut(BaseModel):
    """The answer to an accepted command, once its events are durable."""

    command_id: str = Field(examples=["6f1c0a3e-2b7d-4a53-9b55-1d1f0f4f6b10"])
    accepted: bool = Field(examples=[True])
    duplicate: bool = Field(
        examples=[False], description="True when this Idempotency-Key was already carried out."
    )
    events: list[EventOut]
