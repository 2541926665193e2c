"""``tenfour user add`` and ``tenfour user bootstrap``: users and their passwords, offline.

These open the database as its writer, so the server must be stopped (with the server running,
an administrator uses ``POST /api/v1/users``). On an empty database the first user must be an
administrator; their agency is created if missing. Every change is a journal event recorded as
given by ``cli:<os user>`` in the system role.
"""

from __future__ import annotations

import asyncio
import getpass
import sys
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from tenfour.domain import commands as c
from tenfour.domain.actors import Actor, Role
from tenfour.engine.envelope import EngineUnavailable, Envelope
from tenfour.journal.credentials import prepare_password
from tenfour.journal.errors import WriterLockHeld
from tenfour.journal.store import STORAGE_ERRORS
from tenfour.passwords import PasswordRefused, check_password_rules
from tenfour.settings import Settings

if TYPE_CHECKING:
    from tenfour.runtime import Runtime

app = typer.Typer(help="Manage users and their passwords (server stopped).", no_args_is_help=True)

DbOption = Annotated[
    str | None, typer.Option("--db", help="Database: file path, sqlite:///... or postgresql://...")
]
StdinOption = Annotated[
    bool, typer.Option("--password-stdin", help="Read the password from standard input.")
]


@app.callback()
def user() -> None:
    """Manage users."""


def fail(message: str) -> NoReturn:
    """Print an error and exit non-zero."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(1)


def cli_actor() -> Actor:
    """Who the journal records for CLI changes."""
    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        name = "unknown"
    return Actor(f"cli:{name}", Role.SYSTEM, "SYSTEM")


def read_password(from_stdin: bool, user: str) -> str:
    """From stdin (``--password-stdin`` or not a terminal), else prompted twice."""
    if from_stdin or not sys.stdin.isatty():
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        check_password_rules(password, user)
    except PasswordRefused as err:
        fail(str(err))
    return password


@dataclass(frozen=True)
class UserRequest:
    """A user to add and their password."""

    name: str
    agency: str
    roles: list[str]
    unit: str | None
    password: str
    first: bool = False
    reset: bool = False  # only a new password for an existing user

    def fields(self) -> tuple[str, str, list[str], str | None]:
        """Name, agency, roles, unit."""
        return self.name, self.agency, self.roles, self.unit


def first_commands(
    runtime: Runtime, name: str, agency: str, roles: list[str], unit: str | None, *, first: bool
) -> list[c.Command]:
    """RegisterAgency (first administrator only) and RegisterUser."""
    state = runtime.engine.state
    commands: list[c.Command] = []
    if first and state.users:
        fail(f"the database already has {len(state.users)} users: use 'tenfour user add'")
    if agency not in state.agencies:
        if state.users:
            fail(f"agency {agency} does not exist: an administrator registers it first")
        if not {Role.ADMIN.value, Role.CENTRE_ADMIN.value} & set(roles):
            fail(
                "the first user of an empty database must be an administrator "
                "(--role centre_admin, or --role admin)"
            )
        commands.append(c.RegisterAgency(agency=agency, name=agency, kind="police"))
    commands.append(c.RegisterUser(user=name, agency=agency, roles=tuple(roles), unit=unit))
    return commands


async def _submit(runtime: Runtime, command: c.Command) -> None:
    result = await runtime.engine.submit(Envelope(str(uuid.uuid4()), command, cli_actor()))
    if result.rejection is not None:
        fail(result.rejection.message)


async def record_password(runtime: Runtime, user: str, password: str) -> None:
    """Journal the password set (``SetPassword``), then store its hash."""
    store = runtime.credentials
    command, stored = await asyncio.to_thread(prepare_password, store, user, password)
    await _submit(runtime, command)
    await asyncio.to_thread(store.store_hash, user, stored)


async def _register(runtime: Runtime, request: UserRequest) -> None:
    try:
        await runtime.start(serving=False)  # inside: a refused start (wrong key) still closes
        if request.reset:
            if request.name not in runtime.engine.state.users:
                fail(f"user {request.name!r} does not exist")
        else:
            for command in first_commands(runtime, *request.fields(), first=request.first):
                await _submit(runtime, command)
        await record_password(runtime, request.name, request.password)
    finally:
        await runtime.stop()


OPEN_ERRORS: tuple[type[Exception], ...] = (ValueError, OSError, *STORAGE_ERRORS)
RUN_ERRORS: tuple[type[Exception], ...] = (EngineUnavailable, *STORAGE_ERRORS)


def register(db: str | None, request: UserRequest) -> None:
    """Open the database, record the user, store the password; clear errors, never tracebacks."""
    from tenfour.runtime import build_runtime  # the engine and its services: only when run

    settings = Settings(db=db) if db else Settings()
    try:
        runtime = build_runtime(settings, holder=cli_actor().user)
    except OPEN_ERRORS as err:
        fail(f"cannot open {settings.db}: {err}")
    try:
        asyncio.run(_register(runtime, request))
    except WriterLockHeld as err:
        fail(f"{err}\n(with the server running, use POST /api/v1/users as an administrator)")
    except RUN_ERRORS as err:
        fail(f"not recorded: {err}")


@app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="User name (login)")],
    agency: Annotated[str, typer.Option("--agency", help="The user's agency, e.g. MPD")],
    role: Annotated[
        list[str],
        typer.Option(
            "--role",
            help="A role (repeat for several; first = default): call_taker, dispatcher, "
            "supervisor, commander, unit, records, admin (one agency), centre_admin (every "
            "agency), partner",
        ),
    ],
    unit: Annotated[str | None, typer.Option("--unit", help="Call sign, for the unit role")] = None,
    db: DbOption = None,
    password_stdin: StdinOption = False,
) -> None:
    """Add a user with roles in an agency; the password is prompted or read from stdin."""
    password = read_password(password_stdin, name)
    register(db, UserRequest(name, agency, role, unit, password))
    typer.echo(f"user {name} added to {agency} with roles {', '.join(role)}")


@app.command("bootstrap")
def bootstrap(
    name: Annotated[str, typer.Argument(help="The first administrator's user name")],
    agency: Annotated[str, typer.Option("--agency", help="Their agency (created if missing)")],
    db: DbOption = None,
    password_stdin: StdinOption = False,
) -> None:
    """Create the centre's first administrator (role centre_admin) on an empty database, and
    their agency."""
    password = read_password(password_stdin, name)
    roles = [Role.CENTRE_ADMIN.value]
    register(db, UserRequest(name, agency, roles, None, password, first=True))
    typer.echo(f"centre administrator {name} of {agency} created")


@app.command("password")
def password(
    name: Annotated[str, typer.Argument(help="The user whose password is set")],
    db: DbOption = None,
    password_stdin: StdinOption = False,
) -> None:
    """Set (reset) a user's password; journaled as ``SetPassword`` by ``cli:<os user>``."""
    secret = read_password(password_stdin, name)
    register(db, UserRequest(name, "", [], None, secret, reset=True))
    typer.echo(f"password of {name} set")
