"""Which journal records belong to which incident: an in-memory index, kept as events commit.

An event belongs to an incident when its payload names it (``incident``, and ``other`` for a
link). Directives, bulletins and hazards get keys of their own (``directive:DIR1``) holding their
issue, lift, acknowledgments, cancellation; an incident *cites* such a key when one of its events
names it (a clearance citing a stand-down, a bulletin hit), and the timeline then includes the
cited records too - so an area directive issued without naming the incident still shows up.

Each entry keeps the seq, the command id (the journal's indexed way to fetch records) and the
hash the engine computed when it wrote the record: held against the row read back later, it
reveals a row rewritten after the fact even with a recomputed hash.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from tenfour.domain import events as e
from tenfour.engine.envelope import Committed
from tenfour.journal.record import JournalRecord
from tenfour.journal.store import Journal

Getter = Callable[[str], object]

_OWN_KEYS: dict[str, str] = {
    e.DirectiveIssued.TYPE: "directive",
    e.DirectiveLifted.TYPE: "directive",
    e.DirectiveAcknowledged.TYPE: "directive",
    e.BulletinIssued.TYPE: "bulletin",
    e.BulletinCancelled.TYPE: "bulletin",
    e.HazardAdded.TYPE: "hazard",
    e.HazardRemoved.TYPE: "hazard",
}
_CITED_KEYS: dict[str, str] = {
    e.DispatchRefused.TYPE: "directive",
    e.DirectiveOverridden.TYPE: "directive",
    e.UnitCleared.TYPE: "directive",
    e.AssistanceAnswered.TYPE: "directive",
    e.BulletinMatched.TYPE: "bulletin",
    e.HazardMatched.TYPE: "hazard",
}


@dataclass(frozen=True, slots=True)
class Indexed:
    """Where a record is and what its hash was when written."""

    seq: int
    command_id: str
    hash: str


@dataclass(frozen=True, slots=True)
class Keys:
    """The index keys a record is filed under, and the keys its incidents cite."""

    own: tuple[str, ...]
    cited: tuple[str, ...]


NO_KEYS = Keys((), ())
_TWO_INCIDENTS = (e.IncidentsLinked.TYPE, e.IncidentsUnlinked.TYPE)  # events of both incidents


def keys_of(type_name: str, get: Getter) -> Keys:
    """Keys of an event, read through ``get`` (a payload dict's or an event's attributes)."""
    own: list[str] = []
    names = ("incident", "other") if type_name in _TWO_INCIDENTS else ("incident",)
    for name in names:
        value = get(name)
        if isinstance(value, str):
            own.append(value)
    kind = _OWN_KEYS.get(type_name)
    if kind is not None and isinstance(get(kind), str):
        own.append(f"{kind}:{get(kind)}")
    cited_kind = _CITED_KEYS.get(type_name)
    cited = get(cited_kind) if cited_kind is not None else None
    return Keys(tuple(own), (f"{cited_kind}:{cited}",) if isinstance(cited, str) else ())


def incident_of_key(key: str) -> bool:
    """Whether a key names an incident (not a directive, bulletin or hazard)."""
    return ":" not in key


class IncidentIndex:
    """Incident (and directive, bulletin, hazard) -> the records filed under it."""

    def __init__(self) -> None:
        self._by_key: dict[str, list[Indexed]] = {}
        self._cites: dict[str, set[str]] = {}
        self._lock = threading.Lock()
        self.last_seq = 0

    def add(self, seq: int, command_id: str, hash_: str, keys: Keys) -> bool:
        """File the record that follows the last one filed; False (nothing filed) otherwise.

        A record out of turn (a batch published while the start-up build was still reading)
        is left for ``build``, which reads the journal from the last filed seq.
        """
        with self._lock:
            if seq != self.last_seq + 1:
                return False
            self.last_seq = seq
            entry = Indexed(seq, command_id, hash_)
            for key in keys.own:
                self._by_key.setdefault(key, []).append(entry)
                if keys.cited and incident_of_key(key):
                    self._cites.setdefault(key, set()).update(keys.cited)
            return True

    def add_committed(self, batch: Sequence[Committed]) -> bool:
        """Engine subscriber: file a durable batch; False if it did not follow on (see ``add``)."""
        for c in batch:
            if c.seq <= self.last_seq:
                continue
            event = c.event
            if not self.add(c.seq, c.command_id, c.hash, keys_of(event.TYPE, _attr_getter(event))):
                return False
        return True

    def add_records(self, records: Iterable[JournalRecord]) -> int:
        """File records read from the journal; returns the last seq seen."""
        for record in records:
            payload = json.loads(record.payload)
            get = payload.get if isinstance(payload, dict) else _nothing
            self.add(record.seq, record.command_id, record.hash, keys_of(record.type, get))
        return self.last_seq

    def build(self, journal: Journal) -> int:
        """Catch up from the journal (start-up); returns the last seq filed."""
        return self.add_records(journal.read(after_seq=self.last_seq))

    def entries(self, incident: str) -> list[Indexed]:
        """The incident's records and those of the directives, bulletins, hazards it cites."""
        with self._lock:
            found = {x.seq: x for x in self._by_key.get(incident, ())}
            for key in self._cites.get(incident, ()):
                found.update((x.seq, x) for x in self._by_key.get(key, ()))
        return [found[seq] for seq in sorted(found)]

    def known(self, incident: str) -> bool:
        """Whether any record names the incident."""
        with self._lock:
            return incident in self._by_key and incident_of_key(incident)


def read_indexed(journal: Journal, entries: Sequence[Indexed]) -> list[JournalRecord]:
    """The records of ``entries``, fetched through the journal's command-id index."""
    wanted = {x.seq for x in entries}
    by_command = journal.read_commands(sorted({x.command_id for x in entries}))
    found = [r for rows in by_command.values() for r in rows if r.seq in wanted]
    return sorted(found, key=lambda r: r.seq)


def _attr_getter(event: e.Event) -> Getter:
    return lambda name: getattr(event, name, None)


def _nothing(name: str) -> object:
    return None
