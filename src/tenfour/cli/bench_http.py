"""``tenfour bench http``: the HTTP API and stream, measured over loopback on this machine."""

from __future__ import annotations

import json
from typing import Annotated

import typer

app = typer.Typer(help="Measure the HTTP API on this machine.")


@app.callback()
def bench() -> None:
    """Benchmarks."""


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

    try:
        result = run_http_bench(
            duration_s=duration, concurrency=concurrency, offered=offered, subscribers=subscribers
        )
    except Exception as err:  # a CLI reports, it does not trace back
        typer.echo(f"bench http failed: {err}", err=True)
        raise typer.Exit(2) from None
    figures = result.as_dict()
    if as_json:
        typer.echo(json.dumps(figures))
        return
    for key, value in figures.items():
        typer.echo(f"{key:>16}  {value}")
