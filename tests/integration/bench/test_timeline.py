"""``tenfour bench timeline`` runs end to end (a small journal: the figures are in the docs)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from tenfour.bench.timeline import bench_timeline
from tenfour.cli.main import app


def test_bench_timeline_runs_small() -> None:
    figures = bench_timeline(total_events=5000, incident_events=100, repeats=3)
    assert figures["verified"] and figures["timeline_entries"] == 100
    assert figures["server_timeline"]["p50_ms"] > 0  # the target lives in docs/benchmarks.md


def test_bench_timeline_command_prints_json() -> None:
    args = ["bench", "timeline", "--total-events", "1000", "--incident-events", "10"]
    result = CliRunner().invoke(app, [*args, "--repeats", "1", "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["journal_events"] == 1000 and figures["timeline_entries"] == 10
