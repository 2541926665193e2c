"""Which journal records belong to which incident: ``JournalIndex`` for a server, over the
journal's own filing, and ``IncidentIndex`` in memory for a one-pass scan of a journal.

The keys come from ``domain.filing``. Each entry keeps the seq, the command id (the journal's
indexed way to fetch records) and the hash written with the record: held against the row read
back later, it reveals a row rewritten after the fact even with a recomputed hash. On a server
the hashes the engine itself computed are kept for the most recent records (``RECENT``), so a
row rewritten while the server runs is caught even if its filing row is rewritten too; older
entries hold the hash the journal filed in the append's transaction.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence

from tenfour.domain import events as e
from tenfour.domain.filing import Getter, Keys, incident_of_key, keys_of
from tenfour.engine.envelope import Committed
from tenfour.journal.filing import Filed
from tenfour.journal.record import JournalRecord
from tenfour.journal.store import Journal

Indexed = Filed  # where a record is, and its hash when written
RECENT = 65_536  # records whose engine-computed hash a server keeps in memory


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


class JournalIndex:
    """The journal's filing (``journal.filing``), with the engine's hashes of recent records.

    Nothing grows with history here: the filing lives in the database, written with the
    records, and memory holds at most ``RECENT`` hashes.
    """

    def __init__(self, journal: Journal, recent: int = RECENT) -> None:
        self.journal = journal
        self._written: OrderedDict[int, str] = OrderedDict()
        self._recent = recent
        self._lock = threading.Lock()

    def add_committed(self, batch: Sequence[Committed]) -> bool:
        """Engine subscriber: keep the hashes the engine computed for this batch."""
        with self._lock:
            for c in batch:
                self._written[c.seq] = c.hash
            while len(self._written) > self._recent:
                self._written.popitem(last=False)
        return True

    def build(self, journal: Journal) -> int:
        """Nothing to catch up: the journal files each record as it appends it."""
        return 0

    def entries(self, incident: str) -> list[Indexed]:
        """The incident's records and those it cites; the engine's hash where still held."""
        filed = self.journal.filed(incident)
        with self._lock:
            written = self._written
            return [Indexed(f.seq, f.command_id, written.get(f.seq, f.hash)) for f in filed]

    def known(self, incident: str) -> bool:
        """Whether any record names the incident."""
        return incident_of_key(incident) and self.journal.files(incident)


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
