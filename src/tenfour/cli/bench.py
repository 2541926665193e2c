"""``tenfour bench ...``: performance figures measured on this machine."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer(
    help="Measure performance on this machine (results go in docs/benchmarks.md).",
    no_args_is_help=True,
)


def show(title: str, figures: dict[str, object], as_json: bool) -> None:
    """Print figures as JSON or as a table."""
    if as_json:
        typer.echo(json.dumps(figures))
        return
    table = Table(title=title)
    table.add_column("figure")
    table.add_column("value", justify="right")
    for key, value in figures.items():
        table.add_row(key, str(value))
    Console().print(table)


@app.command("engine")
def engine(
    db: Annotated[
        str | None,
        typer.Option(help="file path, sqlite:///... or postgresql://... (a fresh schema is used)"),
    ] = None,
    commands: Annotated[int, typer.Option(min=100, help="commands to drive")] = 20_000,
    consoles: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="consoles sending back to back, each awaiting its ack; default: 4 on SQLite "
            "(a county's box), 32 on PostgreSQL (a state's centres); see docs/benchmarks.md",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """Durable commands/s through the whole engine, against the storage's raw append rate."""
    from tenfour.bench.engine import run_engine_bench

    try:
        result = run_engine_bench(db, commands, consoles)
    except Exception as err:
        typer.echo(f"bench engine failed: {err}", err=True)
        raise typer.Exit(2) from None
    show("engine", result.as_dict(), as_json)


@app.command("timeline")
def timeline(
    total_events: Annotated[int, typer.Option(min=1000, help="events in the journal")] = 100_000,
    incident_events: Annotated[
        int, typer.Option(min=10, help="events on the measured incident")
    ] = 500,
    repeats: Annotated[int, typer.Option(min=1)] = 30,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """An incident's verified timeline (server path), p50/p99 ms, on a large journal."""
    from tenfour.bench.timeline import bench_timeline

    show("timeline", bench_timeline(total_events, incident_events, repeats), as_json)
