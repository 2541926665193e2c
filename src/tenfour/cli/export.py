"""``tenfour export open-data``: a calls-for-service CSV, redacted like the public feed.

Reads the journal directly (no server). One row per unit response; withheld types and incidents
younger than the publication delay are left out; locations are generalised to the block of a
street the gazetteer knows or a grid cell. Exit codes: 0 written, 2 could not run.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from tenfour.cli.audit import DbOption, fail, redact
from tenfour.cli.report import From, To, collect_with_progress, period_or_exit
from tenfour.domain.timefmt import iso
from tenfour.journal.store import STORAGE_ERRORS, open_journal
from tenfour.reports.open_data import write_csv
from tenfour.reports.public_feed import PolicyError, load_config, public_id_key
from tenfour.settings import Settings

app = typer.Typer(help="Export open data.")


@app.callback()
def export() -> None:
    """Export redacted data for publication."""


@app.command("open-data")
def open_data(
    start: From,
    end: To,
    db: DbOption = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="CSV file [default: standard output].")
    ] = None,
    rules: Annotated[
        Path | None, typer.Option("--rules", help="Redaction rules JSON [default: packaged].")
    ] = None,
) -> None:
    """Calls for service received from --from to --to, one row per unit response."""
    from tenfour.geo.gazetteer import CityGazetteer  # numpy and scipy: only when exporting

    first, last = period_or_exit(start, end)
    settings = Settings()
    try:
        config = load_config(
            rules,
            delay_minutes=settings.public_delay_minutes,
            streets=CityGazetteer.load(settings.city),
            id_key=public_id_key(settings.secret),
        )
    except PolicyError as exc:
        fail(str(exc))
    url = db if db is not None else settings.db
    try:
        with open_journal(url, create=False) as journal:
            records = collect_with_progress(journal, first, last)
    except STORAGE_ERRORS as exc:
        fail(f"cannot read the journal at {redact(url)}: {exc}")
    now = iso(datetime.now(UTC))
    try:
        if out is None:
            count = write_csv(records, now, config.policy, sys.stdout)
        else:
            with out.open("w", encoding="utf-8", newline="") as handle:
                count = write_csv(records, now, config.policy, handle)
    except OSError as exc:
        fail(f"cannot write {out}: {exc}")
    typer.echo(f"wrote {count} rows ({len(records)} incidents in the period)", err=True)
