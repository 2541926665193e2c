"""The rules every journal backend applies to a write, in the same words.

A batch must follow the journal's head and be one contiguous chain; a checkpoint or a snapshot
must name a hash the journal recorded at its seq. The SQL backends and the memory journal raise
the same ``JournalConflict`` for the same fault, so the contract suite can hold them to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from tenfour.journal.chain import GENESIS_HASH
from tenfour.journal.errors import JournalConflict
from tenfour.journal.record import JournalRecord

SNAPSHOTS_KEPT = 2  # the newest and one before it, in case the newest turns out unreadable


def check_follows(head: tuple[int, str], first: JournalRecord) -> None:
    """Refuse a batch whose first record does not follow ``head`` (seq, hash)."""
    seq, hash_ = head
    if first.seq != seq + 1 or first.prev_hash != hash_:
        raise JournalConflict(
            f"batch starts at seq {first.seq} (prev_hash {first.prev_hash[:12]}…) but the "
            f"journal's head is seq {seq} (hash {hash_[:12]}…)"
        )


def check_linked(records: Sequence[JournalRecord]) -> None:
    """Refuse a batch that is not one chain: each record follows the one before it."""
    for before, after in pairwise(records):
        if after.seq != before.seq + 1 or after.prev_hash != before.hash:
            raise JournalConflict(f"batch is not a contiguous chain at seq {after.seq}")


def check_recorded(recorded: str | None, seq: int, hash_: str, what: str) -> None:
    """Refuse a checkpoint or snapshot whose hash is not the one recorded at its seq.

    ``recorded`` is the journal's hash at ``seq`` (None if there is no such record); seq 0 with
    the genesis hash names the empty journal and is always recorded.
    """
    if seq == 0 and hash_ == GENESIS_HASH:
        return
    if recorded != hash_:
        raise JournalConflict(f"{what} at seq {seq} does not match the journal's hash there")
