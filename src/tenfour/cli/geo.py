"""``tenfour import-osm`` and ``tenfour bench-recommend``: build city data, time recommendations."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

app = typer.Typer(help="Road data, geocoding and recommendation tools.", no_args_is_help=True)
console = Console()


@app.command("import-osm")
def import_osm_command(
    file: Annotated[Path, typer.Argument(help="OpenStreetMap .osm.pbf extract")],
    out: Annotated[Path, typer.Option("--out", help="directory to write the city files into")],
) -> None:
    """Convert an OSM extract into tenfour's offline road, address and station files."""
    from tenfour.geo.osm_import import OsmImportError, import_osm

    with Progress(
        TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(), console=console
    ) as progress:
        task = progress.add_task("starting", total=1)

        def report(step: str, done: int, total: int) -> None:
            progress.update(task, description=step, completed=done, total=total)

        try:
            summary = import_osm(file, out, report)
        except OsmImportError as exc:
            console.print(f"[red]{exc}[/red]")
            raise typer.Exit(code=1) from exc
    console.print(
        f"{summary.nodes} road nodes, {summary.edges} directed edges, "
        f"{summary.addresses} addresses, {summary.streets} streets, "
        f"{summary.stations} stations, {summary.hospitals} hospitals; "
        f"{summary.total_bytes / 1024:.0f} KiB in {summary.seconds:.1f} s -> {out}"
    )
    for warning in summary.warnings:
        console.print(f"[yellow]{warning}[/yellow]")


@app.command("bench-recommend")
def bench_recommend_command(
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
    console.print(table)
