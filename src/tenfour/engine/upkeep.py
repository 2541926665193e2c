"""The journal's upkeep for one engine: its signing key, signed checkpoints and sealed snapshots.

The engine decides and appends; this keeps what lets a restart trust the journal and start fast.
At open it settles the key with the journal (``journal.keyring``: the key the journal names, made
only for an empty journal) and finds the newest snapshot whose seal holds and which sits on the
chain - a refused one is logged loudly and counted, and the state comes from an older one or from
replay. While the engine runs it signs a checkpoint every ``checkpoint_every`` events and seals a
snapshot every ``snapshot_every``; at stop, one of each for the tail. Calls that touch the journal
block: the engine runs them on its journal threads.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tenfour.domain.state import DispatchState
from tenfour.domain.timefmt import iso
from tenfour.engine.snapshot import load_state, pack
from tenfour.journal.keyring import public_keys, settle_key, take_signing_key
from tenfour.journal.record import Checkpoint, Snapshot
from tenfour.journal.sealing import seal_snapshot, snapshot_problem
from tenfour.journal.signing import sign_checkpoint
from tenfour.journal.store import Journal

log = logging.getLogger("tenfour.engine")


class Upkeep:
    """Key, checkpoints and snapshots of the journal one engine writes."""

    def __init__(
        self,
        journal: Journal,
        clock: Callable[[], datetime],
        *,
        key: Ed25519PrivateKey | None = None,
        key_path: Path | None = None,
        key_holder: str = "tenfour",
        key_notice: Callable[[str], None] | None = None,
        checkpoint_every: int = 1000,
        snapshot_every: int = 5000,
    ) -> None:
        self.journal = journal
        self._clock = clock
        self._key = key
        # With a path, the key is taken at open, once the journal can say which key it expects.
        self._key_path = key_path
        self._key_holder = key_holder
        self._key_notice = key_notice
        self._can_snapshot = True
        self._checkpoint_every = checkpoint_every
        self._snapshot_every = snapshot_every
        self.last_checkpoint = 0
        self.last_snapshot = 0
        self.snapshots_refused = 0

    # --- at open ------------------------------------------------------------------------

    def settle_key(self) -> None:
        """The journal names the key this engine signs with, or the engine does not start."""
        if self._key_path is not None:
            self._key = take_signing_key(
                self.journal, self._key_path, added_by=self._key_holder, notice=self._key_notice
            )
        elif self._key is not None:
            given = self._key
            settle_key(self.journal, lambda: given, "the key given", added_by=self._key_holder)
        # Without a key, a journal that has keys gets no snapshots: one it could not seal would
        # look like a forged one at the next start.
        self._can_snapshot = self._key is not None or not self.journal.keys()

    def restore(self) -> tuple[DispatchState, int]:
        """The state of the newest snapshot that can be trusted and its seq (else empty, 0)."""
        state, start = DispatchState(), 0
        for snap in self.journal.snapshots():  # newest first; a refused one falls back
            loaded = self._trusted_state(snap)
            if loaded is not None:
                state, start = loaded, snap.seq
                break
        self.last_snapshot = start
        checkpoints = self.journal.checkpoints()
        self.last_checkpoint = checkpoints[-1].seq if checkpoints else 0
        return state, start

    def _trusted_state(self, snap: Snapshot) -> DispatchState | None:
        """The snapshot's state if its seal holds and it sits on the chain; else None, loudly."""
        problem = snapshot_problem(snap, public_keys(self.journal.keys()))
        if problem is None and not self._on_the_chain(snap):
            problem = "its seq and hash are not the journal's"
        if problem is not None and not snap.digest:
            log.warning("snapshot at seq %s not used (%s): replaying instead", snap.seq, problem)
            return None
        if problem is not None:
            self.snapshots_refused += 1
            log.error("snapshot at seq %s REFUSED (%s); rebuilding from the journal", snap.seq,
                      problem)  # fmt: skip
            return None
        return load_state(snap.state)

    def _on_the_chain(self, snap: Snapshot) -> bool:
        found = list(self.journal.read(after_seq=snap.seq - 1, limit=1))
        return bool(found) and found[0].seq == snap.seq and found[0].hash == snap.hash

    def resume(self, head_seq: int, checkpoints: list[Checkpoint]) -> None:
        """A follower becomes the writer: count checkpoints and snapshots from where it stands.

        The next snapshot comes ``snapshot_every`` events on (the leader before kept its own)."""
        self.last_checkpoint = checkpoints[-1].seq if checkpoints else 0
        self.last_snapshot = head_seq

    # --- while running ------------------------------------------------------------------

    def checkpoint_due(self, seq: int) -> bool:
        """Whether ``checkpoint_every`` events have passed since the last signed checkpoint."""
        return self._key is not None and seq - self.last_checkpoint >= self._checkpoint_every

    def snapshot_due(self, seq: int) -> bool:
        """Whether ``snapshot_every`` events have passed since the last snapshot."""
        return seq - self.last_snapshot >= self._snapshot_every

    def checkpoint(self, head: tuple[int, str]) -> None:
        """Sign the head (nothing without a key or before the first event)."""
        seq, head_hash = head
        if self._key is None or seq == 0:
            return
        self.journal.add_checkpoint(sign_checkpoint(self._key, seq, head_hash, iso(self._clock())))
        self.last_checkpoint = seq

    def snapshot(self, text: str, head: tuple[int, str]) -> None:
        """Seal and save the state written out as ``text`` at ``head``."""
        seq, head_hash = head
        if not self._can_snapshot:
            return
        try:
            self.journal.save_snapshot(seal_snapshot(seq, head_hash, pack(text), self._key))
        finally:  # after a failure too: the next try waits for snapshot_every more events
            self.last_snapshot = seq

    def finish(self, head: tuple[int, str], dump: Callable[[], str]) -> None:
        """At stop: a checkpoint and a snapshot for whatever came after the last ones."""
        if head[0] > self.last_checkpoint:
            self.checkpoint(head)
        if head[0] > self.last_snapshot:
            self.snapshot(dump(), head)
