"""One command can only fail itself: hostile and random commands through the real engine.

Whatever a command does - its digest, decide, encoding or apply raising - it is refused alone,
nothing of it is recorded, and the writer goes on taking commands (both backends).
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import math
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tenfour.domain import commands as c
from tenfour.domain.actors import SYSTEM, Actor, Role
from tenfour.domain.errors import Reason
from tenfour.engine import engine as engine_module
from tenfour.engine.engine import Engine
from tenfour.engine.envelope import CommandResult, DuplicateCommandConflict, Envelope
from tenfour.journal.audit import verify_journal
from tenfour.journal.store import open_journal

CALLTAKER = Actor("ct1", Role.CALL_TAKER, "MPD")
HANG_GUARD_S = 60.0  # not a timing threshold: only turns a hang (the old failure) into a failure


def nested(depth: int) -> Any:
    value: Any = "bottom"
    for _ in range(depth):
        value = {"a": [value]}
    return value


def hostile_import(n: int, document: dict[str, Any]) -> Envelope:
    command = c.ImportIncident(
        source="partner",
        external_id=f"x-{n}",
        digest="0" * 64,
        size_bytes=1,
        type_code="disturbance",
        priority=3,
        address=f"{n} Main St",
        document=document,
        agency="MPD",
    )
    return Envelope(f"hostile-{n}", command, SYSTEM)


def incident(n: int) -> Envelope:
    command = c.CreateIncident(type_code="disturbance", priority=2, address=f"{n} Oak St")
    return Envelope(f"inc-{n}", command, CALLTAKER)


@pytest.fixture
def loop() -> Iterator[asyncio.AbstractEventLoop]:
    running = asyncio.new_event_loop()
    yield running
    running.close()


@pytest.fixture
def engine(journal_url: str, loop: asyncio.AbstractEventLoop) -> Iterator[Engine]:
    """A started engine on each backend, with an agency to act in."""
    eng = Engine(open_journal(journal_url))
    loop.run_until_complete(eng.start())
    setup = Envelope("setup", c.RegisterAgency(agency="MPD", name="Metro", kind="police"), SYSTEM)
    loop.run_until_complete(eng.submit(setup))
    yield eng
    loop.run_until_complete(eng.stop())
    eng.journal.close()


def submit(loop: asyncio.AbstractEventLoop, eng: Engine, env: Envelope) -> CommandResult:
    return loop.run_until_complete(asyncio.wait_for(eng.submit(env), HANG_GUARD_S))


def still_writing(loop: asyncio.AbstractEventLoop, eng: Engine, n: int) -> None:
    before = eng.head[0]
    result = submit(loop, eng, incident(n))
    assert result.accepted and eng.running
    assert eng.head[0] > before
    assert result.events[0].event.incident in eng.state.incidents  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "document",
    [{"big": 2**64}, {"small": -(2**70)}, nested(300), nested(2000), {"f": math.nan}],
    ids=["int-2^64", "int--2^70", "nested-300", "nested-2000", "nan"],
)
def test_a_document_the_digest_cannot_write_is_refused_alone(
    engine: Engine, loop: asyncio.AbstractEventLoop, document: dict[str, Any]
) -> None:
    head = engine.head
    result = submit(loop, engine, hostile_import(1, document))
    if result.rejection is not None:  # what cannot be written is refused, naming the stage
        assert result.rejection.reason is Reason.INVALID
        assert "could not be" in result.rejection.message
        assert engine.head == head
    else:  # what can be written is recorded whole
        assert engine.head[0] > head[0]
    still_writing(loop, engine, 1)
    assert verify_journal(engine.journal, None).ok


def test_a_failed_encoding_changes_nothing(
    engine: Engine, loop: asyncio.AbstractEventLoop, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = engine_module.payload_json

    def payload_json(ev: Any) -> str:
        if type(ev).__name__ == "CallAdded":  # the second event of CreateIncident
            raise ValueError("cannot encode")
        return real(ev)

    monkeypatch.setattr(engine_module, "payload_json", payload_json)
    incidents, head = dict(engine.state.incidents), engine.head
    result = submit(loop, engine, incident(1))
    assert result.rejection is not None and "could not be encoded" in result.rejection.message
    assert engine.state.incidents == incidents and engine.head == head
    monkeypatch.undo()
    still_writing(loop, engine, 2)


def test_a_failed_apply_leaves_no_half_applied_state(
    engine: Engine, loop: asyncio.AbstractEventLoop, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = engine_module.apply

    def apply(state: Any, ev: Any, recorded: Any) -> None:
        if type(ev).__name__ == "CallAdded":  # after IncidentCreated was applied
            raise RuntimeError("apply bug")
        real(state, ev, recorded)

    monkeypatch.setattr(engine_module, "apply", apply)
    incidents, head = set(engine.state.incidents), engine.head

    async def three() -> list[CommandResult]:  # one batch: the bad one between two good ones
        return list(
            await asyncio.gather(
                *(
                    engine.submit(e)
                    for e in [
                        Envelope(
                            "ok-1",
                            c.RegisterUnit(unit="1A10", agency="MPD", unit_type="patrol"),
                            SYSTEM,
                        ),
                        incident(1),
                        Envelope(
                            "ok-2",
                            c.RegisterUnit(unit="1A11", agency="MPD", unit_type="patrol"),
                            SYSTEM,
                        ),
                    ]
                )
            )
        )

    first, bad, last = loop.run_until_complete(asyncio.wait_for(three(), HANG_GUARD_S))
    assert first.accepted and last.accepted
    assert bad.rejection is not None and "could not be applied" in bad.rejection.message
    assert set(engine.state.incidents) == incidents  # the half-applied incident is gone
    assert {"1A10", "1A11"} <= set(engine.state.units)
    assert engine.head[0] == head[0] + 2
    monkeypatch.undo()
    still_writing(loop, engine, 2)


def test_a_failure_outside_any_command_answers_the_batch_and_goes_on(
    engine: Engine, loop: asyncio.AbstractEventLoop, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = 0
    real = engine._prepare

    async def prepare(batch: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise RuntimeError("the loop itself failed")
        return await real(batch)

    monkeypatch.setattr(engine, "_prepare", prepare)
    with pytest.raises(engine_module.EngineUnavailable):
        submit(loop, engine, incident(1))
    assert engine.running
    still_writing(loop, engine, 2)


def test_a_writer_that_dies_answers_everyone_and_still_stops(
    engine: Engine, loop: asyncio.AbstractEventLoop, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*_: Any) -> Any:
        raise RuntimeError("the journal is gone")

    monkeypatch.setattr(engine, "_prepare", broken)
    monkeypatch.setattr(engine, "_recover", broken)
    with pytest.raises(engine_module.EngineUnavailable):
        submit(loop, engine, incident(1))
    loop.run_until_complete(asyncio.sleep(0))
    assert not engine.running
    with pytest.raises(engine_module.EngineUnavailable):
        submit(loop, engine, incident(2))


# --- random commands ------------------------------------------------------------------------

_LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=2**63 - 2, max_value=2**66),
    st.floats(),
    st.text(max_size=20),
    st.sampled_from(["MPD", "1A10", "INC-1", "", "\x00", "$x$", "<b>x</b>"]),
)
_VALUES = st.recursive(
    _LEAVES,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=12,
) | st.integers(min_value=200, max_value=1200).map(nested)
_ACTORS = st.sampled_from([SYSTEM, CALLTAKER, Actor("x", Role.DISPATCHER, "OTHER")])


@st.composite
def random_commands(draw: st.DrawFn) -> c.Command | None:
    cls = draw(st.sampled_from(sorted(c.COMMANDS.values(), key=lambda k: k.NAME)))
    kwargs = {f.name: draw(_VALUES) for f in dataclasses.fields(cls)}
    try:
        return cls(**kwargs)
    except Exception:  # a command that cannot even be built never reaches the engine
        return None


def test_random_commands_never_stop_the_writer(
    engine: Engine, loop: asyncio.AbstractEventLoop
) -> None:
    count = 0

    @settings(
        max_examples=150,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(command=random_commands(), actor=_ACTORS, version=st.none() | st.integers())
    def one(command: c.Command | None, actor: Actor, version: int | None) -> None:
        nonlocal count
        if command is None:
            return
        count += 1
        env = Envelope(f"random-{count}", command, actor, version)
        with contextlib.suppress(DuplicateCommandConflict):
            submit(loop, engine, env)
        assert engine.running

    one()
    still_writing(loop, engine, 1)
    assert verify_journal(engine.journal, None).ok
