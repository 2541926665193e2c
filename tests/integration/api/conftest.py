"""Fixtures for the API tests: a seeded app on SQLite (and on PostgreSQL where asked)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.api.world import Api, make_settings, running_api


@pytest.fixture
def api(tmp_path: Path) -> Iterator[Api]:
    """A seeded API on a fresh SQLite journal."""
    with running_api(make_settings(tmp_path)) as world:
        yield world


@pytest.fixture(params=["sqlite", "postgres"])
def any_api(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Api]:
    """A seeded API on each backend."""
    db = request.getfixturevalue("postgres_url") if request.param == "postgres" else None
    with running_api(make_settings(tmp_path, db=db)) as world:
        yield world
