"""The audit over record streams and over a real (SQLite) journal."""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tenfour.journal.audit import verify_journal, verify_records
from tenfour.journal.chain import GENESIS_HASH
from tenfour.journal.memory import MemoryJournal
from tenfour.journal.record import Checkpoint, JournalRecord
from tenfour.journal.signing import sign_checkpoint
from tests.journal_support import make_records

KEY = Ed25519PrivateKey.generate()
AT = "2026-11-25T15:00:00.000Z"


def checkpoints(records: list[JournalRecord], *seqs: int) -> list[Checkpoint]:
    return [sign_checkpoint(KEY, seq, records[seq - 1].hash, AT) for seq in seqs]


def test_an_intact_stream_verifies_with_every_checkpoint() -> None:
    records = make_records(30)
    report = verify_records(records, checkpoints(records, 20, 10), KEY.public_key())
    assert report.ok
    assert (report.events, report.head_seq, report.head_hash) == (30, 30, records[-1].hash)
    assert (report.checkpoints_checked, report.last_verified_checkpoint_seq) == (2, 20)
    assert (report.first_bad_seq, report.reason) == (None, None)


def test_an_empty_journal_verifies() -> None:
    report = verify_records([], [], KEY.public_key())
    assert report.ok
    assert (report.events, report.head_seq, report.head_hash) == (0, 0, GENESIS_HASH)


def test_without_a_key_checkpoints_are_matched_but_not_authenticated() -> None:
    records = make_records(10)
    unsigned = [Checkpoint(5, records[4].hash, AT, "nobody", "00")]
    assert verify_records(records, unsigned, None).ok
    assert not verify_records(records, unsigned, KEY.public_key()).ok


def test_the_first_break_is_reported_with_the_last_good_head() -> None:
    records = make_records(10)
    records[7] = records[7]._replace(actor_user="mallory")
    report = verify_records(records, checkpoints(records, 5), KEY.public_key())
    assert (report.ok, report.first_bad_seq, report.events, report.head_seq) == (False, 8, 7, 7)
    assert report.head_hash == records[6].hash
    assert report.reason is not None
    assert report.reason.startswith("hash mismatch")
    assert report.last_verified_checkpoint_seq == 5


def test_a_checkpoint_beyond_the_end_means_a_deleted_tail() -> None:
    records = make_records(10)
    report = verify_records(records[:6], checkpoints(records, 3, 9), KEY.public_key())
    assert (report.ok, report.first_bad_seq) == (False, 7)
    assert report.reason is not None
    assert "tail deleted" in report.reason


def test_progress_is_reported_while_streaming() -> None:
    records = make_records(25_000)
    seen: list[int] = []
    assert verify_records(records, [], None, on_progress=seen.append).ok
    assert seen == [10_000, 20_000]


def test_verify_journal_reads_the_store() -> None:
    records = make_records(12)
    with MemoryJournal() as journal:  # every backend: tests/contract/test_journal_tamper.py
        journal.append(records)
        for cp in checkpoints(records, 6, 12):
            journal.add_checkpoint(cp)
        report = verify_journal(journal, KEY.public_key())
    assert report.ok
    assert (report.events, report.checkpoints_checked) == (12, 2)
