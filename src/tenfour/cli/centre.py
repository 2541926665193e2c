"""``tenfour centre plan|apply|export|schema``: the centre's configuration as a file.

``plan`` reads the journal (without writing) and prints what the file would change; ``apply``
opens the database as its writer (server stopped, like ``tenfour user add``) and records each
change as a journaled command by ``--as`` (a centre administrator) or ``cli:<os user>``;
``export`` writes the configuration in force. Exit codes: 0 done (plan: nothing to change with
``--check``), 1 a mistake in the file or a refusal, 2 the database cannot be read.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from tenfour.centre.apply import Applied, apply_plan
from tenfour.centre.document import CentreFileError, LoadedCentre, load_centre
from tenfour.centre.export import dump_centre
from tenfour.centre.plan import Plan, plan
from tenfour.centre.schema import CentreFile
from tenfour.cli.audit import redact
from tenfour.cli.users import OPEN_ERRORS, RUN_ERRORS, cli_actor
from tenfour.domain.actors import Actor, Role
from tenfour.domain.state import DispatchState
from tenfour.engine.replay import replay
from tenfour.journal.errors import WriterLockHeld
from tenfour.journal.store import STORAGE_ERRORS, open_journal
from tenfour.settings import Settings

if TYPE_CHECKING:
    from tenfour.runtime import Runtime

app = typer.Typer(help="The centre's configuration as a file.", no_args_is_help=True)

FileArg = Annotated[Path, typer.Argument(help="centre file (YAML)", exists=False)]
DbOption = Annotated[
    str | None,
    typer.Option("--db", help="file path, sqlite:///... or postgresql://... [as every command]"),
]
ADMIN_ROLES = (Role.CENTRE_ADMIN, Role.ADMIN)


@app.callback()
def centre() -> None:
    """Plan, apply and export the centre's configuration."""


def fail(message: str, code: int = 1) -> NoReturn:
    """Print an error and exit."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def read_file(path: Path, state: DispatchState) -> LoadedCentre:
    """The checked file, or exit 1 listing each mistake with its line."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        fail(f"cannot read {path}: {err.strerror or err}")
    stations = state.config.get("station", {})
    try:
        return load_centre(text, str(path), state.agencies, stations, state.units)
    except CentreFileError as err:
        fail(f"{len(err.problems)} mistake(s) in {path}:\n{err}")


def recorded_state(db: str | None) -> DispatchState:
    """The state the journal has built (empty for a database not created yet)."""
    url = db if db is not None else Settings().db
    state = DispatchState()
    if "://" not in url and not Path(url).exists():
        return state
    try:
        with open_journal(url, create=False) as journal:
            replay(state, journal.read())
    except STORAGE_ERRORS as exc:
        if _not_created(exc):  # a database tenfour has not migrated yet: nothing recorded
            return DispatchState()
        fail(f"cannot read the journal at {redact(url)}: {exc}", 2)
    return state


def _not_created(exc: Exception) -> bool:
    text = str(exc)
    return 'relation "journal" does not exist' in text or "no such table: journal" in text


def show(result: Plan) -> None:
    """The plan, one line per change."""
    for change in result.changes:
        typer.echo(change.render())
    for kept in result.kept:
        typer.echo(f"  {kept}: in the journal, not in the file (kept)")
    count = len(result.changes)
    typer.echo("nothing to change" if not count else f"{count} change(s)")


def planned(loaded: LoadedCentre, state: DispatchState) -> Plan:
    """The plan, or exit 1 when the file contradicts the record."""
    try:
        return plan(loaded, state)
    except CentreFileError as err:
        fail(str(err))


@app.command("plan")
def plan_command(
    file: FileArg,
    db: DbOption = None,
    check: Annotated[
        bool, typer.Option("--check", help="Exit 3 when something would change.")
    ] = False,
) -> None:
    """Show what the file would change against the journal's state (nothing is written)."""
    state = recorded_state(db)
    result = planned(read_file(file, state), state)
    show(result)
    if check and not result.empty:
        raise typer.Exit(3)


def acting(state: DispatchState, name: str | None) -> Actor:
    """The administrator the changes are recorded as (``--as``), else ``cli:<os user>``."""
    if name is None:
        return cli_actor()
    user = state.users.get(name)
    if user is None or not user.active:
        fail(f"--as {name}: no active user of that name")
    role = next((r for r in ADMIN_ROLES if r in user.roles), None)
    if role is None:
        fail(f"--as {name}: not an administrator (role centre_admin or admin)")
    return Actor(user.id, role, user.agency)


async def _apply(runtime: Runtime, file: Path, as_user: str | None) -> Applied:
    try:
        await runtime.start(serving=False)
        state = runtime.engine.state
        result = planned(read_file(file, state), state)
        show(result)
        return await apply_plan(runtime.engine, result, acting(state, as_user))
    finally:
        await runtime.stop()


@app.command("apply")
def apply_command(
    file: FileArg,
    db: DbOption = None,
    as_user: Annotated[
        str | None,
        typer.Option("--as", help="Record the changes as this administrator [cli:<os user>]"),
    ] = None,
) -> None:
    """Make the journal's configuration what the file says (server stopped)."""
    from tenfour.runtime import build_runtime  # the engine and its services: only when run

    settings = Settings(db=db) if db else Settings()
    try:
        runtime = build_runtime(settings, holder=cli_actor().user)
    except OPEN_ERRORS as err:
        fail(f"cannot open {redact(settings.db)}: {err}", 2)
    try:
        applied = asyncio.run(_apply(runtime, file, as_user))
    except WriterLockHeld as err:
        fail(f"{err}\n(stop the server, then apply)")
    except RUN_ERRORS as err:
        fail(f"not recorded: {err}")
    if applied.refused is not None:
        fail(
            f"{len(applied.done)} change(s) recorded, then refused: "
            f"{applied.refused.render()}: {applied.reason}"
        )
    typer.echo(f"{len(applied.done)} change(s) recorded")


@app.command("export")
def export_command(
    db: DbOption = None,
    out: Annotated[Path | None, typer.Option("--out", help="write here [stdout]")] = None,
) -> None:
    """Write the configuration in force as a centre file."""
    text = dump_centre(recorded_state(db))
    if out is None:
        typer.echo(text, nl=False)
        return
    out.write_text(text, encoding="utf-8")
    typer.echo(f"written: {out}", err=True)


@app.command("schema")
def schema_command() -> None:
    """The JSON Schema of a centre file."""
    typer.echo(json.dumps(CentreFile.model_json_schema(), indent=2))
