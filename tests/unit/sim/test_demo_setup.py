"""The demo's database rule, its leftovers on resume, and its credentials table."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from tenfour.cli.demo import DemoRefused, check_database, default_db_path
from tenfour.domain import commands as c
from tenfour.domain.actors import SYSTEM
from tenfour.engine.engine import Engine
from tenfour.engine.envelope import Envelope
from tenfour.journal.store import open_journal
from tenfour.sim.demo import credentials_table, new_passwords
from tenfour.sim.inprocess import close_leftovers, register_demo
from tenfour.sim.roster import DEMO_USERS, SIM_CALLTAKER
from tests.unit.sim.domainengine import DomainEngine
from tests.unit.sim.simworld import EPOCH, city


async def _journal_with(path: Path, demo: bool) -> None:
    engine = Engine(open_journal(str(path)))
    engine.open()
    await engine.start()
    if demo:
        await register_demo(engine, city(), "x")
    else:
        command = c.RegisterAgency(agency="MPD", name="Real", kind="police")
        await engine.submit(Envelope("real-1", command, SYSTEM))
    await engine.stop()
    engine.journal.close()


def test_new_empty_and_previous_demo_databases_are_accepted(tmp_path: Path) -> None:
    assert check_database(tmp_path / "missing.db") == "fresh"
    (tmp_path / "empty.db").touch()
    assert check_database(tmp_path / "empty.db") == "fresh"
    sqlite3.connect(tmp_path / "blank.db").close()
    assert check_database(tmp_path / "blank.db") == "fresh"
    asyncio.run(_journal_with(tmp_path / "demo.db", demo=True))
    assert check_database(tmp_path / "demo.db") == "demo"
    assert default_db_path().parent == Path("var") and default_db_path().suffix == ".db"


def test_other_databases_are_refused_with_a_reason(tmp_path: Path) -> None:
    asyncio.run(_journal_with(tmp_path / "real.db", demo=False))
    with pytest.raises(DemoRefused, match="not a demo's"):
        check_database(tmp_path / "real.db")
    (tmp_path / "text.db").write_text("hello, not sqlite at all " * 100)
    with pytest.raises(DemoRefused, match="not a usable SQLite database"):
        check_database(tmp_path / "text.db")
    with sqlite3.connect(tmp_path / "other.db") as conn:
        conn.execute("CREATE TABLE t (x)")
    with pytest.raises(DemoRefused, match="not a tenfour journal"):
        check_database(tmp_path / "other.db")
    with pytest.raises(DemoRefused, match="not a file"):
        check_database(tmp_path)


def test_resuming_closes_the_previous_runs_open_incidents() -> None:
    async def scenario() -> DomainEngine:
        engine = DomainEngine(lambda: EPOCH)
        await register_demo(engine, city(), "r")
        for n in range(2):
            command = c.CreateIncident(type_code="theft", priority=3, address=f"Bulevardi {n}")
            await engine.submit(Envelope(f"i{n}", command, SIM_CALLTAKER.actor()))
        assert await close_leftovers(engine, "r") == 2
        assert await close_leftovers(engine, "r2") == 0
        return engine

    engine = asyncio.run(scenario())
    assert {i.disposition for i in engine.state.incidents.values()} == {"DEMO RESTARTED"}


def test_credentials_table_lists_every_demo_user_aligned() -> None:
    rows = new_passwords()
    table = credentials_table(rows).splitlines()
    assert table[0].split() == ["user", "role", "agency", "password"]
    assert len(table) == 2 + len(DEMO_USERS)
    assert len({len(p) for _, p in rows}) == 1 and len({p for _, p in rows}) == len(rows)
    assert "unit (1A12)" in table[6] and table[2].endswith(rows[0][1])
