"""``tenfour radio``: recorders' keys and watched trunk-recorder call folders.

``tenfour radio key`` makes an upload key for a recorder and prints the SHA-256 the centre file
keeps (``radio.recorders``); the key itself is shown once and never stored. ``tenfour radio
watch DIR --recorder ID`` takes the calls in a trunk-recorder folder onto the record with the
server stopped (``--once``: one scan); a running server watches folders itself
(``TENFOUR_RADIO_WATCH=rec1=/var/lib/trunk-recorder/audio``).
"""

from __future__ import annotations

import asyncio
import secrets
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from tenfour.cli.audit import DbOption, redact
from tenfour.cli.users import OPEN_ERRORS, RUN_ERRORS, cli_actor
from tenfour.journal.errors import WriterLockHeld
from tenfour.radio.keys import key_sha256
from tenfour.settings import Settings

if TYPE_CHECKING:
    from tenfour.radio.watch import Outcome
    from tenfour.runtime import Runtime

app = typer.Typer(help="Radio on the record: recorder keys, watched call folders.")


@app.callback()
def radio() -> None:
    """Radio recorders and their calls."""


def fail(message: str, code: int = 1) -> NoReturn:
    """Print ``message`` to stderr and exit with ``code`` (no traceback)."""
    typer.secho(f"error: {message}", err=True, fg=typer.colors.RED)
    raise typer.Exit(code)


@app.command("key")
def key_command(
    recorder: Annotated[str, typer.Argument(help="The recorder's id, e.g. rec1.")],
) -> None:
    """A new upload key for a recorder, and the entry the centre file keeps of it."""
    key = secrets.token_urlsafe(24)
    typer.echo(f"upload key for {recorder} (shown once; give it to the recorder): {key}")
    typer.echo("centre file, under radio.recorders:")
    typer.echo(f"  - id: {recorder}\n    key_sha256: {key_sha256(key)}")


class UnknownRecorderError(Exception):
    """The recorder named is not one the centre configured."""


async def _watch(runtime: Runtime, recorder: str, folder: Path, once: bool) -> list[Outcome]:
    from tenfour.radio.watch import CallFolder

    try:
        await runtime.start(serving=False)
        if not runtime.radio.knows(recorder):
            raise UnknownRecorderError(
                f"recorder {recorder} is not in the centre's configuration (radio.recorders): "
                "nothing taken, its calls are left where they are"
            )
        watched = CallFolder(runtime.radio, recorder, folder)
        if once:
            return await watched.scan()
        stop = asyncio.Event()
        await watched.run(stop)
        return []
    finally:
        await runtime.stop()


@app.command("watch")
def watch_command(
    folder: Annotated[
        Path, typer.Argument(help="trunk-recorder's audio folder", exists=True, file_okay=False)
    ],
    recorder: Annotated[str, typer.Option("--recorder", help="The recorder's id.")],
    db: DbOption = None,
    once: Annotated[bool, typer.Option("--once", help="Scan once and stop.")] = False,
) -> None:
    """Take a trunk-recorder call folder's calls onto the record (server stopped)."""
    from tenfour.runtime import build_runtime  # the engine and its services: only when run

    settings = Settings(db=db) if db else Settings()
    try:
        runtime = build_runtime(settings, holder=cli_actor().user, quiet=True)
    except OPEN_ERRORS as err:
        fail(f"cannot open {redact(settings.db)}: {err}", 2)
    try:
        outcomes = asyncio.run(_watch(runtime, recorder, folder, once))
    except WriterLockHeld as err:
        fail(f"{err}\n(a running server watches folders itself: TENFOUR_RADIO_WATCH)")
    except UnknownRecorderError as err:
        fail(str(err))
    except RUN_ERRORS as err:
        fail(f"not recorded: {err}")
    except KeyboardInterrupt:
        return
    taken = [o for o in outcomes if o.taken is not None]
    for o in outcomes:
        if o.reason is not None:
            typer.echo(f"set aside {o.name}: {o.reason}", err=True)
    typer.echo(f"{len(taken)} call(s) taken, {len(outcomes) - len(taken)} set aside")
