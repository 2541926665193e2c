"""Fan-out of committed events to stream clients, without ever blocking the engine.

The hub subscribes to the engine once. Each durable batch is turned into wire messages once
(JSON text, and the event's ``Audience`` - who may see it - worked out once), then handed to
every client's bounded buffer. Each client is sent only the events the domain's authorization
rule lets its viewer see. A client whose buffer would overflow is marked: its sender tells it to
resync and closes it. A client whose user is deactivated (or whose sessions are revoked) is
marked revoked and closed at once. The engine's callback does a few list appends per client and
never waits.
"""

from __future__ import annotations

import asyncio
import json
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from tenfour.domain.actors import Actor
from tenfour.domain.authorization import REVOKES_SESSIONS, Audience
from tenfour.domain.events import Event
from tenfour.domain.state import DispatchState
from tenfour.engine.envelope import Committed
from tenfour.engine.payload import payload_json
from tenfour.journal.record import JournalRecord

DEFAULT_CLIENT_BUFFER = 10_000  # events a client may fall behind before it must resync


@dataclass(frozen=True, slots=True)
class WireEvent:
    """One event as the stream sends it, and who may see it."""

    seq: int
    audience: Audience
    text: str

    def visible_to(self, state: DispatchState, viewer: Actor) -> bool:
        """Whether ``viewer`` may receive it."""
        return self.audience.admits(state, viewer)


def wire_text(seq: int, at: str, type_: str, actor: tuple[str, str, str], payload: str) -> str:
    """The JSON message ``{seq, at, type, actor: {user, role, agency}, payload}``.

    ``payload`` is already canonical JSON (as the journal stores it) and is embedded as is.
    """
    user, role, agency = actor
    head = json.dumps(
        {
            "seq": seq,
            "at": at,
            "type": type_,
            "actor": {"user": user, "role": role, "agency": agency},
        },
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return f'{head[:-1]},"payload":{payload}}}'


def wire_from_committed(state: DispatchState, c: Committed) -> WireEvent:
    """A live event as sent on the stream."""
    actor = (c.actor.user, c.actor.role.value, c.actor.agency)
    text = wire_text(c.seq, c.at, c.event.TYPE, actor, c.payload or payload_json(c.event))
    return WireEvent(c.seq, Audience(state, c.event), text)


def wire_from_record(state: DispatchState, record: JournalRecord, event: Event) -> WireEvent:
    """A journalled event (replay) as sent on the stream."""
    actor = (record.actor_user, record.actor_role, record.actor_agency)
    text = wire_text(record.seq, record.at, record.type, actor, record.payload)
    return WireEvent(record.seq, Audience(state, event), text)


@dataclass(eq=False)
class StreamClient:
    """One subscriber's bounded buffer of live events, filled by the hub."""

    viewer: Actor
    limit: int = DEFAULT_CLIENT_BUFFER
    revoked: bool = False  # the user was deactivated or their sessions revoked: close now
    buffer: deque[WireEvent] = field(default_factory=deque)
    overflowed: bool = False
    last_sent: int = 0
    wake: asyncio.Event = field(default_factory=asyncio.Event)
    behind: asyncio.Event = field(default_factory=asyncio.Event)  # set while overflowed

    def offer(self, events: Sequence[WireEvent]) -> None:
        """Take a batch, or mark the client as too far behind (never blocks)."""
        if self.overflowed:
            return
        if len(self.buffer) + len(events) > self.limit:
            self.overflowed = True
            self.buffer.clear()
            self.behind.set()
        else:
            self.buffer.extend(events)
        self.wake.set()

    def catch_up(self) -> None:
        """Forget an overflow: the journal replay will supply what the buffer dropped."""
        self.overflowed = False
        self.buffer.clear()
        self.behind.clear()

    def revoke(self) -> None:
        """Mark the client for closing (its sender closes it on waking)."""
        self.revoked = True
        self.buffer.clear()
        self.wake.set()

    def take(self, state: DispatchState) -> list[WireEvent]:
        """Everything buffered, visible to this client and not yet sent, in order."""
        viewer = self.viewer
        items = [w for w in self.buffer if w.seq > self.last_sent and w.visible_to(state, viewer)]
        self.buffer.clear()
        self.wake.clear()
        return items


class StreamHub:
    """Receives the engine's batches and offers them to every connected client."""

    def __init__(
        self, state: Callable[[], DispatchState], client_buffer: int = DEFAULT_CLIENT_BUFFER
    ) -> None:
        self._state = state
        self._clients: set[StreamClient] = set()
        self.client_buffer = client_buffer
        self.delivered_head = 0

    @property
    def subscribers(self) -> int:
        """How many clients are connected."""
        return len(self._clients)

    def lag(self, head_seq: int) -> int:
        """Events the slowest connected client has still to be sent."""
        return max((head_seq - c.last_sent for c in self._clients), default=0)

    def connect(self, viewer: Actor) -> StreamClient:
        """Register a client; live events are buffered from now on."""
        client = StreamClient(viewer, limit=self.client_buffer)
        self._clients.add(client)
        return client

    def revoke(self, user: str) -> int:
        """Close every stream of ``user`` (deactivated, password changed); how many."""
        found = [c for c in self._clients if c.viewer.user == user]
        for client in found:
            client.revoke()
        return len(found)

    def disconnect(self, client: StreamClient) -> None:
        """Forget a client."""
        self._clients.discard(client)

    def publish(self, batch: Sequence[Committed]) -> None:
        """Engine callback: convert the batch once, then offer it to each client."""
        state = self._state()
        wire = [wire_from_committed(state, c) for c in batch]
        if not wire:
            return
        self.delivered_head = wire[-1].seq
        for client in list(self._clients):
            client.offer(wire)
        for c in batch:
            if isinstance(c.event, REVOKES_SESSIONS):
                self.revoke(str(getattr(c.event, "user", "")))
