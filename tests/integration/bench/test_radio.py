"""``tenfour bench radio`` runs end to end (a few seconds of traffic: the figures are in docs)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from tenfour.cli.main import app


def test_bench_radio_reports_its_figures() -> None:
    args = ["bench", "radio", "--minutes", "0.1", "--rounds", "1", "--phrases", "1"]
    result = CliRunner().invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output.strip().splitlines()[-1])
    assert figures["model"] == "whisper-tiny.en" and figures["duty"] == 0.4
    assert figures["transmissions"] >= 1 and figures["audio_s"] > 0
    assert figures["realtime_factor"] > 0 and figures["max_backlog_s"] > 0
    assert figures["commands_with"] > 0 and figures["commands_without"] > 0
    assert figures["p99_ms_with"] >= figures["p50_ms_with"] > 0
    assert isinstance(figures["keeps_up"], bool)


def test_bench_radio_refuses_a_model_that_is_not_there() -> None:
    result = CliRunner().invoke(app, ["bench", "radio", "--model", "/nonexistent/model"])
    assert result.exit_code == 2
    assert "no model directory" in result.output
