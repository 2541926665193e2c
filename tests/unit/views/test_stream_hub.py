"""The stream hub: one conversion per batch, bounded client buffers, restricted events."""

from __future__ import annotations

import json

from tenfour.domain import events as e
from tenfour.domain.actors import Actor, Role
from tenfour.domain.state import DispatchState
from tenfour.engine.envelope import Committed
from tenfour.views.stream_hub import StreamClient, StreamHub, wire_text

ACTOR = Actor("fedcad", Role.PARTNER, "FED")


def committed(seq: int, event: e.Event) -> Committed:
    return Committed(seq, "2026-11-25T14:00:00.000Z", ACTOR, f"c{seq}", event, "h")


def bulletin(ident: str, restricted: bool) -> e.BulletinIssued:
    return e.BulletinIssued(
        bulletin=ident,
        agency="FED",
        subject="s",
        persons=(),
        plates=("P",),
        valid_from="2026-11-25T14:00:00.000Z",
        valid_until="2026-12-25T14:00:00.000Z",
        restricted=restricted,
    )


def test_wire_text_embeds_the_canonical_payload() -> None:
    text = wire_text(7, "2026-11-25T14:00:00.000Z", "X", ("u", "dispatcher", "MPD"), '{"a":1}')
    assert json.loads(text) == {
        "seq": 7,
        "at": "2026-11-25T14:00:00.000Z",
        "type": "X",
        "actor": {"user": "u", "role": "dispatcher", "agency": "MPD"},
        "payload": {"a": 1},
    }


MPD_VIEWER = Actor("disp1", Role.DISPATCHER, "MPD")
FED_VIEWER = Actor("fedsup", Role.SUPERVISOR, "FED")


def test_restricted_events_reach_only_their_agency() -> None:
    state = DispatchState()
    hub = StreamHub(lambda: state)
    mpd, fed = hub.connect(MPD_VIEWER), hub.connect(FED_VIEWER)
    hub.publish([committed(1, bulletin("B1", True)), committed(2, bulletin("B2", False))])
    assert [w.seq for w in mpd.take(state)] == [2]
    assert [w.seq for w in fed.take(state)] == [1, 2]


def test_a_client_too_far_behind_is_marked_and_holds_nothing() -> None:
    client = StreamClient(MPD_VIEWER, limit=2)
    hub = StreamHub(DispatchState)
    wire = [hub_wire(hub, n) for n in (1, 2, 3)]
    client.offer(wire[:2])
    assert not client.overflowed
    client.offer(wire[2:])
    assert client.overflowed and not client.buffer and client.wake.is_set()


def test_take_drops_what_was_already_sent() -> None:
    state = DispatchState()
    hub = StreamHub(lambda: state)
    client = hub.connect(MPD_VIEWER)
    hub.publish([committed(n, bulletin(f"B{n}", False)) for n in (1, 2, 3)])
    client.last_sent = 2
    assert [w.seq for w in client.take(state)] == [3]
    hub.disconnect(client)
    assert hub.subscribers == 0


def hub_wire(hub: StreamHub, seq: int):  # type: ignore[no-untyped-def]
    from tenfour.views.stream_hub import wire_from_committed

    return wire_from_committed(DispatchState(), committed(seq, bulletin(f"B{seq}", False)))
