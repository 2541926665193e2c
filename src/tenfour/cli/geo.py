"""``tenfour import-osm``: build a city's offline road, address and station files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

app = typer.Typer(help="Road data and geocoding tools.", no_args_is_help=True)
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
        f"{summary.stations} stations, {summary.hospitals} hospitals, "
        f"{summary.places} named places, {summary.crossings} street crossings; "
        f"{summary.total_bytes / 1024:.0f} KiB in {summary.seconds:.1f} s -> {out}"
    )
    for warning in summary.warnings:
        console.print(f"[yellow]{warning}[/yellow]")
    console.print(f"serve it: tenfour serve --city {out}  (or TENFOUR_CITY={out})")
