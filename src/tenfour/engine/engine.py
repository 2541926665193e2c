"""The single writer: commands in order, events to the journal in group commits, then acks.

One asyncio task owns the state. It takes the commands waiting for it as one batch, asks the
domain for each command's events (applying them at once so the next command sees them), appends
the whole batch to the journal in one transaction, and only then answers the commands and
publishes their events. If the append fails, the state is rebuilt from the journal and every
command of the batch is answered with ``EngineUnavailable``.

One command can only fail itself (docs/adr/0015-one-command-fails-alone.md): whatever raises
while its digest is taken, it is decided, its events are encoded and sealed or applied, it is
refused (``Rejected``, invalid) and logged with its command id, and the writer goes on. Events
are sealed before any is applied, so a failed encoding leaves the state untouched; a failed apply
leaves it suspect, so the batch ends there, and the state is rebuilt from the journal once what
was decided before is durable. Anything else that escapes the loop fails the batch (503) and is
followed by a rebuild; a writer that still dies is logged and answers every waiting command.

A node that follows (``tenfour.engine.node``) does not write: ``open_follower`` rebuilds the state
without the lock and ``follow`` applies what the leader appended, publishing it to the same
subscribers. ``lead`` turns a follower into the writer once it holds the lock; ``abandon`` stops
writing at once when the lock or the database is lost (the node then follows again). A writer
that loses its lock or cannot rebuild ends with ``WriterLost``: commands waiting get 503, and the
node decides what comes next - nothing waits forever on a writer that is gone.

Where the journal is a server (PostgreSQL), the writer pipelines: appends and look-ups run on
two journal threads, and batch N+1 is decided while batch N is being made durable. Where it runs
in this process (SQLite), the writer calls it directly: on two cores, handing an append to a
thread cost more (in hand-overs and in the lock every Python thread shares) than it saved.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tenfour.domain.apply import apply
from tenfour.domain.decide import decide
from tenfour.domain.errors import Reason, Rejected, refused_earlier
from tenfour.domain.events import Event
from tenfour.domain.recorded import Recorded
from tenfour.domain.state import DispatchState
from tenfour.domain.surroundings import NOWHERE, Surroundings
from tenfour.domain.timefmt import iso
from tenfour.engine.envelope import (
    CommandResult,
    Committed,
    DuplicateCommandConflict,
    EngineUnavailable,
    Envelope,
)
from tenfour.engine.idempotency import RecentCommands, Seen
from tenfour.engine.payload import payload_json
from tenfour.engine.replay import committed, replay, replay_committed
from tenfour.engine.retention import record_retention
from tenfour.engine.snapshot import dump_state
from tenfour.engine.upkeep import Upkeep
from tenfour.journal.chain import GENESIS_HASH, seal
from tenfour.journal.errors import JournalError, JournalUnavailable, WriterLockHeld
from tenfour.journal.record import JournalRecord
from tenfour.journal.store import Journal

log = logging.getLogger(__name__)
_T = TypeVar("_T")
Subscriber = Callable[[Sequence[Committed]], None]


def utc_now() -> datetime:
    """The wall clock, in UTC."""
    return datetime.now(UTC)


@dataclass(slots=True)
class EngineStats:
    """Counters for metrics and benchmarks."""

    commands: int = 0
    rejected: int = 0
    batches: int = 0
    events: int = 0
    payload_bytes: int = 0
    snapshots_refused: int = 0  # snapshots that failed their seal at start-up (tampering?)


@dataclass(slots=True)
class _Pending:
    envelope: Envelope
    future: asyncio.Future[CommandResult]
    digest: str = ""
    records: list[JournalRecord] = field(default_factory=list)
    events: list[Committed] = field(default_factory=list)
    result: CommandResult | None = None
    error: Exception | None = None


class Engine:
    """The one writer of a tenfour database."""

    def __init__(
        self,
        journal: Journal,
        *,
        clock: Callable[[], datetime] = utc_now,
        signing_key: Ed25519PrivateKey | None = None,
        checkpoint_every: int = 1000,
        snapshot_every: int = 5000,
        batch_max: int = 1000,
        reader: Journal | None = None,
        surroundings: Surroundings = NOWHERE,
        key_path: Path | None = None,
        key_holder: str = "tenfour",
        key_notice: Callable[[str], None] | None = None,
        closed_window_s: int | None = None,
    ) -> None:
        self.journal = journal
        # A second connection for idempotency look-ups, so they never wait behind an append.
        self._reader = reader or journal
        self.state = DispatchState()
        self._clock = clock
        self.surroundings = surroundings  # the gazetteer and client-time bounds the rules use
        self._upkeep = Upkeep(
            journal,
            clock,
            key=signing_key,
            key_path=key_path,
            key_holder=key_holder,
            key_notice=key_notice,
            checkpoint_every=checkpoint_every,
            snapshot_every=snapshot_every,
        )
        self._batch_max = batch_max
        self._closed_window_s = closed_window_s  # journaled at start if not in force (ADR 0018)
        self._intake: deque[_Pending] = deque()
        self._wakeup: asyncio.Future[None] | None = None
        self._stopping = False
        # Journal I/O runs here (from start to stop): one thread appends while another looks
        # up command ids.
        self._io: ThreadPoolExecutor | None = None
        self._saving: asyncio.Future[None] | None = None  # a snapshot being saved
        self._subscribers: list[Subscriber] = []
        self._recent = RecentCommands()
        self._head: tuple[int, str] = (0, GENESIS_HASH)
        self._decided: tuple[int, str] = self._head  # ahead of _head while a batch is in flight
        self._inflight_ids: dict[str, _Pending] = {}
        self._last_at = ""
        self._task: asyncio.Task[None] | None = None
        self._taken: list[_Pending] = []  # the batch being decided, answered if the loop fails
        self._flight: asyncio.Task[bool] | None = None  # the batch being made durable
        self._suspect = False  # an apply failed part-way: rebuild before deciding more
        self._opened = False
        self._built = False  # the state was built once: later rebuilds publish what they add
        self._lost: Exception | None = None  # the lock or the database went: stop writing
        self.stats = EngineStats()

    # --- life cycle ---------------------------------------------------------------------

    @property
    def head(self) -> tuple[int, str]:
        """Sequence number and hash of the last durable event."""
        return self._head

    @property
    def running(self) -> bool:
        """Whether the writer task is taking commands."""
        return self._task is not None and not self._task.done() and not self._stopping

    @property
    def is_open(self) -> bool:
        """Whether this engine holds the writer lock with its state built."""
        return self._opened

    @property
    def writer_task(self) -> asyncio.Task[None] | None:
        """The writer (None while this engine does not write)."""
        return self._task

    def open(self) -> None:
        """Take the writer lock, migrate, and rebuild state from snapshot plus journal tail."""
        self.journal.acquire_writer_lock()
        try:
            self.journal.migrate()
            self._upkeep.settle_key()
            self._rebuild()
        except BaseException:
            self.journal.release_writer_lock()
            raise
        self._opened = True
        self._built = True

    def open_follower(self) -> None:
        """Rebuild the state from the newest trusted snapshot and the journal, without the lock.

        A follower's first build; later rebuilds go through ``rebuild`` (which publishes what
        they add)."""
        self._rebuild()
        self._built = True

    async def rebuild(self) -> None:
        """Rebuild from the journal, then publish what it holds beyond what was published."""
        self._ensure_io()
        before = self._head[0]
        await self._in_io(self._rebuild)
        if self._built and self._head[0] > before:
            count = self._head[0] - before
            records = await self._in_io(_read_list, self.journal, before, count)
            self._publish([committed(r) for r in records])
        self._built = True

    async def follow(self, limit: int = 2000) -> int:
        """Apply what the journal holds beyond the head, publish it; how many records.

        A follower's step (and a new leader's catch-up). Records are read on a journal thread
        and applied here, on the event loop that serves the state."""
        self._ensure_io()
        records = await self._in_io(_read_list, self.journal, self._head[0], limit)
        if not records:
            return 0
        seq, prev = self._head
        if records[0].seq != seq + 1 or records[0].prev_hash != prev:
            raise Diverged(f"the journal after seq {seq} does not continue this node's state")
        batch = replay_committed(self.state, records)
        self._head = self._decided = (records[-1].seq, records[-1].hash)
        self._last_at = records[-1].at
        self._publish(batch)
        return len(records)

    async def lead(self) -> None:
        """This node holds the writer lock now: settle the key, catch up, start writing."""
        self._ensure_io()
        try:
            await self._in_io(self._upkeep.settle_key)
            while await self.follow():
                pass
            self._upkeep.resume(self._head[0], await self._in_io(self.journal.checkpoints))
        except BaseException:
            await self._in_io(self.journal.release_writer_lock)
            raise
        self._opened = True
        self._lost = None
        self._stopping = False
        self._task = asyncio.create_task(self._run(), name="tenfour-engine")
        self._task.add_done_callback(self._writer_ended)
        try:  # the window the settings give, journaled by whoever writes (ADR 0018)
            await record_retention(self.state, self._closed_window_s, self.submit)
        except EngineUnavailable as lost:  # the node's supervisor sees the writer end
            log.warning("the retention window was not recorded: %s", lost)

    async def abandon(self, why: str) -> None:
        """Stop writing now (the lock or the database is gone): no checkpoint, no snapshot.

        Every command waiting is answered 503; the lock is let go; the state may hold decided
        events that never became durable, so the next follow starts with a rebuild."""
        task, self._task = self._task, None
        if task is not None and not task.done():
            task.cancel()
            await asyncio.wait([task], timeout=2.0)
        unavailable = EngineUnavailable(f"not recorded: {why}")
        self._fail([*self._taken, *self._inflight_ids.values(), *self._intake], unavailable)
        self._intake.clear()
        self._inflight_ids.clear()
        self._taken = []
        self._flight = self._saving = None
        self._suspect = False
        self._opened = False
        io, self._io = self._io, None  # its threads may sit in a dead connection: leave them
        if io is not None:
            io.shutdown(wait=False)
        let_go = asyncio.get_running_loop().run_in_executor(None, self.journal.release_writer_lock)
        await asyncio.wait([let_go], timeout=2.0)

    def _ensure_io(self) -> None:
        if self._io is None:
            self._io = ThreadPoolExecutor(max_workers=2, thread_name_prefix="tenfour-journal")

    def _rebuild(self) -> None:
        state, start = self._upkeep.restore()
        self.stats.snapshots_refused = self._upkeep.snapshots_refused
        replayed = replay(state, self.journal.read(after_seq=start))
        self.state = state
        # The head is the last record the state holds - not the journal's head read afterwards,
        # which a leader may have moved meanwhile (a follower would skip those records).
        if replayed[1] is not None:
            self._head = (replayed[0], replayed[1])
        elif start:
            at_start = next(iter(self.journal.read(after_seq=start - 1, limit=1)))
            self._head = (at_start.seq, at_start.hash)
        else:
            self._head = (0, GENESIS_HASH)
        self._decided = self._head
        if self._head[0]:
            self._last_at = next(iter(self.journal.read(after_seq=self._head[0] - 1, limit=1))).at
        log.info("state rebuilt: snapshot at %s, replayed to %s", start, replayed[0] or start)

    async def start(self) -> None:
        """Open (if not yet) and start the writer task."""
        self._ensure_io()
        if not self._opened:
            await self._in_io(self.open)
        self._stopping = False
        self._task = asyncio.create_task(self._run(), name="tenfour-engine")
        self._task.add_done_callback(self._writer_ended)
        await record_retention(self.state, self._closed_window_s, self.submit)

    def _writer_ended(self, task: asyncio.Task[None]) -> None:
        """A writer that died is logged, and every command still waiting is answered (503)."""
        if task.cancelled() or task.exception() is None:
            return
        if isinstance(task.exception(), WriterLost):
            log.error("this node stopped writing: %s", task.exception())
        else:
            log.critical("the engine's writer stopped", exc_info=task.exception())
        stopped = EngineUnavailable("the engine's writer stopped")
        self._fail([*self._taken, *self._inflight_ids.values(), *self._intake], stopped)
        self._intake.clear()

    async def stop(self) -> None:
        """Finish the commands taken so far, sign a checkpoint, snapshot, release the lock.

        Commands submitted after the stop order are refused with ``EngineUnavailable``.
        """
        died = False
        if self._task is not None:
            self._stopping = True
            self._wake()
            await asyncio.wait([self._task])  # a writer that died was logged by _writer_ended
            died = self._task.cancelled() or self._task.exception() is not None
            self._task = None
        if self._saving is not None:
            await asyncio.wait([self._saving])  # its failure is logged by _snapshot_saved
        if self._opened and not died:  # after a death the state is not to be trusted
            await self._in_io(self._final_checkpoint)
        if self._opened:
            self.journal.release_writer_lock()
            self._opened = False
        if self._io is not None:
            self._io.shutdown(wait=False)
            self._io = None

    def _in_io(self, work: Callable[..., _T], *args: object) -> asyncio.Future[_T]:
        """Run ``work`` on the journal threads; it is handed over at once (await the result)."""
        if self._io is None:
            raise EngineUnavailable("the engine is not running")
        return asyncio.get_running_loop().run_in_executor(self._io, work, *args)

    def _final_checkpoint(self) -> None:
        self._upkeep.finish(self._head, lambda: dump_state(self.state))

    # --- commands -----------------------------------------------------------------------

    async def submit(self, envelope: Envelope) -> CommandResult:
        """Queue a command; returns once its events are durable (or it was refused)."""
        if not self.running:
            raise EngineUnavailable("the engine is not running")
        future: asyncio.Future[CommandResult] = asyncio.get_running_loop().create_future()
        self._intake.append(_Pending(envelope, future))  # unbounded: never waits
        self._wake()
        return await future

    def _wake(self) -> None:
        if self._wakeup is not None and not self._wakeup.done():
            self._wakeup.set_result(None)

    def subscribe(self, subscriber: Subscriber) -> Callable[[], None]:
        """Call ``subscriber`` with each durable batch of events; returns an unsubscribe."""
        self._subscribers.append(subscriber)
        return lambda: self._subscribers.remove(subscriber)

    async def _run(self) -> None:
        """The writer: ``_loop``, and after anything that escapes it, answer and go on.

        Ends with ``WriterLost`` when the lock or the database is gone, or a rebuild fails."""
        while True:
            try:
                await self._loop()
                return
            except WriterLost:
                raise
            except Exception:
                log.exception("the writer failed outside any one command; its batch is refused")
            try:
                await self._recover_loop()
            except WriterLost:
                raise
            except Exception as err:
                raise WriterLost(f"the state could not be rebuilt: {err}") from err

    async def _recover_loop(self) -> None:
        """Answer what the failed loop held (503), let the append in flight end, rebuild."""
        if self._flight is not None:
            await asyncio.wait([self._flight])
            self._flight = None
        self._fail(self._taken, EngineUnavailable("not recorded: the writer failed"))
        self._taken = []
        self._suspect = False
        await self._recover([])

    async def _loop(self) -> None:
        """Take, decide, append, answer. Where the journal is a server, batch N+1 is decided
        while batch N is being made durable (at most one batch in flight)."""
        inflight: asyncio.Task[bool] | None = None
        while True:
            if inflight is not None and not self._intake:
                # Nothing waiting: finish the batch in flight, then checkpoints and snapshots.
                if not await inflight:
                    await self._recover([])
                inflight = None
                await self._maintain(snapshot=True)
            batch, stop = await self._take_batch()
            self._taken = batch
            records = await self._prepare(batch) if batch else None
            if inflight is not None and not await inflight:
                await self._recover(batch if records is not None else [])
                records = None
            inflight = self._flight = None
            if records is not None and self.journal.in_process:
                if not self._commit_here(batch, records):
                    await self._recover([])
            elif records is not None:
                appending = self._in_io(self.journal.append, records) if records else None
                inflight = self._flight = asyncio.create_task(
                    self._commit(batch, records, appending)
                )
            self._taken = []
            if self._suspect:
                await self._rebuild_suspect(inflight)
                inflight = self._flight = None
            if stop:
                if inflight is not None:
                    await inflight
                return
            if inflight is None:
                await self._maintain(snapshot=True)

    async def _rebuild_suspect(self, inflight: asyncio.Task[bool] | None) -> None:
        """An apply failed part-way: once what was decided before it is durable, rebuild."""
        if inflight is None or await inflight:
            log.warning("rebuilding state from the journal after a failed apply")
            await self.rebuild()
        else:
            await self._recover([])
        self._suspect = False

    async def _recover(self, decided: list[_Pending]) -> None:
        """An append failed: what was decided after it stands on sand; rebuild from the journal.

        If the lock or the database is gone, this node stops writing instead (``WriterLost``)."""
        self._fail(decided, EngineUnavailable("not recorded: an earlier batch failed"))
        self._inflight_ids.clear()
        if self._lost is not None:
            raise WriterLost(str(self._lost))
        await self.rebuild()

    async def _take_batch(self) -> tuple[list[_Pending], bool]:
        """What is waiting, at most ``batch_max`` commands, first in first out.

        Returns ``([], True)`` once the engine is stopping and nothing is left to take.
        """
        while not self._intake:
            if self._stopping:
                return [], True
            self._wakeup = asyncio.get_running_loop().create_future()
            await self._wakeup
            self._wakeup = None
        size = min(len(self._intake), self._batch_max)
        take = self._intake.popleft
        return [take() for _ in range(size)], False

    async def _prepare(self, batch: list[_Pending]) -> list[JournalRecord] | None:
        try:
            if self._reader.in_process:
                known = self._known_commands(batch)
            else:
                known = await self._in_io(self._known_commands, batch)
        except Exception as err:
            self._fail(batch, err)
            return None
        return self._decide_all(batch, known)

    def _commit_here(self, batch: list[_Pending], records: list[JournalRecord]) -> bool:
        """Append on this thread (a journal in this process), then answer; False if it failed."""
        if records:
            try:
                self.journal.append(records)
            except Exception as err:
                self._append_failed(batch, err)
                return False
        self._durable(batch, records)
        return True

    async def _commit(
        self,
        batch: list[_Pending],
        records: list[JournalRecord],
        appending: Awaitable[None] | None,
    ) -> bool:
        """Await the append handed to a journal thread, then answer; False if it failed."""
        if appending is not None:
            try:
                await appending
            except Exception as err:
                self._append_failed(batch, err)
                return False
        self._durable(batch, records)
        await self._maintain(snapshot=False)
        return True

    def _append_failed(self, batch: list[_Pending], err: Exception) -> None:
        if isinstance(err, (WriterLockHeld, JournalUnavailable)):
            log.error("journal append failed, this node stops writing: %s", err)
            self._lost = err
        else:
            log.exception("journal append failed; rebuilding state from the journal")
        self._fail(batch, err)

    def _durable(self, batch: list[_Pending], records: list[JournalRecord]) -> None:
        """The batch is on disk: move the head, count, answer and publish."""
        if records:
            self._head = (records[-1].seq, records[-1].hash)
            self._count(batch, records)
        self._answer(batch)
        for p in batch:
            self._inflight_ids.pop(p.envelope.command_id, None)

    def _count(self, batch: list[_Pending], records: list[JournalRecord]) -> None:
        self.stats.batches += 1
        self.stats.commands += len(batch)
        self.stats.rejected += sum(1 for p in batch if p.error is not None)
        self.stats.events += len(records)
        self.stats.payload_bytes += sum(len(r.payload) for r in records)

    def _fail(self, batch: list[_Pending], err: Exception) -> None:
        for p in batch:
            if not p.future.done():
                p.future.set_exception(EngineUnavailable(f"not recorded: {err}"))

    def _known_commands(self, batch: list[_Pending]) -> dict[str, list[JournalRecord]]:
        unknown = [
            p.envelope.command_id for p in batch if self._recent.get(p.envelope.command_id) is None
        ]
        return self._reader.read_commands(unknown) if unknown else {}

    def _decide_all(
        self, batch: list[_Pending], known: dict[str, list[JournalRecord]]
    ) -> list[JournalRecord]:
        records: list[JournalRecord] = []
        seq, prev = self._decided
        at = self._last_at = max(self._now(), self._last_at)  # one time for the whole batch
        for i, p in enumerate(batch):
            try:
                p.digest = p.envelope.digest()
            except Exception as bug:  # e.g. an integer beyond 64 bits, nesting beyond 254
                self._refuse(p, "digested", bug)
                continue
            if self._answer_repeat(p, known, self._inflight_ids):
                continue
            self._inflight_ids[p.envelope.command_id] = p
            seq, prev = self._decide_one(p, seq, prev, at)
            records.extend(p.records)
            if self._suspect:  # decide the rest on a rebuilt state
                self._intake.extendleft(reversed(batch[i + 1 :]))
                del batch[i + 1 :]
                break
        self._decided = (seq, prev)
        return records

    def _refuse(self, p: _Pending, stage: str, bug: Exception) -> None:
        """This command alone is refused: nothing of it is recorded."""
        env = p.envelope
        log.error(
            "command %s (%s) refused: it could not be %s",
            env.command_id,
            env.command.NAME,
            stage,
            exc_info=bug,
        )
        p.error = Rejected(Reason.INVALID, f"the command could not be {stage}: {bug}")
        p.records.clear()
        p.events.clear()

    def _answer_repeat(
        self, p: _Pending, known: dict[str, list[JournalRecord]], in_batch: dict[str, _Pending]
    ) -> bool:
        cid = p.envelope.command_id
        earlier = in_batch.get(cid)
        seen = self._recent.get(cid)
        if earlier is not None:
            first_digest, first_result = earlier.digest, None
        elif seen is not None:
            first_digest, first_result = seen.digest, seen.result
        elif known.get(cid):
            rows = known[cid]
            first_digest, first_result = rows[0].command_digest, _result_from_rows(cid, rows)
        else:
            return False
        if first_digest != p.digest:
            p.error = DuplicateCommandConflict(cid)
        elif first_result is not None:
            p.result = _as_duplicate(first_result)
        else:
            p.error = _Later(earlier)  # type: ignore[arg-type]
        return True

    def _decide_one(self, p: _Pending, seq: int, prev: str, at: str) -> tuple[int, str]:
        env = p.envelope
        try:
            events = decide(
                self.state, env.command, env.actor, at, env.expected_version, self.surroundings
            )
        except Rejected as refused:
            events, p.error = list(refused.record), refused
        except Exception as bug:
            self._refuse(p, "decided", bug)
            return seq, prev
        try:  # all of its events sealed before any is applied: a failure here changes nothing
            last = self._seal_all(p, events, seq, prev, at)
        except Exception as bug:
            self._refuse(p, "encoded", bug)
            return seq, prev
        try:
            for c in p.events:
                apply(self.state, c.event, Recorded(c.seq, at, env.actor))
        except Exception as bug:
            self._refuse(p, "applied", bug)
            self._suspect = True  # part of it may be applied: see _rebuild_suspect
            return seq, prev
        return last

    def _seal_all(
        self, p: _Pending, events: list[Event], seq: int, prev: str, at: str
    ) -> tuple[int, str]:
        env = p.envelope
        for ev in events:
            seq += 1
            payload = payload_json(ev)
            rec = seal(
                prev,
                seq,
                at,
                env.actor.user,
                env.actor.role.value,
                env.actor.agency,
                env.command_id,
                p.digest,
                ev.TYPE,
                ev.VERSION,
                payload,
            )
            p.records.append(rec)
            p.events.append(Committed(seq, at, env.actor, env.command_id, ev, rec.hash, payload))
            prev = rec.hash
        return seq, prev

    def _now(self) -> str:
        """The clock in the journal's form."""
        return iso(self._clock())

    def _answer(self, batch: list[_Pending]) -> None:
        published: list[Committed] = []
        for p in batch:
            if p.future.done():
                continue
            if isinstance(p.error, _Later):
                first = p.error.pending
                p.result = _as_duplicate(first.result) if first.result is not None else None
                p.error = first.error if first.result is None else None
            if p.result is None and not isinstance(p.error, DuplicateCommandConflict):
                events = tuple(p.events)
                rejection = p.error if isinstance(p.error, Rejected) else None
                p.result = CommandResult(p.envelope.command_id, events, rejection)
                published.extend(events)
                if events:
                    self._recent.put(p.envelope.command_id, Seen(p.digest, p.result))
            if p.error is not None and not isinstance(p.error, Rejected):
                p.future.set_exception(p.error)
            else:
                assert p.result is not None
                p.future.set_result(p.result)
        self._publish(published)

    def _publish(self, events: list[Committed]) -> None:
        if not events:
            return
        for subscriber in list(self._subscribers):
            try:
                subscriber(events)
            except Exception:
                log.exception("subscriber failed")

    # --- checkpoints and snapshots (engine/upkeep.py) ------------------------------------

    async def _maintain(self, *, snapshot: bool) -> None:
        seq = self._head[0]
        if self._upkeep.checkpoint_due(seq):
            await self._in_io(self._upkeep.checkpoint, self._head)
        durable_state = self._decided == self._head  # nothing decided beyond what is durable
        due = self._upkeep.snapshot_due(seq)
        if snapshot and durable_state and due and self._saving is None:
            # Written out here (the state must hold still), packed and saved on a journal
            # thread while the writer goes on taking commands.
            text, head = dump_state(self.state), self._head
            self._saving = self._in_io(self._upkeep.snapshot, text, head)
            self._saving.add_done_callback(self._snapshot_saved)

    def _snapshot_saved(self, saving: asyncio.Future[None]) -> None:
        self._saving = None
        if not saving.cancelled() and saving.exception() is not None:
            log.error(
                "snapshot not saved (the next one will be tried later): %s", saving.exception()
            )


class Diverged(JournalError):  # noqa: N818 - a fact about the state
    """The journal does not continue this engine's state (it held events never made durable):
    rebuild it."""


class WriterLost(Exception):  # noqa: N818 - a fact about the node, not a bug
    """This engine stopped writing: its lock or database is gone, or it could not rebuild."""


def _read_list(journal: Journal, after_seq: int, limit: int) -> list[JournalRecord]:
    return list(journal.read(after_seq=after_seq, limit=limit))


class _Later(Exception):  # noqa: N818
    """A repeat inside one batch: answered with the first command's result once it is known."""

    def __init__(self, pending: _Pending) -> None:
        super().__init__(pending.envelope.command_id)
        self.pending = pending


def _as_duplicate(result: CommandResult | None) -> CommandResult:
    assert result is not None
    return CommandResult(result.command_id, result.events, result.rejection, duplicate=True)


def _result_from_rows(command_id: str, rows: list[JournalRecord]) -> CommandResult:
    events = tuple(committed(r) for r in rows)
    rejection = refused_earlier([c.event for c in events])
    return CommandResult(command_id, events, rejection, duplicate=True)
