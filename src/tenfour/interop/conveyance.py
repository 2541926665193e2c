"""EIDO conveyance (NENA-STA-024), the publishing side: partners subscribe, we notify.

Messages follow the field names of the unofficial reference schema shipped in
``schemas/eido/conveyance-messages.unofficial.schema.json``: ``subscribe`` /
``subscribeResponse``, ``event`` / ``eventResponse``, ``unsubscribe`` /
``unsubscribeResponse``, ``terminate`` / ``terminateResponse``.

A subscription is to one incident (``single``) or to incidents created from now on that match a
filter (``new``); each notification carries the incident's whole EIDO. An incident stays
*pending* for a subscription until the partner answers the notification of its latest
document with 200, so a partner that disconnects and subscribes again with the same request
(or refreshes its ``subscriptionId``) receives everything that changed meanwhile.

``qualFilter`` (tenfour's syntax; the standard leaves it open): clauses ``key=v1,v2`` joined
by ``;``; keys ``incidentType`` (registry codes), ``type`` (tenfour codes), ``agency``,
``priorityMax``. Example: ``incidentType=ASSIST,CRWD;priorityMax=2``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator

from tenfour.domain.entities import Incident
from tenfour.domain.events import IncidentCreated
from tenfour.domain.partner_scope import shared_with
from tenfour.engine.envelope import Committed
from tenfour.interop import mappings as m
from tenfour.interop.eido_ids import digest
from tenfour.interop.service import InteropService

DEFAULT_EXPIRES_S = 3600
MIN_EXPIRES_S = 60
MAX_EXPIRES_S = 86_400
FILTER_KEYS = ("incidentType", "type", "agency", "priorityMax")
Send = Callable[[dict[str, Any]], Awaitable[None]]


@cache
def _validator() -> Draft202012Validator:
    path = (
        resources.files("tenfour.interop")
        / "schemas"
        / "eido"
        / "conveyance-messages.unofficial.schema.json"
    )
    return Draft202012Validator(json.loads(path.read_text("utf-8")))


def message_problem(message: Any) -> str | None:
    """Why a conveyance message breaks the reference schema, or None."""
    for error in _validator().iter_errors(message):
        return str(error.message)[:300]
    return None


def conveyance_refusal(message: Any, problem: str) -> dict[str, Any] | None:
    """The protocol's own refusal (400) of a message that breaks the schema, when it has one:
    a subscribe, unsubscribe or event is answered in kind; anything else has no answer."""
    if not isinstance(message, dict):
        return None
    for kind, key in (("subscribe", "requestId"), ("unsubscribe", "requestId")):
        body = message.get(kind)
        if isinstance(body, dict):
            ident = body.get(key)
            answer: dict[str, Any] = {
                "requestId": ident if isinstance(ident, str) else "",
                "statusCode": 400,
                "statusText": problem,
            }
            if kind == "unsubscribe":
                sid = body.get("subscriptionId")
                answer["subscriptionId"] = sid if isinstance(sid, str) else ""
            return {f"{kind}Response": answer}
    event = message.get("event")
    if isinstance(event, dict):
        txn = event.get("transactionId")
        return {
            "eventResponse": {
                "transactionId": txn if isinstance(txn, str) else "",
                "statusCode": 400,
                "statusText": problem,
            }
        }
    return None


class FilterError(ValueError):
    """A ``qualFilter`` tenfour cannot read."""


def parse_filter(text: str) -> dict[str, set[str]]:
    """``incidentType=A,B;priorityMax=2`` as {key: values}."""
    out: dict[str, set[str]] = {}
    for clause in (c.strip() for c in text.split(";") if c.strip()):
        key, sep, values = clause.partition("=")
        if not sep or key.strip() not in FILTER_KEYS:
            raise FilterError(f"qualFilter clause {clause!r}: keys are {', '.join(FILTER_KEYS)}")
        out[key.strip()] = {v.strip() for v in values.split(",") if v.strip()}
    if "priorityMax" in out and not all(v.isdigit() for v in out["priorityMax"]):
        raise FilterError("priorityMax is a number")
    return out


def matches(criteria: dict[str, set[str]], incident: Incident) -> bool:
    """Whether an incident passes a filter."""
    checks = {
        "incidentType": lambda v: m.incident_type_out(incident.type_code) in v,
        "type": lambda v: incident.type_code in v,
        "agency": lambda v: incident.agency in v,
        "priorityMax": lambda v: incident.priority <= min(int(x) for x in v),
    }
    return all(checks[k](v) for k, v in criteria.items())


@dataclass
class Sub:
    """One partner subscription and what it still has to receive."""

    id: str
    partner: str
    kind: str
    key: str
    criteria: dict[str, set[str]]
    expires_at: float
    watched: set[str] = field(default_factory=set)
    pending: set[str] = field(default_factory=set)
    acked: dict[str, str] = field(default_factory=dict)  # incident -> digest acknowledged
    inflight: dict[str, tuple[str, str]] = field(default_factory=dict)  # txn -> (incident, digest)
    send: Send | None = None
    wake: asyncio.Event = field(default_factory=asyncio.Event)


@dataclass
class ConveyanceHub:
    """All subscriptions of this server, fed by the engine's committed events."""

    service: InteropService
    subs: dict[str, Sub] = field(default_factory=dict)
    notifications: int = 0

    def on_events(self, batch: Sequence[Committed]) -> None:
        """Engine subscriber: mark what changed as pending for every interested subscription."""
        state = self.service.engine.state
        for committed in batch:
            incident = committed.event.incident_id
            if incident is None:
                continue
            for sub in self.subs.values():
                if sub.kind == "new" and isinstance(committed.event, IncidentCreated):
                    self._maybe_watch(sub, state.incidents.get(incident))
                if incident in sub.watched:
                    sub.pending.add(incident)
                    sub.wake.set()

    def _maybe_watch(self, sub: Sub, incident: Incident | None) -> None:
        if incident is None or not matches(sub.criteria, incident):
            return
        link = self.service.engine.state.interop.link_of(incident.id)
        if link is None or link.source != sub.partner:  # never echo a partner's own incident
            sub.watched.add(incident.id)

    # --- messages --------------------------------------------------------------------------

    def subscribe(self, partner: str, msg: dict[str, Any], send: Send) -> dict[str, Any]:
        """Create, find again or refresh a subscription; returns the subscribeResponse."""
        rid = str(msg.get("requestId", ""))
        expires = max(MIN_EXPIRES_S, min(int(msg.get("expires", DEFAULT_EXPIRES_S)), MAX_EXPIRES_S))
        try:
            sub = (
                self._refresh(partner, msg) if "subscriptionId" in msg else self._new(partner, msg)
            )
        except LookupError as err:
            return _sub_response(rid, 481 if "subscriptionId" in msg else 404, str(err))
        except PermissionError as err:
            return _sub_response(rid, 403, str(err))
        except (FilterError, ValueError) as err:
            return _sub_response(rid, 400, str(err))
        sub.expires_at = time.monotonic() + expires
        sub.send = send
        sub.pending |= sub.watched - set(sub.acked)
        sub.inflight.clear()
        sub.wake.set()
        out = _sub_response(rid, 200, "OK")
        out["subscribeResponse"].update({"subscriptionId": sub.id, "expires": expires})
        return out

    def _refresh(self, partner: str, msg: dict[str, Any]) -> Sub:
        sub = self.subs.get(str(msg["subscriptionId"]))
        if sub is None or sub.partner != partner:
            raise LookupError(f"no subscription {msg['subscriptionId']!r}")
        return sub

    def _new(self, partner: str, msg: dict[str, Any]) -> Sub:
        kind = str(msg.get("requestSubType", ""))
        if str(msg.get("requestType", "")).upper() != "EIDO" or kind not in ("single", "new"):
            raise ValueError("requestType EIDO with requestSubType 'single' or 'new' is supported")
        target = self._incident(str(msg.get("incidentId", ""))) if kind == "single" else ""
        if target and not shared_with(self.service.engine.state, target, partner):
            raise PermissionError(f"incident {target} was not shared with {partner}")
        criteria = parse_filter(str(msg.get("qualFilter", "")))
        key = f"{partner}|{kind}|{target}|{msg.get('qualFilter', '')}"
        found = next((s for s in self.subs.values() if s.key == key), None)
        if found is not None:
            return found
        sub = Sub(str(uuid.uuid4()), partner, kind, key, criteria, 0.0)
        if target:
            sub.watched.add(target)
        self.subs[sub.id] = sub
        return sub

    def _incident(self, ident: str) -> str:
        state = self.service.engine.state
        own = self.service.issuer.own_incident(ident)
        link = state.interop.links.get(ident)
        for candidate in (own, link.incident_id if link else None, ident):
            if candidate and candidate in state.incidents:
                return candidate
        raise LookupError(f"no incident {ident!r}")

    def unsubscribe(self, partner: str, msg: dict[str, Any]) -> dict[str, Any]:
        """End a subscription at the partner's wish."""
        sid = str(msg.get("subscriptionId", ""))
        sub = self.subs.get(sid)
        found = sub is not None and sub.partner == partner
        if found:
            del self.subs[sid]
        code, text = (200, "OK") if found else (481, "no such subscription")
        return {
            "unsubscribeResponse": {
                "requestId": msg.get("requestId", ""),
                "subscriptionId": sid,
                "statusCode": code,
                "statusText": text,
            }
        }

    def event_response(self, msg: dict[str, Any]) -> None:
        """The partner acknowledged (or refused) one notification."""
        for sub in self.subs.values():
            sent = sub.inflight.pop(str(msg.get("transactionId", "")), None)
            if sent is None:
                continue
            incident, sent_digest = sent
            if msg.get("statusCode") == 200:
                sub.acked[incident] = sent_digest
                if self._digest(incident) == sent_digest:
                    sub.pending.discard(incident)
            sub.wake.set()
            return

    def disconnected(self, send: Send) -> None:
        """The partner's connection closed: keep its subscriptions, forget in-flight sends."""
        for sub in self.subs.values():
            if sub.send == send:
                sub.send = None
                sub.inflight.clear()

    # --- sending ---------------------------------------------------------------------------

    def _digest(self, incident: str) -> str:
        return digest(self.service.export(incident))

    async def pump(self, send: Send) -> None:
        """Send the pending notifications of every subscription on this connection, forever."""
        while True:
            mine = [s for s in self.subs.values() if s.send == send]
            for sub in mine:
                sub.wake.clear()
                await self._notify(sub, send)
            waits: list[asyncio.Future[Any]] = [asyncio.ensure_future(s.wake.wait()) for s in mine]
            if not waits:
                waits.append(asyncio.ensure_future(asyncio.sleep(0.2)))
            await asyncio.wait(waits, timeout=1.0, return_when=asyncio.FIRST_COMPLETED)
            for w in waits:
                w.cancel()
            await self._expire(send)

    async def _notify(self, sub: Sub, send: Send) -> None:
        busy = {i for i, _ in sub.inflight.values()}
        for incident in sorted(sub.pending - busy):
            document = self.service.export(incident)
            doc_digest = digest(document)
            if sub.acked.get(incident) == doc_digest:
                sub.pending.discard(incident)
                continue
            txn = str(uuid.uuid4())
            sub.inflight[txn] = (incident, doc_digest)
            self.notifications += 1
            await send(
                {
                    "event": {
                        "subscriptionId": sub.id,
                        "transactionId": txn,
                        "notification": [document],
                    }
                }
            )

    async def _expire(self, send: Send) -> None:
        now = time.monotonic()
        for sub in [s for s in self.subs.values() if s.send == send and s.expires_at < now]:
            del self.subs[sub.id]
            await send({"terminate": {"requestId": str(uuid.uuid4()), "subscriptionId": sub.id}})

    async def terminate_all(self) -> None:
        """Tell every connected partner its subscriptions end (server going down)."""
        for sub in list(self.subs.values()):
            if sub.send is not None:
                with contextlib.suppress(Exception):  # the partner may be gone already
                    await sub.send(
                        {"terminate": {"requestId": str(uuid.uuid4()), "subscriptionId": sub.id}}
                    )


def _sub_response(rid: str, code: int, text: str) -> dict[str, Any]:
    return {"subscribeResponse": {"requestId": rid, "statusCode": code, "statusText": text}}
