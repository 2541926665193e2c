"""The ``tenfour`` command: one Typer application with a sub-command per job."""

from __future__ import annotations

import typer

from tenfour.cli import audit, bench, geo, journal, schema_cmd

app = typer.Typer(
    help="tenfour: computer-aided dispatch for 911 and public-safety communications centres.",
    no_args_is_help=True,
)
app.add_typer(audit.app, name="audit")
app.add_typer(journal.app, name="journal")
app.add_typer(bench.app, name="bench")
app.command("import-osm")(geo.import_osm_command)
bench.app.command("recommend")(geo.bench_recommend_command)
journal.app.command("schema")(schema_cmd.schema)


def main() -> None:
    """Console-script entry point."""
    app()
