"""Snapshots bound to the chain: a digest of the stored state, signed with the journal's key.

A snapshot lets start-up skip replaying the journal, so whoever edits one (with the database in
hand) would change what the server believes without touching the chain. Sealing closes that: the
snapshot carries the SHA-256 of its ``state`` text exactly as stored, and an Ed25519 signature
by the journal's current key over ``f"snapshot:{seq}:{hash}:{digest}"`` (seq and hash are the
chain's at the snapshot). ``snapshot_problem`` says why a snapshot may not be trusted, or None.

A journal with no keys at all (tests, benchmarks) gets digest-only snapshots: that catches a
careless edit, not a deliberate one - production always runs with a key.
"""

from __future__ import annotations

from collections.abc import Mapping
from hashlib import sha256

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from tenfour.journal.record import Snapshot
from tenfour.journal.signing import key_id


def state_digest(state: str) -> str:
    """Hex SHA-256 of a snapshot's state text as stored."""
    return sha256(state.encode("utf-8")).hexdigest()


def snapshot_message(seq: int, hash: str, digest: str) -> bytes:
    """The exact bytes a snapshot's signature covers."""
    return f"snapshot:{seq}:{hash}:{digest}".encode()


def seal_snapshot(seq: int, hash: str, state: str, key: Ed25519PrivateKey | None) -> Snapshot:
    """The snapshot with its digest, signed by ``key`` when there is one."""
    digest = state_digest(state)
    if key is None:
        return Snapshot(seq, hash, state, digest)
    signature = key.sign(snapshot_message(seq, hash, digest)).hex()
    return Snapshot(seq, hash, state, digest, key_id(key.public_key()), signature)


def snapshot_problem(snap: Snapshot, keys: Mapping[str, Ed25519PublicKey]) -> str | None:
    """Why ``snap`` may not be trusted (None if it may), given the journal's keys by id."""
    if not snap.digest:
        return "unsealed (written before snapshots were sealed)"
    actual = state_digest(snap.state)
    if actual != snap.digest:
        return f"state edited: its SHA-256 is {actual[:12]}…, the sealed digest {snap.digest[:12]}…"
    if not keys:
        return None
    public = keys.get(snap.key_id)
    if public is None:
        return f"sealed by key {snap.key_id or '(none)'}, which the journal does not name"
    try:
        public.verify(bytes.fromhex(snap.signature), snapshot_message(snap.seq, snap.hash, actual))
    except (InvalidSignature, ValueError):
        return f"seal does not verify with key {snap.key_id}"
    return None
