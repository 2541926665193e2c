"""A journal with a long history, written straight into storage for ``tenfour bench history``.

The organisation (an agency, units, the window, a few open incidents) goes through a real engine,
so the journal names its signing key as a server's does. Then closed incidents are sealed with
``journal.chain`` and appended in large batches, no engine and no HTTP: each is opened with a
call, gets a unit dispatched, en route, on scene and cleared, and is closed (seven events within
``SPACING_S``, the next incident after it: journal times never go back). Every event is applied
to a state kept beside the writing, so a sealed snapshot and a signed checkpoint can be saved
where a running server would have left them.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tenfour.domain import commands as c
from tenfour.domain import events as e
from tenfour.domain.actors import SYSTEM, Actor, Role
from tenfour.domain.apply import apply
from tenfour.domain.recorded import Recorded
from tenfour.domain.state import DispatchState
from tenfour.domain.timefmt import iso, parse
from tenfour.engine.engine import Engine
from tenfour.engine.envelope import CommandResult, Envelope
from tenfour.engine.payload import payload_json
from tenfour.engine.replay import replay
from tenfour.engine.snapshot import dump_state, pack
from tenfour.journal.chain import seal
from tenfour.journal.record import JournalRecord
from tenfour.journal.sealing import seal_snapshot
from tenfour.journal.signing import sign_checkpoint
from tenfour.journal.store import Journal, open_journal

AGENCY = "HIST"
UNITS = 40
OPEN_INCIDENTS = 20
SPACING_S = 30  # a busy centre: 2,880 incidents a day
BATCH = 10_000
DIGEST = "0" * 64
CALLTAKER = Actor("hist-ct", Role.CALL_TAKER, AGENCY)
DISPATCHER = Actor("hist-disp", Role.DISPATCHER, AGENCY)


def organise(url: str, key: Ed25519PrivateKey, window_s: int) -> None:
    """The agency, its people and units, the window, and some open work, through an engine."""
    asyncio.run(_organise(url, key, window_s))


async def _organise(url: str, key: Ed25519PrivateKey, window_s: int) -> None:
    engine = Engine(open_journal(url), signing_key=key, closed_window_s=window_s)
    await engine.start()
    try:
        for command in _organisation():
            await _submit(engine, command, SYSTEM)
        for n in range(OPEN_INCIDENTS):
            create = c.CreateIncident(type_code="welfare_check", priority=3, address=f"Open {n}")
            result = await _submit(engine, create, CALLTAKER)
            ident = result.events[0].event.incident_id or ""
            await _submit(engine, c.DispatchUnit(incident=ident, unit=f"H{n}"), DISPATCHER)
    finally:
        await engine.stop()
        engine.journal.close()


def _organisation() -> Iterator[c.Command]:
    yield c.RegisterAgency(agency=AGENCY, name="History bench", kind="police")
    for actor in (CALLTAKER, DISPATCHER):
        yield c.RegisterUser(user=actor.user, agency=AGENCY, roles=(actor.role.value,))
    for n in range(UNITS):
        yield c.RegisterUnit(unit=f"H{n}", agency=AGENCY, unit_type="patrol")


async def _submit(engine: Engine, command: c.Command, actor: Actor) -> CommandResult:
    result = await engine.submit(Envelope(uuid.uuid4().hex, command, actor))
    if not result.accepted:
        raise RuntimeError(f"bench set-up refused: {result.rejection}")
    return result


class HistoryWriter:
    """Appends closed incidents after the journal's head, keeping the state they make."""

    def __init__(self, journal: Journal, key: Ed25519PrivateKey, start: datetime) -> None:
        self.journal = journal
        self.key = key
        self.state = DispatchState()
        self.seq, self.prev = 0, ""
        self.next_at = start
        self.catch_up()

    def catch_up(self) -> None:
        """Apply what others appended (the set-up engine, a probe's commands)."""
        replay(self.state, self.journal.read(after_seq=self.seq))
        self.seq, self.prev = self.journal.head()
        last = next(iter(self.journal.read(after_seq=self.seq - 1, limit=1)), None)
        if last is not None:
            self.next_at = max(self.next_at, parse(last.at) + timedelta(seconds=1))

    def write(self, incidents: int) -> None:
        """Append ``incidents`` closed incidents in batches."""
        batch: list[JournalRecord] = []
        for _ in range(incidents):
            batch.extend(self._incident())
            if len(batch) >= BATCH:
                self.journal.append(batch)
                batch = []
        if batch:
            self.journal.append(batch)

    def snapshot(self) -> int:
        """Seal the state at the head as a snapshot (as a server does); returns its size."""
        packed = pack(dump_state(self.state))
        self.journal.save_snapshot(seal_snapshot(self.seq, self.prev, packed, self.key))
        return len(packed)

    def checkpoint(self) -> None:
        """Sign the head (as a server does every thousand events)."""
        self.journal.add_checkpoint(
            sign_checkpoint(self.key, self.seq, self.prev, iso(self.next_at))
        )

    def _incident(self) -> list[JournalRecord]:
        s, t0 = self.state, self.next_at
        self.next_at += timedelta(seconds=SPACING_S)
        ident = s.next_incident_id(str(t0.year))
        unit = f"H{OPEN_INCIDENTS + s.counters.get('incident', 0) % (UNITS - OPEN_INCIDENTS)}"
        call, assignment = s.next_id("call"), s.next_id("assignment")
        at = iso(t0)
        steps: list[tuple[int, Actor, e.Event]] = [
            (0, CALLTAKER, e.IncidentCreated(incident=ident, agency=AGENCY, type_code="theft",
                                             priority=3, address="Main St 1", lat=60.17,
                                             lon=24.94, verified=False)),
            (0, CALLTAKER, e.CallAdded(call=call, incident=ident, ani="+358401234567", ali="",
                                       caller_name="A Caller", received_at=at, answered_at=at)),
            (3, DISPATCHER, e.UnitDispatched(assignment=assignment, incident=ident, unit=unit)),
            (5, DISPATCHER, e.UnitStatusChanged(unit=unit, status="enroute",
                                                 assignment=assignment, incident=ident)),
            (12, DISPATCHER, e.UnitStatusChanged(unit=unit, status="onscene",
                                                  assignment=assignment, incident=ident)),
            (25, DISPATCHER, e.UnitCleared(assignment=assignment, incident=ident, unit=unit,
                                             reason="handled")),
            (28, DISPATCHER, e.IncidentClosed(incident=ident, disposition="report taken")),
        ]  # fmt: skip
        command = uuid.uuid4().hex
        return [self._record(t0 + timedelta(seconds=d), who, ev, command) for d, who, ev in steps]

    def _record(self, when: datetime, who: Actor, ev: e.Event, command: str) -> JournalRecord:
        at = iso(when)
        self.seq += 1
        apply(self.state, ev, Recorded(self.seq, at, who))
        rec = seal(self.prev, self.seq, at, who.user, who.role.value, who.agency,
                   f"{command}-{self.seq}", DIGEST, ev.TYPE, ev.VERSION,
                   payload_json(ev))  # fmt: skip
        self.prev = rec.hash
        return rec
