"""An in-memory journal for fast tests: the Journal contract without a database."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from types import TracebackType
from typing import Self

from tenfour.journal.chain import GENESIS_HASH
from tenfour.journal.errors import JournalConflict
from tenfour.journal.record import Checkpoint, JournalKey, JournalRecord, Snapshot


class MemoryJournal:
    """Records, checkpoints and snapshots in lists; ``tamper`` edits a row behind the chain."""

    in_process = True

    def __init__(self) -> None:
        self.records: list[JournalRecord] = []
        self.cps: list[Checkpoint] = []
        self.snapshot: Snapshot | None = None
        self.key_rows: list[JournalKey] = []

    def migrate(self) -> None:
        pass

    def append(self, records: Sequence[JournalRecord]) -> None:
        head_seq, head_hash = self.head()
        if records and (records[0].seq != head_seq + 1 or records[0].prev_hash != head_hash):
            raise JournalConflict("batch does not follow the head")
        self.records.extend(records)

    def read(self, after_seq: int = 0, limit: int | None = None) -> Iterator[JournalRecord]:
        chosen = [r for r in self.records if r.seq > after_seq]
        return iter(chosen if limit is None else chosen[:limit])

    def read_command(self, command_id: str) -> list[JournalRecord]:
        return [r for r in self.records if r.command_id == command_id]

    def read_commands(self, command_ids: Sequence[str]) -> dict[str, list[JournalRecord]]:
        wanted = set(command_ids)
        out: dict[str, list[JournalRecord]] = {}
        for r in self.records:
            if r.command_id in wanted:
                out.setdefault(r.command_id, []).append(r)
        return out

    def head(self) -> tuple[int, str]:
        return (self.records[-1].seq, self.records[-1].hash) if self.records else (0, GENESIS_HASH)

    def add_checkpoint(self, cp: Checkpoint) -> None:
        self.cps.append(cp)

    def checkpoints(self) -> list[Checkpoint]:
        return sorted(self.cps, key=lambda c: c.seq)

    def save_snapshot(self, snap: Snapshot) -> None:
        self.snapshot = snap

    def latest_snapshot(self) -> Snapshot | None:
        return self.snapshot

    def snapshots(self) -> list[Snapshot]:
        return [] if self.snapshot is None else [self.snapshot]

    def add_key(self, key: JournalKey) -> None:
        if key.position != len(self.key_rows):
            raise JournalConflict("key out of turn")
        self.key_rows.append(key)

    def keys(self) -> list[JournalKey]:
        return list(self.key_rows)

    def acquire_writer_lock(self) -> None:
        pass

    def release_writer_lock(self) -> None:
        pass

    def close(self) -> None:
        pass

    def tamper(self, seq: int, **changes: object) -> None:
        index = next(i for i, r in enumerate(self.records) if r.seq == seq)
        self.records[index] = self.records[index]._replace(**changes)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
