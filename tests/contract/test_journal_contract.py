"""The Journal's promises, held against every backend (see conftest: sqlite, postgres, memory).

``TestDurableStorage`` holds what only storage outside the process can promise; the memory
journal is left out of it by name (see there).
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import psycopg
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tenfour.journal.chain import GENESIS_HASH, seal, verify_chain
from tenfour.journal.errors import JournalConflict, WriterLockHeld
from tenfour.journal.record import Checkpoint, Snapshot
from tenfour.journal.signing import sign_checkpoint
from tenfour.journal.sqlbase import READ_CHUNK
from tenfour.journal.store import STORAGE_ERRORS, Journal, open_journal
from tests.journal_support import extend, make_records, rogue_dba, sql_dba

DB_ERRORS = (sqlite3.Error, psycopg.Error)

LOCK_PROBE = """
import sys
from tenfour.journal.errors import WriterLockHeld
from tenfour.journal.store import open_journal
with open_journal(sys.argv[1]) as journal:
    print("head", journal.head()[0], "read", sum(1 for _ in journal.read()))
    try:
        journal.acquire_writer_lock()
    except WriterLockHeld as exc:
        print("refused:", exc)
    else:
        print("acquired")
"""


def probe_from_another_process(url: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", LOCK_PROBE, url],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout


def test_an_empty_journal(journal: Journal) -> None:
    assert journal.head() == (0, GENESIS_HASH)
    assert list(journal.read()) == []
    assert journal.checkpoints() == []
    assert journal.latest_snapshot() is None
    assert journal.read_command("nothing") == []


def test_append_then_read_and_head(journal: Journal) -> None:
    first = extend(journal, 3)
    second = extend(journal, 1)
    third = extend(journal, 4)
    everything = first + second + third
    assert list(journal.read()) == everything
    assert journal.head() == (8, everything[-1].hash)
    assert list(journal.read(after_seq=2, limit=3)) == everything[2:5]
    assert list(journal.read(after_seq=8)) == []
    assert list(journal.read(limit=0)) == []
    assert verify_chain(journal.read()) is None


def test_read_streams_across_chunks(journal: Journal) -> None:
    total = 2 * READ_CHUNK + 7
    records = make_records(total)
    for i in range(0, total, 1000):
        journal.append(records[i : i + 1000])
    assert list(journal.read()) == records
    assert (
        list(journal.read(after_seq=READ_CHUNK - 1, limit=READ_CHUNK + 2))
        == (records[READ_CHUNK - 1 : 2 * READ_CHUNK + 1])
    )


def test_an_empty_batch_is_a_no_op(journal: Journal) -> None:
    journal.append([])
    assert journal.head() == (0, GENESIS_HASH)


@pytest.mark.parametrize("where", ["seq", "prev_hash"])
def test_a_batch_that_does_not_follow_the_head_is_refused(journal: Journal, where: str) -> None:
    extend(journal, 2)
    seq, head_hash = journal.head()
    wrong = (seq + 2, head_hash) if where == "seq" else (seq + 1, "f" * 64)
    batch = make_records(3, start_seq=wrong[0], prev_hash=wrong[1])
    with pytest.raises(JournalConflict, match="head is seq 2"):
        journal.append(batch)
    assert journal.head() == (seq, head_hash)


def test_a_batch_that_is_not_a_chain_writes_nothing(journal: Journal) -> None:
    extend(journal, 2)
    seq, prev = journal.head()
    batch = make_records(3, start_seq=seq + 1, prev_hash=prev)
    broken = seal("e" * 64, *_fields_after_prev(batch[2]))
    with pytest.raises(JournalConflict, match="not a contiguous chain at seq 5"):
        journal.append([*batch[:2], broken])
    assert journal.head() == (seq, prev)


def test_a_batch_failing_midway_writes_nothing(
    journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    extend(journal, 2)
    before = journal.head()
    insert_rows = journal._insert_rows  # type: ignore[attr-defined]

    def insert_then_fail(cur: object, rows: list[tuple[object, ...]]) -> None:
        insert_rows(cur, rows)
        raise OSError("disk full")

    monkeypatch.setattr(journal, "_insert_rows", insert_then_fail)
    with pytest.raises(OSError, match="disk full"):
        extend(journal, 50)
    monkeypatch.undo()
    assert journal.head() == before
    assert len(list(journal.read())) == 2
    extend(journal, 1)  # and the journal is still writable
    assert journal.head()[0] == 3


def test_a_stale_writer_gets_a_conflict(journal: Journal, journal_url: str) -> None:
    extend(journal, 1)
    with open_journal(journal_url) as other:
        stale = make_records(1, start_seq=2, prev_hash=journal.head()[1])
        extend(other, 1)
        with pytest.raises(JournalConflict):
            journal.append(stale)
    assert journal.head()[0] == 2


def test_read_command(journal: Journal) -> None:
    extend(journal, 2)
    created = extend(journal, 3, command_id="cmd-A")
    extend(journal, 1)
    assert journal.read_command("cmd-A") == created
    assert journal.read_command("cmd-1") == list(journal.read(limit=1))
    assert journal.read_command("unknown") == []


def test_checkpoints(journal: Journal, signing_key: Ed25519PrivateKey) -> None:
    records = extend(journal, 10)
    late = sign_checkpoint(signing_key, 10, records[9].hash, "2026-11-25T15:00:00.000Z")
    early = sign_checkpoint(signing_key, 4, records[3].hash, "2026-11-25T14:59:00.000Z")
    journal.add_checkpoint(late)
    journal.add_checkpoint(early)
    assert journal.checkpoints() == [early, late]
    with pytest.raises(JournalConflict):
        journal.add_checkpoint(late)
    with pytest.raises(JournalConflict, match="does not match"):
        journal.add_checkpoint(Checkpoint(5, records[3].hash, "t", "k", "00"))
    with pytest.raises(JournalConflict):
        journal.add_checkpoint(Checkpoint(11, "a" * 64, "t", "k", "00"))
    assert journal.checkpoints() == [early, late]


def test_snapshots_are_replaceable_and_few(journal: Journal, journal_url: str) -> None:
    records = extend(journal, 6)
    for seq in (2, 4, 6):
        journal.save_snapshot(Snapshot(seq, records[seq - 1].hash, f'{{"at":{seq}}}'))
    assert journal.latest_snapshot() == Snapshot(6, records[5].hash, '{"at":6}')
    journal.save_snapshot(Snapshot(6, records[5].hash, '{"at":"six"}'))
    assert journal.latest_snapshot() == Snapshot(6, records[5].hash, '{"at":"six"}')
    with pytest.raises(JournalConflict):
        journal.save_snapshot(Snapshot(3, "b" * 64, "{}"))
    with rogue_dba(journal_url, drop_triggers=False) as dba:
        assert dba.snapshot_seqs() == [4, 6]


def test_a_second_writer_is_refused_from_another_connection(
    journal: Journal, journal_url: str
) -> None:
    journal.acquire_writer_lock()
    journal.acquire_writer_lock()  # re-entrant for its holder
    records = extend(journal, 2)
    with open_journal(journal_url) as other:
        with pytest.raises(WriterLockHeld, match="reading is still allowed"):
            other.acquire_writer_lock()
        assert list(other.read()) == records
        assert other.head() == journal.head()
        journal.close()  # closing releases the lock
        other.acquire_writer_lock()
        extend(other, 1)
        assert other.head()[0] == 3


def test_migrate_is_idempotent(journal: Journal, journal_url: str) -> None:
    records = extend(journal, 4)
    journal.migrate()
    with open_journal(journal_url) as again:
        again.migrate()
        assert list(again.read()) == records


def test_a_closed_journal_refuses_to_be_used(journal: Journal) -> None:
    extend(journal, 1)
    journal.close()
    with pytest.raises(STORAGE_ERRORS):
        journal.head()
    with pytest.raises(STORAGE_ERRORS):
        extend(journal, 1)


class TestDurableStorage:
    """What storage outside the process promises besides the contract above: the database
    itself refuses UPDATE, DELETE and overwrites from any client, and another process sees the
    data and the writer lock.

    Run on SQLite and PostgreSQL only. The memory journal is not held to these because it cannot
    be: no client but the journal object reaches its store (its only way in is ``append``, held
    above), and no other process can open it.
    """

    @pytest.fixture
    def journal_url(self, durable_journal_url: str) -> str:
        """This class's backends: the durable ones."""
        return durable_journal_url

    @pytest.mark.parametrize(
        "sql",
        [
            "UPDATE journal SET payload = '{}' WHERE seq = 2",
            "UPDATE journal SET actor_user = 'someone-else'",
            "DELETE FROM journal WHERE seq = 3",
            "DELETE FROM journal",
            "UPDATE journal_checkpoint SET hash = 'x'",
            "DELETE FROM journal_checkpoint",
        ],
    )
    def test_the_database_refuses_updates_and_deletes(
        self, journal: Journal, journal_url: str, signing_key: Ed25519PrivateKey, sql: str
    ) -> None:
        records = extend(journal, 3)
        journal.add_checkpoint(sign_checkpoint(signing_key, 3, records[2].hash, "t"))
        with (
            sql_dba(journal_url) as dba,
            pytest.raises(DB_ERRORS, match="append-only"),
        ):
            dba.execute(sql)
        assert list(journal.read()) == records
        assert len(journal.checkpoints()) == 1

    def test_the_database_refuses_overwriting_a_row(
        self, journal: Journal, journal_url: str
    ) -> None:
        records = extend(journal, 3)
        with sql_dba(journal_url) as dba:
            if dba.postgres:
                overwrite = (
                    "INSERT INTO journal SELECT * FROM journal WHERE seq = 2 "
                    "ON CONFLICT (seq) DO UPDATE SET payload = '{}'"
                )
                with pytest.raises(psycopg.Error, match="append-only"):
                    dba.execute("TRUNCATE journal")
            else:
                # REPLACE deletes the old row without firing DELETE triggers.
                overwrite = "INSERT OR REPLACE INTO journal SELECT * FROM journal WHERE seq = 2"
            with pytest.raises(DB_ERRORS, match="append-only"):
                dba.execute(overwrite)
        assert list(journal.read()) == records

    def test_a_second_writer_is_refused_from_another_process(
        self, journal: Journal, journal_url: str
    ) -> None:
        extend(journal, 5)
        journal.acquire_writer_lock()
        out = probe_from_another_process(journal_url)
        assert "head 5 read 5" in out  # readers still read while the writer holds the lock
        assert "refused:" in out
        assert "already has a writer" in out
        extend(journal, 1)  # the holder keeps writing
        journal.release_writer_lock()
        assert "acquired" in probe_from_another_process(journal_url)


def _fields_after_prev(record: object) -> tuple[object, ...]:
    names = ("seq", "at", "actor_user", "actor_role", "actor_agency", "command_id")
    names += ("command_digest", "type", "version", "payload")
    return tuple(getattr(record, name) for name in names)


@pytest.mark.postgres
def test_a_writer_whose_lock_session_died_writes_nothing(postgres_url: str) -> None:
    with open_journal(postgres_url) as journal:
        journal.migrate()
        journal.acquire_writer_lock()
        extend(journal, 2)
        lock_pid = journal._lock_conn.info.backend_pid  # type: ignore[attr-defined]
        with psycopg.connect(postgres_url, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s, 10000)", (lock_pid,))  # waits for it
        with pytest.raises(WriterLockHeld, match="lock was lost"):
            extend(journal, 1)
        assert journal.head()[0] == 2
