"""The read side of the boards: open incidents held sorted and counted, kept by committed events.

``BoardIndex.on_batch`` is an engine subscriber: each durable batch re-files the incidents its
events touch (from the state the engine - or a follower replaying the journal - has just
applied), so a board query walks only the rows it sends. Held per owning agency, status and
discipline:

* two sorted lists of keys, by priority (priority, created_at, id) and by age (created_at, id);
* counts per (agency, status, discipline, priority), so "254 pending" costs no rows;
* incidents shared with an agency, those a unit was assigned to, and a coarse grid of positions.

A log of recent changes (seq, incident) answers "what changed since seq N"; an event that may
change rows the log cannot name (an area directive, an agency's dispatch relations) is a reset:
a console behind it reloads. ``seq`` is the last seq applied; ``board_seq`` the last one that
changed an incident row, ``units_seq`` a unit row (the boards' cache validators).
"""

from __future__ import annotations

import bisect
from collections import Counter, deque
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from tenfour.domain import events as e
from tenfour.domain.entities import Incident
from tenfour.domain.state import DispatchState
from tenfour.engine.envelope import Committed
from tenfour.incident_types import DISCIPLINES, Vocabulary, load_vocabulary

CHANGE_LOG = 20_000  # changes a console may be behind and still catch up by sequence
CELL_DEG = 0.02  # grid cell for area filters (about 2 km)
MEMO_KEYS = 1_000  # reaches and counts kept per board version (many distinct filters: start over)
RESETS: tuple[type[e.Event], ...] = (e.AgencyRegistered, e.AgencyPolicyChanged)

PriorityKey = tuple[int, str, str]
AgeKey = tuple[str, str]
Cell = tuple[int, int]
Group = tuple[str, str, str]  # (owning agency, status, discipline)
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class RowParts:
    """A board row's JSON up to its age (``{"id":...,"age_s":``) and after its bulletin hits:
    what only an event changes (``views.board_json`` joins it with the rest)."""

    head: bytes
    tail: bytes


def cell_of(lat: float | None, lon: float | None) -> Cell | None:
    """The grid cell of a position (None without one)."""
    if lat is None or lon is None:
        return None
    return (int(lat // CELL_DEG), int(lon // CELL_DEG))


@dataclass(frozen=True, slots=True)
class Entry:
    """What the index files an open incident under."""

    id: str
    agency: str
    status: str
    discipline: str
    priority: int
    created_at: str
    lat: float | None
    lon: float | None
    shared: tuple[str, ...]

    @property
    def group(self) -> Group:
        """The sorted lists it is in."""
        return (self.agency, self.status, self.discipline)

    @property
    def by_priority(self) -> PriorityKey:
        """Its key in priority order (highest first, then oldest)."""
        return (self.priority, self.created_at, self.id)

    @property
    def by_age(self) -> AgeKey:
        """Its key in age order (oldest first)."""
        return (self.created_at, self.id)


@dataclass(slots=True)
class Sorted:
    """One group's keys in both orders."""

    priority: list[PriorityKey] = field(default_factory=list)
    age: list[AgeKey] = field(default_factory=list)

    def add(self, entry: Entry) -> None:
        """File an entry."""
        bisect.insort(self.priority, entry.by_priority)
        bisect.insort(self.age, entry.by_age)

    def remove(self, entry: Entry) -> None:
        """Unfile an entry."""
        for keys, key in ((self.priority, entry.by_priority), (self.age, entry.by_age)):
            at = bisect.bisect_left(keys, key)
            if at < len(keys) and keys[at] == key:
                del keys[at]


def discipline_of(vocabulary: Vocabulary, state: DispatchState, incident: Incident) -> str:
    """The incident type's discipline; for a type outside the vocabulary, its agency's kind."""
    known = vocabulary.get(incident.type_code)
    if known is not None:
        return known.discipline
    agency = state.agencies.get(incident.agency)
    kind = agency.kind if agency is not None else ""
    return kind if kind in DISCIPLINES else "other"


@dataclass
class BoardIndex:
    """Open incidents sorted, counted and grouped for the boards; see the module's docstring."""

    state_of: Callable[[], DispatchState]
    head_of: Callable[[], int] = lambda: 0  # the seq the state holds, for the first build
    vocabulary: Vocabulary = field(default_factory=load_vocabulary)
    entries: dict[str, Entry] = field(default_factory=dict)
    groups: dict[Group, Sorted] = field(default_factory=dict)
    counts: Counter[tuple[str, str, str, int]] = field(default_factory=Counter)
    shared: dict[str, set[str]] = field(default_factory=dict)  # agency -> incidents
    by_unit: dict[str, set[str]] = field(default_factory=dict)  # unit -> incidents
    cells: dict[Cell, set[str]] = field(default_factory=dict)
    changes: deque[tuple[int, str]] = field(default_factory=lambda: deque(maxlen=CHANGE_LOG))
    seq: int = 0
    board_seq: int = 0
    units_seq: int = 0
    floor: int = 0  # a since-seq below this cannot be answered by changes
    built_from: DispatchState | None = None  # the state object filed (rebuilt: a new one)
    # A row's JSON that only an event changes (``views.board_json``), dropped when re-filed.
    row_json: dict[str, RowParts] = field(default_factory=dict)
    # What queries work out from the index alone (a viewer's reach, counts), for one board_seq.
    memo: dict[Hashable, Any] = field(default_factory=dict)
    memo_seq: int = -1

    @property
    def built(self) -> bool:
        """Whether the index files the state the node serves now."""
        return self.built_from is not None and self.built_from is self.state_of()

    def ensure_built(self) -> None:
        """File every open incident of the state: the first batch or query does it, and again
        when the node rebuilt its state (a new object: consoles behind it reload)."""
        if self.built:
            return
        state = self.built_from = self.state_of()
        tables = (self.entries, self.groups, self.counts, self.shared, self.by_unit)
        for kept in (self.row_json, self.memo):
            kept.clear()
        for table in tables:
            table.clear()
        self.cells.clear()
        self.changes.clear()
        self.seq = self.board_seq = self.units_seq = self.floor = self.head_of()
        for incident in state.open_incidents():
            self._file(state, incident)
        for assignment in state.assignments.values():
            if assignment.incident_id in self.entries:
                self.by_unit.setdefault(assignment.unit_id, set()).add(assignment.incident_id)

    def on_batch(self, batch: Sequence[Committed]) -> None:
        """Engine subscriber: re-file what the batch's events touched."""
        if not batch:
            return
        if not self.built:
            self.ensure_built()  # from the state, which already holds this batch
            self.seq = self.board_seq = self.units_seq = self.floor = max(self.seq, batch[-1].seq)
            return
        state = self.state_of()
        for record in batch:
            self._note(state, record)
        self._advance(batch)

    def _advance(self, batch: Sequence[Committed]) -> None:
        self.seq = max(self.seq, batch[-1].seq)

    def _note(self, state: DispatchState, record: Committed) -> None:
        event = record.event
        if isinstance(event, RESETS) or _area_directive(state, event):
            self._reset(record.seq)
        if hasattr(event, "unit") or isinstance(event, RESETS):
            self.units_seq = record.seq
        incident = event.incident_id
        if incident is None:
            return
        if isinstance(event, e.UnitDispatched):
            self.by_unit.setdefault(event.unit, set()).add(incident)
        if isinstance(event, e.RemarkAdded | e.RemarkStruck | e.CallAdded | e.UnitMoved):
            return  # no board column changes (the detail view shows these)
        self._refile(state, incident)
        if len(self.changes) == self.changes.maxlen:
            self.floor = max(self.floor, self.changes[0][0])  # about to be forgotten
        self.changes.append((record.seq, incident))
        self.board_seq = record.seq

    def _reset(self, seq: int) -> None:
        self.row_json.clear()
        self.floor = seq
        self.board_seq = seq

    def _refile(self, state: DispatchState, incident_id: str) -> None:
        self.row_json.pop(incident_id, None)
        old = self.entries.pop(incident_id, None)
        if old is not None:
            self._unfile(old)
        incident = state.incidents.get(incident_id)
        if incident is not None and incident.open:
            self._file(state, incident)
        else:
            for incidents in self.by_unit.values():
                incidents.discard(incident_id)

    def _file(self, state: DispatchState, incident: Incident) -> None:
        entry = Entry(
            id=incident.id,
            agency=incident.agency,
            status=incident.status.value,
            discipline=discipline_of(self.vocabulary, state, incident),
            priority=incident.priority,
            created_at=incident.created_at,
            lat=incident.location.lat,
            lon=incident.location.lon,
            shared=tuple(incident.shared_with),
        )
        self.entries[entry.id] = entry
        self.groups.setdefault(entry.group, Sorted()).add(entry)
        self.counts[(*entry.group, entry.priority)] += 1
        for agency in entry.shared:
            self.shared.setdefault(agency, set()).add(entry.id)
        cell = cell_of(entry.lat, entry.lon)
        if cell is not None:
            self.cells.setdefault(cell, set()).add(entry.id)

    def _unfile(self, entry: Entry) -> None:
        self.groups[entry.group].remove(entry)
        key = (*entry.group, entry.priority)
        self.counts[key] -= 1
        if not self.counts[key]:
            del self.counts[key]
        for agency in entry.shared:
            self.shared.get(agency, set()).discard(entry.id)
        cell = cell_of(entry.lat, entry.lon)
        if cell is not None:
            self.cells.get(cell, set()).discard(entry.id)

    def remembered(self, key: Hashable, make: Callable[[], T]) -> T:
        """``make()``, worked out once per board version: what depends only on the index (and
        on what a change to the board's rows or a reset comes with) for the same ``key``."""
        if self.memo_seq != self.board_seq or len(self.memo) >= MEMO_KEYS:
            self.memo.clear()
            self.memo_seq = self.board_seq
        if key not in self.memo:
            self.memo[key] = make()
        found: T = self.memo[key]
        return found

    def changed_since(self, since: int) -> list[str] | None:
        """Incidents changed after ``since`` (oldest first, once each), or None when the log
        does not reach back that far (the caller reloads)."""
        if since < self.floor or since > self.seq:
            return None
        found: dict[str, None] = {}
        for seq, incident in reversed(self.changes):
            if seq <= since:
                break
            found[incident] = None
        return list(reversed(found))

    def in_cells(self, cells: Iterable[Cell]) -> set[str]:
        """Incidents filed under the given grid cells."""
        found: set[str] = set()
        for cell in cells:
            found |= self.cells.get(cell, set())
        return found


def _area_directive(state: DispatchState, event: e.Event) -> bool:
    """A directive over an area may change the rows of every incident in it."""
    if isinstance(event, e.DirectiveIssued):
        return event.area_lat is not None
    if isinstance(event, e.DirectiveLifted):
        found = state.directives.get(event.directive)
        return found is not None and found.area is not None
    return False
