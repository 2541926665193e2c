"""The engine over both real journals: group commit, idempotency, versions, restart."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tenfour.domain import commands as c
from tenfour.domain.actors import SYSTEM, Actor, Role
from tenfour.engine.engine import Engine
from tenfour.engine.envelope import DuplicateCommandConflict, Envelope
from tenfour.engine.snapshot import PACKED, load_state
from tenfour.journal.audit import verify_journal
from tenfour.journal.signing import load_or_create_key
from tenfour.journal.store import open_journal

DISPATCHER = Actor("disp1", Role.DISPATCHER, "MPD")
CALLTAKER = Actor("ct1", Role.CALL_TAKER, "MPD")


def setup_commands() -> list[Envelope]:
    cmds: list[c.Command] = [c.RegisterAgency(agency="MPD", name="Metro Police", kind="police")]
    cmds += [c.RegisterUnit(unit=f"1A{n}", agency="MPD", unit_type="patrol") for n in range(10, 20)]
    return [Envelope(f"setup-{i}", cmd, SYSTEM) for i, cmd in enumerate(cmds)]


def incident(n: int) -> Envelope:
    return Envelope(
        f"inc-{n}",
        c.CreateIncident(type_code="disturbance", priority=2, address=f"Street {n}"),
        CALLTAKER,
    )


async def run(db: str, coro_factory, *, key: Path | None = None, checkpoint_every: int = 1000):  # type: ignore[no-untyped-def]
    signing = load_or_create_key(key)[0] if key else None
    engine = Engine(open_journal(db), signing_key=signing, checkpoint_every=checkpoint_every)
    await engine.start()
    try:
        return await coro_factory(engine)
    finally:
        await engine.stop()
        engine.journal.close()


def test_commands_are_acknowledged_after_they_are_durable(journal_url: str, tmp_path: Path) -> None:
    db = journal_url

    async def go(engine: Engine) -> list[int]:
        for env in setup_commands():
            assert (await engine.submit(env)).accepted
        results = await asyncio.gather(*(engine.submit(incident(n)) for n in range(200)))
        return [r.events[0].seq for r in results]

    seqs = asyncio.run(run(db, go))
    assert len(set(seqs)) == 200
    journal = open_journal(db)
    try:
        assert journal.head()[0] == 11 + 200 * 2  # each incident: IncidentCreated + CallAdded
        assert verify_journal(journal, None).ok
    finally:
        journal.close()


def test_same_command_id_returns_first_result_without_new_events(
    journal_url: str, tmp_path: Path
) -> None:
    async def go(engine: Engine) -> None:
        for env in setup_commands():
            await engine.submit(env)
        first = await engine.submit(incident(1))
        again = await engine.submit(incident(1))
        assert again.duplicate and again.events == first.events
        head = engine.head
        twice = await asyncio.gather(engine.submit(incident(2)), engine.submit(incident(2)))
        assert twice[0].events == twice[1].events
        assert engine.head[0] == head[0] + 2
        with pytest.raises(DuplicateCommandConflict):
            await engine.submit(
                Envelope(
                    "inc-1", c.CreateIncident(type_code="x", priority=1, address="y"), CALLTAKER
                )
            )

    asyncio.run(run(journal_url, go))


def test_idempotency_survives_restart(journal_url: str, tmp_path: Path) -> None:
    db = journal_url

    async def first(engine: Engine) -> int:
        for env in setup_commands():
            await engine.submit(env)
        return (await engine.submit(incident(7))).events[0].seq

    async def second(engine: Engine) -> None:
        again = await engine.submit(incident(7))
        assert again.duplicate and again.events[0].seq == seq
        assert len(engine.state.incidents) == 1

    seq = asyncio.run(run(db, first))
    asyncio.run(run(db, second))


def test_stale_expected_version_is_refused(journal_url: str, tmp_path: Path) -> None:
    async def go(engine: Engine) -> None:
        for env in setup_commands():
            await engine.submit(env)
        ident = (await engine.submit(incident(1))).events[0].event.incident_id or ""
        version = engine.state.version_of(ident)
        ok = await engine.submit(
            Envelope("r1", c.AddRemark(incident=ident, text="a"), CALLTAKER, version)
        )
        stale = await engine.submit(
            Envelope("r2", c.AddRemark(incident=ident, text="b"), CALLTAKER, version)
        )
        assert ok.accepted and not stale.accepted
        assert stale.rejection is not None and "version" in stale.rejection.message

    asyncio.run(run(journal_url, go))


def test_refusal_under_stand_down_is_recorded(journal_url: str, tmp_path: Path) -> None:
    chief = Actor("chief", Role.COMMANDER, "MPD")

    async def go(engine: Engine) -> None:
        for env in setup_commands():
            await engine.submit(env)
        ident = (await engine.submit(incident(1))).events[0].event.incident_id or ""
        await engine.submit(
            Envelope(
                "d", c.IssueDirective(kind="stand_down", incident=ident, reason="NO UNITS"), chief
            )
        )
        refused = await engine.submit(
            Envelope("x", c.DispatchUnit(incident=ident, unit="1A10"), DISPATCHER)
        )
        assert not refused.accepted
        assert [e.event.TYPE for e in refused.events] == ["DispatchRefused"]
        again = await engine.submit(
            Envelope("x", c.DispatchUnit(incident=ident, unit="1A10"), DISPATCHER)
        )
        assert again.duplicate and not again.accepted

    asyncio.run(run(journal_url, go))


def test_restart_rebuilds_state_from_snapshot_and_tail(journal_url: str, tmp_path: Path) -> None:
    db = journal_url
    key = tmp_path / "key.pem"

    async def first(engine: Engine) -> dict[str, str]:
        for env in setup_commands():
            await engine.submit(env)
        for n in range(30):
            await engine.submit(incident(n))
        await engine.submit(
            Envelope(
                "d1",
                c.DispatchUnit(incident=sorted(engine.state.incidents)[0], unit="1A10"),
                DISPATCHER,
            )
        )
        return {u.id: u.status.value for u in engine.state.units.values()}

    async def second(engine: Engine) -> dict[str, str]:
        return {u.id: u.status.value for u in engine.state.units.values()}

    before = asyncio.run(run(db, first, key=key, checkpoint_every=10))
    journal = open_journal(db)
    try:
        assert journal.latest_snapshot() is not None
        assert len(journal.checkpoints()) >= 5
    finally:
        journal.close()
    assert asyncio.run(run(db, second, key=key)) == before


def test_a_second_engine_on_the_same_database_is_refused(journal_url: str) -> None:
    from tenfour.journal.errors import WriterLockHeld

    async def go(engine: Engine) -> None:
        second = Engine(open_journal(journal_url))
        try:
            with pytest.raises(WriterLockHeld):
                await second.start()
        finally:
            second.journal.close()

    asyncio.run(run(journal_url, go))


def test_a_command_racing_the_stop_order_is_answered(journal_url: str) -> None:
    from tenfour.engine.envelope import EngineUnavailable

    async def go() -> None:
        engine = Engine(open_journal(journal_url))
        await engine.start()
        for env in setup_commands():
            await engine.submit(env)
        stopping = asyncio.create_task(engine.stop())
        await asyncio.sleep(0)  # the stop order is queued first
        late = asyncio.create_task(engine.submit(incident(99)))
        await stopping
        engine.journal.close()
        with pytest.raises(EngineUnavailable):
            await asyncio.wait_for(late, 5)

    asyncio.run(go())


def test_snapshots_are_saved_packed_while_the_writer_goes_on(journal_url: str) -> None:
    async def go(engine: Engine) -> None:
        for env in setup_commands():
            await engine.submit(env)
        for n in range(60):  # one at a time: the writer is idle between batches
            assert (await engine.submit(incident(n))).accepted
        await asyncio.sleep(0)  # let a pending save finish before looking
        if engine._saving is not None:  # the save in flight, if any
            await asyncio.wait([engine._saving])
        reader = open_journal(journal_url)
        try:
            snap = reader.latest_snapshot()
        finally:
            reader.close()
        assert snap is not None and snap.state.startswith(PACKED)
        loaded = load_state(snap.state)
        assert loaded is not None
        # taken while running (not at stop), and the writer goes on past it: a save may land on
        # the last command's seq, so a few more commands come after reading it
        for n in range(60, 63):
            assert (await engine.submit(incident(n))).accepted
        assert snap.seq < engine.head[0]
        assert len(loaded.incidents) < len(engine.state.incidents) == 63

    engine = Engine(open_journal(journal_url), snapshot_every=25)

    async def main() -> None:
        await engine.start()
        try:
            await go(engine)
        finally:
            await engine.stop()
            engine.journal.close()

    asyncio.run(main())
