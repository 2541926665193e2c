"""The boards' read-side index against the authorization rule and the plain boards.

A busy little world (several agencies, statuses, disciplines, sharing, closures) is fed to the
index batch by batch as the engine would publish it; every viewer's windows, counts and changes
must be what ``views.boards`` (a scan with the authorization rule) says.
"""

from __future__ import annotations

import copy
import json
from collections import deque

import pytest

from tenfour.domain import commands as c
from tenfour.domain.actors import SYSTEM, Actor, Role
from tenfour.engine.envelope import Committed
from tenfour.views import boards
from tenfour.views.board_index import BoardIndex
from tenfour.views.board_json import page_json
from tenfour.views.board_query import (
    Ask,
    BoardFilter,
    BoardQueryError,
    board_page,
    decode_cursor,
    parse_area,
)
from tests.unit.domain.world import (
    FED_PARTNER,
    FED_SUPERVISOR,
    MPD_CALLTAKER,
    MPD_DISPATCHER,
    World,
    unit_actor,
    world,
)

__all__ = ["world"]  # the fixture

CENTRE = Actor("root", Role.CENTRE_ADMIN, "MPD")
MFD_ADMIN = Actor("mfdadmin", Role.ADMIN, "MFD")
VIEWERS = [MPD_DISPATCHER, FED_SUPERVISOR, FED_PARTNER, CENTRE, MFD_ADMIN, unit_actor("1A12")]
TYPES = ["fight", "medical", "structure_fire", "disturbance", "not_in_vocabulary"]


class Fed:
    """The world, with an index fed each new batch of its log (as the engine publishes)."""

    def __init__(self, w: World) -> None:
        self.w = w
        self.index = BoardIndex(lambda: w.state, lambda: len(w.log))
        self.index.ensure_built()
        self.sent = len(w.log)

    def do(self, actor: Actor, command: c.Command) -> None:
        self.w.do(actor, command)
        batch = [
            Committed(seq, at, who, "", event, "")
            for seq, at, who, event in self.w.log[self.sent :]
        ]
        self.sent = len(self.w.log)
        self.index.on_batch(batch)

    def page(self, viewer: Actor, **kw: object) -> tuple[list[str], int]:
        """Every row in the order the windows give them (following the cursors)."""
        ask = Ask(**{"filter": BoardFilter(), "limit": 7, **kw})  # type: ignore[arg-type]
        ids: list[str] = []
        total = -1
        while True:
            got = board_page(self.index, self.w.state, viewer, ask, self.w.now)
            ids += [r.id for r in got.rows]
            total = got.counts.total
            if got.next is None:
                return ids, total
            ask = Ask(ask.filter, ask.sort, ask.limit, got.next)


def busy(w: World) -> Fed:
    fed = Fed(w)
    for n in range(30):
        agency = "MFD" if n % 3 == 0 else "MPD"
        fed.do(
            MPD_CALLTAKER,
            c.CreateIncident(
                type_code=TYPES[n % len(TYPES)],
                priority=1 + n % 4,
                address=f"Street {n}",
                lat=60.15 + n * 0.003,
                lon=24.90 + n * 0.002,
                agency=agency,
            ),
        )
    ids = sorted(w.state.incidents)
    fed.do(MPD_DISPATCHER, c.DispatchUnit(incident=ids[1], unit="1A12", reason="test"))
    fed.do(MPD_DISPATCHER, c.DispatchUnit(incident=ids[2], unit="1A13", reason="test"))
    fed.do(MPD_DISPATCHER, c.MarkEnRoute(unit="1A13"))
    fed.do(MPD_DISPATCHER, c.CloseIncident(incident=ids[4], disposition="done"))
    fed.do(MPD_DISPATCHER, c.RequestAssistance(incident=ids[5], to_agency="FED", what="help"))
    fed.do(MPD_DISPATCHER, c.RequestAssistance(incident=ids[6], to_agency="FED", what="help"))
    return fed


def expected(w: World, viewer: Actor, sort: str = "priority") -> list[str]:
    rows = boards.open_incidents(w.state, w.now, viewer)
    if sort == "age":
        rows.sort(key=lambda r: (r.created_at, r.id))
    return [r.id for r in rows]


@pytest.mark.parametrize("viewer", VIEWERS, ids=lambda v: f"{v.role}-{v.agency}")
def test_windows_and_counts_are_what_the_rule_lets_each_viewer_read(
    world: World, viewer: Actor
) -> None:
    fed = busy(world)
    for sort in ("priority", "age"):
        ids, total = fed.page(viewer, sort=sort)
        assert ids == expected(world, viewer, sort)
        assert total == len(ids)


def test_the_pending_filter_is_the_queue_and_a_row_comes_once(world: World) -> None:
    fed = busy(world)
    pending, total = fed.page(MPD_DISPATCHER, filter=BoardFilter(statuses=frozenset({"pending"})))
    queue = [r.id for r in boards.pending_queue(world.state, world.now, MPD_DISPATCHER)]
    assert pending == queue and total == len(queue)
    active = BoardFilter(statuses=frozenset({"dispatched", "enroute", "onscene"}))
    others, _ = fed.page(MPD_DISPATCHER, filter=active)
    assert not set(pending) & set(others)
    assert len(pending) + len(others) == len(expected(world, MPD_DISPATCHER))


def test_filters_by_agency_discipline_priority_and_area(world: World) -> None:
    fed = busy(world)
    state = world.state
    every = expected(world, CENTRE)
    flt = BoardFilter(agencies=frozenset({"MFD"}), priorities=frozenset({1, 2}))
    ids, _ = fed.page(CENTRE, filter=flt)
    assert ids == [
        i for i in every if state.incidents[i].agency == "MFD" and state.incidents[i].priority <= 2
    ]
    fire, _ = fed.page(CENTRE, filter=BoardFilter(disciplines=frozenset({"fire"})))
    unknown = {i for i in every if state.incidents[i].type_code == "not_in_vocabulary"}
    assert fire == [  # a type outside the vocabulary: its agency's kind
        i
        for i in every
        if state.incidents[i].type_code == "structure_fire"
        or (i in unknown and state.incidents[i].agency == "MFD")
    ]
    area = parse_area("60.15,24.90,60.18,24.92")
    inside, total = fed.page(CENTRE, filter=BoardFilter(area=area), sort="age")
    lat = {i: state.incidents[i].location.lat or 0 for i in every}
    assert inside == [i for i in expected(world, CENTRE, "age") if lat[i] <= 60.18]
    assert total == len(inside) > 0


def test_counts_per_group(world: World) -> None:
    fed = busy(world)
    page = board_page(fed.index, world.state, CENTRE, Ask(BoardFilter(), limit=1), world.now)
    open_now = list(world.state.open_incidents())
    assert page.counts.total == len(open_now) == sum(page.counts.status.values())
    assert page.counts.status["enroute"] == 1
    assert page.counts.agency["MFD"] == sum(i.agency == "MFD" for i in open_now)
    assert len(page.rows) == 1 and page.next is not None


def test_changes_since_a_seq_name_what_changed_and_what_left(world: World) -> None:
    fed = busy(world)
    before = board_page(fed.index, world.state, MPD_DISPATCHER, Ask(BoardFilter()), world.now)
    ids = expected(world, MPD_DISPATCHER)
    fed.do(MPD_DISPATCHER, c.AddRemark(incident=ids[0], text="no board column changes"))
    quiet = Ask(BoardFilter(), since=before.seq)
    assert board_page(fed.index, world.state, MPD_DISPATCHER, quiet, world.now).rows == []
    fed.do(MPD_DISPATCHER, c.ReclassifyIncident(incident=ids[3], type_code="fight", priority=1))
    fed.do(MPD_DISPATCHER, c.CloseIncident(incident=ids[5], disposition="done"))
    got = board_page(fed.index, world.state, MPD_DISPATCHER, quiet, world.now)
    assert [r.id for r in got.rows] == [ids[3]] and got.rows[0].priority == 1
    assert got.removed == [ids[5]] and not got.reload and got.seq > before.seq
    pending = Ask(BoardFilter(statuses=frozenset({"pending"})), since=before.seq)
    fed.do(MPD_DISPATCHER, c.DispatchUnit(incident=ids[3], unit="1A14", reason="test"))
    moved = board_page(fed.index, world.state, MPD_DISPATCHER, pending, world.now)
    assert ids[3] in moved.removed  # no longer pending: it leaves the queue


def test_a_viewer_is_never_told_of_an_incident_it_may_not_read(world: World) -> None:
    fed = busy(world)
    start = fed.index.board_seq
    mine = next(i for i in expected(world, MPD_DISPATCHER) if i not in expected(world, FED_PARTNER))
    fed.do(MPD_DISPATCHER, c.CloseIncident(incident=mine, disposition="done"))
    got = board_page(
        fed.index, world.state, FED_PARTNER, Ask(BoardFilter(), since=start), world.now
    )
    assert got.rows == [] and got.removed == []


def test_too_far_behind_is_told_to_reload(world: World) -> None:
    fed = busy(world)
    start = fed.index.board_seq
    fed.do(
        SYSTEM,
        c.RegisterAgency(agency="MEMS", name="Metro EMS", kind="ems", dispatch_centre="MPD"),
    )  # the dispatchers' reach changed: rows the log cannot name
    behind = Ask(BoardFilter(), since=start)
    assert board_page(fed.index, world.state, CENTRE, behind, world.now).reload
    ahead = Ask(BoardFilter(), since=fed.index.seq + 5)
    assert board_page(fed.index, world.state, CENTRE, ahead, world.now).reload


def test_a_console_behind_what_the_change_log_holds_reloads(world: World) -> None:
    fed = busy(world)
    fed.index.changes = deque(maxlen=3)
    start = fed.index.board_seq
    ids = expected(world, MPD_DISPATCHER)
    for n in range(3):
        fed.do(MPD_DISPATCHER, c.ReclassifyIncident(incident=ids[n], type_code="fight", priority=2))
    assert not board_page(
        fed.index, world.state, CENTRE, Ask(BoardFilter(), since=start), world.now
    ).reload
    fed.do(MPD_DISPATCHER, c.ReclassifyIncident(incident=ids[3], type_code="fight", priority=2))
    assert board_page(
        fed.index, world.state, CENTRE, Ask(BoardFilter(), since=start), world.now
    ).reload


def test_built_from_a_state_equals_kept_by_events(world: World) -> None:
    fed = busy(world)
    later = Fed(world)  # built from the state now, as a node joining late would be
    for viewer in VIEWERS:
        assert later.page(viewer) == fed.page(viewer)


def test_bad_cursors_and_areas_are_refused() -> None:
    with pytest.raises(BoardQueryError):
        decode_cursor("priority", "not-a-cursor")
    with pytest.raises(BoardQueryError):
        parse_area("1,2,3")
    with pytest.raises(BoardQueryError):
        parse_area("60,24,65,25")


def test_a_rebuilt_state_is_filed_again_and_consoles_behind_it_reload(world: World) -> None:
    fed = busy(world)
    start = fed.index.board_seq
    before = fed.page(CENTRE)
    world.state = copy.deepcopy(world.state)  # what a node's rebuild does: a new state object
    assert not fed.index.built
    behind = Ask(BoardFilter(), since=start - 1)
    assert board_page(fed.index, world.state, CENTRE, behind, world.now).reload
    assert fed.index.built and fed.page(CENTRE) == before


@pytest.mark.parametrize("viewer", VIEWERS, ids=lambda v: f"{v.role}-{v.agency}")
def test_rows_joined_from_kept_parts_are_the_model_s_json(world: World, viewer: Actor) -> None:
    fed = busy(world)
    start = fed.index.board_seq
    asks = [Ask(BoardFilter(), limit=50), Ask(BoardFilter(statuses=frozenset({"pending"})))]

    def same() -> None:
        for ask in [*asks, *(Ask(a.filter, since=start) for a in asks)]:
            model = board_page(fed.index, world.state, viewer, ask, world.now)
            joined = page_json(fed.index, world.state, viewer, ask, world.now)
            assert json.loads(joined) == json.loads(model.model_dump_json())

    same()
    assert fed.index.row_json  # kept for the next answer
    ids = expected(world, MPD_DISPATCHER)
    fed.do(MPD_DISPATCHER, c.ReclassifyIncident(incident=ids[0], type_code="fight", priority=4))
    fed.do(MPD_DISPATCHER, c.DispatchUnit(incident=ids[3], unit="1A14", reason="test"))
    fed.do(MPD_DISPATCHER, c.AddRemark(incident=ids[3], text="no board column"))
    same()  # a re-filed row's kept JSON was dropped, not served stale


def test_counts_kept_for_a_board_version_follow_the_next_change(world: World) -> None:
    fed = busy(world)
    ask = Ask(BoardFilter(statuses=frozenset({"pending"})), limit=1)
    before = board_page(fed.index, world.state, MPD_DISPATCHER, ask, world.now).counts.total
    again = board_page(fed.index, world.state, MPD_DISPATCHER, ask, world.now).counts.total
    assert again == before and fed.index.memo  # the second answer reused the first's work
    pending = [r.id for r in boards.pending_queue(world.state, world.now, MPD_DISPATCHER)]
    fed.do(MPD_DISPATCHER, c.CloseIncident(incident=pending[0], disposition="done"))
    after = board_page(fed.index, world.state, MPD_DISPATCHER, ask, world.now).counts.total
    assert after == before - 1 == len(pending) - 1
