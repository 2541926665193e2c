"""Times as the journal records them: ISO 8601, UTC, to the millisecond, sortable as text."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


def iso(moment: datetime) -> str:
    """``2026-11-25T14:55:00.123Z`` for an aware datetime."""
    if moment.tzinfo is None:
        raise ValueError("times must carry a time zone")
    # isoformat truncates to the millisecond, as the journal always has; [:23] drops "+00:00"
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")[:23] + "Z"


def parse(text: str) -> datetime:
    """Read an ISO 8601 time; a time without zone is refused."""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError(f"time {text!r} has no time zone")
    try:
        return moment.astimezone(UTC)
    except OverflowError:  # year 1 or 9999 moved past the calendar's end by its zone
        raise ValueError(f"time {text!r} is out of range") from None


def normalise(text: str) -> str:
    """Any ISO 8601 time with a zone, in the journal's form."""
    return iso(parse(text))


def plus(text: str, *, days: float = 0, seconds: float = 0) -> str:
    """A journal time moved forward."""
    try:
        return iso(parse(text) + timedelta(days=days, seconds=seconds))
    except OverflowError:
        raise ValueError(f"time {text!r} moved by {days} days is out of range") from None


def seconds_between(start: str, end: str) -> float:
    """Seconds from ``start`` to ``end``."""
    return (parse(end) - parse(start)).total_seconds()
