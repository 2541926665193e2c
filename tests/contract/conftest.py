"""The journal contract runs once per backend: SQLite in a temp dir, PostgreSQL in a fresh schema,
and the memory journal in a store of its own.

A promise only durable storage can keep (a file another process opens, triggers refusing UPDATE,
a lock another process sees) is tested in a class that overrides ``journal_url`` with
``durable_journal_url``: the memory journal is left out there by name, with the reason, never
skipped quietly.
"""

from __future__ import annotations

import contextlib
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tenfour.journal.store import Journal, open_journal
from tenfour.settings import Settings
from tests.integration.api.world import make_settings

POSTGRES = pytest.param("postgres", marks=pytest.mark.postgres)
BACKENDS = ["sqlite", POSTGRES, "memory"]
DURABLE_BACKENDS = ["sqlite", POSTGRES]  # memory: nothing of it outlives or leaves the process


def backend_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Where a fresh journal of ``request.param``'s backend lives, for one test."""
    if request.param == "sqlite":
        yield str(tmp_path / "journal.db")
    elif request.param == "postgres":
        yield request.getfixturevalue("postgres_url")
    else:
        url = f"memory://contract-{uuid.uuid4().hex}"
        # The store lives while a journal on it is open: this one keeps it for the test, as
        # tmp_path keeps a SQLite file, so the test may close and reopen its own journals.
        with open_journal(url):
            yield url


@pytest.fixture(params=BACKENDS)
def journal_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Where a fresh journal lives, for each backend."""
    yield from backend_url(request, tmp_path)


@pytest.fixture(params=DURABLE_BACKENDS)
def durable_journal_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Where a fresh journal lives, for each backend that stores it outside the process."""
    yield from backend_url(request, tmp_path)


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
