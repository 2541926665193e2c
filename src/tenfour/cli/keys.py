"""``tenfour keys``: the journal's signing keys - list them, rotate to a new one (server stopped).

A rotation is signed by the current key and recorded in the journal with who and why; the new key
takes the current key's file (the old one is kept beside it as ``<file>.<old key id>.retired``),
so the server, CLI and demo find it where they found the old one. Exit codes: 0 done, 1 refused
(wrong or missing key, server running), 2 the database cannot be read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tenfour.cli.audit import DbOption, fail, key_lines, operator_key_path, redact
from tenfour.cli.users import cli_actor
from tenfour.journal.errors import WriterLockHeld
from tenfour.journal.keyring import KeyRefused, rotate_key, take_signing_key
from tenfour.journal.signing import key_id, load_or_create_key, public_key_path
from tenfour.journal.store import STORAGE_ERRORS, open_journal
from tenfour.settings import Settings

app = typer.Typer(help="The journal's signing keys.", no_args_is_help=True)
KeyOption = Annotated[
    Path | None,
    typer.Option("--key", help="The current private key [default: as the server finds it]"),
]


@app.callback()
def keys() -> None:
    """List or rotate the journal's signing keys."""


@app.command("list")
def list_keys(db: DbOption = None) -> None:
    """Every key that has signed for the journal, with who added it and why."""
    url = db if db is not None else Settings().db
    try:
        with open_journal(url, create=False) as journal:
            rows = journal.keys()
    except STORAGE_ERRORS as exc:
        fail(f"cannot read the journal at {redact(url)}: {exc}")
    for line in key_lines(rows) or ["no keys recorded (the journal has not been opened yet)"]:
        typer.echo(line)


@app.command("rotate")
def rotate(
    reason: Annotated[str, typer.Option("--reason", help="Why the key is replaced (recorded)")],
    db: DbOption = None,
    key: KeyOption = None,
) -> None:
    """Replace the current signing key with a new one; the old key signs the hand-over."""
    if not reason.strip():
        fail("--reason must say why the key is rotated", 1)
    url = db if db is not None else Settings().db
    path = key or operator_key_path(db)
    staged = path.with_name(path.name + ".new")
    try:
        with open_journal(url, create=False) as journal:
            journal.acquire_writer_lock()
            journal.migrate()
            old = take_signing_key(journal, path, added_by=cli_actor().user)
            new = _staged_key(staged)
            row = rotate_key(journal, old, new, added_by=cli_actor().user, reason=reason.strip())
    except WriterLockHeld as err:
        fail(f"{err}\n(stop the server before rotating its key)", 1)
    except KeyRefused as err:
        fail(str(err), 1)
    except STORAGE_ERRORS as exc:
        fail(f"cannot rotate the key of {redact(url)}: {exc}")
    _swap(path, staged, key_id(old.public_key()))
    typer.echo(f"signing key rotated: {key_id(old.public_key())} -> {row.key_id} at {path}")


def _staged_key(staged: Path) -> Ed25519PrivateKey:
    if staged.exists():
        raise KeyRefused(f"{staged} exists (an unfinished rotation?): move it away first")
    return load_or_create_key(staged)[0]


def _swap(path: Path, staged: Path, old_id: str) -> None:
    """The new key takes the old one's file; the old is kept beside it, retired."""
    retired = path.with_name(f"{path.name}.{old_id}.retired")
    path.rename(retired)
    if public_key_path(path).exists():
        public_key_path(path).rename(public_key_path(retired))
    staged.rename(path)
    public_key_path(staged).rename(public_key_path(path))
