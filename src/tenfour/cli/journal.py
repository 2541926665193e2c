"""``tenfour journal``: export the journal as JSON lines, re-check an export offline, migrate.

The export format is described in ``tenfour.journal.export``; ``verify-export`` exits like
``tenfour audit verify``: 0 intact, 1 altered, 2 could not check.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from tenfour.cli.audit import DbOption, fail, load_key_or_exit, redact, summarize
from tenfour.journal.export import export_jsonl, verify_jsonl
from tenfour.journal.store import STORAGE_ERRORS, Journal, open_journal
from tenfour.settings import Settings

app = typer.Typer(help="Export the journal, and check an export.")


@app.callback()
def journal() -> None:
    """Export the journal and check exports."""


@app.command()
def export(
    db: DbOption = None,
    after: Annotated[int, typer.Option("--after", min=0, help="Export events after this seq.")] = 0,
    out: Annotated[
        Path | None, typer.Option("--out", help="Write here instead of standard output.")
    ] = None,
) -> None:
    """Write the journal (header, checkpoints, events) as JSON lines."""
    url = db if db is not None else Settings().db
    try:
        with open_journal(url, create=False) as source:
            count = _export_to(source, out, after)
    except STORAGE_ERRORS as exc:
        fail(f"cannot read the journal at {redact(url)}: {exc}")
    except OSError as exc:
        fail(f"cannot write {out}: {exc}")
    typer.echo(f"exported {count} events after seq {after}", err=True)


def _export_to(source: Journal, out: Path | None, after: int) -> int:
    if out is None:
        return export_jsonl(source, sys.stdout, after)
    with out.open("w", encoding="utf-8", newline="\n") as handle:
        return export_jsonl(source, handle, after)


@app.command()
def migrate(db: DbOption = None) -> None:
    """Create or upgrade the database's tables to this release's schema (run it as the
    database's owner role; the server's role may not change tables: docs/operations.md)."""
    url = db if db is not None else Settings().db
    try:
        with open_journal(url) as target:
            target.migrate()
    except STORAGE_ERRORS as exc:
        fail(f"cannot migrate the journal at {redact(url)}: {exc}")
    typer.echo(f"the journal at {redact(url)} has this release's schema", err=True)


@app.command("verify-export")
def verify_export(
    file: Annotated[Path, typer.Argument(help="A file written by 'tenfour journal export'.")],
    key: Annotated[
        Path | None, typer.Option("--key", help="Ed25519 key (.pub or .pem) to check signatures.")
    ] = None,
) -> None:
    """Re-check an export offline: hash chain, checkpoints, and signatures if --key is given."""
    public_key = None if key is None else load_key_or_exit(key)
    try:
        with file.open(encoding="utf-8") as lines:
            report = verify_jsonl(lines, public_key)
    except (OSError, UnicodeDecodeError) as exc:
        fail(f"cannot read {file}: {exc}")
    typer.echo(summarize(report, public_key))
    raise typer.Exit(0 if report.ok else 1)
