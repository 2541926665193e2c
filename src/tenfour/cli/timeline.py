"""``tenfour timeline INCIDENT``: an incident's verified timeline, read straight from the journal.

No server is needed: one pass over the journal verifies the whole hash chain and the signed
checkpoints (signatures too when the public key is found) while it collects the incident's
records. Output: JSON (default), a standalone HTML document, or a PDF. Wire into the main app
with ``app.command("timeline")(timeline)``. Exit codes: 0 verified, 1 not verified (the document
is still written and says why), 2 could not run.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from tenfour.cli.atomic import atomic_file, write_text_atomically
from tenfour.cli.audit import DbOption, fail, load_key_or_exit, operator_key_path, redact
from tenfour.journal.signing import public_key_path
from tenfour.journal.store import STORAGE_ERRORS, Journal, open_journal
from tenfour.radio.audit import audio_status
from tenfour.radio.store import AudioStore
from tenfour.reports.intervals import timeline_unit_intervals
from tenfour.reports.render import timeline_html
from tenfour.settings import Settings
from tenfour.views.timeline import timeline_from_journal
from tenfour.views.timeline_radio import mark_audio

PROGRESS_FROM = 50_000
stderr = Console(stderr=True)
app = typer.Typer(help="An incident's verified timeline.")


class Format(StrEnum):
    """Output formats."""

    JSON = "json"
    HTML = "html"
    PDF = "pdf"


@app.command()
def timeline(
    incident: Annotated[str, typer.Argument(help="Incident id, e.g. 2026-000123.")],
    db: DbOption = None,
    fmt: Annotated[Format, typer.Option("--format", help="json, html or pdf.")] = Format.JSON,
    out: Annotated[
        Path | None, typer.Option("--out", help="Write here (required for pdf).")
    ] = None,
    key: Annotated[
        Path | None,
        typer.Option(
            "--key", help="Public key to check signatures [default: TENFOUR_KEY_PATH.pub]"
        ),
    ] = None,
    no_key: Annotated[bool, typer.Option("--no-key", help="Do not check signatures.")] = False,
) -> None:
    """Every record of an incident with who, role, agency, time, seq and hash, verified."""
    if fmt == Format.PDF and out is None:
        fail("--format pdf needs --out FILE")
    url = db if db is not None else Settings().db
    public_key = None if no_key else _public_key(key, db)
    try:
        with open_journal(url, create=False) as journal:
            found = _read(journal, incident, public_key)
    except STORAGE_ERRORS as exc:
        fail(f"cannot read the journal at {redact(url)}: {exc}")
    if found is None:
        fail(f"no record names incident {incident!r}", 2)
    found["unit_intervals"] = timeline_unit_intervals(found, {})
    store = AudioStore(Settings(db=url).audio_path())
    mark_audio(found, lambda sha: audio_status(store, sha))
    _write(found, fmt, out)
    verdict = found["verification"]
    stderr.print(verdict["statement"], markup=False, highlight=False)
    raise typer.Exit(0 if verdict["verified"] else 1)


def _public_key(key: Path | None, db: str | None) -> Ed25519PublicKey | None:
    if key is not None:
        return load_key_or_exit(key)
    default = operator_key_path(db)
    found = default.exists() or public_key_path(default).exists()
    return load_key_or_exit(default) if found else None


def _read(
    journal: Journal, incident: str, public_key: Ed25519PublicKey | None
) -> dict[str, Any] | None:
    total = journal.head()[0]
    if total < PROGRESS_FROM:
        return timeline_from_journal(journal, incident, public_key)
    columns = (TextColumn("reading and verifying"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=stderr, transient=True) as progress:
        task = progress.add_task("verify", total=total)
        return timeline_from_journal(
            journal,
            incident,
            public_key,
            on_progress=lambda seq: progress.update(task, completed=seq),
        )


def _write(found: dict[str, Any], fmt: Format, out: Path | None) -> None:
    try:
        if fmt == Format.PDF:
            assert out is not None
            from tenfour.reports.pdf import timeline_pdf  # matplotlib: only for PDF

            with atomic_file(out) as handle:
                timeline_pdf(found, handle)
            return
        text = json.dumps(found, indent=2) if fmt == Format.JSON else timeline_html(found)
        if out is None:
            sys.stdout.write(text + "\n")
        else:
            write_text_atomically(out, text + "\n")
    except OSError as exc:
        fail(f"cannot write {out}: {exc}")
