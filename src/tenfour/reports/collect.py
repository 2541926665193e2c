"""Incident records of a period, read from the journal.

Events of an incident come after the call that opened it, so the fold starts a little before the
period (calls entered late) and runs on a while after it (units still arriving); incidents are
then kept by the time their first call was received. Unit and agency registrations usually lie
before the period: they are taken from the live state when the caller has it (the server), else
from a pass over the journal before the period that decodes nothing else (the CLI).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from tenfour.domain import events as e
from tenfour.domain.state import DispatchState
from tenfour.domain.timefmt import iso, normalise, parse
from tenfour.journal.store import Journal
from tenfour.reports import scan
from tenfour.reports.records import IncidentRecord, RecordsFold, UnitInfo, relevant

LEAD_IN = timedelta(hours=1)
RUN_ON = timedelta(hours=24)
_REGISTRATIONS = frozenset({e.UnitRegistered.TYPE, e.AgencyRegistered.TYPE})

Progress = Callable[[int, int], None]  # records read so far, records to read in all


def collect(
    journal: Journal,
    start: str,
    end: str,
    *,
    state: DispatchState | None = None,
    on_progress: Progress | None = None,
) -> list[IncidentRecord]:
    """Records of incidents whose first call was received at ``start`` <= t < ``end``."""
    start, end = normalise(start), normalise(end)
    stretch = scan.span(journal, iso(parse(start) - LEAD_IN), iso(parse(end) + RUN_ON))
    fold = RecordsFold()
    before = scan.Span(0, stretch.after_seq)
    total = stretch.size + (0 if state is not None else before.size)
    done = 0

    def tick(count: int) -> None:
        if on_progress is not None:
            on_progress(done + count, total)

    if state is not None:
        seed_from_state(fold, state)
    else:
        for record, event in scan.events(journal, before, _REGISTRATIONS.__contains__, tick):
            fold.feed(record.seq, record.at, event)
        done = before.size
    for record, event in scan.events(journal, stretch, relevant, tick):
        fold.feed(record.seq, record.at, event)
    return sorted(
        (r for r in fold.incidents.values() if start <= r.received < end),
        key=lambda r: (r.received, r.incident),
    )


def seed_from_state(fold: RecordsFold, state: DispatchState) -> None:
    """Give the fold the units and agencies the live state knows."""
    for unit in state.units.values():
        fold.units[unit.id] = UnitInfo(unit.agency, unit.unit_type)
    for agency in state.agencies.values():
        fold.agency_kinds[agency.id] = agency.kind


FIRST_YEAR, LAST_YEAR = 1900, 9998
"""A report's period lies within these years: the lead-in and run-on stay on the calendar."""


def as_time(text: str) -> str:
    """``2026-11-25`` (midnight UTC) or a full ISO time with zone, in the journal's form.

    ``ValueError`` if unreadable or outside ``FIRST_YEAR`` to ``LAST_YEAR``.
    """
    text = text.strip()
    if len(text) == 10:
        text += "T00:00:00Z"
    moment = parse(text)
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise ValueError(f"{text!r}: a report covers years {FIRST_YEAR} to {LAST_YEAR}")
    return iso(moment)
