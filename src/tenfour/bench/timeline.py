"""``bench_timeline()``: the 500-event timeline, verification included, on a 100k-event journal.

Builds a SQLite journal of ``total_events`` sealed records (unit movements as filler, one incident
with ``incident_events`` records spread through it, a signed checkpoint every 1000 records), then
measures: the server's start-up (index build + full chain audit), the server's timeline read
(index lookup, indexed reads, incremental audit, per-entry hash recomputation) over repeats, and
the CLI's one-pass read (whole chain verified while collecting). Wired into ``tenfour bench``.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tenfour.bench.figures import p50_p99_ms
from tenfour.domain import events as e
from tenfour.domain.timefmt import iso
from tenfour.journal.chain import GENESIS_HASH, canonical_json, seal
from tenfour.journal.record import JournalRecord
from tenfour.journal.signing import sign_checkpoint
from tenfour.journal.store import Journal, open_journal
from tenfour.views.audit_view import ChainAuditor
from tenfour.views.incident_index import JournalIndex
from tenfour.views.timeline import incident_timeline, timeline_from_journal

INCIDENT = "2026-000001"
BATCH = 1000
START = datetime(2026, 11, 25, tzinfo=UTC)


def _event(n: int, every: int, incident_events: int) -> e.Event:
    k = n // every
    if n % every or k >= incident_events:
        return e.UnitMoved(unit=f"U{n % 50}", lat=60.17 + (n % 100) / 1e4, lon=24.94)
    if k == 0:
        return e.IncidentCreated(
            incident=INCIDENT, agency="MPD", type_code="disturbance", priority=2,
            address="Mannerheimintie 15", lat=60.17, lon=24.94, verified=True,
        )  # fmt: skip
    return e.RemarkAdded(remark=f"R{k}", incident=INCIDENT, text=f"remark number {k}")


def _records(total: int, incident_events: int) -> Iterator[JournalRecord]:
    every = max(total // incident_events, 1)
    prev = GENESIS_HASH
    for n in range(total):
        ev = _event(n, every, incident_events)
        at = iso(START + timedelta(milliseconds=250 * n))
        payload = canonical_json(e.encode(ev))
        rec = seal(prev, n + 1, at, "disp1", "dispatcher", "MPD", f"c{n}", "d", ev.TYPE, 1, payload)
        prev = rec.hash
        yield rec


def build_journal(path: Path, total: int, incident_events: int) -> Ed25519PrivateKey:
    """Write the benchmark journal at ``path``; returns the key that signed its checkpoints."""
    key = Ed25519PrivateKey.generate()
    journal = open_journal(str(path))
    try:
        journal.migrate()
        batch: list[JournalRecord] = []
        for record in _records(total, incident_events):
            batch.append(record)
            if len(batch) == BATCH:
                _append(journal, batch, key)
                batch = []
        if batch:
            _append(journal, batch, key)
    finally:
        journal.close()
    return key


def _append(journal: Journal, batch: list[JournalRecord], key: Ed25519PrivateKey) -> None:
    journal.append(batch)
    last = batch[-1]
    journal.add_checkpoint(sign_checkpoint(key, last.seq, last.hash, last.at))


def bench_timeline(
    total_events: int = 100_000,
    incident_events: int = 500,
    repeats: int = 30,
    workdir: Path | None = None,
) -> dict[str, Any]:
    """Measure the timeline of an incident with ``incident_events`` records; figures in ms."""
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        path = Path(tmp) / "bench.db"
        key = build_journal(path, total_events, incident_events)
        journal = open_journal(str(path), create=False)
        try:
            return _measure(journal, key, incident_events, repeats) | {
                "journal_events": total_events,
            }
        finally:
            journal.close()


def _measure(
    journal: Journal, key: Ed25519PrivateKey, incident_events: int, repeats: int
) -> dict[str, Any]:
    index, auditor = JournalIndex(journal), ChainAuditor(key.public_key())
    began = time.perf_counter()
    index.build(journal)
    status = auditor.catch_up(journal)
    startup = (time.perf_counter() - began) * 1000
    samples, entries, verified = [], 0, False
    for _ in range(repeats):
        began = time.perf_counter()
        found = incident_timeline(journal, index, auditor, INCIDENT)
        samples.append((time.perf_counter() - began) * 1000)
        assert found is not None
        entries, verified = len(found["entries"]), found["verification"]["verified"]
    began = time.perf_counter()
    cold = timeline_from_journal(journal, INCIDENT, key.public_key())
    cli_ms = (time.perf_counter() - began) * 1000
    return {
        "timeline_entries": entries,
        "incident_events": incident_events,
        "verified": verified and status.ok and cold is not None,
        "server_timeline": p50_p99_ms(samples),
        "server_startup_ms": round(startup, 1),
        "cli_one_pass_ms": round(cli_ms, 1),
        "repeats": repeats,
        "target_ms": 1000,
    }
