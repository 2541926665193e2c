"""What leaves the live state, and when: the rules of ``retention`` applied as events apply.

Everything here is decided by event times (``Recorded.at``) and the journaled window, so a replay
drops exactly what the engine dropped. ``apply`` calls ``expire`` after every event: one string
comparison unless a sweep is due (at most once per ``SWEEP_EVERY_S`` of event time). A sweep
takes the closed incidents at the head of the queue whose window has passed (each in O(1) plus
what hangs off it) and walks the smaller tables (directives, hazards, bulletins, alerts), which
hold only live and recently ended entries.
"""

from __future__ import annotations

from tenfour.domain.interop import DELIVERED_MESSAGES, alert_key, delivery_key
from tenfour.domain.retention import NEVER, SWEEP_EVERY_S, Retention
from tenfour.domain.state import DispatchState
from tenfour.domain.timefmt import plus


def set_window(state: DispatchState, window_s: int | None, at: str) -> None:
    """A new window from ``at`` on: a sweep is due at once (or never, without a window)."""
    state.retention.closed_window_s = window_s
    state.retention.next_sweep = at if window_s is not None else NEVER


def closed(state: DispatchState, incident: str, at: str) -> None:
    """The incident closed at ``at``: it waits in the queue for its window to pass."""
    state.retention.leaving.append((incident, at))


def expire(state: DispatchState, at: str) -> None:
    """Drop what ended more than the window before ``at``, when a sweep is due."""
    retention = state.retention
    if at < retention.next_sweep or retention.closed_window_s is None:
        return
    cutoff = plus(at, seconds=-retention.closed_window_s)
    _closed_incidents(state, retention, cutoff)
    _ended_directives(state, cutoff)
    _ended_notices(state, cutoff)
    _ended_alerts(state, cutoff)
    _ended_transmissions(state, cutoff)
    _orphaned_overrides(state)
    retention.next_sweep = plus(at, seconds=SWEEP_EVERY_S)


def _closed_incidents(state: DispatchState, retention: Retention, cutoff: str) -> None:
    leaving, dropped = retention.leaving, set()
    while leaving and leaving[0][1] < cutoff:
        ident, _ = leaving.popleft()
        if ident in state.incidents and not state.incidents[ident].open:
            drop_incident(state, ident)
            dropped.add(ident)
    if dropped:
        _drop_requests(state, dropped)
        _drop_interop(state, dropped)


def drop_incident(state: DispatchState, ident: str) -> None:
    """The incident and what it lists (calls, remarks, assignments, its own directives) leave
    the live state; its requests and partner documents go in ``_drop_requests``/``_interop``."""
    incident = state.incidents.pop(ident)
    state.versions.pop(ident, None)
    for call in incident.call_ids:
        state.calls.pop(call, None)
    for remark in incident.remark_ids:
        state.remarks.pop(remark, None)
    for assignment in incident.assignment_ids:
        state.assignments.pop(assignment, None)
    for directive in incident.directive_ids:
        _drop_directive(state, directive)
    for other in incident.links:
        linked = state.incidents.get(other)
        if linked is not None and ident in linked.links:
            linked.links.remove(ident)


def _drop_directive(state: DispatchState, ident: str) -> None:
    state.directives.pop(ident, None)
    state.versions.pop(ident, None)


def _drop_requests(state: DispatchState, incidents: set[str]) -> None:
    """One pass over the requests for all incidents of a sweep (not one per incident)."""
    for request in [r.id for r in state.requests.values() if r.incident_id in incidents]:
        del state.requests[request]
        state.versions.pop(request, None)
        for message in DELIVERED_MESSAGES:
            state.interop.deliveries.pop(delivery_key(request, message), None)


def _drop_interop(state: DispatchState, incidents: set[str]) -> None:
    interop = state.interop
    for proposal in [p.id for p in interop.proposals.values() if p.incident_id in incidents]:
        del interop.proposals[proposal]
    for external in [k for k, ln in interop.links.items() if ln.incident_id in incidents]:
        del interop.links[external]


def _ended_directives(state: DispatchState, cutoff: str) -> None:
    """Area directives no longer in force (those on an incident leave with the incident)."""
    gone = [
        d.id
        for d in state.directives.values()
        if d.incident_id is None and _ended(d.lifted_at, d.expires_at, cutoff)
    ]
    for ident in gone:
        _drop_directive(state, ident)


def _orphaned_overrides(state: DispatchState) -> None:
    """Overrides of directives that left (an area one, or one on an archived incident)."""
    directives = state.directives
    for override in [o for o, d in state.overrides.items() if d not in directives]:
        del state.overrides[override]


def _ended_notices(state: DispatchState, cutoff: str) -> None:
    """Hazards removed or expired, bulletins cancelled or expired."""
    for hazard in [
        h.id for h in state.hazards.values() if _ended(h.removed_at, h.expires_at, cutoff)
    ]:
        del state.hazards[hazard]
    for bulletin in [
        b.id
        for b in state.bulletins.values()
        if _ended(b.cancelled_at, b.valid_until or None, cutoff)
    ]:
        del state.bulletins[bulletin]


def _ended_alerts(state: DispatchState, cutoff: str) -> None:
    alerts = state.interop.alerts
    for alert in [a for a in alerts.values() if _ended(a.ended_at, a.expires, cutoff)]:
        del alerts[alert.id]
        key = alert_key(alert.sender, alert.identifier)
        if state.interop.alert_keys.get(key) == alert.id:
            del state.interop.alert_keys[key]


def _ended_transmissions(state: DispatchState, cutoff: str) -> None:
    """Transmissions that ended before the cutoff and whose incidents all left (a transmission
    on no incident: once it ended); their phrase proposals go with them. The journal keeps them:
    an archived incident's timeline reads them from there."""
    radio = state.radio
    gone = [
        t
        for t in radio.transmissions.values()
        if t.ended_at < cutoff and not any(i in state.incidents for i in t.incidents)
    ]
    for t in gone:
        del radio.transmissions[t.id]
        for proposal in t.proposals:
            radio.proposals.pop(proposal, None)
        for incident in t.incidents:
            listed = radio.by_incident.get(incident)
            if listed is not None and t.id in listed:
                listed.remove(t.id)
                if not listed:
                    del radio.by_incident[incident]


def _ended(ended_at: str | None, expires_at: str | None, cutoff: str) -> bool:
    """Whether something ended (at ``ended_at``, or by expiring) before ``cutoff``."""
    if ended_at is not None:
        return ended_at < cutoff
    return expires_at is not None and expires_at < cutoff
