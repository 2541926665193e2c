"""Times as the journal records them: ISO 8601, UTC, to the millisecond, sortable as text; and the
one bound on times a client sends (``TimeBounds``), which every command handler applies."""

from __future__ import annotations

from dataclasses import dataclass
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
    except OverflowError:  # e.g. year 1 with a positive offset: before datetime's first day
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


@dataclass(frozen=True, slots=True)
class TimeBounds:
    """How far a time a client sends may lie from the server's clock (the engine supplies it).

    A *reported* time says when something happened (a ring, an answer): it may lie up to
    ``past`` before now (a call is often entered minutes after it rang) and ``ahead`` after it
    (clocks disagree a little). A *planned* time (an expiry, a validity) may lie up to
    ``horizon`` either side of now. Anything else is refused: a back-dated or year-9999 time
    never reaches the journal.
    """

    past: timedelta = timedelta(minutes=60)
    ahead: timedelta = timedelta(minutes=2)
    horizon: timedelta = timedelta(days=400)


def within_bounds(text: str, now: str, bounds: TimeBounds, *, planned: bool = False) -> str:
    """``text`` in the journal's form when it lies inside the bounds around ``now``; else
    ``ValueError`` saying the allowed range."""
    moment, centre = parse(text), parse(now)
    earliest = centre - (bounds.horizon if planned else bounds.past)
    latest = centre + (bounds.horizon if planned else bounds.ahead)
    if not earliest <= moment <= latest:
        raise ValueError(
            f"{iso(moment)} is outside the accepted range {iso(earliest)} to {iso(latest)} "
            "(the server's clock, within the configured skew)"
        )
    return iso(moment)
