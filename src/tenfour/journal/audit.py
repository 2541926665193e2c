"""Audit: recompute the whole chain (streaming) and hold it against the signed checkpoints.

What is caught: an edited row (payload or any metadata: hash mismatch), a deleted row (gap), rows
out of order, a row inserted or a history rewritten with recomputed hashes (the chain hash at a
checkpoint's seq no longer matches what the key signed), a forged or altered checkpoint (bad
signature), a deleted tail below the last checkpoint. What cannot be caught from the database
alone: a tail deleted after the last checkpoint, or checkpoints deleted along with it - keep a copy
of the latest checkpoint elsewhere (export) to close that window.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from tenfour.journal.chain import GENESIS_HASH, ChainVerifier, with_next_seq
from tenfour.journal.keyring import KeyTimeline
from tenfour.journal.record import Checkpoint, JournalRecord
from tenfour.journal.signing import key_id, verify_checkpoint
from tenfour.journal.store import Journal

ProgressCallback = Callable[[int], None]
PROGRESS_EVERY = 10_000


@dataclass(frozen=True, slots=True)
class AuditReport:
    """The outcome of an audit; on failure ``head_*`` describe the last record that verified."""

    ok: bool
    events: int
    head_seq: int
    head_hash: str
    first_bad_seq: int | None
    reason: str | None
    checkpoints_checked: int
    last_verified_checkpoint_seq: int | None


class UnreadableRecordError(ValueError):
    """A record source (e.g. an export file) holds something that is not a valid record."""


@dataclass(frozen=True, slots=True)
class _Failure:
    seq: int
    reason: str


class _Auditor:
    """Chain verifier plus the checkpoints still ahead of it."""

    def __init__(
        self,
        checkpoints: Iterable[Checkpoint],
        public_key: Ed25519PublicKey | None,
        start_seq: int,
        start_prev_hash: str,
        keys: KeyTimeline | None = None,
    ) -> None:
        self.chain = ChainVerifier(start_prev_hash, start_seq)
        ahead = sorted((cp for cp in checkpoints if cp.seq >= start_seq), key=lambda cp: cp.seq)
        self.pending = deque(ahead)
        self.public_key = public_key
        self.keys = keys or KeyTimeline([], public_key)
        self.start_seq = start_seq
        self.events = 0
        self.checked = 0
        self.last_checkpoint: int | None = None

    def feed(self, record: JournalRecord, next_seq: int | None) -> _Failure | None:
        broken = self.chain.check(record, next_seq)
        if broken is not None:
            return _Failure(broken.seq, f"{broken.reason}: {broken.detail}")
        self.events += 1
        while self.pending and self.pending[0].seq == record.seq:
            failure = self._check_checkpoint(self.pending.popleft())
            if failure is not None:
                return failure
        return None

    def finish(self) -> _Failure | None:
        if not self.pending:
            return None
        cp, end = self.pending[0], self.chain.head_seq
        return _Failure(
            end + 1,
            f"tail deleted: the journal ends at seq {end} but a checkpoint was signed at "
            f"seq {cp.seq}",
        )

    def _check_checkpoint(self, cp: Checkpoint) -> _Failure | None:
        signer = self.keys.signer_at(cp.seq)
        if signer is not None and not verify_checkpoint(signer, cp):
            expected = key_id(signer)
            return _Failure(
                cp.seq,
                f"forged checkpoint: signature at seq {cp.seq} does not verify "
                f"(key id {cp.key_id}, expected {expected})",
            )
        if cp.hash != self.chain.head_hash:
            last = self.last_checkpoint
            since = self.start_seq if last is None else last + 1
            return _Failure(
                since,
                f"checkpoint mismatch: the chain's hash at seq {cp.seq} is not the signed one; "
                f"history was rewritten between seq {since} and {cp.seq}",
            )
        self.checked += 1
        self.last_checkpoint = cp.seq
        return None

    def report(self, failure: _Failure | None) -> AuditReport:
        return AuditReport(
            ok=failure is None,
            events=self.events,
            head_seq=self.chain.head_seq,
            head_hash=self.chain.head_hash,
            first_bad_seq=None if failure is None else failure.seq,
            reason=None if failure is None else failure.reason,
            checkpoints_checked=self.checked,
            last_verified_checkpoint_seq=self.last_checkpoint,
        )


def verify_records(
    records: Iterable[JournalRecord],
    checkpoints: Iterable[Checkpoint],
    public_key: Ed25519PublicKey | None,
    *,
    start_seq: int = 1,
    start_prev_hash: str = GENESIS_HASH,
    on_progress: ProgressCallback | None = None,
) -> AuditReport:
    """Audit a stream of records against checkpoints (signatures checked if a key is given)."""
    auditor = _Auditor(checkpoints, public_key, start_seq, start_prev_hash)
    return _run(auditor, records, on_progress)


def _run(
    auditor: _Auditor, records: Iterable[JournalRecord], on_progress: ProgressCallback | None
) -> AuditReport:
    try:
        for record, next_seq in with_next_seq(records):
            failure = auditor.feed(record, next_seq)
            if failure is not None:
                return auditor.report(failure)
            if on_progress is not None and auditor.events % PROGRESS_EVERY == 0:
                on_progress(record.seq)
    except UnreadableRecordError as exc:
        return auditor.report(_Failure(auditor.chain.head_seq + 1, str(exc)))
    return auditor.report(auditor.finish())


def verify_journal(
    journal: Journal,
    public_key: Ed25519PublicKey | None,
    *,
    on_progress: ProgressCallback | None = None,
) -> AuditReport:
    """Audit a whole journal from seq 1; ``public_key=None`` skips signature checks.

    Where the journal lists its keys, ``public_key`` (the operator's, from outside the database)
    must be one of them, the list must be endorsed key by key, and each checkpoint must be
    signed by the key current at its seq.
    """
    keys = KeyTimeline(journal.keys(), public_key)
    auditor = _Auditor(journal.checkpoints(), public_key, 1, GENESIS_HASH, keys)
    if keys.problem is not None:
        return auditor.report(_Failure(0, keys.problem))
    return _run(auditor, journal.read(), on_progress)
