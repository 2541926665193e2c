"""The server's start-up audit resumes from the newest signed checkpoint (``ChainAuditor``).

Rows after the checkpoint are still verified one by one, so tampering there is caught at
start-up; rows before it are not read at all (a full audit stays ``tenfour audit verify``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tenfour.journal.audit import verify_journal
from tenfour.journal.record import JournalRecord
from tenfour.journal.signing import sign_checkpoint
from tenfour.journal.store import Journal
from tenfour.views.audit_view import ChainAuditor
from tests.journal_support import extend, rogue_dba

SIGNED_AT = "2026-11-25T15:00:00.000Z"


class Reads:
    """The journal, noting where each ``read`` starts."""

    def __init__(self, journal: Journal) -> None:
        self.journal = journal
        self.after: list[int] = []

    def read(self, after_seq: int = 0, limit: int | None = None) -> Iterator[JournalRecord]:
        self.after.append(after_seq)
        return self.journal.read(after_seq, limit)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.journal, name)


@pytest.fixture
def signed(journal: Journal, signing_key: Ed25519PrivateKey) -> list[JournalRecord]:
    """Twelve records, checkpoints signed at seq 4 and 8."""
    written = extend(journal, 4) + extend(journal, 4) + extend(journal, 4)
    for seq in (4, 8):
        journal.add_checkpoint(sign_checkpoint(signing_key, seq, written[seq - 1].hash, SIGNED_AT))
    return written


def start_up(journal: Journal, key: Ed25519PrivateKey | None) -> tuple[Any, list[int]]:
    reads = Reads(journal)
    auditor = ChainAuditor(None if key is None else key.public_key())
    return auditor.catch_up(reads), reads.after


def test_start_up_resumes_after_the_signed_checkpoint_reading_nothing_before_it(
    journal: Journal, journal_url: str, signed: list[JournalRecord], signing_key: Ed25519PrivateKey
) -> None:
    with rogue_dba(journal_url) as dba:
        dba.edit(2, actor_user="someone-else")  # before the checkpoint: not read at start-up
    status, after = start_up(journal, signing_key)
    assert status.ok, status.reason
    assert (status.verified_from_seq, status.verified_seq) == (9, 12)
    assert status.checkpoint is not None and status.checkpoint.seq == 8
    assert min(after) == 7  # the checkpoint's own row, then from seq 8 on
    assert not verify_journal(journal, signing_key.public_key()).ok  # the full audit finds it


def test_a_row_tampered_after_the_checkpoint_is_caught_at_start_up(
    journal: Journal, journal_url: str, signed: list[JournalRecord], signing_key: Ed25519PrivateKey
) -> None:
    with rogue_dba(journal_url) as dba:
        dba.edit(10, payload='{"incident":"I-6","unit":"E99"}')
    status, _ = start_up(journal, signing_key)
    assert not status.ok and status.first_bad_seq == 10


def test_the_checkpoint_row_itself_is_held_against_the_signature(
    journal: Journal, journal_url: str, signed: list[JournalRecord], signing_key: Ed25519PrivateKey
) -> None:
    with rogue_dba(journal_url) as dba:
        dba.edit(8, actor_user="someone-else")
    status, _ = start_up(journal, signing_key)
    assert not status.ok and status.first_bad_seq == 8


def test_a_forged_checkpoint_stops_the_resume(
    journal: Journal, journal_url: str, signed: list[JournalRecord], signing_key: Ed25519PrivateKey
) -> None:
    with rogue_dba(journal_url) as dba:
        dba.edit_checkpoint(8, signature="00" * 64)
    status, _ = start_up(journal, signing_key)
    assert not status.ok and status.reason is not None and "forged" in status.reason


def test_without_a_key_start_up_audits_from_seq_one(
    journal: Journal, journal_url: str, signed: list[JournalRecord]
) -> None:
    with rogue_dba(journal_url) as dba:
        dba.edit(2, actor_user="someone-else")
    status, after = start_up(journal, None)
    assert not status.ok and status.first_bad_seq == 2
    assert after == [0]
