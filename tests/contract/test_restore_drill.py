"""The restore drill of docs/operations.md, on SQLite and PostgreSQL: back up (database, journal
export, key), wipe, restore, verify, and compare the state with what was backed up."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from typer.testing import CliRunner

from tenfour.cli.audit import app as audit_app
from tenfour.cli.centre import app as centre_app
from tenfour.cli.journal import app as journal_app
from tenfour.journal.store import open_journal
from tenfour.settings import Settings
from tests.integration.api.world import make_settings, running_api


def cli(app: object, settings: Settings, *args: str) -> str:
    env = {"TENFOUR_KEY_PATH": str(settings.key_path), "TENFOUR_DB": settings.db}
    result = CliRunner().invoke(app, list(args), env=env)  # type: ignore[arg-type]
    assert result.exit_code == 0, result.output
    return result.output


def busy_day(settings: Settings) -> None:
    with running_api(settings) as api:
        body = {"type_code": "disturbance", "priority": 2, "address": "Bulevardi 10",
                "lat": 60.1650, "lon": 24.9400}  # fmt: skip
        incident = api.ok("ct1", "/incidents", body)["events"][0]["payload"]["incident"]
        api.ok("disp1", "/units/1A13/dispatch", {"incident": incident})


def snapshot_of(settings: Settings) -> tuple[tuple[int, str], str]:
    with open_journal(settings.db, create=False) as journal:
        head = journal.head()
    return head, cli(centre_app, settings, "export")


def back_up(settings: Settings, into: Path) -> None:
    """The journal export and the key (the database itself: per backend)."""
    cli(journal_app, settings, "export", "--out", str(into / "journal.jsonl"))
    for path in (settings.key_path, settings.key_path.with_name(settings.key_path.name + ".pub")):
        shutil.copy2(path, into / path.name)


def restore_key(settings: Settings, backup: Path) -> None:
    settings.key_path.parent.mkdir(parents=True, exist_ok=True)
    for name in (settings.key_path.name, settings.key_path.name + ".pub"):
        shutil.copy2(backup / name, settings.key_path.parent / name)


def check_restored(settings: Settings, backup: Path, before: tuple[tuple[int, str], str]) -> None:
    cli(audit_app, settings, "verify")
    pub = str(backup / (settings.key_path.name + ".pub"))
    cli(journal_app, settings, "verify-export", str(backup / "journal.jsonl"), "--key", pub)
    assert snapshot_of(settings) == before
    with running_api(settings, seeded=False) as api:  # the server starts; passwords came back
        assert api.get("disp1", "/units").status_code == 200


def test_sqlite_backup_wipe_restore(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "live")
    busy_day(settings)
    before = snapshot_of(settings)
    backup = tmp_path / "backup"
    backup.mkdir()
    with sqlite3.connect(settings.db) as live, sqlite3.connect(backup / "cad.db") as copy:
        live.backup(copy)  # the online backup docs/operations.md gives
    back_up(settings, backup)
    shutil.rmtree(tmp_path / "live")  # the disk is gone

    (tmp_path / "live").mkdir()
    shutil.copy2(backup / "cad.db", settings.db)
    restore_key(settings, backup)
    check_restored(settings, backup, before)


def url_of(server: str, database: str) -> str:
    parts = urlsplit(server)
    return urlunsplit((parts.scheme, parts.netloc, f"/{database}", "", ""))


@pytest.fixture
def database(postgres_server: str) -> Iterator[str]:
    name = f"t4drill_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with psycopg.connect(postgres_server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.postgres
def test_postgresql_backup_wipe_restore(
    postgres_server: str, database: str, tmp_path: Path
) -> None:
    url = url_of(postgres_server, database)
    settings = make_settings(tmp_path / "live", db=url)
    busy_day(settings)
    before = snapshot_of(settings)
    backup = tmp_path / "backup"
    backup.mkdir()
    dump = backup / "cad.dump"
    subprocess.run(["pg_dump", "-Fc", "-f", str(dump), url], check=True, timeout=120)
    back_up(settings, backup)
    with psycopg.connect(postgres_server, autocommit=True) as admin:  # the database is gone
        admin.execute(f'DROP DATABASE "{database}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{database}"')
    shutil.rmtree(tmp_path / "live")

    restore = ["pg_restore", "--no-owner", "--exit-on-error", "-d", url, str(dump)]
    subprocess.run(restore, check=True, timeout=120)
    restore_key(settings, backup)
    check_restored(settings, backup, before)
