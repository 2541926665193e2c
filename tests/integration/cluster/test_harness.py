"""The harness itself: a private PostgreSQL survives kill -9 and restarts, and leaves nothing
behind; the HAProxy configuration is valid and HAProxy reports its servers' health."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from tenfour.bench.haproxy import HAProxy
from tenfour.bench.nodes import Node
from tenfour.bench.pg import PgCluster, free_port
from tests.integration.cluster.tools import need_cluster_tools

pytestmark = pytest.mark.postgres


def test_a_private_cluster_is_killed_restarted_and_removed() -> None:
    need_cluster_tools(proxy=False)
    with PgCluster() as pg:
        with psycopg.connect(pg.url, application_name="tenfour-test") as conn:
            conn.execute("CREATE TABLE kept (n int)")
            conn.execute("INSERT INTO kept VALUES (1)")
            conn.commit()
            assert pg.sessions() == ["tenfour-test"]
            assert pg.terminate_backends() == 1
        pg.kill()
        assert not pg.running()
        pg.start()  # crash recovery
        pg.restart("immediate")
        with psycopg.connect(pg.url) as conn:
            assert conn.execute("SELECT n FROM kept").fetchall() == [(1,)]
        base = pg.base
    assert not base.exists()


def test_haproxy_checks_the_nodes_readiness() -> None:
    need_cluster_tools(proxy=True)
    nobody = Node("n1", free_port(), {}, Path("/dev/null"))  # never started
    with HAProxy([nobody]) as proxy:
        proxy.wait_state("n1", "DOWN")  # nothing listens: never ready
        base = proxy.base
    assert not base.exists()
