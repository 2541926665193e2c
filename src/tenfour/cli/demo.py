"""``tenfour demo``: a living demo city on a fresh SQLite database, server and simulator together.

On an empty database it registers three agencies (police MPD dispatching fire MFD and EMS MEMS)
and the partner FED, about 40 units at central Helsinki's stations and streets, and one user
per role, each with a new random password printed at start. It then serves the API and console
and runs the simulator in the same process until interrupted.

Database rule: the file must be new or empty, or a previous demo's database (its first journal
event was recorded by the demo), which is resumed - with fresh passwords, since only hashes are
kept. Any other database is refused: the demo never writes into a real centre's journal.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Annotated, Literal

import typer

DEMO_ACTOR_USER = "tenfour-demo"  # tenfour.sim.roster.DEMO_ACTOR (not imported: CLI start-up)

DbState = Literal["fresh", "demo"]
# Four simulated minutes a real minute and 24 calls a simulated hour: about 1.6 calls a real
# minute (the first after 8 s), so the console is busy within the first minute.
DEFAULT_SPEED = 4.0
DEFAULT_RATE = 24.0


class DemoRefused(Exception):  # noqa: N818 - a refusal, shown to the user as a message
    """The demo cannot start; the message says why."""


def default_db_path(now: datetime | None = None) -> Path:
    """``./var/demo-<timestamp>.db``."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    return Path("var") / f"demo-{stamp}.db"


def check_database(path: Path) -> DbState:
    """``fresh`` (missing, empty, or no events yet), ``demo`` (a previous demo's), else refuse."""
    if not path.exists() or path.stat().st_size == 0:
        return "fresh"
    if not path.is_file():
        raise DemoRefused(f"{path} is not a file")
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
            if not tables:
                return "fresh"
            if "journal" not in tables:
                raise DemoRefused(f"{path} is a SQLite database but not a tenfour journal")
            first = conn.execute("SELECT actor_user FROM journal ORDER BY seq LIMIT 1").fetchone()
    except sqlite3.Error as err:
        raise DemoRefused(f"{path} is not a usable SQLite database: {err}") from None
    if first is None:
        return "fresh"
    if first[0] != DEMO_ACTOR_USER:
        raise DemoRefused(
            f"{path} holds a tenfour journal that is not a demo's; the demo only runs on a new "
            "or empty database or a previous demo database (leave out --db for a new one)"
        )
    return "demo"


def check_port(host: str, port: int) -> None:
    """Refuse a port something else already listens on."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError as err:
            raise DemoRefused(f"cannot listen on {host}:{port}: {err.strerror}") from None


def demo(
    db: Annotated[
        Path | None,
        typer.Option(
            "--db", help="SQLite file (new, empty or a previous demo's) [var/demo-<time>.db]"
        ),
    ] = None,
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="TCP port")] = 8410,
    speed: Annotated[
        float, typer.Option("--speed", min=0.1, max=100.0, help="Simulated time per real second")
    ] = DEFAULT_SPEED,
    rate: Annotated[
        float, typer.Option("--rate", min=0.5, max=600.0, help="Mean calls per simulated hour")
    ] = DEFAULT_RATE,
    seed: Annotated[int | None, typer.Option("--seed", help="Simulator seed [random]")] = None,
    host: Annotated[str, typer.Option("--host", help="Address to listen on")] = "127.0.0.1",
    no_browser_hint: Annotated[
        bool, typer.Option("--no-browser-hint", help="Do not suggest opening a browser")
    ] = False,
) -> None:
    """Run a living demo city (central Helsinki): server, console and simulator in one."""
    from tenfour.sim.demo import DemoOptions, DemoStartError, run_demo  # heavy: only when run

    options = DemoOptions(
        db or default_db_path(), host, port, speed, rate, seed, not no_browser_hint
    )
    try:
        state = check_database(options.db)
        check_port(host, port)
    except DemoRefused as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(1) from None
    try:
        asyncio.run(run_demo(options, state))
    except DemoStartError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        pass
