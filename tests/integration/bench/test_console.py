"""``tenfour bench console`` runs end to end in Chromium (tiny load: the figures are in docs)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tenfour.cli.bench import app


@pytest.mark.slow
@pytest.mark.browser
def test_bench_console_measures_the_dispatch_screen() -> None:
    if not Path("/usr/bin/chromium").exists():
        if os.environ.get("CI") == "true":
            pytest.fail("/usr/bin/chromium is missing")
        pytest.skip("/usr/bin/chromium is missing")
    args = ["console", "--pending", "6", "--active", "2", "--units", "4"]
    result = CliRunner().invoke(app, [*args, "--rate", "5", "--duration", "3", "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output.strip().splitlines()[-1])
    assert figures["first_render_ms"] > 0 and figures["driver_errors"] == 0
    assert figures["calls_timed"] >= 1 and figures["frame_p50_ms"] > 0
