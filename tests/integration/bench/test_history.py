"""``tenfour bench history`` runs end to end (a tiny history: the figures are in the docs)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from tenfour.cli.main import app

KEYS = {"closed_incidents", "rss_mb", "snapshot_bytes", "startup_s", "catchup_s", "p99_ms"}


@pytest.mark.slow  # two fresh processes open the journal: about 20 s on a busy box
def test_bench_history_command_prints_the_points_as_json() -> None:
    result = CliRunner().invoke(app, ["bench", "history", "--max", "30", "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert list(figures) == ["points"]
    (point,) = figures["points"]
    assert set(point) == KEYS and point["closed_incidents"] == 30
    assert point["rss_mb"] > 0 and point["snapshot_bytes"] > 0 and point["p99_ms"] > 0
