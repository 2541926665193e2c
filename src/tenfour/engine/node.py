"""One ``tenfour serve`` node: leader or follower, and the switch between them.

Several nodes may share one PostgreSQL journal (docs/adr/0016-leader-and-followers.md). The node
holding the journal's writer lock leads: its engine is the single writer. The others follow: they
apply what the leader appends (woken by its NOTIFY, reading in seq order as the truth) and serve
queries and the live stream from their own state; the API carries their commands to the leader.

The supervisor here runs one loop per node:

- a **leader** beats on its lock session every ``beat_s`` and watches its writer; if the beat
  fails (the lock or the database is gone) or cannot be made for ``lease_s``, or the writer ends,
  the node stops writing at once (``Engine.abandon``: waiting commands get 503) and follows;
- a **follower** catches up, tries the lock every ``beat_s`` and takes over the moment it comes
  free (a leader killed: its session ends with its process). A leader whose lock session has
  been quiet for ``lease_s`` (a frozen process, a lost host) has its sessions ended by the
  follower, which frees the lock; if that leader wakes, its next append finds the lock gone and
  it follows too - it never appends again without the lock.
- database errors are logged and retried with backoff; the node never gives up.

A SQLite journal has one node, which leads; the same loop restarts its writer (after a rebuild)
if it ever ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from tenfour.engine.engine import Diverged, Engine
from tenfour.journal.cluster import LeaderSeen, NodeLink
from tenfour.journal.errors import KeyRefused, WriterLockHeld

log = logging.getLogger(__name__)
_T = TypeVar("_T")
Hook = Callable[[], Awaitable[None]]


class Role(StrEnum):
    """What a node does now."""

    STARTING = "starting"
    LEADER = "leader"
    FOLLOWER = "follower"
    STOPPING = "stopping"


@dataclass(frozen=True, slots=True)
class NodeStatus:
    """What ``/readyz`` says."""

    ready: bool
    role: Role
    node: str
    applied_seq: int
    lag_events: int
    lag_seconds: float
    leader: LeaderSeen | None
    reason: str


@dataclass(frozen=True, slots=True)
class Timing:
    """The node's clocks (seconds)."""

    beat_s: float = 0.25  # leader's beat, follower's lock attempts and wake-up wait
    lease_s: float = 5.0  # a leader quiet this long is taken for frozen
    ready_lag_s: float = 2.0  # a follower behind this long is not ready
    backoff_max_s: float = 2.0  # database retries back off up to this


async def _noop() -> None:
    return None


class Node:
    """Leads or follows; see the module's doc."""

    def __init__(
        self,
        engine: Engine,
        link: NodeLink,
        *,
        node_id: str,
        timing: Timing | None = None,
        on_lead: Hook = _noop,
        on_follow: Hook = _noop,
    ) -> None:
        self.engine = engine
        self.link = link
        self.node_id = node_id
        self.timing = timing or Timing()
        self._on_lead = on_lead
        self._on_follow = on_follow
        self.role = Role.STARTING
        self.leader: LeaderSeen | None = None
        self._task: asyncio.Task[None] | None = None
        self._threads = ThreadPoolExecutor(max_workers=2, thread_name_prefix="tenfour-node")
        self._stale = False  # the state may hold undurable events: rebuild before following
        self._prepared = False
        self._next_look = 0.0  # when a follower next tries the lock and looks at the leader
        self._beat_ok = time.monotonic()
        self._caught_up = time.monotonic()
        self._lag_events = 0
        self._problem = ""
        self._changed = asyncio.Event()  # role or leader changed (forwarding waits on it)
        self.takeovers = 0
        self.leader_epoch = 0  # bumped whenever the leader, as this node sees it, changes

    # --- life cycle -----------------------------------------------------------------------

    def prepare(self) -> None:
        """Open the engine: as the writer if the lock is free, else as a follower (blocking).

        Errors other than a held lock (a database that cannot be reached, a refused key)
        propagate: a node that cannot start says why at once."""
        if self._prepared:
            return
        try:
            if not self.engine.is_open:
                self.engine.open()
            self.role = Role.LEADER
        except WriterLockHeld:
            if not self.link.shared:
                raise
            self.engine.open_follower()
            self.role = Role.FOLLOWER
        self._prepared = True

    async def start(self) -> None:
        """Prepare (if not yet), start writing or following, and run the supervisor."""
        if not self._prepared:
            await self._in_thread(self.prepare)
        if self.role is Role.LEADER:
            await self.engine.start()
            await self._became(Role.LEADER)
        else:
            await self._became(Role.FOLLOWER)
        self._task = asyncio.create_task(self._run(), name="tenfour-node")

    async def stop(self, timeout: float = 5.0) -> None:
        """Stop within ``timeout``: a leader finishes its commands and checkpoints if it can."""
        was = self.role
        self.role = Role.STOPPING
        self._changed.set()
        if self._task is not None:
            self._task.cancel()
            await asyncio.wait([self._task], timeout=timeout)
            self._task = None
        if was is Role.LEADER:
            await _bounded(self._on_follow(), timeout, "stopping partner traffic")
            stopping = asyncio.ensure_future(self.engine.stop())
            done, _ = await asyncio.wait([stopping], timeout=timeout)
            if not done:
                log.error("the writer did not stop within %.0f s: leaving without a checkpoint",
                          timeout)  # fmt: skip
                stopping.cancel()
                await self.engine.abandon("the node is stopping")
        else:
            await _bounded(self.engine.stop(), timeout, "stopping the engine")
        self._threads.shutdown(wait=False)
        self.link.close()

    # --- what others ask ------------------------------------------------------------------

    @property
    def follows(self) -> bool:
        """Whether this node follows now (its commands go to the leader)."""
        return self.role is Role.FOLLOWER

    def status(self) -> NodeStatus:
        """Role, readiness and lag, without touching the database."""
        now = time.monotonic()
        role = self.role
        lag_s = 0.0 if role is Role.LEADER else max(0.0, now - self._caught_up)
        if role is Role.LEADER:
            beat_age = now - self._beat_ok
            ready = self.engine.running and beat_age < self.timing.lease_s
            reason = "" if ready else self._problem or "the write path is not working"
        elif role is Role.FOLLOWER:
            ready = lag_s <= self.timing.ready_lag_s
            reason = "" if ready else self._problem or f"{lag_s:.1f} s behind the journal"
        else:
            ready, reason = False, f"the node is {role.value}"
        return NodeStatus(
            ready=ready,
            role=role,
            node=self.node_id,
            applied_seq=self.engine.head[0],
            lag_events=self._lag_events,
            lag_seconds=round(lag_s, 3),
            leader=self.leader,
            reason=reason,
        )

    async def wait_for_leader(self, timeout: float) -> LeaderSeen | None:
        """The leader to carry a command to (None if this node leads or none appears)."""
        deadline = time.monotonic() + timeout
        while True:
            if self.role is Role.LEADER or self.role is Role.STOPPING:
                return None
            found = self.leader
            if found is not None and found.url and found.node != self.node_id:
                return found
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), timeout=min(left, 0.1))

    # --- the loop -------------------------------------------------------------------------

    async def _run(self) -> None:
        backoff = 0.0
        while self.role is not Role.STOPPING:
            try:
                if self.role is Role.LEADER:
                    why = await self._lead_until_lost()
                    await self._step_down(why)
                else:
                    await self._follow_step()
                backoff = 0.0
            except asyncio.CancelledError:
                raise
            except Diverged as err:
                log.error("node %s: %s; rebuilding its state", self.node_id, err)
                self._stale = True
            except Exception as err:  # the database: log, back off, try again
                backoff = min(self.timing.backoff_max_s, max(0.2, backoff * 2))
                self._problem = f"database: {err}"
                log.warning("node %s (%s): %s; retrying in %.1f s", self.node_id,
                            self.role.value, err, backoff)  # fmt: skip
                await asyncio.sleep(backoff)

    async def _lead_until_lost(self) -> str:
        """Beat and watch the writer; return why this node must stop leading."""
        writer = self.engine.writer_task
        while self.role is Role.LEADER:
            if writer is None or writer.done():
                return "the writer stopped"
            # asyncio.wait, not wait_for: on 3.11 wait_for can swallow a cancellation (stop)
            beating = self._in_thread(self.link.heartbeat)
            done, _ = await asyncio.wait([beating], timeout=self.timing.lease_s / 2)
            if self.role is not Role.LEADER:
                return "the node is stopping"
            held = (beating.exception() is None and beating.result()) if done else None
            now = time.monotonic()
            if held:
                self._beat_ok = now
                self._problem = ""
            elif held is False:
                return "the writer lock was lost"
            elif now - self._beat_ok >= self.timing.lease_s:
                return f"the lock could not be renewed for {self.timing.lease_s:.0f} s"
            await asyncio.wait([writer], timeout=self.timing.beat_s)
        return "the node is stopping"

    async def _step_down(self, why: str) -> None:
        if self.role is Role.STOPPING:
            return
        log.error("node %s stops leading: %s; it follows now", self.node_id, why)
        self._problem = why
        self.role = Role.FOLLOWER
        self.leader = None
        self.leader_epoch += 1
        self._changed.set()
        await _bounded(self._on_follow(), 3.0, "stopping partner traffic")
        await self.engine.abandon(why)
        self._stale = True
        self._caught_up = 0.0  # not ready until it has caught up again
        await self._register(Role.FOLLOWER)

    async def _follow_step(self) -> None:
        if self._stale:
            await self.engine.rebuild()
            self._stale = False
        now = time.monotonic()
        if now >= self._next_look:  # the lock and the leader: at most once a beat
            self._next_look = now + self.timing.beat_s
            if await self._try_lead():
                return
            await self._look_at_leader()
        applied = await self.engine.follow()
        while applied:
            self._lag_events = applied
            applied = await self.engine.follow()
        self._lag_events = 0
        self._caught_up = time.monotonic()
        self._problem = ""
        wait = max(0.0, self._next_look - time.monotonic())
        await self._in_thread(self.link.wait_for_appends, wait)

    async def _look_at_leader(self) -> None:
        """Who leads (for forwarding); end the sessions of one silent past the lease."""
        leader = await self._in_thread(self.link.leader)
        if (leader and leader.pid) != (self.leader and self.leader.pid):
            self.leader_epoch += 1
        if leader != self.leader:
            self.leader = leader
            self._changed.set()
        if leader is not None and leader.quiet_s > self.timing.lease_s:
            ended = await self._in_thread(self.link.fence, leader)
            log.error("leader %s silent for %.1f s (frozen?): ended %d of its sessions",
                      leader.node or leader.pid, leader.quiet_s, ended)  # fmt: skip
            self._next_look = 0.0  # try the lock at once

    async def _try_lead(self) -> bool:
        try:
            await self._in_thread(self.engine.journal.acquire_writer_lock)
        except WriterLockHeld:
            return False
        started = time.monotonic()
        try:
            await self.engine.lead()
        except KeyRefused as refused:
            log.error("node %s cannot lead: %s", self.node_id, refused)
            self._problem = str(refused)
            await asyncio.sleep(self.timing.lease_s)  # let another node take the lock
            return False
        self.takeovers += 1
        log.warning("node %s took over as leader at seq %s in %.0f ms", self.node_id,
                    self.engine.head[0], (time.monotonic() - started) * 1000)  # fmt: skip
        await self._became(Role.LEADER)
        return True

    async def _became(self, role: Role) -> None:
        self.role = role
        self._beat_ok = self._caught_up = time.monotonic()
        self.leader = None
        self.leader_epoch += 1
        self._changed.set()
        if role is Role.LEADER:
            await self._on_lead()
        await self._register(role)

    async def _register(self, role: Role) -> None:
        try:
            await asyncio.wait_for(self._in_thread(self.link.register, role.value), timeout=3.0)
        except Exception as err:  # the address is refreshed at the next change
            log.warning("node %s could not record its address: %s", self.node_id, err)

    def _in_thread(self, work: Callable[..., _T], *args: object) -> asyncio.Future[_T]:
        return asyncio.get_running_loop().run_in_executor(self._threads, work, *args)


async def _bounded(work: Awaitable[None], timeout: float, what: str) -> None:
    task = asyncio.ensure_future(work)
    done, _ = await asyncio.wait([task], timeout=timeout)
    if not done:
        task.cancel()
        log.error("%s took longer than %.0f s: left behind", what, timeout)
    elif task.exception() is not None:
        log.error("%s failed: %s", what, task.exception())
