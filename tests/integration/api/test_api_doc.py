"""docs/api.md's Python walk-through, run as written against a real server (uvicorn, SQLite)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.e2e.seed import seed
from tests.e2e.server import new_secret, password_of, start_server

DOC = Path(__file__).parents[3] / "docs" / "api.md"


def test_the_first_call_walk_through_runs(tmp_path: Path) -> None:
    script = re.findall(r"```python\n(.*?)```", DOC.read_text("utf-8"), re.S)[0]
    (tmp_path / "first_call.py").write_text(script, encoding="utf-8")
    server = start_server(tmp_path / "db", new_secret())
    try:
        seed(server)
        env = {**os.environ, "TENFOUR_URL": server.url, "TENFOUR_USER": "disp1",
               "TENFOUR_PASSWORD": password_of("disp1")}  # fmt: skip
        run = subprocess.run(
            [sys.executable, str(tmp_path / "first_call.py")],
            env=env, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
    finally:
        server.stop()
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert re.fullmatch(r"entered \d{4}-\d{6}", lines[0]), lines
    assert re.fullmatch(r"stream: seq \d+ IncidentCreated by disp1", lines[1]), lines
    assert lines[2].startswith("refused (404 not_found): "), lines
