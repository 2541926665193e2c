"""``tenfour bench board`` runs end to end (tiny load: the figures themselves are in the docs)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from tenfour.cli.bench import app

KEYS = {"p50_ms", "p99_ms", "server_cpu_ms_per_refresh", "bytes_per_refresh", "commands_per_s"}


@pytest.mark.slow
def test_bench_board_measures_consoles_on_a_real_server() -> None:
    args = ["board", "--open", "60", "--consoles", "3", "--interval", "0.2", "--duration", "1"]
    args += ["--concurrency", "2", "--offered", "20", "--json"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output.strip().splitlines()[-1])
    assert set(figures) >= KEYS and figures["errors"] == 0
    assert figures["refreshes"] > 0 and figures["p99_ms"] >= figures["p50_ms"] > 0
    assert figures["commands_per_s"] > 0 and figures["commands_per_s_alone"] > 0
    # A first render sends both windows and the unit board; a refresh only what changed.
    assert figures["full_bytes"] > figures["bytes_per_refresh"] > 0
