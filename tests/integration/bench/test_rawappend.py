"""The storage's raw append rate, the yardstick ``tenfour bench engine`` holds the journal to."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tenfour.bench.rawappend import SCRATCH, raw_append_rate, sample_payload


def test_sample_payload_has_the_size_asked() -> None:
    assert len(sample_payload(300).encode()) == 300


def test_raw_append_rate_on_sqlite_leaves_no_scratch_table(tmp_path: Path) -> None:
    db = tmp_path / "raw.db"
    assert raw_append_rate(str(db), rows=500, batch=50, payload_bytes=200) > 0
    with sqlite3.connect(db) as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    assert SCRATCH not in tables


@pytest.mark.postgres
def test_raw_append_rate_on_postgresql(postgres_url: str) -> None:
    assert raw_append_rate(postgres_url, rows=500, batch=50, payload_bytes=200) > 0
