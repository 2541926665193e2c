"""docs/ops/postgresql-roles.sql, carried out: the server runs as a role that cannot alter or drop
the journal's triggers, and everything it does still works.

The test creates its own roles and database (random names), runs the migration as the owner, the
grants of the file, then the whole server (logins, commands, snapshots, a checkpoint at stop, a
restart) as the application role, and checks that role is refused every way of undoing the
append-only rule. It drops what it created.
"""

from __future__ import annotations

import re
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from typer.testing import CliRunner

from tenfour.cli.audit import app as audit_app
from tenfour.cli.journal import app as journal_app
from tests.integration.api.world import make_settings, running_api

pytestmark = pytest.mark.postgres
SQL = Path(__file__).parents[2] / "docs" / "ops" / "postgresql-roles.sql"


def url_as(server: str, user: str, database: str) -> str:
    parts = urlsplit(server)
    host = parts.netloc.split("@")[-1]
    return urlunsplit((parts.scheme, f"{user}@{host}", f"/{database}", "", ""))


def psql(url: str, text: str) -> None:
    subprocess.run(
        ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url],
        input=text, text=True, check=True, capture_output=True, timeout=60,
    )  # fmt: skip


@pytest.fixture
def roles(postgres_server: str) -> Iterator[dict[str, str]]:
    tag = uuid.uuid4().hex[:10]
    names = {"owner": f"t4own_{tag}", "app": f"t4app_{tag}", "db": f"t4cad_{tag}"}
    setup, grants = SQL.read_text("utf-8").split("-- grants --")

    def named(text: str) -> str:
        text = text.replace("tenfour_owner", names["owner"]).replace("tenfour_app", names["app"])
        return re.sub(r"\bcad\b", names["db"], text)

    try:
        psql(postgres_server, named(setup))
        owner = url_as(postgres_server, names["owner"], names["db"])
        migrated = CliRunner().invoke(journal_app, ["migrate", "--db", owner])
        assert migrated.exit_code == 0, migrated.output
        psql(url_as(postgres_server, "postgres", names["db"]), named(grants))
        yield {**names, "app_url": url_as(postgres_server, names["app"], names["db"])}
    finally:
        with psycopg.connect(postgres_server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{names["db"]}" WITH (FORCE)')
            for role in (names["app"], names["owner"]):
                admin.execute(f'DROP ROLE IF EXISTS "{role}"')


REFUSED = [
    "DROP TRIGGER journal_no_update_delete ON journal",
    "ALTER TABLE journal DISABLE TRIGGER ALL",
    "ALTER TABLE journal_key DISABLE TRIGGER journal_key_no_update_delete",
    "DROP FUNCTION journal_refuse_change() CASCADE",
    "DROP TABLE journal_checkpoint",
    "TRUNCATE journal",
    "UPDATE journal SET payload = payload",
    "DELETE FROM journal_checkpoint",
    "DELETE FROM journal_key",
    "CREATE TABLE journal_copy (seq bigint)",
]


def test_the_server_runs_as_a_role_that_cannot_undo_append_only(
    roles: dict[str, str], tmp_path: Path
) -> None:
    settings = make_settings(tmp_path, db=roles["app_url"], snapshot_every=5, checkpoint_every=5)
    with running_api(settings) as api:  # seeded over HTTP: agencies, units, users, passwords
        body = {"type_code": "disturbance", "priority": 2, "address": "Bulevardi 10"}
        assert api.post("ct1", "/incidents", body).status_code == 200
    with running_api(settings, seeded=False) as api:  # a restart: snapshot and tail replayed
        assert api.login("disp1")
    with psycopg.connect(roles["app_url"], autocommit=True) as conn:
        for statement in REFUSED:
            with pytest.raises(psycopg.Error) as refused:
                conn.execute(statement)
            assert isinstance(
                refused.value, psycopg.errors.InsufficientPrivilege | psycopg.errors.RaiseException
            ), (statement, refused.value)
        triggers = conn.execute(
            "SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal AND tgenabled = 'O'"
        ).fetchone()
        assert triggers is not None and triggers[0] >= 6
    env = {"TENFOUR_KEY_PATH": str(settings.key_path)}
    verified = CliRunner().invoke(audit_app, ["verify", "--db", roles["app_url"]], env=env)
    assert verified.exit_code == 0, verified.output
