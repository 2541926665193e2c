"""The memory journal: the Journal contract with no database, for tests, the simulator and training.

It keeps its promises the way the SQL backends do (the contract suite runs on all three): a batch
must follow the head and be one chain, or nothing is written; checkpoints are never replaced and
must name a recorded hash; snapshots are replaceable and only the newest few are kept; one writer
at a time. What it cannot promise is durability: nothing outlives the process.

``memory://NAME`` opens the store called NAME, shared by every journal opened on it (a second
"connection": the runtime opens a writer and a reader) for as long as one of them is open - like
SQLite's shared in-memory database. ``MemoryJournal()`` opens a private store.
"""

from __future__ import annotations

import threading
import weakref
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from types import TracebackType
from typing import Self

from tenfour.journal.chain import GENESIS_HASH
from tenfour.journal.errors import (
    JournalConflict,
    JournalNotFound,
    JournalUnavailable,
    WriterLockHeld,
)
from tenfour.journal.filing import Filed, filing_rows
from tenfour.journal.record import Checkpoint, JournalKey, JournalRecord, Snapshot
from tenfour.journal.rules import SNAPSHOTS_KEPT, check_follows, check_linked, check_recorded

MEMORY_SCHEME = "memory://"


class MemoryStore:
    """What a memory journal holds: the records in seq order, each command's records,
    the checkpoints and snapshots by seq, and which journal is the writer."""

    def __init__(self, name: str = "") -> None:
        self.name = name
        self.lock = threading.RLock()
        self.records: list[JournalRecord] = []
        self.by_command: dict[str, list[JournalRecord]] = {}
        self.checkpoints: dict[int, Checkpoint] = {}
        self.snapshots: dict[int, Snapshot] = {}
        self.keys: list[JournalKey] = []
        self.writer: MemoryJournal | None = None
        self.filing: dict[str, list[Filed]] = {}  # as the SQL journals' journal_filing
        self.citations: dict[str, set[str]] = {}

    def head(self) -> tuple[int, str]:
        """The last seq and hash, or ``(0, GENESIS_HASH)`` when empty."""
        last = self.records[-1] if self.records else None
        return (last.seq, last.hash) if last else (0, GENESIS_HASH)

    def add(self, records: Sequence[JournalRecord]) -> None:
        """Keep ``records`` (already checked) and index them by command."""
        self.records.extend(records)
        for record in records:
            self.by_command.setdefault(record.command_id, []).append(record)
        filings, citations = filing_rows(records)
        for key, seq, command_id, hash_ in filings:
            self.filing.setdefault(key, []).append(Filed(seq, command_id, hash_))
        for key, cited in citations:
            self.citations.setdefault(key, set()).add(cited)

    def position(self, after_seq: int) -> int:
        """The index of the first record with seq > ``after_seq``."""
        return bisect_right(self.records, after_seq, key=_seq_of)

    def hash_at(self, seq: int) -> str | None:
        """The hash recorded at ``seq``, if there is a record there."""
        i = self.position(seq - 1)
        found = self.records[i] if i < len(self.records) else None
        return found.hash if found is not None and found.seq == seq else None

    def reindex(self) -> None:
        """Sort by seq and rebuild the command index, after records were edited in place.

        The journal itself never does that; a test's rogue administrator does, as a database
        administrator edits a table and the database keeps its indexes.
        """
        self.records.sort(key=_seq_of)
        self.by_command = {}
        for record in self.records:
            self.by_command.setdefault(record.command_id, []).append(record)


def _seq_of(record: JournalRecord) -> int:
    return record.seq


# Named stores live while a journal on them is open (the journals hold them, not this table).
_NAMED: weakref.WeakValueDictionary[str, MemoryStore] = weakref.WeakValueDictionary()
_NAMED_LOCK = threading.Lock()


def open_memory_journal(url: str, *, create: bool = True) -> MemoryJournal:
    """A journal on the store ``memory://NAME`` names; ``create=False``: it must be open already."""
    name = url.removeprefix(MEMORY_SCHEME)
    if not name:
        raise JournalUnavailable(
            "a memory journal needs a name (memory://NAME) so a reader opens the same store"
        )
    with _NAMED_LOCK:
        store = _NAMED.get(name)
        if store is None:
            if not create:
                raise JournalNotFound(f"no open memory journal named {name!r} in this process")
            store = _NAMED[name] = MemoryStore(name)
    return MemoryJournal(store)


class MemoryJournal:
    """A Journal over a ``MemoryStore`` (see ``tenfour.journal.store.Journal``)."""

    in_process = True

    def __init__(self, store: MemoryStore | None = None) -> None:
        self._store: MemoryStore | None = store or MemoryStore()

    @property
    def store(self) -> MemoryStore:
        """The store this journal reads and writes; ``JournalUnavailable`` once closed."""
        if self._store is None:
            raise JournalUnavailable("the memory journal is closed")
        return self._store

    def migrate(self) -> None:
        """Nothing to create: the store has no schema."""
        _ = self.store  # refuses a closed journal, as the SQL backends do

    def append(self, records: Sequence[JournalRecord]) -> None:
        """Keep the batch, all of it or (on a conflict) none of it.

        Like the SQL backends, the writer lock is for writers to take, not a fence on append.
        """
        if not records:
            return
        check_linked(records)
        store = self.store
        with store.lock:
            check_follows(store.head(), records[0])
            staged: list[JournalRecord] = []
            self._insert_rows(staged, records)
            store.add(staged)  # the commit: nothing is kept if staging failed

    def _insert_rows(self, staged: list[JournalRecord], rows: Sequence[JournalRecord]) -> None:
        """Stage rows for the append's commit (a hook the contract suite fails midway)."""
        staged.extend(rows)

    def _check_writer(self, store: MemoryStore) -> None:
        if store.writer is not None and store.writer is not self:
            raise WriterLockHeld(_held_message(store))

    def read(self, after_seq: int = 0, limit: int | None = None) -> Iterator[JournalRecord]:
        """Records with seq > ``after_seq`` in seq order, as they were when called."""
        store = self.store
        with store.lock:
            start = store.position(after_seq)
            end = len(store.records) if limit is None else start + max(limit, 0)
            return iter(store.records[start:end])

    def read_command(self, command_id: str) -> list[JournalRecord]:
        """Every record one command produced, in seq order."""
        store = self.store
        with store.lock:
            return list(store.by_command.get(command_id, ()))

    def read_commands(self, command_ids: Sequence[str]) -> dict[str, list[JournalRecord]]:
        """Records of several commands, keyed by command id (absent ids are missing)."""
        store = self.store
        with store.lock:
            found = ((cid, store.by_command.get(cid)) for cid in command_ids)
            return {cid: list(records) for cid, records in found if records}

    def head(self) -> tuple[int, str]:
        """Last seq and hash; ``(0, GENESIS_HASH)`` when empty."""
        store = self.store
        with store.lock:
            return store.head()

    def filed(self, key: str) -> list[Filed]:
        """Records filed under ``key`` and under the keys it cites, in seq order."""
        store = self.store
        with store.lock:
            found = {f.seq: f for f in store.filing.get(key, ())}
            for cited in store.citations.get(key, ()):
                found.update((f.seq, f) for f in store.filing.get(cited, ()))
        return [found[seq] for seq in sorted(found)]

    def files(self, key: str) -> bool:
        """Whether any record is filed under ``key`` itself."""
        store = self.store
        with store.lock:
            return bool(store.filing.get(key))

    def add_checkpoint(self, cp: Checkpoint) -> None:
        """Keep a signed checkpoint; its seq and hash must be recorded, its seq new."""
        store = self.store
        with store.lock:
            check_recorded(store.hash_at(cp.seq), cp.seq, cp.hash, "checkpoint")
            if cp.seq in store.checkpoints:
                raise JournalConflict(f"checkpoint at seq {cp.seq} refused: one is already there")
            store.checkpoints[cp.seq] = cp

    def checkpoints(self) -> list[Checkpoint]:
        """All checkpoints in seq order."""
        store = self.store
        with store.lock:
            return [store.checkpoints[seq] for seq in sorted(store.checkpoints)]

    def save_snapshot(self, snap: Snapshot) -> None:
        """Keep (or replace) the snapshot at ``snap.seq``; only the newest few are kept."""
        store = self.store
        with store.lock:
            check_recorded(store.hash_at(snap.seq), snap.seq, snap.hash, "snapshot")
            store.snapshots[snap.seq] = snap
            for seq in sorted(store.snapshots)[:-SNAPSHOTS_KEPT]:
                del store.snapshots[seq]

    def latest_snapshot(self) -> Snapshot | None:
        """The snapshot with the highest seq, if any."""
        store = self.store
        with store.lock:
            return store.snapshots[max(store.snapshots)] if store.snapshots else None

    def snapshots(self) -> list[Snapshot]:
        """Every snapshot kept, newest first."""
        store = self.store
        with store.lock:
            return [store.snapshots[seq] for seq in sorted(store.snapshots, reverse=True)]

    def add_key(self, key: JournalKey) -> None:
        """Record a signing key (never replaced); its position must be the next one."""
        store = self.store
        with store.lock:
            if key.position != len(store.keys):
                raise JournalConflict(
                    f"key {key.key_id} at position {key.position}, but the journal holds "
                    f"{len(store.keys)} keys"
                )
            if any(k.key_id == key.key_id for k in store.keys):
                raise JournalConflict(f"key {key.key_id} refused: it is recorded already")
            store.keys.append(key)

    def keys(self) -> list[JournalKey]:
        """The journal's signing keys, oldest first (the last is current)."""
        store = self.store
        with store.lock:
            return list(store.keys)

    def acquire_writer_lock(self) -> None:
        """Become the store's one writer (re-entrant), or raise ``WriterLockHeld``."""
        store = self.store
        with store.lock:
            self._check_writer(store)
            store.writer = self

    def release_writer_lock(self) -> None:
        """Stop being the writer (no-op if not the writer)."""
        store = self._store
        if store is not None and store.writer is self:
            store.writer = None

    def close(self) -> None:
        """Release the writer lock and let go of the store (a named one ends with its last
        journal)."""
        self.release_writer_lock()
        self._store = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _held_message(store: MemoryStore) -> str:
    where = f"memory journal {store.name!r}" if store.name else "this memory journal"
    return (
        f"{where} already has a writer (another journal object in this process); "
        "a second writer is refused - reading is still allowed"
    )
