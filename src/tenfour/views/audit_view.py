"""A standing audit of the hash chain, so a timeline can say at once whether it verifies.

``ChainAuditor`` verifies the journal once at start-up (in a worker thread), then only the
records appended since its last look: after each durable batch and before each timeline. With
the operator's public key, start-up continues from the newest signed checkpoint instead of seq 1
(docs/adr/0018-history-retention.md): its signature is checked, and the row at its seq must carry
the signed hash and recompute to it; rows before it are not read (``tenfour audit verify`` still
audits from seq 1). Without a key a checkpoint proves nothing, so the audit starts at seq 1.

It holds the verified prefix (seq and hash), the first break if any (sticky: a broken chain
stays reported broken), and the latest signed checkpoint whose hash matched the chain at its
seq - with the Ed25519 signature checked when a public key was given. A timeline then needs
only its own records: each one's hash is recomputed from its content and prev_hash, and held
against the hash the engine wrote (kept by the incident index).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from tenfour.journal.chain import GENESIS_HASH, ChainVerifier, hash_of
from tenfour.journal.keyring import KeyTimeline
from tenfour.journal.record import Checkpoint, JournalKey, JournalRecord
from tenfour.journal.record import utc_timestamp as now_text
from tenfour.journal.signing import key_id, verify_checkpoint
from tenfour.journal.store import Journal

RECENT_HASHES = 65_536  # checkpoints are signed at the head, so they land within this window


@dataclass(frozen=True, slots=True)
class ChainStatus:
    """What the auditor has established about the chain."""

    ok: bool
    verified_seq: int
    verified_hash: str
    first_bad_seq: int | None
    reason: str | None
    checkpoint: Checkpoint | None
    checkpoints_checked: int
    key_id: str | None
    checked_at: str
    verified_from_seq: int = 1  # after the signed checkpoint it resumed from (seq 1: none)

    @property
    def signatures_checked(self) -> bool:
        """Whether checkpoints were held against a public key (not only the chain)."""
        return self.key_id is not None


class ChainAuditor:
    """Verifies the chain incrementally; thread-safe."""

    def __init__(self, public_key: Ed25519PublicKey | None = None) -> None:
        self.public_key = public_key
        self._keys = KeyTimeline([], public_key)
        self._chain = ChainVerifier(GENESIS_HASH, 1)
        self._recent: OrderedDict[int, str] = OrderedDict()
        self._seen_checkpoints: set[int] = set()
        self._checkpoint: Checkpoint | None = None
        self._checked = 0
        self._break: tuple[int, str] | None = None
        self._checked_at = ""
        self._from_seq = 1
        self._lock = threading.Lock()

    def catch_up(self, journal: Journal) -> ChainStatus:
        """Verify the records appended since the last look, and any new checkpoints."""
        with self._lock:
            if self._break is None:
                checkpoints = journal.checkpoints()  # before the records: none can be missed
                self.use_keys(journal.keys())
                if self._chain.head_seq == 0 and self._break is None:
                    self._resume(journal, checkpoints)
            if self._break is None:
                self._verify(journal.read(after_seq=self._chain.head_seq), checkpoints)
            self._checked_at = now_text()
            return self._status()

    def _resume(self, journal: Journal, checkpoints: list[Checkpoint]) -> None:
        """Start after the newest signed checkpoint whose signature and row hold (a key is
        needed: without one, a checkpoint proves nothing and the audit starts at seq 1)."""
        if self.public_key is None or not checkpoints:
            return
        cp = max(checkpoints, key=lambda c: c.seq)
        rows = list(journal.read(after_seq=cp.seq - 1, limit=1))
        row = rows[0] if rows and rows[0].seq == cp.seq else None
        problem = self._checkpoint_problem(cp, row.hash if row is not None else None)
        if problem is None and row is not None and hash_of(row) != row.hash:
            problem = f"hash mismatch: the row at seq {cp.seq} does not recompute (edited)"
        if problem is not None:
            self._break = (cp.seq, problem)
            return
        self._chain = ChainVerifier(cp.hash, cp.seq + 1)
        self._remember(cp.seq, cp.hash)
        self._seen_checkpoints.update(c.seq for c in checkpoints if c.seq <= cp.seq)
        self._checkpoint, self._checked, self._from_seq = cp, self._checked + 1, cp.seq + 1

    def use_keys(self, keys: list[JournalKey]) -> None:
        """The journal's key list: each checkpoint is held against the key current at its seq."""
        self._keys = KeyTimeline(keys, self.public_key)
        if self._keys.problem is not None and self._break is None:
            self._break = (0, self._keys.problem)

    def feed(self, records: Iterable[JournalRecord], checkpoints: Iterable[Checkpoint]) -> None:
        """Verify records given by the caller (the CLI reads them once for everything)."""
        with self._lock:
            if self._break is None:
                self._verify(records, checkpoints)
            self._checked_at = now_text()

    def status(self) -> ChainStatus:
        """The latest findings, without reading anything."""
        with self._lock:
            return self._status()

    def _verify(self, records: Iterable[JournalRecord], checkpoints: Iterable[Checkpoint]) -> None:
        pending = {cp.seq: cp for cp in checkpoints if cp.seq not in self._seen_checkpoints}
        for record in records:
            broken = self._chain.check(record)
            if broken is not None:
                self._break = (broken.seq, f"{broken.reason}: {broken.detail}")
                return
            self._remember(record.seq, record.hash)
            cp = pending.pop(record.seq, None)
            if cp is not None and not self._take(cp):
                return
        for cp in sorted(pending.values(), key=lambda c: c.seq):
            if cp.seq <= self._chain.head_seq and cp.seq in self._recent and not self._take(cp):
                return  # a checkpoint ahead of the verified chain waits for the next look

    def _remember(self, seq: int, hash_: str) -> None:
        self._recent[seq] = hash_
        if len(self._recent) > RECENT_HASHES:
            self._recent.popitem(last=False)

    def _take(self, cp: Checkpoint) -> bool:
        self._seen_checkpoints.add(cp.seq)
        problem = self._checkpoint_problem(cp)
        if problem is not None:
            self._break = (cp.seq, problem)
            return False
        self._checked += 1
        if self._checkpoint is None or cp.seq > self._checkpoint.seq:
            self._checkpoint = cp
        return True

    def _checkpoint_problem(self, cp: Checkpoint, chain_hash: str | None = None) -> str | None:
        signer = self._keys.signer_at(cp.seq)
        if signer is not None and not verify_checkpoint(signer, cp):
            return f"forged checkpoint: the signature at seq {cp.seq} does not verify"
        if (chain_hash or self._recent.get(cp.seq)) != cp.hash:
            return (
                f"checkpoint mismatch: the chain's hash at seq {cp.seq} is not the signed one; "
                "history was rewritten before it"
            )
        return None

    def _status(self) -> ChainStatus:
        broken = self._break
        return ChainStatus(
            ok=broken is None,
            verified_seq=self._chain.head_seq,
            verified_hash=self._chain.head_hash,
            first_bad_seq=None if broken is None else broken[0],
            reason=None if broken is None else broken[1],
            checkpoint=self._checkpoint,
            checkpoints_checked=self._checked,
            key_id=None if self.public_key is None else key_id(self.public_key),
            checked_at=self._checked_at,
            verified_from_seq=self._from_seq,
        )
