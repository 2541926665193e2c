"""The journal's keys: first key for an empty journal, adoption, refusal, endorsed rotation."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tenfour.journal.errors import KeyRefused
from tenfour.journal.keyring import key_history_problem, rotate_key, settle_key, take_signing_key
from tenfour.journal.memory import MemoryJournal
from tenfour.journal.signing import key_id, load_or_create_key, sign_checkpoint
from tests.journal_support import make_records

AT = "2026-11-30T09:00:00.000Z"


def kid(key: Ed25519PrivateKey) -> str:
    return key_id(key.public_key())


def with_events(signer: Ed25519PrivateKey | None = None) -> MemoryJournal:
    journal = MemoryJournal()
    records = make_records(3)
    journal.append(records)
    if signer is not None:
        journal.add_checkpoint(sign_checkpoint(signer, 3, records[-1].hash, AT))
    return journal


def test_an_empty_journal_gets_a_new_key_and_records_it(tmp_path: Path) -> None:
    journal = MemoryJournal()
    told: list[str] = []
    key = take_signing_key(journal, tmp_path / "k.pem", added_by="ops", notice=told.append)
    [row] = journal.keys()
    assert row.key_id == kid(key) and row.added_by == "ops" and row.since_seq == 0
    assert key_history_problem(journal.keys()) is None
    assert "created a new Ed25519 journal signing key" in told[0]


def test_no_key_is_made_for_a_journal_that_has_events(tmp_path: Path) -> None:
    with pytest.raises(KeyRefused, match="a new key is made only for an empty journal"):
        take_signing_key(with_events(), tmp_path / "k.pem", added_by="ops")
    assert not (tmp_path / "k.pem").exists()


def test_an_older_journal_adopts_the_key_that_signed_its_checkpoints() -> None:
    key = Ed25519PrivateKey.generate()
    journal = with_events(key)
    settle_key(journal, lambda: key, "the key given", added_by="ops")
    assert journal.keys()[0].reason == "adopted: signed its checkpoints"
    other = Ed25519PrivateKey.generate()
    with pytest.raises(KeyRefused, match=kid(key)):
        settle_key(with_events(key), lambda: other, "the key given", added_by="ops")


def test_a_rotation_is_endorsed_by_the_old_key_and_checkpoints_the_head(tmp_path: Path) -> None:
    old = load_or_create_key(tmp_path / "old.pem")[0]
    journal = MemoryJournal()
    settle_key(journal, lambda: old, "old", added_by="ops")
    journal.append(make_records(2))
    new = Ed25519PrivateKey.generate()
    row = rotate_key(journal, old, new, added_by="cli:ann", reason="laptop stolen")
    assert (row.previous_key_id, row.since_seq, row.reason) == (kid(old), 2, "laptop stolen")
    assert journal.checkpoints()[-1].key_id == kid(old)  # the old key signed up to the hand-over
    assert key_history_problem(journal.keys()) is None
    with pytest.raises(KeyRefused, match=f"current signing key is {kid(new)}"):
        settle_key(journal, lambda: old, "old", added_by="ops")


def test_an_edited_key_row_breaks_the_history() -> None:
    key = Ed25519PrivateKey.generate()
    journal = MemoryJournal()
    settle_key(journal, lambda: key, "k", added_by="ops")
    edited = [replace(journal.keys()[0], added_by="someone else")]
    assert "endorsement does not verify" in (key_history_problem(edited) or "")
