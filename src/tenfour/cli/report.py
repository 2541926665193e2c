"""``tenfour report response-times``: percentiles beside the NENA / NFPA targets, as HTML.

Reads the journal directly (no server), with a progress bar over the stretch it reads. Exit
codes: 0 written, 2 could not run (bad dates, unreadable journal or targets file).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from tenfour.cli.atomic import write_text_atomically
from tenfour.cli.audit import DbOption, fail, redact
from tenfour.journal.store import STORAGE_ERRORS, Journal, open_journal
from tenfour.reports.collect import as_time, collect
from tenfour.reports.records import IncidentRecord
from tenfour.reports.render import response_times_html
from tenfour.reports.response_times import Filters, build_report, measure
from tenfour.reports.targets import TargetsError, load_targets
from tenfour.settings import Settings

stderr = Console(stderr=True)
app = typer.Typer(help="Reports from the journal.")

From = Annotated[str, typer.Option("--from", help="First day (2026-11-01) or ISO time with zone.")]
To = Annotated[str, typer.Option("--to", help="Day after the last (exclusive), or ISO time.")]


@app.callback()
def report() -> None:
    """Reports read from the journal."""


@app.command("response-times")
def response_times(
    start: From,
    end: To,
    out: Annotated[Path, typer.Option("--out", help="HTML file to write.")],
    db: DbOption = None,
    agency: Annotated[str | None, typer.Option("--agency", help="Only this agency.")] = None,
    type_code: Annotated[str | None, typer.Option("--type", help="Only this type.")] = None,
    targets_file: Annotated[
        Path | None, typer.Option("--targets", help="Targets JSON [default: packaged].")
    ] = None,
) -> None:
    """Answering, processing, turnout, travel and total: p90 / p95 against the targets."""
    first, last = period_or_exit(start, end)
    try:
        targets = load_targets(targets_file)
    except TargetsError as exc:
        fail(str(exc))
    url = db if db is not None else Settings().db
    try:
        with open_journal(url, create=False) as journal:
            records = collect_with_progress(journal, first, last)
    except STORAGE_ERRORS as exc:
        fail(f"cannot read the journal at {redact(url)}: {exc}")
    filters = Filters(first, last, agency, type_code)
    data = build_report(records, filters, targets)
    from tenfour.reports.charts import charts  # matplotlib: loaded only when drawing

    html = response_times_html(data, charts(measure(records, filters), data))
    try:
        write_text_atomically(out, html)
    except OSError as exc:
        fail(f"cannot write {out}: {exc}")
    counts = data["counts"]
    typer.echo(f"{out}: {counts['incidents']} incidents, {counts['unit_responses']} responses")


def period_or_exit(start: str, end: str) -> tuple[str, str]:
    """The period as journal times, or exit 2 with a clear message."""
    try:
        first, last = as_time(start), as_time(end)
    except ValueError as exc:
        fail(f"--from/--to: {exc} (use 2026-11-01 or 2026-11-01T00:00:00Z)")
    if last <= first:
        fail("--to must be after --from")
    return first, last


def collect_with_progress(journal: Journal, first: str, last: str) -> list[IncidentRecord]:
    """Incident records of the period, with a progress bar over the records read."""
    columns = (
        TextColumn("reading the journal"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=stderr, transient=True) as progress:
        task = progress.add_task("read", total=None)

        def tick(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        return collect(journal, first, last, on_progress=tick)
