"""Sealed snapshots: the digest of the stored text, signed with a key the journal names."""

from __future__ import annotations

from dataclasses import replace

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from tenfour.journal.sealing import seal_snapshot, snapshot_problem, state_digest
from tenfour.journal.signing import key_id

HASH = "a" * 64


def keys_of(*keys: Ed25519PrivateKey) -> dict[str, Ed25519PublicKey]:
    return {key_id(k.public_key()): k.public_key() for k in keys}


def test_a_sealed_snapshot_verifies_with_its_key() -> None:
    key = Ed25519PrivateKey.generate()
    snap = seal_snapshot(7, HASH, "zlib:abc", key)
    assert snap.digest == state_digest("zlib:abc")
    assert snapshot_problem(snap, keys_of(key)) is None


def test_an_edited_state_is_refused_even_with_its_digest_recomputed() -> None:
    key = Ed25519PrivateKey.generate()
    snap = seal_snapshot(7, HASH, "zlib:abc", key)
    edited = replace(snap, state="zlib:evil")
    assert "state edited" in (snapshot_problem(edited, keys_of(key)) or "")
    redigested = replace(edited, digest=state_digest("zlib:evil"))
    assert "does not verify" in (snapshot_problem(redigested, keys_of(key)) or "")


def test_a_snapshot_sealed_by_a_key_the_journal_does_not_name_is_refused() -> None:
    mallory, ours = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    snap = seal_snapshot(7, HASH, "zlib:abc", mallory)
    assert "does not name" in (snapshot_problem(snap, keys_of(ours)) or "")


def test_unsealed_snapshots_are_not_trusted_and_keyless_journals_check_the_digest() -> None:
    snap = seal_snapshot(7, HASH, "zlib:abc", None)
    assert snapshot_problem(snap, {}) is None
    assert "state edited" in (snapshot_problem(replace(snap, state="x"), {}) or "")
    assert "unsealed" in (snapshot_problem(replace(snap, digest=""), {}) or "")
