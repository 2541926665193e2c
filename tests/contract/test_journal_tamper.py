"""An administrator tampers with the journal's storage (triggers dropped first); the audit notices.

Runs on every backend (the same tampering steps: SQL, or the memory journal's lists). The journal
holds 12 events with signed checkpoints at seq 4 and 8.
"""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tenfour.journal.audit import AuditReport, verify_journal
from tenfour.journal.chain import canonical_json, seal
from tenfour.journal.record import Checkpoint, JournalRecord
from tenfour.journal.signing import sign_checkpoint
from tenfour.journal.store import Journal
from tests.journal_support import extend, make_records, rogue_dba

SIGNED_AT = "2026-11-25T15:00:00.000Z"


@pytest.fixture
def records(journal: Journal, signing_key: Ed25519PrivateKey) -> list[JournalRecord]:
    written = extend(journal, 4) + extend(journal, 4) + extend(journal, 4)
    for seq in (4, 8):
        journal.add_checkpoint(sign_checkpoint(signing_key, seq, written[seq - 1].hash, SIGNED_AT))
    return written


def audit(journal: Journal, key: Ed25519PrivateKey | None) -> AuditReport:
    return verify_journal(journal, None if key is None else key.public_key())


def assert_caught(report: AuditReport, seq: int, reason: str) -> None:
    assert not report.ok
    assert report.first_bad_seq == seq
    assert report.reason is not None
    assert reason in report.reason


def test_an_untouched_journal_verifies(
    journal: Journal, records: list[JournalRecord], signing_key: Ed25519PrivateKey
) -> None:
    report = audit(journal, signing_key)
    assert report.ok, report.reason
    assert (report.events, report.head_seq, report.head_hash) == (12, 12, records[-1].hash)
    assert (report.checkpoints_checked, report.last_verified_checkpoint_seq) == (2, 8)


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("payload", '{"incident":"I-6","unit":"E99"}'),
        ("actor_user", "someone-else"),
        ("actor_role", "admin"),
        ("actor_agency", "OTHER"),
        ("at", "2026-11-25T15:55:00.123Z"),
        ("command_id", "cmd-forged"),
        ("command_digest", "e" * 64),
        ("type", "UnitCleared"),
        ("version", 2),
    ],
)
def test_an_edited_row_is_caught(
    journal: Journal,
    journal_url: str,
    records: list[JournalRecord],
    signing_key: Ed25519PrivateKey,
    column: str,
    value: object,
) -> None:
    with rogue_dba(journal_url) as dba:
        dba.edit(6, **{column: value})
    assert_caught(audit(journal, signing_key), 6, "hash mismatch")


def test_a_deleted_row_is_caught(
    journal: Journal, journal_url: str, records: list[JournalRecord]
) -> None:
    with rogue_dba(journal_url) as dba:
        dba.delete(6)
    report = audit(journal, None)
    assert_caught(report, 6, "gap")
    assert (report.events, report.head_seq) == (5, 5)


def test_a_tail_deleted_below_a_checkpoint_is_caught(
    journal: Journal, journal_url: str, records: list[JournalRecord]
) -> None:
    with rogue_dba(journal_url) as dba:
        dba.delete_from(7)
    assert_caught(audit(journal, None), 7, "tail deleted")


def test_a_tail_after_the_last_checkpoint_cannot_be_vouched_for(
    journal: Journal, journal_url: str, records: list[JournalRecord], signing_key: Ed25519PrivateKey
) -> None:
    # The documented limit: keep the latest checkpoint elsewhere (export) to close this window.
    with rogue_dba(journal_url) as dba:
        dba.delete_from(10)
    report = audit(journal, signing_key)
    assert report.ok
    assert report.head_seq == 9


def test_reordered_rows_are_caught(
    journal: Journal, journal_url: str, records: list[JournalRecord]
) -> None:
    with rogue_dba(journal_url) as dba:
        dba.swap(5, 6)
    assert_caught(audit(journal, None), 5, "mismatch")


def rewrite_from_seq_6(journal_url: str, records: list[JournalRecord]) -> list[JournalRecord]:
    """Insert a forged event at seq 6 and re-seal everything after it: a consistent chain."""
    prev = records[4].hash
    forged = seal(prev, 6, records[5].at, "disp1", "dispatcher", "MPD", "cmd-forged", "f" * 64,
                  "IncidentClosed", 1, canonical_json({"incident": "I-2"}))  # fmt: skip
    rewritten = [forged]
    for old in records[5:]:
        rewritten.append(
            seal(rewritten[-1].hash, old.seq + 1, old.at, old.actor_user, old.actor_role,
                 old.actor_agency, old.command_id, old.command_digest, old.type, old.version,
                 old.payload)
        )  # fmt: skip
    with rogue_dba(journal_url) as dba:
        dba.rewrite(rewritten)
    return rewritten


def test_an_inserted_row_with_recomputed_hashes_is_caught_by_the_checkpoint(
    journal: Journal, journal_url: str, records: list[JournalRecord], signing_key: Ed25519PrivateKey
) -> None:
    rewrite_from_seq_6(journal_url, records)
    for key in (signing_key, None):  # the checkpoint's hash disagrees, key or not
        report = audit(journal, key)
        assert_caught(report, 5, "checkpoint mismatch")
        assert report.reason is not None
        assert "between seq 5 and 8" in report.reason
        assert report.last_verified_checkpoint_seq == 4


def test_a_rewrite_with_altered_checkpoints_is_caught_only_by_the_signature(
    journal: Journal, journal_url: str, records: list[JournalRecord], signing_key: Ed25519PrivateKey
) -> None:
    rewritten = rewrite_from_seq_6(journal_url, records)
    with rogue_dba(journal_url) as dba:
        dba.edit_checkpoint(8, hash=rewritten[2].hash)
    assert audit(journal, None).ok  # why the key matters
    assert_caught(audit(journal, signing_key), 8, "forged checkpoint")


def test_checkpoints_re_signed_with_another_key_are_caught(
    journal: Journal, journal_url: str, records: list[JournalRecord], signing_key: Ed25519PrivateKey
) -> None:
    rewritten = rewrite_from_seq_6(journal_url, records)
    impostor = Ed25519PrivateKey.generate()
    cp = sign_checkpoint(impostor, 8, rewritten[2].hash, SIGNED_AT)
    with rogue_dba(journal_url) as dba:
        dba.edit_checkpoint(8, hash=cp.hash, key_id=cp.key_id, signature=cp.signature)
    assert_caught(audit(journal, signing_key), 8, "forged checkpoint")


def test_a_forged_checkpoint_is_caught(
    journal: Journal, records: list[JournalRecord], signing_key: Ed25519PrivateKey
) -> None:
    good = sign_checkpoint(signing_key, 10, records[9].hash, SIGNED_AT)
    journal.add_checkpoint(Checkpoint(10, good.hash, good.signed_at, good.key_id, "ab" * 64))
    assert_caught(audit(journal, signing_key), 10, "forged checkpoint")


def test_a_whole_forged_history_is_caught(
    journal: Journal, journal_url: str, records: list[JournalRecord], signing_key: Ed25519PrivateKey
) -> None:
    forged = make_records(12, command_id="cmd-forged")
    with rogue_dba(journal_url) as dba:
        dba.rewrite(forged)
    assert_caught(audit(journal, signing_key), 1, "checkpoint mismatch")
