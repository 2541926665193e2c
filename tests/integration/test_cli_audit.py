"""``tenfour audit verify`` and ``tenfour journal export / verify-export`` through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from tenfour.cli import audit as audit_cli
from tenfour.cli import journal as journal_cli
from tenfour.journal.signing import load_or_create_key, sign_checkpoint
from tenfour.journal.store import open_journal
from tests.journal_support import make_domain_records, rogue_dba

cli = typer.Typer()
cli.add_typer(audit_cli.app, name="audit")
cli.add_typer(journal_cli.app, name="journal")
runner = CliRunner()


def build(url: str, key_path: Path) -> str:
    """A journal of 12 events with signed checkpoints at 4 and 8; returns the head hash.

    Real events: the audit also replays them (snapshots, actors).
    """
    key, _ = load_or_create_key(key_path)
    records = make_domain_records(12)
    with open_journal(url) as journal:
        journal.migrate()
        journal.append(records)
        for seq in (4, 8):
            journal.add_checkpoint(sign_checkpoint(key, seq, records[seq - 1].hash, "t"))
    return records[-1].hash


@pytest.fixture
def key_path(tmp_path: Path) -> Path:
    return tmp_path / "keys" / "journal.pem"


@pytest.fixture
def db(tmp_path: Path, key_path: Path) -> str:
    url = str(tmp_path / "tenfour.db")
    build(url, key_path)
    return url


def test_an_intact_journal_exits_0_with_a_summary(db: str, key_path: Path) -> None:
    result = runner.invoke(cli, ["audit", "verify", "--db", db, "--key", str(key_path)])
    assert result.exit_code == 0, result.output
    with open_journal(db) as journal:
        head_hash = journal.head()[1]
    assert f"journal intact: 12 events, head seq 12 hash {head_hash}" in result.stdout
    assert "2 signed checkpoints verified" in result.stdout
    assert "(last at seq 8)" in result.stdout


def test_defaults_come_from_the_settings(
    db: str, key_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TENFOUR_DB", db)
    monkeypatch.setenv("TENFOUR_KEY_PATH", str(key_path) + ".pub")
    result = runner.invoke(cli, ["audit", "verify"])
    assert result.exit_code == 0, result.output
    assert "journal intact: 12 events" in result.stdout


def test_an_altered_journal_exits_1_naming_the_first_bad_seq(db: str, key_path: Path) -> None:
    with rogue_dba(db) as dba:
        dba.edit(6, payload="{}")
    result = runner.invoke(cli, ["audit", "verify", "--db", db, "--key", str(key_path)])
    assert result.exit_code == 1
    assert "journal ALTERED at seq 6: hash mismatch" in result.stdout


def test_no_key_checks_the_chain_only(db: str) -> None:
    result = runner.invoke(cli, ["audit", "verify", "--db", db, "--no-key"])
    assert result.exit_code == 0, result.output
    assert "signatures NOT checked" in result.stdout


def test_a_progress_bar_does_not_disturb_the_result(
    db: str, key_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(audit_cli, "PROGRESS_FROM", 1)
    result = runner.invoke(cli, ["audit", "verify", "--db", db, "--key", str(key_path)])
    assert result.exit_code == 0, result.output
    assert "journal intact" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--db", "{tmp}/missing.db", "--no-key"], "no journal database at"),
        (["--db", "mysql://host/db", "--no-key"], "unsupported journal URL"),
        (["--db", "memory://elsewhere", "--no-key"], "no open memory journal"),
        (["--db", "memory://", "--no-key"], "needs a name"),
        (["--db", "postgresql://u:secret@127.0.0.1:1/x", "--no-key"], "cannot connect"),
        (["--db", "{tmp}/garbage.db", "--no-key"], "not a database"),
        (["--db", "{tmp}/empty.db", "--no-key"], "no such table"),
        (["--db", "{db}", "--key", "{tmp}/nokey.pem"], "no key at"),
        (["--db", "{db}", "--key", "{tmp}/garbage.db"], "cannot load the key"),
    ],
)
def test_what_cannot_be_checked_exits_2_without_a_traceback(
    tmp_path: Path, db: str, args: list[str], message: str
) -> None:
    (tmp_path / "garbage.db").write_text("this is not a database, nor a key\n" * 100)
    (tmp_path / "empty.db").touch()
    argv = [a.format(tmp=tmp_path, db=db) for a in args]
    result = runner.invoke(cli, ["audit", "verify", *argv])
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert "secret" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.postgres
def test_a_postgres_journal(postgres_url: str, key_path: Path) -> None:
    build(postgres_url, key_path)
    result = runner.invoke(cli, ["audit", "verify", "--db", postgres_url, "--key", str(key_path)])
    assert result.exit_code == 0, result.output
    assert "journal intact: 12 events" in result.stdout


def test_export_to_stdout_and_verify_the_file(db: str, key_path: Path, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["journal", "export", "--db", db])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert [json.loads(line)["kind"] for line in lines].count("event") == 12
    assert "exported 12 events" in result.stderr
    path = tmp_path / "export.jsonl"
    path.write_text(result.stdout, encoding="utf-8")
    checked = runner.invoke(cli, ["journal", "verify-export", str(path), "--key", str(key_path)])
    assert checked.exit_code == 0, checked.output
    assert "journal intact: 12 events" in checked.stdout


def test_export_after_a_seq_to_a_file(db: str, tmp_path: Path) -> None:
    path = tmp_path / "tail.jsonl"
    result = runner.invoke(
        cli, ["journal", "export", "--db", db, "--after", "9", "--out", str(path)]
    )
    assert result.exit_code == 0, result.output
    assert len(path.read_text(encoding="utf-8").splitlines()) == 1 + 3
    checked = runner.invoke(cli, ["journal", "verify-export", str(path)])
    assert checked.exit_code == 0, checked.output
    assert "journal intact: 3 events, head seq 12" in checked.stdout


def test_a_tampered_export_exits_1(db: str, key_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "export.jsonl"
    runner.invoke(cli, ["journal", "export", "--db", db, "--out", str(path)])
    text = path.read_text(encoding="utf-8").replace(
        '"actor_user":"tenfour"', '"actor_user":"eve"', 1
    )
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(cli, ["journal", "verify-export", str(path), "--key", str(key_path)])
    assert result.exit_code == 1
    assert "journal ALTERED at seq 1: hash mismatch" in result.stdout


def test_journal_commands_exit_2_on_missing_files(tmp_path: Path) -> None:
    missing = str(tmp_path / "missing")
    result = runner.invoke(cli, ["journal", "export", "--db", missing + ".db"])
    assert result.exit_code == 2
    assert "no journal database" in result.stderr
    result = runner.invoke(cli, ["journal", "verify-export", missing + ".jsonl"])
    assert result.exit_code == 2
    assert "cannot read" in result.stderr
