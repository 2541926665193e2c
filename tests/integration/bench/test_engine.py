"""``tenfour bench engine`` runs end to end on both backends (a small load: figures are in docs)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from tenfour.cli.main import app


def _run(*args: str) -> dict[str, object]:
    result = CliRunner().invoke(app, ["bench", "engine", "--commands", "400", "--json", *args])
    assert result.exit_code == 0, result.output
    figures: dict[str, object] = json.loads(result.output.strip().splitlines()[-1])
    return figures


def _check(figures: dict[str, object], backend: str, consoles: int) -> None:
    keys = {
        "backend",
        "commands",
        "commands_per_s",
        "raw_append_per_s",
        "ratio",
        "p50_ms",
        "p99_ms",
    }
    assert keys <= set(figures)
    assert figures["backend"] == backend and figures["consoles"] == consoles
    rate, raw = float(str(figures["commands_per_s"])), float(str(figures["raw_append_per_s"]))
    assert rate > 0 and raw > 0
    assert float(str(figures["ratio"])) == pytest.approx(rate / raw, abs=0.001)
    assert 0 < float(str(figures["p50_ms"])) <= float(str(figures["p99_ms"]))
    assert int(str(figures["commands"])) >= 400 - consoles * 20  # whole life cycles per console


def test_bench_engine_on_sqlite_uses_a_county_box_default() -> None:
    _check(_run(), "sqlite", 4)


@pytest.mark.postgres
def test_bench_engine_on_postgresql_in_a_scratch_schema(postgres_server: str) -> None:
    _check(_run("--db", postgres_server), "postgresql", 32)
    _check(_run("--db", postgres_server, "--consoles", "2"), "postgresql", 2)
