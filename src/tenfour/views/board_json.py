"""Board answers as JSON bytes, the rows joined from parts the index keeps per row version.

A board row (``views.models.IncidentRow``) is mostly what only an event changes - id, agency,
type, priority, status, place, when it was entered, hazard hits - and a little that depends on
the time or the viewer: its age, the directives in force on it, its units and the bulletin hits
the viewer may read. The first part is serialised once per row version and kept in the index
(``BoardIndex.row_json``, dropped whenever an event re-files the incident: the same events the
change log records); an answer joins those bytes with the rest worked out for the request. The
bytes are what ``BoardPage.model_dump_json`` gives for the same rows (a unit test holds them
equal), without building a model per row.
"""

from __future__ import annotations

from collections.abc import Sequence

import orjson

from tenfour.domain.actors import Actor
from tenfour.domain.authorization import may_read_bulletin
from tenfour.domain.entities import Incident
from tenfour.domain.state import DispatchState
from tenfour.views.board_index import BoardIndex, RowParts
from tenfour.views.board_query import Ask, Window, board_window
from tenfour.views.convert import since


def _parts(incident: Incident) -> RowParts:
    loc = incident.location
    fixed = {
        "id": incident.id,
        "agency": incident.agency,
        "type_code": incident.type_code,
        "priority": incident.priority,
        "status": incident.status.value,
        "address": loc.address,
        "lat": loc.lat,
        "lon": loc.lon,
        "verified": loc.verified,
        "created_at": incident.created_at,
    }
    head = orjson.dumps(fixed)[:-1] + b',"age_s":'
    return RowParts(head, b',"hazard_hits":' + str(len(incident.hazard_hits)).encode() + b"}")


def row_json(
    index: BoardIndex, state: DispatchState, incident: Incident, now: str, viewer: Actor
) -> bytes:
    """One row as ``incident_row(...).model_dump_json()`` gives it."""
    parts = index.row_json.get(incident.id)
    if parts is None:
        parts = index.row_json[incident.id] = _parts(incident)
    age = since(incident.created_at, now) or 0.0
    units = [a.unit_id for a in state.active_assignments(incident)]
    directives = [d.id for d in state.directives_in_force(incident, now)]
    hits = 0
    for b in incident.bulletin_hits:
        bulletin = state.bulletins.get(b)
        hits += bulletin is not None and may_read_bulletin(viewer, bulletin)
    return b"".join(
        (
            parts.head,
            orjson.dumps(float(age)),
            b',"units":',
            orjson.dumps(units),
            b',"directives_in_force":',
            orjson.dumps(directives),
            b',"bulletin_hits":',
            str(hits).encode(),
            parts.tail,
        )
    )


def window_json(
    index: BoardIndex, state: DispatchState, viewer: Actor, got: Window, now: str
) -> bytes:
    """A ``BoardPage`` as JSON, from a window."""
    rows = b",".join(row_json(index, state, x, now, viewer) for x in got.incidents)
    head = orjson.dumps({"seq": got.seq, "since": got.since, "reload": got.reload})[:-1]
    rest = {"removed": got.removed, "next": got.next, "counts": got.counts.model_dump()}
    return b"".join((head, b',"rows":[', rows, b"],", orjson.dumps(rest)[1:]))


def page_json(index: BoardIndex, state: DispatchState, viewer: Actor, ask: Ask, now: str) -> bytes:
    """``board_page(...).model_dump_json()``, the rows joined from their kept parts."""
    return window_json(index, state, viewer, board_window(index, state, viewer, ask), now)


def pages_json(
    index: BoardIndex, state: DispatchState, viewer: Actor, asks: Sequence[Ask], now: str
) -> bytes:
    """Several windows in one answer: ``{"seq": ..., "windows": [page, ...]}``."""
    pages = b",".join(page_json(index, state, viewer, ask, now) for ask in asks)
    return b'{"seq":' + str(index.board_seq).encode() + b',"windows":[' + pages + b"]}"
