"""Fixtures of the fault tests: a private PostgreSQL cluster, tenfour nodes, HAProxy.

They need PostgreSQL's server binaries (initdb, pg_ctl) and HAProxy: without them the tests skip
locally but fail when CI=true. Each module starts one cluster and breaks it test by test; when a
test fails, the tail of every node's log is printed with it.
"""

from __future__ import annotations

from collections.abc import Generator

import pytest

from tenfour.bench.cluster import Cluster


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Attach the nodes' logs to a failed test's report."""
    report = yield
    cluster = getattr(item, "funcargs", {}).get("cluster")
    if report.failed and isinstance(cluster, Cluster):
        report.sections.append(("tenfour node logs", cluster.logs()))
    return report
