"""``tenfour radio key`` and ``tenfour radio watch --once`` (server stopped)."""

from __future__ import annotations

import asyncio
import os
import re
import time
import uuid
from datetime import timedelta
from pathlib import Path

import typer
from typer.testing import CliRunner

from tenfour.cli import radio as radio_cli
from tenfour.domain import commands as c
from tenfour.domain.actors import SYSTEM
from tenfour.engine.envelope import Envelope
from tenfour.journal.store import open_journal
from tenfour.radio.keys import key_sha256
from tenfour.radio.watch import REJECTED
from tests.integration.api.world import make_runtime, make_settings
from tests.radio_support import now_utc, radio_commands, recording, trunk_recorder_call

cli = typer.Typer()
cli.add_typer(radio_cli.app, name="radio")
runner = CliRunner()


def test_a_new_key_is_shown_once_with_the_hash_the_centre_file_keeps() -> None:
    result = runner.invoke(cli, ["radio", "key", "rec9"])
    assert result.exit_code == 0
    key = re.search(r"\(shown once; give it to the recorder\): (\S+)", result.stdout)
    assert key is not None
    assert f"key_sha256: {key_sha256(key.group(1))}" in result.stdout


async def _configure(settings: object) -> None:
    runtime = make_runtime(settings)  # type: ignore[arg-type]
    await runtime.start(serving=False)
    try:
        setup: list[c.Command] = [
            c.RegisterAgency(agency="MPD", name="Metro Police", kind="police"),
            c.RegisterUnit(unit="1A12", agency="MPD", unit_type="patrol"),
            c.RegisterUnit(unit="1A13", agency="MPD", unit_type="patrol"),
        ]
        for command in setup + radio_commands():
            result = await runtime.engine.submit(Envelope(str(uuid.uuid4()), command, SYSTEM))
            assert result.accepted
    finally:
        await runtime.stop()


def test_watch_once_takes_a_folder_and_sets_bad_calls_aside(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "db")
    asyncio.run(_configure(settings))
    root = tmp_path / "calls"
    audio = recording(tmp_path / "rec", "m4a")
    trunk_recorder_call(root, audio, now_utc() - timedelta(minutes=5), 4512)
    _, bad = trunk_recorder_call(root, audio, now_utc() - timedelta(minutes=4), 4513)
    bad.write_bytes(b"garbage" * 20)
    settled = time.time() - 60  # written a minute ago: no longer being written
    for path in root.rglob("*"):
        if path.is_file():
            os.utime(path, (settled, settled))
    env = {"TENFOUR_DB": settings.db, "TENFOUR_KEY_PATH": str(settings.key_path)}
    result = runner.invoke(
        cli, ["radio", "watch", str(root), "--recorder", "rec1", "--once"], env=env
    )
    assert result.exit_code == 0, result.output
    assert "1 call(s) taken, 1 set aside" in result.output
    with open_journal(settings.db, create=False) as journal:
        recorded = [r for r in journal.read() if r.type == "TransmissionRecorded"]
    assert len(recorded) == 1 and recorded[0].actor_user == "rec:rec1"


def test_watch_for_a_recorder_the_centre_does_not_name_says_so_and_moves_nothing(
    tmp_path: Path,
) -> None:
    settings = make_settings(tmp_path / "db")
    asyncio.run(_configure(settings))
    root = tmp_path / "calls"
    meta, audio = trunk_recorder_call(root, recording(tmp_path / "rec", "wav"), now_utc(), 4512)
    env = {"TENFOUR_DB": settings.db, "TENFOUR_KEY_PATH": str(settings.key_path)}
    result = runner.invoke(
        cli, ["radio", "watch", str(root), "--recorder", "rec9", "--once"], env=env
    )
    assert result.exit_code != 0 and "rec9 is not in the centre's configuration" in result.output
    assert "Traceback" not in result.output
    assert meta.exists() and audio.exists() and not (root / REJECTED).exists()
