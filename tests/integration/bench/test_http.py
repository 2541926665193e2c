"""``tenfour bench http`` runs end to end (tiny load: the figures themselves are in the docs)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from tenfour.cli.bench import app


@pytest.mark.slow
def test_bench_http_measures_a_real_server() -> None:
    args = [
        "http",
        "--duration",
        "1",
        "--concurrency",
        "4",
        "--offered",
        "50",
        "--subscribers",
        "3",
        "--json",
    ]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output.strip().splitlines()[-1])
    assert figures["commands_per_s"] > 0 and figures["errors"] == 0
    assert figures["p50_ms"] > 0 and figures["p99_ms"] >= figures["p50_ms"]
    assert figures["deliveries"] == 3 * 20 and figures["stream_p99_ms"] > 0  # 20 commands/s
    assert set(figures) >= {"commands_per_s", "p50_ms", "p99_ms", "stream_p99_ms"}
