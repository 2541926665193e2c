"""``tenfour user add|bootstrap`` and ``tenfour serve``'s refusals: messages, never tracebacks."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tenfour.cli import serve, users
from tests.integration.api.world import PASSWORD, make_settings, running_api

runner = CliRunner()


@pytest.fixture(autouse=True)
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TENFOUR_KEY_PATH", str(tmp_path / "keys" / "journal.pem"))
    monkeypatch.setenv("TENFOUR_SECRET", "test-secret-" + "x" * 32)
    return tmp_path


def run_users(*args: str, password: str = PASSWORD) -> tuple[int, str]:
    result = runner.invoke(users.app, list(args), input=password + "\n")
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def test_bootstrap_then_add_then_log_in(env: Path) -> None:
    db = str(env / "t.db")
    code, out = run_users("bootstrap", "boss", "--agency", "MPD", "--db", db, "--password-stdin")
    assert code == 0, out
    assert "created a new Ed25519" in out  # the key was made on first use, and said so
    code, out = run_users(
        "add",
        "disp9",
        "--agency",
        "MPD",
        "--role",
        "dispatcher",
        "--role",
        "supervisor",
        "--db",
        db,
        "--password-stdin",
    )
    assert code == 0, out
    with running_api(make_settings(env, db=db), seeded=False) as api:
        assert api.get("boss", "/me").json()["roles"] == ["centre_admin"]
        me = api.get("disp9", "/me", role="supervisor").json()
        assert me["roles"] == ["dispatcher", "supervisor"] and me["role"] == "supervisor"


def test_refusals_are_messages(env: Path) -> None:
    db = str(env / "t.db")
    code, out = run_users("add", "ct", "--agency", "MPD", "--role", "call_taker", "--db", db)
    assert code == 1 and "must be an administrator" in out
    code, out = run_users("bootstrap", "boss", "--agency", "MPD", "--db", db, password="short")
    assert code == 1 and "at least 8" in out
    assert run_users("bootstrap", "boss", "--agency", "MPD", "--db", db)[0] == 0
    code, out = run_users("bootstrap", "boss2", "--agency", "MPD", "--db", db)
    assert code == 1 and "already has 1 users" in out
    code, out = run_users("add", "x", "--agency", "NOPE", "--role", "dispatcher", "--db", db)
    assert code == 1 and "agency NOPE does not exist" in out
    code, out = run_users("add", "boss", "--agency", "MPD", "--role", "dispatcher", "--db", db)
    assert code == 1 and "already exists" in out
    code, out = run_users("add", "y", "--agency", "MPD", "--role", "wizard", "--db", db)
    assert code == 1 and "unknown role" in out


def test_user_add_while_the_server_runs_says_what_to_do(env: Path) -> None:
    db = str(env / "t.db")
    with running_api(make_settings(env, db=db)):
        code, out = run_users("add", "z", "--agency", "MPD", "--role", "dispatcher", "--db", db)
    assert code == 1 and "POST /api/v1/users" in out


def test_serve_refuses_the_default_secret_in_production(
    monkeypatch: pytest.MonkeyPatch, env: Path
) -> None:
    monkeypatch.delenv("TENFOUR_SECRET")
    monkeypatch.setenv("TENFOUR_PRODUCTION", "1")
    result = runner.invoke(serve.app, ["--db", str(env / "t.db")])
    assert result.exit_code == 1 and "TENFOUR_SECRET" in result.output


def test_serve_refuses_a_memory_journal(env: Path) -> None:
    result = runner.invoke(serve.app, ["--db", "memory://training"])
    assert result.exit_code == 1 and "not a memory journal" in result.output, result.output


@pytest.mark.parametrize(
    ("secret", "dev", "says"),
    [
        (None, None, "development secret"),  # not production, not dev: still refused
        ("short-secret", "1", "32 or more"),  # dev allows the built-in one only
        ("x" * 31, None, "31 bytes"),
    ],
)
def test_serve_refuses_a_secret_anyone_can_read_or_guess(
    monkeypatch: pytest.MonkeyPatch, env: Path, secret: str | None, dev: str | None, says: str
) -> None:
    if secret is None:
        monkeypatch.delenv("TENFOUR_SECRET")
    else:
        monkeypatch.setenv("TENFOUR_SECRET", secret)
    if dev is not None:
        monkeypatch.setenv("TENFOUR_DEV", dev)
    result = runner.invoke(serve.app, ["--db", str(env / "t.db")])
    assert result.exit_code == 1 and says in result.output
    assert not (env / "t.db").exists()  # refused before anything was opened
