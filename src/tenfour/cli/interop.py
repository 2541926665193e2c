"""``tenfour interop``: check EIDO and CAP documents, make partner secrets."""

from __future__ import annotations

import json
import secrets
import sys
import time
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(help="EIDO, CAP and partner tools.", no_args_is_help=True)


def _read(path: Path) -> bytes:
    try:
        return sys.stdin.buffer.read() if str(path) == "-" else path.read_bytes()
    except OSError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(1) from None


@app.command("check-eido")
def check_eido(
    file: Annotated[Path, typer.Argument(help="EIDO JSON file ('-' for standard input)")],
) -> None:
    """Check an EIDO as an import would: size, JSON, schema, references; list unknown members."""
    from tenfour.interop.eido_import import ImportRejected, check

    started = time.perf_counter()
    try:
        checked = check(_read(file))
    except ImportRejected as err:
        typer.echo(f"refused: {err.message}", err=True)
        raise typer.Exit(1) from None
    ms = (time.perf_counter() - started) * 1000
    typer.echo(f"valid EIDO: {checked.size_bytes:,} bytes, sha256 {checked.digest} ({ms:.0f} ms)")
    for pointer, value in checked.unknown_members.items():
        typer.echo(f"unknown member {pointer}: {json.dumps(value)[:120]}")


@app.command("check-cap")
def check_cap(
    file: Annotated[Path, typer.Argument(help="CAP 1.2 XML file ('-' for standard input)")],
) -> None:
    """Check a CAP alert as ingest would (hostile XML refused, then CAP-v1.2.xsd)."""
    from tenfour.interop.cap import AlertRejected, parse_alert

    try:
        alert = parse_alert(_read(file))
    except AlertRejected as err:
        typer.echo(f"refused: {err}", err=True)
        raise typer.Exit(1) from None
    typer.echo(
        f"valid CAP 1.2: {alert.msg_type} {alert.identifier} from {alert.sender}: {alert.event}"
    )


@app.command("new-secret")
def new_secret() -> None:
    """Print a fresh shared secret for a partners file (give the same one to the partner)."""
    typer.echo(secrets.token_urlsafe(48))
