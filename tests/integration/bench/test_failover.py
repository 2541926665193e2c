"""``tenfour bench failover`` runs end to end: one kill and one freeze (the figures are in the docs)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from tenfour.cli.bench import app
from tests.integration.cluster.tools import need_cluster_tools


@pytest.mark.slow
@pytest.mark.postgres
def test_bench_failover_loses_nothing() -> None:
    need_cluster_tools(proxy=True)
    result = CliRunner().invoke(app, ["failover", "--nodes", "2", "--kills", "1", "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output.strip().splitlines()[-1])
    assert figures["acked"] > 0
    assert figures["lost_acked"] == 0 and figures["duplicates"] == 0, figures
    assert figures["stream_subscribers"] == 2, figures
    assert figures["stream_gaps"] == 0 and figures["stream_duplicates"] == 0, figures
    assert figures["journal_verified"] is True
    for kind in ("kill", "freeze"):
        assert len(figures[kind]["samples_ms"]) == 1, figures
        assert 0 < figures[kind]["takeover_ms_max"] < 60_000, figures
    assert figures["takeover_ms_p50"] == figures["kill"]["takeover_ms_p50"]
