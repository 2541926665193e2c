"""The journal contract runs once per backend: SQLite in a temp dir, PostgreSQL in a fresh schema."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tenfour.journal.store import Journal, open_journal
from tenfour.settings import Settings
from tests.integration.api.world import make_settings


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def journal_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a fresh journal lives, for each backend."""
    if request.param == "sqlite":
        return str(tmp_path / "journal.db")
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture
def journal(journal_url: str) -> Iterator[Journal]:
    """A migrated, empty journal."""
    with open_journal(journal_url) as opened:
        opened.migrate()
        yield opened


@pytest.fixture
def signing_key() -> Ed25519PrivateKey:
    """A fresh checkpoint-signing key."""
    return Ed25519PrivateKey.generate()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def api_settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """Settings for a whole app (journal, key, credentials) on each backend."""
    db = request.getfixturevalue("postgres_url") if request.param == "postgres" else None
    return make_settings(tmp_path, db=db)


def dba(db: str) -> Callable[[str, tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Raw SQL on the database, as its administrator would run it (no tenfour code between)."""

    def run(sql: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        if db.startswith("postgresql://"):
            with psycopg.connect(db, autocommit=True) as conn:
                cur = conn.execute(sql.replace("?", "%s"), params)
                return cur.fetchall() if cur.description else []
        with contextlib.closing(sqlite3.connect(db)) as conn, conn:
            return conn.execute(sql, params).fetchall()

    return run
