"""Kill the engine with SIGKILL under load, restart, and check nothing acknowledged was lost."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from tenfour.journal.audit import verify_journal
from tenfour.journal.signing import load_public_key
from tenfour.journal.store import open_journal

EVENTS_PER_COMMAND = {"CreateIncident": 3, "DispatchUnit": 1, "MarkEnRoute": 1, "ClearUnit": 1}


def run_until_killed(db: Path, acks: Path, key: Path, delay: float) -> None:
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.integration.crash_load", str(db), str(acks), str(key)],
        stdout=subprocess.PIPE,
        cwd=Path(__file__).parents[2],
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == b"ready"
    time.sleep(delay)
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=10)
    child.stdout.close()


@pytest.mark.slow
def test_sigkill_loses_nothing_acknowledged(tmp_path: Path) -> None:
    db, acks, key = tmp_path / "crash.db", tmp_path / "acks.txt", tmp_path / "key.pem"
    rng = random.Random(1021)
    for _ in range(4):
        run_until_killed(db, acks, key, rng.uniform(0.4, 1.5))
        acked = [line.split() for line in acks.read_text().splitlines() if line.strip()]
        with open_journal(str(db)) as journal:
            report = verify_journal(journal, load_public_key(key))
            assert report.ok, report
            per_command = Counter(r.command_id for r in journal.read())
            types = {r.command_id: r.type for r in journal.read()}
        missing = [cid for cid, _ in acked if cid not in per_command]
        assert not missing, f"{len(missing)} acknowledged commands lost"
        for cid, name in acked:
            expected = EVENTS_PER_COMMAND.get(name)
            if expected is not None:
                assert per_command[cid] == expected, (cid, name, types[cid])
        # every command in the journal is whole: closing commands produced their events together
        assert all(n >= 1 for n in per_command.values())
    assert len(acked) > 100
