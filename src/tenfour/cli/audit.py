"""``tenfour audit``: check that the journal has not been altered.

Exit codes: 0 intact, 1 altered (the first bad sequence number and why are printed), 2 the check
could not run (no such database, unreachable server, missing key, bad URL).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from tenfour.journal.audit import AuditReport, verify_journal
from tenfour.journal.record import JournalKey
from tenfour.journal.signing import key_id, load_public_key, public_key_path
from tenfour.journal.store import STORAGE_ERRORS, Journal, open_journal
from tenfour.radio.audit import AudioReport, verify_audio
from tenfour.radio.store import AudioStore
from tenfour.settings import Settings

if TYPE_CHECKING:
    from tenfour.engine.state_audit import StateAuditReport

EXIT_ALTERED = 1
EXIT_CANNOT_CHECK = 2
PROGRESS_FROM = 50_000  # events; shorter journals verify in about a second

app = typer.Typer(help="Verify the journal's hash chain and signed checkpoints.")
stderr = Console(stderr=True)

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="Journal: file path, sqlite:///path or postgresql://... "
                 "[default: TENFOUR_DB]"),
]  # fmt: skip


@app.callback()
def audit() -> None:
    """Verify the journal's integrity."""


@app.command()
def verify(
    db: DbOption = None,
    key: Annotated[
        Path | None,
        typer.Option(
            "--key",
            help="Ed25519 key (.pem or .pub) [default: TENFOUR_KEY_PATH, or a demo's key "
            "beside its database]",
        ),
    ] = None,
    no_key: Annotated[
        bool, typer.Option("--no-key", help="Check the hash chain only, not the signatures.")
    ] = False,
    audio: Annotated[
        bool,
        typer.Option(
            "--audio",
            help="Also check that every radio transmission's audio is in the audio store with "
            "the SHA-256 the journal recorded.",
        ),
    ] = False,
    audio_dir: Annotated[
        Path | None,
        typer.Option(
            "--audio-dir",
            help="The audio store [default: TENFOUR_AUDIO_DIR, else beside the database]",
        ),
    ] = None,
    seals_only: Annotated[
        bool,
        typer.Option(
            "--seals-only",
            help="Check snapshots by their signed seal instead of replaying the journal to "
            "them (several times faster on a long journal).",
        ),
    ] = False,
) -> None:
    """Recompute the whole hash chain and check every signed checkpoint against it."""
    from tenfour.engine.state_audit import audit_state  # the engine: only when verifying

    url = db if db is not None else Settings().db
    public_key = None if no_key else load_key_or_exit(key or operator_key_path(db))
    try:
        with open_journal(url, create=False) as journal:
            report = _verify(journal, public_key)
            state = audit_state(journal, replay=not seals_only) if report.ok else None
            keys = journal.keys()
            sound = _verify_audio(journal, url, audio_dir) if audio else None
    except STORAGE_ERRORS as exc:
        fail(f"cannot read the journal at {redact(url)}: {exc}")
    typer.echo(summarize(report, public_key))
    for line in key_lines(keys):
        typer.echo(line)
    if state is not None:
        typer.echo(state_summary(state))
    if sound is not None:
        typer.echo(sound.summary())
    intact = report.ok and state is not None and state.ok and (sound is None or sound.ok)
    raise typer.Exit(0 if intact else EXIT_ALTERED)


def _verify_audio(journal: Journal, url: str, audio_dir: Path | None) -> AudioReport:
    """The audio store's check, where ``--audio-dir`` or the settings say the store is."""
    store = AudioStore(audio_dir or Settings(db=url).audio_path())
    return verify_audio(journal.read(), store)


def key_lines(keys: list[JournalKey]) -> list[str]:
    """One line per signing key: id, from which seq, who added it and why."""
    return [
        f"key {k.key_id} from seq {k.since_seq + 1}: added {k.added_at} by {k.added_by} "
        f"({k.reason})"
        for k in keys
    ]


def state_summary(report: StateAuditReport) -> str:
    """The snapshot and actor checks: a line, or the findings one per line."""
    if report.ok:
        return (
            f"state intact: {report.snapshots_checked} snapshots match the journal replayed to "
            "them (the others' seals verify); every actor was registered before acting"
        )
    lines = [f"state ALTERED: {len(report.findings)} findings"]
    lines += [f"  seq {f.seq}: {f.what}" for f in report.findings]
    return "\n".join(lines)


def operator_key_path(db: str | None) -> Path:
    """Where the key is looked for: the settings' rule (the demo's key beside its database)."""
    return (Settings(db=db) if db else Settings()).signing_key_path()


def _verify(journal: Journal, public_key: Ed25519PublicKey | None) -> AuditReport:
    total, _ = journal.head()
    if total < PROGRESS_FROM:
        return verify_journal(journal, public_key)
    columns = (TextColumn("verifying"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=stderr, transient=True) as progress:
        task = progress.add_task("verify", total=total)
        report = verify_journal(
            journal, public_key, on_progress=lambda seq: progress.update(task, completed=seq)
        )
    return report


def summarize(report: AuditReport, public_key: Ed25519PublicKey | None) -> str:
    """One line: the verdict, the head, and what the checkpoints vouched for."""
    if not report.ok:
        return (
            f"journal ALTERED at seq {report.first_bad_seq}: {report.reason} "
            f"({report.events} events verified before it)"
        )
    if public_key is None:
        signed = f"{report.checkpoints_checked} checkpoints matched, signatures NOT checked"
    else:
        last = report.last_verified_checkpoint_seq
        signed = (
            f"{report.checkpoints_checked} signed checkpoints verified with key "
            f"{key_id(public_key)}" + ("" if last is None else f" (last at seq {last})")
        )
    return f"journal intact: {report.events} events, head seq {report.head_seq} " + (
        f"hash {report.head_hash}, {signed}"
    )


def load_key_or_exit(path: Path) -> Ed25519PublicKey:
    """The public key at ``path`` (private PEM or .pub), or exit 2 with a clear message."""
    try:
        return load_public_key(path if path.exists() else public_key_path(path))
    except FileNotFoundError:
        fail(f"no key at {path} (pass --key PATH, or --no-key to check the hash chain only)")
    except (OSError, ValueError) as exc:
        fail(f"cannot load the key at {path}: {exc}")


def redact(url: str) -> str:
    """``url`` without its password, for messages."""
    return re.sub(r"(://[^/:@]*):[^@/]*@", r"\1:***@", url)


def fail(message: str, code: int = EXIT_CANNOT_CHECK) -> NoReturn:
    """Print ``message`` to stderr and exit with ``code`` (no traceback)."""
    typer.secho(f"error: {message}", err=True, fg=typer.colors.RED)
    raise typer.Exit(code)
