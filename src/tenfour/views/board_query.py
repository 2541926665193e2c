"""Board queries shaped for a screen: filter, sort, a cursor window, counts, changes since a seq.

Read from ``BoardIndex``: the rows are walked in order from the sorted lists of the groups the
filter and the viewer select (the owning agencies the authorization rule reaches, the incidents
shared with the viewer's agency, a crew's own assignments), so a window costs the rows it sends,
not the board. Each row sent is still checked with ``domain.authorization`` (the index only
narrows the candidates); the counts come from the index's per-group counters.
"""

from __future__ import annotations

import base64
import bisect
import heapq
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from tenfour.domain import authorization as authz
from tenfour.domain.actors import Actor, Role
from tenfour.domain.entities import Incident
from tenfour.domain.state import DispatchState
from tenfour.views.board_index import CELL_DEG, BoardIndex, Cell, Entry
from tenfour.views.convert import incident_row
from tenfour.views.models import BoardCounts, BoardPage

SORTS = ("priority", "age")
MAX_AREA_DEG = 2.0  # an area filter spans at most this much each way
Key = tuple[Any, ...]


class BoardQueryError(ValueError):
    """A filter, cursor or area the board cannot answer (the API says 422)."""


@dataclass(frozen=True, slots=True)
class BoardFilter:
    """What a screen asks for: every given dimension must match (empty: any)."""

    agencies: frozenset[str] = frozenset()
    disciplines: frozenset[str] = frozenset()
    statuses: frozenset[str] = frozenset()
    priorities: frozenset[int] = frozenset()
    area: tuple[float, float, float, float] | None = None  # south, west, north, east

    def admits_group(self, agency: str, status: str, discipline: str, priority: int) -> bool:
        """Whether a counter's group matches (the area aside)."""
        return (
            (not self.agencies or agency in self.agencies)
            and (not self.statuses or status in self.statuses)
            and (not self.disciplines or discipline in self.disciplines)
            and (not self.priorities or priority in self.priorities)
        )

    def admits(self, entry: Entry) -> bool:
        """Whether an incident matches."""
        group = (entry.agency, entry.status, entry.discipline, entry.priority)
        return self.admits_group(*group) and self.in_area(entry)

    def in_area(self, entry: Entry) -> bool:
        """Whether the incident lies in the area (any, when no area is asked for)."""
        if self.area is None:
            return True
        south, west, north, east = self.area
        lat, lon = entry.lat, entry.lon
        return lat is not None and lon is not None and south <= lat <= north and west <= lon <= east


def parse_area(text: str | None) -> tuple[float, float, float, float] | None:
    """``south,west,north,east`` in degrees, at most MAX_AREA_DEG each way."""
    if not text:
        return None
    try:
        south, west, north, east = (float(x) for x in text.split(","))
    except ValueError:
        raise BoardQueryError("area: four numbers south,west,north,east") from None
    if not (south <= north and west <= east):
        raise BoardQueryError("area: south <= north and west <= east")
    if north - south > MAX_AREA_DEG or east - west > MAX_AREA_DEG:
        raise BoardQueryError(f"area: at most {MAX_AREA_DEG} degrees each way")
    return (south, west, north, east)


def encode_cursor(sort: str, key: Key) -> str:
    """An opaque cursor: the sort and the last row's key."""
    text = json.dumps([sort, *key], separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_cursor(sort: str, cursor: str | None) -> Key | None:
    """The key a cursor names, checked against the sort it was made for."""
    if not cursor:
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except ValueError:
        raise BoardQueryError("after: not a cursor this board gave") from None
    shape = [str, int, str, str] if sort == "priority" else [str, str, str]
    if not isinstance(data, list) or [type(x) for x in data] != shape or data[0] != sort:
        raise BoardQueryError(f"after: not a cursor of the {sort!r} order")
    return tuple(data[1:])


@dataclass(frozen=True, slots=True)
class Reach:
    """The incidents a viewer may read, as the index files them."""

    owners: frozenset[str] | None  # owning agencies (None: every one)
    extra: tuple[Entry, ...]  # shared with the viewer's agency, or a crew's assignments

    @classmethod
    def of(cls, index: BoardIndex, state: DispatchState, viewer: Actor) -> Reach:
        """The viewer's reach, by the authorization rule."""
        if viewer.role == Role.UNIT:
            ids = index.by_unit.get(viewer.unit or "", set())
            return cls(frozenset(), _entries(index, ids))
        owners = authz.reached_agencies(state, viewer)
        if owners is None:
            return cls(None, ())
        ids = index.shared.get(viewer.agency, set())
        unrelated = authz.Relation.UNRELATED
        extra = [
            x
            for x in _entries(index, ids)
            if authz.relation(state, viewer.agency, x.agency) == unrelated
        ]
        return cls(owners, tuple(extra))

    def owns(self, agency: str) -> bool:
        """Whether rows of the owner are read through the sorted groups."""
        return self.owners is None or agency in self.owners


def _entries(index: BoardIndex, ids: Iterable[str]) -> tuple[Entry, ...]:
    return tuple(index.entries[i] for i in ids if i in index.entries)


def _key(entry: Entry, sort: str) -> Key:
    return entry.by_priority if sort == "priority" else entry.by_age


def _from_groups(index: BoardIndex, reach: Reach, flt: BoardFilter, sort: str) -> list[list[Key]]:
    lists: list[list[Key]] = []
    for (agency, status, discipline), keys in index.groups.items():
        if reach.owns(agency) and flt.admits_group(agency, status, discipline, -1):
            lists.append(keys.priority if sort == "priority" else keys.age)
    return lists


def _after(keys: list[Key], after: Key | None, low: Key | None) -> Iterator[Key]:
    start = 0 if after is None else bisect.bisect_right(keys, after)
    if low is not None:
        start = max(start, bisect.bisect_left(keys, low))
    return (keys[i] for i in range(start, len(keys)))


def candidates(
    index: BoardIndex, reach: Reach, flt: BoardFilter, sort: str, after: Key | None
) -> Iterator[Entry]:
    """Matching incidents in order after ``after``: a walk of the selected groups, merged."""
    if flt.area is not None:
        yield from _in_area(index, reach, flt, sort, after)
        return
    grouped = BoardFilter(flt.agencies, flt.disciplines, flt.statuses, frozenset())
    low: Key | None = (min(flt.priorities),) if flt.priorities and sort == "priority" else None
    lists = _from_groups(index, reach, grouped, sort)
    extra = sorted(_key(x, sort) for x in reach.extra)
    merged = heapq.merge(*(_after(keys, after, low) for keys in [*lists, extra]))
    top = max(flt.priorities) if low is not None else None
    for key in merged:
        if top is not None and key[0] > top:
            return
        entry = index.entries[key[-1]]
        if flt.admits(entry):
            yield entry


def _cells(area: tuple[float, float, float, float]) -> Iterator[Cell]:
    south, west, north, east = area
    for x in range(int(south // CELL_DEG), int(north // CELL_DEG) + 1):
        for y in range(int(west // CELL_DEG), int(east // CELL_DEG) + 1):
            yield (x, y)


def _in_area(
    index: BoardIndex, reach: Reach, flt: BoardFilter, sort: str, after: Key | None
) -> Iterator[Entry]:
    assert flt.area is not None
    mine = {x.id for x in reach.extra}
    found = [
        x
        for x in _entries(index, index.in_cells(_cells(flt.area)))
        if (reach.owns(x.agency) or x.id in mine) and flt.admits(x)
    ]
    found.sort(key=lambda x: _key(x, sort))
    yield from (x for x in found if after is None or _key(x, sort) > after)


def count(index: BoardIndex, reach: Reach, flt: BoardFilter) -> BoardCounts:
    """How many incidents match, by status, priority, discipline and owning agency."""
    groups: Counter[tuple[str, str, str, int]] = Counter()
    if flt.area is not None:
        for x in candidates(index, reach, flt, "priority", None):
            groups[(x.agency, x.status, x.discipline, x.priority)] += 1
    else:
        for group, n in index.counts.items():
            if reach.owns(group[0]) and flt.admits_group(*group):
                groups[group] += n
        for x in reach.extra:
            if flt.admits(x):
                groups[(x.agency, x.status, x.discipline, x.priority)] += 1
    return _counts(groups)


def _counts(groups: Counter[tuple[str, str, str, int]]) -> BoardCounts:
    by: list[Counter[str]] = [Counter(), Counter(), Counter(), Counter()]
    for (agency, status, discipline, priority), n in groups.items():
        for counter, value in zip(by, (status, str(priority), discipline, agency), strict=True):
            counter[value] += n
    return BoardCounts(
        total=sum(groups.values()),
        status=dict(by[0]),
        priority=dict(sorted(by[1].items())),
        discipline=dict(by[2]),
        agency=dict(sorted(by[3].items())),
    )


@dataclass(frozen=True, slots=True)
class Ask:
    """One board request: the filter, order, window and, for catching up, the seq it had."""

    filter: BoardFilter
    sort: str = "priority"
    limit: int = 100
    after: str | None = None
    since: int | None = None


@dataclass(frozen=True, slots=True)
class Window:
    """What a board request answers, before its rows are made: the incidents to send (in
    order), and what a ``BoardPage`` says besides."""

    seq: int
    counts: BoardCounts
    incidents: list[Incident] = field(default_factory=list)
    since: int | None = None
    reload: bool = False
    removed: list[str] = field(default_factory=list)
    next: str | None = None


def board_window(index: BoardIndex, state: DispatchState, viewer: Actor, ask: Ask) -> Window:
    """A window of the board, or (``since``) the changes after a seq, or a reload answer."""
    index.ensure_built()
    who = (viewer.role, viewer.agency, viewer.unit)
    reach = index.remembered(("reach", *who), lambda: Reach.of(index, state, viewer))
    counts = index.remembered(("counts", *who, ask.filter), lambda: count(index, reach, ask.filter))
    if ask.since is not None:
        return _changes(index, state, viewer, ask, reach, counts)
    found: list[Incident] = []
    next_key: Key | None = None
    for entry in candidates(index, reach, ask.filter, ask.sort, decode_cursor(ask.sort, ask.after)):
        incident = state.incidents.get(entry.id)
        if incident is None or not authz.may_read_incident(state, viewer, incident):
            continue
        if len(found) == ask.limit:
            next_key = _key(index.entries[found[-1].id], ask.sort)
            break
        found.append(incident)
    cursor = encode_cursor(ask.sort, next_key) if next_key is not None else None
    return Window(index.board_seq, counts, found, next=cursor)


def board_page(
    index: BoardIndex, state: DispatchState, viewer: Actor, ask: Ask, now: str
) -> BoardPage:
    """A window of the board, or (``since``) the changes after a seq, or a reload answer."""
    got = board_window(index, state, viewer, ask)
    return BoardPage(
        seq=got.seq,
        since=got.since,
        reload=got.reload,
        rows=[incident_row(state, incident, now, viewer) for incident in got.incidents],
        removed=got.removed,
        next=got.next,
        counts=got.counts,
    )


def _changes(
    index: BoardIndex,
    state: DispatchState,
    viewer: Actor,
    ask: Ask,
    reach: Reach,
    counts: BoardCounts,
) -> Window:
    assert ask.since is not None
    changed = index.changed_since(ask.since)
    if changed is None or len(changed) > 2 * ask.limit:  # cheaper to reload the window
        return Window(index.board_seq, counts, since=ask.since, reload=True)
    mine = {x.id for x in reach.extra}
    rows: list[tuple[Key, Incident]] = []
    removed: list[str] = []
    for ident in changed:
        incident = state.incidents.get(ident)
        if incident is None or not authz.may_read_incident(state, viewer, incident):
            continue  # never named to a viewer who may not read it
        entry = index.entries.get(ident)
        if entry is None or not (reach.owns(entry.agency) or ident in mine):
            removed.append(ident)
        elif ask.filter.admits(entry):
            rows.append((_key(entry, ask.sort), incident))
        else:
            removed.append(ident)
    rows.sort(key=lambda pair: pair[0])
    return Window(index.board_seq, counts, [x for _, x in rows], since=ask.since, removed=removed)
