"""The signing key's life: made only for an empty journal, never swapped silently, rotated openly.

Runs on both backends: the key list lives in the database beside the journal.
"""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from typer.testing import CliRunner

from tenfour.cli.audit import operator_key_path
from tenfour.cli.main import app as cli
from tenfour.domain import commands as c
from tenfour.domain.actors import SYSTEM
from tenfour.engine.envelope import Envelope
from tenfour.journal.audit import verify_journal
from tenfour.journal.errors import KeyRefused
from tenfour.journal.keyring import new_key_record
from tenfour.journal.signing import key_id, load_or_create_key
from tenfour.journal.store import open_journal
from tenfour.runtime import build_runtime
from tenfour.settings import Settings
from tenfour.views.audit_view import ChainAuditor

runner = CliRunner()
PASSWORD = "correct horse battery"


def record_some(settings: Settings, agency: str) -> None:
    """Open the database as its writer, record one agency, stop (checkpoint and snapshot)."""

    async def go() -> None:
        runtime = build_runtime(settings, quiet=True)
        try:
            await runtime.start()
            env = Envelope(str(uuid.uuid4()), c.RegisterAgency(agency=agency, name=agency,
                                                                 kind="police"), SYSTEM)  # fmt: skip
            assert (await runtime.engine.submit(env)).accepted
        finally:
            await runtime.stop()

    asyncio.run(go())


def audit_ok(db: str, key: Path) -> bool:
    with open_journal(db) as journal:
        return verify_journal(journal, load_or_create_key(key)[0].public_key()).ok


@pytest.fixture
def db(durable_journal_url: str) -> str:
    return durable_journal_url


def test_a_cli_command_with_the_key_elsewhere_refuses_and_the_journal_still_verifies(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = tmp_path / "real" / "journal.pem"
    record_some(Settings(db=db, key_path=real), "MPD")
    expected = key_id(load_or_create_key(real)[0].public_key())
    elsewhere = tmp_path / "default" / "journal.pem"
    monkeypatch.setenv("TENFOUR_KEY_PATH", str(elsewhere))
    added = runner.invoke(
        cli, ["user", "add", "ann", "--agency", "MPD", "--role", "admin", "--db", db],
        input=PASSWORD + "\n",
    )  # fmt: skip
    assert added.exit_code == 1
    assert expected in added.output and str(elsewhere) in added.output
    assert not elsewhere.exists()  # no new key was made for a journal that has one
    assert audit_ok(db, real)


def test_a_different_key_at_the_path_is_refused(db: str, tmp_path: Path) -> None:
    real = tmp_path / "journal.pem"
    record_some(Settings(db=db, key_path=real), "MPD")
    other = tmp_path / "other.pem"
    load_or_create_key(other)
    with pytest.raises(KeyRefused, match=key_id(load_or_create_key(real)[0].public_key())):
        record_some(Settings(db=db, key_path=other), "MFD")
    assert audit_ok(db, real)


def test_a_server_whose_key_is_missing_refuses_to_start(db: str, tmp_path: Path) -> None:
    key = tmp_path / "journal.pem"
    record_some(Settings(db=db, key_path=key), "MPD")
    expected = key_id(load_or_create_key(key)[0].public_key())
    key.unlink()
    runtime = build_runtime(Settings(db=db, key_path=key), quiet=True)
    try:
        with pytest.raises(KeyRefused) as refused:
            runtime.engine.open()
    finally:
        runtime.close()
    assert expected in str(refused.value) and str(key) in str(refused.value)
    assert not key.exists()


def test_rotation_is_journaled_and_the_audit_verifies_across_it(db: str, tmp_path: Path) -> None:
    key = tmp_path / "journal.pem"
    settings = Settings(db=db, key_path=key)
    record_some(settings, "MPD")
    old = key_id(load_or_create_key(key)[0].public_key())
    rotated = runner.invoke(
        cli, ["keys", "rotate", "--db", db, "--key", str(key), "--reason", "laptop stolen"]
    )
    assert rotated.exit_code == 0, rotated.output
    new = key_id(load_or_create_key(key)[0].public_key())
    assert new != old and (tmp_path / f"journal.pem.{old}.retired").exists()
    record_some(settings, "MFD")  # the new key signs from here on
    audit = runner.invoke(cli, ["audit", "verify", "--db", db, "--key", str(key)])
    assert audit.exit_code == 0, audit.output
    assert "journal intact" in audit.output and "state intact" in audit.output
    assert f"key {new}" in audit.output and "(laptop stolen)" in audit.output
    retired = tmp_path / f"journal.pem.{old}.retired"
    assert audit_ok(db, retired)  # the old key still vouches for what it signed
    with open_journal(db) as journal:  # the records views start from the new key's checkpoint
        status = ChainAuditor(load_or_create_key(key)[0].public_key()).catch_up(journal)
    assert status.ok, status.reason
    assert status.checkpoint is not None and status.checkpoint.key_id == new


def test_a_key_row_added_by_an_insider_breaks_the_audit(db: str, tmp_path: Path) -> None:
    key = tmp_path / "journal.pem"
    record_some(Settings(db=db, key_path=key), "MPD")
    mallory = Ed25519PrivateKey.generate()
    with open_journal(db) as journal:
        forged = new_key_record(mallory.public_key(), mallory, position=1, since_seq=1,
                                added_by="mallory", reason="trust me",
                                previous_key_id=journal.keys()[0].key_id)  # fmt: skip
        journal.add_key(forged)
        report = verify_journal(journal, load_or_create_key(key)[0].public_key())
    assert not report.ok and report.reason is not None
    assert "key history altered" in report.reason


def test_the_demo_key_beside_a_sqlite_database_is_found_without_flags(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TENFOUR_KEY_PATH", raising=False)
    db = tmp_path / "demo-1.db"
    record_some(Settings(db=str(db), key_path=tmp_path / "demo-1-journal-key.pem"), "MPD")
    added = runner.invoke(
        cli, ["user", "add", "ann", "--agency", "MPD", "--role", "admin", "--db", str(db)],
        input=PASSWORD + "\n",
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    audit = runner.invoke(cli, ["audit", "verify", "--db", str(db)])
    assert audit.exit_code == 0, audit.output
    assert "signed checkpoints verified with key" in audit.output
    timeline = runner.invoke(cli, ["timeline", "2026-000001", "--db", str(db)])
    assert "no key at" not in timeline.output  # found the demo's key, as audit did
    assert operator_key_path(str(db)) == tmp_path / "demo-1-journal-key.pem"
    assert not (tmp_path / "var").exists()  # nothing made at the default path


def test_a_keyless_engine_writes_no_snapshot_a_keyed_journal_would_refuse(
    db: str, tmp_path: Path
) -> None:
    from tenfour.engine.engine import Engine

    record_some(Settings(db=db, key_path=tmp_path / "k.pem"), "MPD")
    with open_journal(db) as journal:
        before = journal.snapshots()

    async def keyless() -> None:
        engine = Engine(open_journal(db))
        await engine.start()
        env = Envelope("x", c.RegisterAgency(agency="MFD", name="Fire", kind="fire"), SYSTEM)
        assert (await engine.submit(env)).accepted
        await engine.stop()
        engine.journal.close()

    asyncio.run(keyless())
    with open_journal(db) as journal:
        assert journal.snapshots() == before
