"""Fixtures for the records tests: a seeded API on a fresh SQLite journal."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.api.world import Api, make_settings, running_api


@pytest.fixture
def api(tmp_path: Path) -> Iterator[Api]:
    """A seeded API whose journal lives in ``tmp_path``."""
    with running_api(make_settings(tmp_path)) as world:
        yield world
