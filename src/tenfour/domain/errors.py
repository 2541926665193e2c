"""Refusals: why the domain would not carry out a command."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tenfour.domain.events import Event


class Reason(StrEnum):
    """The kind of refusal; the API maps each to one HTTP status."""

    INVALID = "invalid"  # the command itself is malformed or breaks a rule of its own (422)
    FORBIDDEN = "forbidden"  # the actor's role or agency may not do this (403)
    NOT_FOUND = "not_found"  # it names something that does not exist (404)
    CONFLICT = "conflict"  # the state forbids it now: busy unit, stale version, directive (409)


class Rejected(Exception):  # noqa: N818 - a refusal is not an error of the program
    """A command the domain refuses, with a reason a dispatcher can read.

    ``record`` holds events that must be journalled even though the command is refused
    (for example a dispatch refused under a stand-down order stays on the record).
    """

    def __init__(
        self,
        reason: Reason,
        message: str,
        *,
        field: str | None = None,
        record: Sequence[Event] = (),
    ) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message
        self.field = field
        self.record = tuple(record)


def invalid(message: str, field: str | None = None) -> Rejected:
    """A malformed command."""
    return Rejected(Reason.INVALID, message, field=field)


def forbidden(message: str) -> Rejected:
    """The actor may not do this."""
    return Rejected(Reason.FORBIDDEN, message)


def not_found(kind: str, ident: str) -> Rejected:
    """Something named does not exist."""
    return Rejected(Reason.NOT_FOUND, f"{kind} {ident!r} does not exist")


def archived(kind: str, ident: str) -> Rejected:
    """Something named closed long enough ago to have left the live state (409)."""
    if kind == "incident":
        what = f"incident {ident} is closed and archived"
    else:
        what = f"{kind} {ident} belongs to a closed incident or has ended, and is archived"
    return Rejected(Reason.CONFLICT, f"{what}: see its timeline")


def conflict(message: str, record: Sequence[Event] = ()) -> Rejected:
    """The current state forbids it."""
    return Rejected(Reason.CONFLICT, message, record=record)


def refused_earlier(events: Sequence[Event]) -> Rejected | None:
    """The refusal a retried command gets when all it left on the record were refusal records."""
    if not events or not all(ev.REFUSAL for ev in events):
        return None
    reason = getattr(events[0], "reason", "") or "see the record"
    return Rejected(Reason.CONFLICT, f"refused earlier: {reason}")
