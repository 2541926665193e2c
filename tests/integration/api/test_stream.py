"""The WebSocket stream: replay then live, gap-free across reconnects, resync when too slow,
restricted records only to their agency."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

import pytest
from starlette.testclient import WebSocketTestSession
from starlette.websockets import WebSocketDisconnect

from tenfour.api.tokens import issue_token
from tests.integration.api.world import CENTRE, SECRET, Api


def connect(api: Api, user: str, after: int | str) -> AbstractContextManager[WebSocketTestSession]:
    """The stream after ``after``, logged in as ``user`` by its first message."""
    return _connect(api, api.tokens.get(user) or api.login(user), after)


@contextmanager
def _connect(api: Api, token: str, after: int | str) -> Iterator[WebSocketTestSession]:
    with api.client.websocket_connect(f"/api/v1/stream?after={after}") as ws:
        ws.send_text(json.dumps({"token": token}))
        yield ws


def read_until(ws: WebSocketTestSession, seq: int) -> list[dict[str, Any]]:
    """Messages until the one with ``seq`` (events of others' restricted records never come)."""
    got: list[dict[str, Any]] = []
    while not got or got[-1].get("seq", 0) < seq:
        message = ws.receive_json()
        if message.get("type") != "ping":  # an idle stream's keep-alive, not an event
            got.append(message)
    return got


def receive_until_closed(ws: WebSocketTestSession) -> tuple[list[dict[str, Any]], int]:
    """Every message until the server closes; and the close code."""
    messages: list[dict[str, Any]] = []
    while True:
        try:
            message = ws.receive_json()
        except WebSocketDisconnect as closed:
            return messages, closed.code
        if message.get("type") != "ping":
            messages.append(message)


def head(api: Api) -> int:
    return api.runtime.engine.head[0]


def new_incident(api: Api) -> str:
    body = {
        "type_code": "disturbance",
        "priority": 2,
        "address": "Street 1",
        "lat": CENTRE[0],
        "lon": CENTRE[1],
    }
    return str(api.ok("ct1", "/incidents", body)["events"][0]["payload"]["incident"])


def test_replay_then_live_in_order_with_actor(api: Api) -> None:
    start = head(api)
    with connect(api, "centre", 0) as ws:  # sees every agency
        replayed = read_until(ws, start)
        assert [m["seq"] for m in replayed] == list(range(1, start + 1))
        incident = new_incident(api)
        live = read_until(ws, head(api))
    first = live[0]
    assert first["type"] == "IncidentCreated" and first["payload"]["incident"] == incident
    assert first["actor"] == {"user": "ct1", "role": "call_taker", "agency": "MPD"}
    assert first["at"].endswith("Z") and len(first["at"]) == 24


def test_reconnect_after_1000_events_misses_nothing_and_repeats_nothing(api: Api) -> None:
    incident = new_incident(api)
    with connect(api, "disp1", 0) as ws:
        before = read_until(ws, head(api))
    last_seen = before[-1]["seq"]
    with connect(api, "sgt1", 0) as live_ws:
        read_until(live_ws, head(api))  # stays connected throughout: the live path
        for n in range(1000):
            if n == 500:
                midway = connect(api, "chief", last_seen)
                mid_ws = midway.__enter__()  # joins while events are being written
            api.ok("disp1", f"/incidents/{incident}/remarks", {"text": f"line {n}"})
        end = head(api)
        live = read_until(live_ws, end)
        joined = read_until(mid_ws, end)
        midway.__exit__(None, None, None)
    with connect(api, "disp1", last_seen) as ws:
        again = read_until(ws, end)
    expected = list(range(last_seen + 1, end + 1))
    assert len(expected) == 1000
    assert [m["seq"] for m in again] == expected
    assert [m["seq"] for m in joined] == expected
    assert [m["seq"] for m in live][-1000:] == expected
    assert [m["payload"]["text"] for m in again] == [f"line {n}" for n in range(1000)]


def test_token_as_first_message_and_refusals(api: Api) -> None:
    with api.client.websocket_connect("/api/v1/stream?after=0") as ws:
        ws.send_text(json.dumps({"token": api.login("disp1")}))
        assert ws.receive_json()["seq"] == 1
    with api.client.websocket_connect("/api/v1/stream?after=0") as ws:
        ws.send_text("not-a-token")
        assert ws.receive_json()["type"] == "error"
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_json()
        assert closed.value.code == 4401
    token = api.login("disp1")
    with api.client.websocket_connect(f"/api/v1/stream?after=0&token={token}") as ws:
        assert "not in the URL" in ws.receive_json()["detail"]  # URLs land in access logs
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_json()
        assert closed.value.code == 4401
    expired = issue_token(SECRET, "disp1", 1, now=0)
    with _connect(api, expired, 0) as ws:
        assert "expired" in ws.receive_json()["detail"]
    with connect(api, "disp1", -1) as ws:
        assert ws.receive_json()["type"] == "error"
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_json()
        assert closed.value.code == 4422


def test_slow_consumer_is_told_to_resync_and_loses_nothing(api: Api) -> None:
    api.runtime.hub.client_buffer = 2  # "too far behind" = more than 2 events waiting
    start = head(api)
    with connect(api, "disp1", start) as ws:
        api.ok("disp1", f"/incidents/{new_incident(api)}/remarks", {"text": "sentinel"})
        start = read_until(ws, head(api))[-1]["seq"]  # replay over: the server is live now
        api.get("disp1", "/me")
        body = {"type_code": "crowd", "priority": 1, "address": "A 1", "narrative": "three events"}
        api.ok("ct1", "/incidents", body)  # one batch of 3 events: overflows the buffer
        assert ws.receive_json() == {"type": "resync", "after": start}
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_json()
        assert closed.value.code == 4000
    assert api.ok("ct1", "/incidents", body)["accepted"]  # the engine never waited
    api.runtime.hub.client_buffer = 10_000
    with connect(api, "disp1", start) as ws:
        assert [m["seq"] for m in read_until(ws, head(api))] == list(
            range(start + 1, head(api) + 1)
        )


def test_restricted_bulletin_is_streamed_only_to_its_agency(api: Api) -> None:
    start = head(api)
    public = {"subject": "stolen car", "plates": ["CAR-1"]}
    secret = {"subject": "undercover", "plates": ["SPY-007"], "restricted": True}
    with connect(api, "disp1", start) as mpd_live:
        api.ok("fedcad", "/bulletins", secret)
        api.ok("fedcad", "/bulletins", public)
        mpd_live_msgs = read_until(mpd_live, head(api))
    with connect(api, "disp1", start) as mpd_replay:
        mpd_replay_msgs = read_until(mpd_replay, head(api))
    with connect(api, "fedcad", start) as fed:
        fed_msgs = read_until(fed, head(api))
    subjects = lambda msgs: [m["payload"]["subject"] for m in msgs]  # noqa: E731
    assert subjects(fed_msgs) == ["undercover", "stolen car"]
    assert subjects(mpd_live_msgs) == subjects(mpd_replay_msgs) == ["stolen car"]
    assert [b["subject"] for b in api.get("disp1", "/bulletins").json()] == ["stolen car"]
    assert len(api.get("fedcad", "/bulletins").json()) == 2


def test_a_client_whose_socket_is_stuck_is_cut_off(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    from starlette.websockets import WebSocket

    from tenfour.api import routes_stream

    stuck = asyncio.Event()
    real_send_text = WebSocket.send_text

    async def send_text(self: WebSocket, data: str) -> None:
        if stuck.is_set():
            await asyncio.Event().wait()  # a peer that reads nothing: the send never completes
        await real_send_text(self, data)

    monkeypatch.setattr(WebSocket, "send_text", send_text)
    monkeypatch.setattr(routes_stream, "STUCK_GRACE_S", 0.2)
    api.runtime.hub.client_buffer = 2
    with connect(api, "disp1", 0) as ws:
        read_until(ws, head(api))
        start = head(api)
        stuck.set()
        incident = new_incident(api)  # 3 events: the sender blocks on the first
        for n in range(3):  # the sender is stuck: these pile up past the buffer of 2
            api.ok("disp1", f"/incidents/{incident}/remarks", {"text": f"more {n}"})
        messages, code = receive_until_closed(ws)
        assert code == 4000
        assert messages[-1]["type"] == "resync" and messages[-1]["after"] <= start + 1
    assert api.runtime.hub.subscribers == 0


def test_the_stream_closes_when_its_token_expires(api: Api) -> None:
    import time

    now = time.time()  # a session begun now (after the password was set), expiring in ~2 s
    soon = issue_token(SECRET, "disp1", 1, now=now - 58, auth_time=now)
    with _connect(api, soon, head(api)) as ws:
        messages, code = receive_until_closed(ws)
    assert code == 4401
    assert messages[-1]["type"] == "expired" and messages[-1]["after"] == head(api)


def test_a_console_refreshes_its_token(api: Api) -> None:
    token = api.login("disp1")
    fresh = api.client.post("/api/v1/auth/refresh", headers={"Authorization": f"Bearer {token}"})
    assert fresh.status_code == 200, fresh.text
    body = fresh.json()
    assert body["expires_in"] > 0 and body["access_token"]
    me = api.client.get("/api/v1/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.json()["user"] == "disp1"
    assert api.client.post("/api/v1/auth/refresh").status_code == 401


def test_an_idle_stream_pings_with_the_journal_head(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tenfour.api import routes_stream

    monkeypatch.setattr(routes_stream, "PING_S", 0.05)
    start = head(api)
    with connect(api, "disp1", start) as ws:
        ping = ws.receive_json()  # nothing happened: the server says it is alive anyway
        assert ping == {"type": "ping", "head": start}
        incident = new_incident(api)
        live = read_until(ws, head(api))
    assert live[0]["payload"]["incident"] == incident
