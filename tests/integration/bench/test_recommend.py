"""``tenfour bench recommend`` runs end to end (small graphs: the figures are in the docs)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from tenfour.cli.main import app


def test_bench_recommend_prints_json() -> None:
    args = ["bench", "recommend", "--units", "50", "--queries", "5", "--grid-nodes", "900"]
    result = CliRunner().invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert set(report) == {"helsinki", "grid"}
    for row in report.values():
        assert 0 < row["p50_ms"] <= row["p99_ms"] <= row["max_ms"]
        assert row["queries"] == 5 and row["units"] == 50
        assert row["cold_snap"]["p99_ms"] > 0


def test_bench_recommend_prints_a_table() -> None:
    args = ["bench", "recommend", "--units", "20", "--queries", "3", "--grid-nodes", "400"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "helsinki" in result.output and "grid" in result.output
