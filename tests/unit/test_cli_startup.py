"""Starting the ``tenfour`` command imports no server, simulator, map or numeric library.

Every CLI call used to import the demo and the simulator (and with them numpy, scipy and the
city) before it parsed its arguments: about 1.5 s of CPU for ``tenfour --help``. Commands import
what they need when they run.
"""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = (
    "tenfour.sim", "tenfour.runtime", "tenfour.geo", "tenfour.api", "tenfour.bench",
    "numpy", "scipy", "fastapi", "uvicorn", "matplotlib", "shapely",
)  # fmt: skip


def test_importing_the_cli_loads_nothing_heavy() -> None:
    code = "import sys, json, tenfour.cli.main; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    loaded = json.loads(out.stdout)
    heavy = [m for m in loaded if any(m == h or m.startswith(h + ".") for h in HEAVY)]
    assert heavy == []
