"""Fixtures shared by every test tier."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from urllib.parse import quote

import psycopg
import pytest

# The real server (trust auth); override with TENFOUR_TEST_PG. Never a mock.
POSTGRES_SERVER = os.environ.get("TENFOUR_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """The server's URL; skips when unreachable, but fails when CI=true (CI must test it)."""
    try:
        psycopg.connect(POSTGRES_SERVER, connect_timeout=5).close()
    except psycopg.Error as exc:
        message = f"PostgreSQL unreachable at {POSTGRES_SERVER}: {exc}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return POSTGRES_SERVER


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A URL whose search_path is a fresh schema, dropped after the test."""
    schema = f"t_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        admin.execute(f'CREATE SCHEMA "{schema}"')
    separator = "&" if "?" in postgres_server else "?"
    yield f"{postgres_server}{separator}options={quote(f'-csearch_path={schema}', safe='')}"
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        admin.execute(
            "SET lock_timeout = '30s'"
        )  # a test that leaked a connection fails, not hangs
        admin.execute(f'DROP SCHEMA "{schema}" CASCADE')
