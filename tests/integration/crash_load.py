"""Child process for the crash test: runs the engine under steady load and logs every ack.

Usage: python -m tests.integration.crash_load DB ACKS_FILE KEY
"""

from __future__ import annotations

import asyncio
import sys
import uuid
from pathlib import Path

from tenfour.domain import commands as c
from tenfour.domain.actors import SYSTEM, Actor, Role
from tenfour.engine.engine import Engine
from tenfour.engine.envelope import Envelope
from tenfour.journal.signing import load_or_create_key
from tenfour.journal.store import open_journal

CALLTAKER = Actor("ct", Role.CALL_TAKER, "MPD")
DISPATCHER = Actor("disp", Role.DISPATCHER, "MPD")


async def console(engine: Engine, n: int, acks: list[str], log: object) -> None:
    unit = f"U{n}"
    while True:
        cid = uuid.uuid4().hex
        result = await engine.submit(
            Envelope(
                cid,
                c.CreateIncident(type_code="t", priority=2, address="A 1", narrative="load"),
                CALLTAKER,
            )
        )
        log.write(f"{cid} CreateIncident\n")  # type: ignore[attr-defined]
        incident = result.events[0].event.incident_id
        for command in (
            c.DispatchUnit(incident=incident or "", unit=unit),
            c.MarkEnRoute(unit=unit),
            c.ClearUnit(unit=unit, reason="r"),
            c.CloseIncident(incident=incident or "", disposition="d"),
        ):
            cid = uuid.uuid4().hex
            res = await engine.submit(Envelope(cid, command, DISPATCHER))
            if res.accepted:
                log.write(f"{cid} {command.NAME}\n")  # type: ignore[attr-defined]
        log.flush()  # type: ignore[attr-defined]


async def main(db: str, acks_path: str, key: str) -> None:
    engine = Engine(
        open_journal(db),
        signing_key=load_or_create_key(Path(key))[0],
        checkpoint_every=200,
        snapshot_every=500,
    )
    await engine.start()
    if not engine.state.agencies:
        await engine.submit(
            Envelope(
                "setup-agency", c.RegisterAgency(agency="MPD", name="M", kind="police"), SYSTEM
            )
        )
        for n in range(8):
            await engine.submit(
                Envelope(
                    f"setup-{n}", c.RegisterUnit(unit=f"U{n}", agency="MPD", unit_type="p"), SYSTEM
                )
            )
    with open(acks_path, "a", buffering=1) as log:
        print("ready", flush=True)
        await asyncio.gather(*(console(engine, n, [], log) for n in range(8)))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], sys.argv[3]))
