"""The ``tenfour`` command: one Typer application with a sub-command per job."""

from __future__ import annotations

import typer

from tenfour.cli import (
    audit,
    bench,
    centre,
    demo,
    export,
    geo,
    interop,
    journal,
    keys,
    radio,
    report,
    schema_cmd,
    serve,
    sim,
    timeline,
    users,
)

app = typer.Typer(
    help="tenfour: computer-aided dispatch for 911 and public-safety communications centres.",
    no_args_is_help=True,
)
app.command("demo")(demo.demo)
app.command("serve")(serve.serve)
app.command("sim")(sim.sim)
app.add_typer(users.app, name="user")
app.add_typer(audit.app, name="audit")
app.add_typer(journal.app, name="journal")
app.add_typer(keys.app, name="keys")
app.command("timeline")(timeline.timeline)
app.add_typer(export.app, name="export")
app.add_typer(report.app, name="report")
app.add_typer(bench.app, name="bench")
app.add_typer(interop.app, name="interop")
app.add_typer(centre.app, name="centre")
app.add_typer(radio.app, name="radio")
app.command("import-osm")(geo.import_osm_command)
journal.app.command("schema")(schema_cmd.schema)


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":  # python -m tenfour.cli.main
    main()
