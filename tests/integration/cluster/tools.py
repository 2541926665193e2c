"""What the fault tests need on the machine: PostgreSQL's server binaries, runuser as root, HAProxy."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tenfour.bench.haproxy import HAPROXY
from tenfour.bench.pg import find_binary


def need_cluster_tools(proxy: bool) -> None:
    """Skip (fail when CI=true) without initdb/pg_ctl, or HAProxy when ``proxy``."""
    missing = []
    for name in ("initdb", "pg_ctl"):
        try:
            find_binary(name)
        except FileNotFoundError as err:
            missing.append(str(err))
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        missing.append("runuser is missing (PostgreSQL will not run as root)")
    if proxy and not Path(HAPROXY).exists():
        missing.append(f"{HAPROXY} is missing (apt-get install haproxy)")
    if missing and os.environ.get("CI") == "true":
        pytest.fail("; ".join(missing))
    if missing:
        pytest.skip("; ".join(missing))
