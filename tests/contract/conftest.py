"""The journal contract runs once per backend: SQLite in a temp dir, PostgreSQL in a fresh schema."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tenfour.journal.store import Journal, open_journal


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
