"""Settings: the secret a server may run with, trusted proxies."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from tenfour.settings import DEFAULT_SECRET, Settings


def test_the_development_secret_needs_the_dev_flag() -> None:
    with pytest.raises(ValueError, match="TENFOUR_DEV=1"):
        Settings(secret=DEFAULT_SECRET).check_secret()
    Settings(secret=DEFAULT_SECRET, dev=True).check_secret()
    with pytest.raises(ValueError, match="development secret"):
        Settings(secret=DEFAULT_SECRET, dev=True, production=True).check_secret()


def test_a_secret_needs_32_bytes() -> None:
    with pytest.raises(ValueError, match="31 bytes"):
        Settings(secret="s" * 31).check_secret()
    Settings(secret="s" * 32).check_secret()
    with pytest.raises(ValueError, match="cannot both"):
        Settings(secret="s" * 32, dev=True, production=True).check_production()


def test_trusted_proxies_are_addresses_or_networks() -> None:
    nets = Settings(trusted_proxies="10.0.0.1, 192.168.0.0/16,::1").proxy_networks()
    assert [str(n) for n in nets] == ["10.0.0.1/32", "192.168.0.0/16", "::1/128"]
    with pytest.raises(ValidationError):
        Settings(trusted_proxies="proxy.example.org")


def test_every_command_finds_the_newest_demo_when_nothing_else_is_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TENFOUR_DB", raising=False)
    monkeypatch.delenv("TENFOUR_KEY_PATH", raising=False)
    assert Settings().db == "var/tenfour.db" and Settings().db_source() == "the default"
    (tmp_path / "var").mkdir()
    for stamp in ("20260101-090000", "20260102-090000"):
        (tmp_path / "var" / f"demo-{stamp}.db").touch()
        (tmp_path / "var" / f"demo-{stamp}-journal-key.pem").touch()
    found = Settings()
    assert found.db == "var/demo-20260102-090000.db" and found.db_source() == "the newest demo's"
    assert found.signing_key_path() == Path("var/demo-20260102-090000-journal-key.pem")
    (tmp_path / "var" / "tenfour.db").touch()  # a real centre's database always wins
    assert Settings().db == "var/tenfour.db"
    assert Settings(db="other.db").db_source() == "given"


def test_the_demo_prints_follow_up_commands_naming_its_database() -> None:
    from datetime import date

    from tenfour.sim.demo import follow_up_commands

    lines = follow_up_commands(Path("var/demo-1.db"), date(2026, 11, 30))
    assert lines == [
        "tenfour audit verify --db var/demo-1.db",
        "tenfour timeline 2026-000001 --db var/demo-1.db",
        "tenfour report response-times --from 2026-11-30 --to 2026-12-01 --db var/demo-1.db "
        "--out report.html",
        "tenfour centre export --db var/demo-1.db",
    ]
