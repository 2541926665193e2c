"""``tenfour bench ...``: figures measured on this machine (engine, history, http, board, failover,
recommend, timeline, radio).

The measuring lives in :mod:`tenfour.bench`; these commands parse options and print figures.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.table import Table

T = TypeVar("T")
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


def reported(name: str, measure: Callable[[], T]) -> T:
    """Run a bench; a failure is a message and exit code 2, never a traceback."""
    try:
        return measure()
    except Exception as err:
        typer.echo(f"bench {name} failed: {err}", err=True)
        raise typer.Exit(2) from None


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

    result = reported("engine", lambda: run_engine_bench(db, commands, consoles))
    show("engine", result.as_dict(), as_json)


@app.command("radio")
def radio(
    minutes: Annotated[
        float, typer.Option(min=0.05, help="wall minutes of radio traffic (an hour's shape)")
    ] = 3.0,
    duty: Annotated[
        float, typer.Option(min=0.05, max=0.95, help="share of the time the channel is keyed up")
    ] = 0.4,
    rounds: Annotated[int, typer.Option(min=1, help="with/without phases, interleaved")] = 2,
    commands_per_s: Annotated[
        float, typer.Option(min=1.0, help="the consoles' paced command load")
    ] = 40.0,
    cpu_threads: Annotated[int, typer.Option(min=1, help="CPU threads for the model")] = 1,
    phrases: Annotated[int, typer.Option(min=1, max=8, help="distinct calls to play")] = 8,
    model: Annotated[
        Path | None, typer.Option(help="a CTranslate2 Whisper model directory [packaged tiny.en]")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """One busy radio channel transcribed beside the engine: real-time factor, backlog, and
    command latency with and without transcription."""
    from tenfour.bench.radio import RadioBenchOptions, run_radio_bench

    options = RadioBenchOptions(
        minutes=minutes, duty=duty, rounds=rounds, commands_per_s=commands_per_s,
        cpu_threads=cpu_threads, model=model, phrases=phrases,
    )  # fmt: skip
    result = reported("radio", lambda: run_radio_bench(options))
    show("radio", result.as_dict(), as_json)


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


@app.command("history")
def history(
    db: Annotated[
        str | None,
        typer.Option(help="file path, sqlite:///... or postgresql://... (a fresh schema is used)"),
    ] = None,
    max_incidents: Annotated[
        int | None,
        typer.Option("--max", min=10, help="closed incidents at most (10k, 100k, 1M by default)"),
    ] = None,
    window_hours: Annotated[
        float,
        typer.Option(min=0, max=87_600, help="the live state's window (a server's default: 24)"),
    ] = 24.0,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """Memory, snapshot, start-up, follower catch-up and p99 as closed incidents pile up."""
    from tenfour.bench.history import run_history_bench

    try:
        result = run_history_bench(db, max_incidents, round(window_hours * 3600))
    except Exception as err:  # a CLI reports, it does not trace back
        typer.echo(f"bench history failed: {err}", err=True)
        raise typer.Exit(2) from None
    if as_json:
        typer.echo(json.dumps(result))
        return
    table = Table(*result["points"][0].keys(), title="history")
    for point in result["points"]:
        table.add_row(*(str(v) for v in point.values()))
    Console().print(table)


@app.command("http")
def http(
    duration: Annotated[float, typer.Option(min=1.0, max=300.0, help="seconds per phase")] = 10.0,
    concurrency: Annotated[
        int, typer.Option(min=1, max=1024, help="clients in the max phase")
    ] = 64,
    offered: Annotated[
        float, typer.Option(min=1.0, max=20_000.0, help="commands/s in the fixed-load phase")
    ] = 500.0,
    subscribers: Annotated[int, typer.Option(min=1, max=2000, help="WebSocket clients")] = 200,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """Commands/s, p50/p99 at a fixed load, and stream delivery p99 with many subscribers."""
    from tenfour.bench.http import run_http_bench

    result = reported(
        "http",
        lambda: run_http_bench(
            duration_s=duration, concurrency=concurrency, offered=offered, subscribers=subscribers
        ),
    )
    show("http", result.as_dict(), as_json)


@app.command("console")
def console(
    pending: Annotated[int, typer.Option(min=1, max=5000, help="calls waiting")] = 300,
    active: Annotated[int, typer.Option(min=0, max=5000, help="incidents with a unit")] = 100,
    units: Annotated[int, typer.Option(min=1, max=5000, help="units")] = 200,
    rate: Annotated[
        float, typer.Option(min=0.5, max=200.0, help="orders/s from another console")
    ] = 5.0,
    duration: Annotated[float, typer.Option(min=2.0, max=600.0, help="seconds of load")] = 20.0,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """The dispatch screen in Chromium under load: first render, long tasks, frames, events."""
    import tempfile
    from pathlib import Path

    from tenfour.bench.console import run_console_bench

    try:
        with tempfile.TemporaryDirectory(prefix="tenfour-bench-console-") as tmp:
            figures = run_console_bench(
                pending=pending, active=max(0, min(active, units)), units=units, rate=rate,
                duration_s=duration, tmp=Path(tmp),
            )  # fmt: skip
    except Exception as err:  # a CLI reports, it does not trace back
        typer.echo(f"bench console failed: {err}", err=True)
        raise typer.Exit(2) from None
    show("console", figures, as_json)


@app.command("board")
def board(
    open_n: Annotated[
        int, typer.Option("--open", min=10, max=100_000, help="open incidents")
    ] = 5000,
    consoles: Annotated[int, typer.Option(min=1, max=1000, help="consoles refreshing")] = 50,
    interval: Annotated[
        float, typer.Option(min=0.05, max=60.0, help="seconds between a console's refreshes")
    ] = 1.0,
    concurrency: Annotated[
        int, typer.Option(min=1, max=256, help="command clients in the flat-out phase")
    ] = 16,
    offered: Annotated[
        float, typer.Option(min=1.0, max=5000.0, help="commands/s in the steady phase")
    ] = 50.0,
    duration: Annotated[float, typer.Option(min=1.0, max=300.0, help="seconds per phase")] = 10.0,
    legacy: Annotated[
        bool, typer.Option(help="refresh as the console did before the board queries")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """The dispatcher's board at N open incidents with C consoles refreshing while commands flow."""
    from tenfour.bench.board_drive import run_board_bench

    result = reported(
        "board",
        lambda: run_board_bench(
            open_n=open_n,
            consoles=consoles,
            interval_s=interval,
            concurrency=concurrency,
            duration_s=duration,
            offered=offered,
            legacy=legacy,
        ),
    )
    show("board", result.as_dict(), as_json)


@app.command("failover")
def failover(
    nodes: Annotated[int, typer.Option(min=2, max=9, help="tenfour nodes behind HAProxy")] = 3,
    kills: Annotated[
        int, typer.Option(min=1, max=100, help="times the leader is killed (SIGKILL)")
    ] = 10,
    freezes: Annotated[
        int | None,
        typer.Option(min=0, max=100, help="times the leader is frozen (SIGSTOP) [= --kills]"),
    ] = None,
    clients: Annotated[int, typer.Option(min=1, max=64, help="clients sending commands")] = 4,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """Takeover time after the leader is killed or frozen, under load; nothing may be lost.

    Starts its own PostgreSQL cluster (initdb, pg_ctl) and HAProxy in temporary directories.
    """
    from tenfour.bench.failover import run_failover_bench

    result = reported(
        "failover",
        lambda: run_failover_bench(nodes=nodes, kills=kills, freezes=freezes, clients=clients),
    )
    show("failover", result, as_json)


@app.command("recommend")
def recommend(
    units: Annotated[int, typer.Option(help="randomly placed units")] = 1000,
    queries: Annotated[int, typer.Option(help="recommendations to time")] = 200,
    grid_nodes: Annotated[int, typer.Option(help="size of the generated grid")] = 250_000,
    networkx: Annotated[int, typer.Option(help="also time networkx on N queries")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """Time top-5 unit recommendations on Helsinki and on a generated road grid."""
    from tenfour.bench.recommend import bench_recommend

    report = bench_recommend(
        units=units, queries=queries, grid_nodes=grid_nodes, networkx_queries=networkx
    )
    if as_json:
        typer.echo(json.dumps(report, indent=2))
        return
    table = Table("graph", "nodes", "edges", "p50 ms", "p99 ms", "target p99", "ok")
    for name, row in report.items():
        table.add_row(
            name,
            str(row["nodes"]),
            str(row["edges"]),
            f"{row['p50_ms']:.2f}",
            f"{row['p99_ms']:.2f}",
            f"{row['target_p99_ms']:.0f}",
            "yes" if row["ok"] else "NO",
        )
    Console().print(table)
