"""Audit what the hash chain alone does not cover: snapshots, and who acted.

``audit_state`` replays the journal from its first event (after the chain has verified) and
checks, at each kept snapshot's seq, that the snapshot's seal holds and that the state it holds
is the state the journal replays to - an edited snapshot is reported even where its seal was
forged or the journal has no key. It also checks that every actor was registered by a journaled
event before acting: a user by ``UserRegistered`` (holding the role and agency it acted in), a
partner CAD by its agency's registration. The ``system`` role (tenfour itself, the CLI, the demo
and simulator set-up) is the one explicit exception: it is how the first agency and user come
to exist.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from tenfour.domain.actors import SERVICES, TRANSCRIBER, Actor, Role
from tenfour.domain.apply import apply
from tenfour.domain.radio import configured_recorder
from tenfour.domain.recorded import Recorded
from tenfour.domain.state import DispatchState
from tenfour.engine.replay import actor_of, committed
from tenfour.engine.snapshot import load_state
from tenfour.journal.keyring import public_keys
from tenfour.journal.record import JournalRecord, Snapshot
from tenfour.journal.sealing import snapshot_problem
from tenfour.journal.store import Journal


@dataclass(frozen=True, slots=True)
class StateFinding:
    """One thing the state audit found wrong, at a journal seq."""

    seq: int
    what: str


@dataclass(frozen=True, slots=True)
class StateAuditReport:
    """What the state audit checked and found."""

    events: int
    snapshots_checked: int
    findings: tuple[StateFinding, ...]

    @property
    def ok(self) -> bool:
        """True when nothing was found."""
        return not self.findings


def audit_state(journal: Journal, *, replay: bool = True) -> StateAuditReport:
    """Replay ``journal`` and check its snapshots and actors.

    ``replay=False``: check the snapshots' seals only, and follow only the organisation's
    events for the actor check - several times faster on a long journal, but it trusts a
    snapshot whose seal verifies instead of recomputing it.
    """
    snapshots = sorted(journal.snapshots(), key=lambda s: s.seq)
    keys = public_keys(journal.keys())
    findings = [
        StateFinding(s.seq, f"snapshot at seq {s.seq} refused: {problem}")
        for s in snapshots
        if (problem := snapshot_problem(s, keys)) is not None and s.digest
    ]
    applying = None if replay else ORGANISATION_EVENTS
    events, replayed = _replay_checking(
        journal.read(), snapshots if replay else [], findings, applying
    )
    return StateAuditReport(events, replayed, tuple(findings))


def _replay_checking(
    records: Iterable[JournalRecord],
    snapshots: list[Snapshot],
    findings: list[StateFinding],
    applying: frozenset[str] | None,
) -> tuple[int, int]:
    state, events, checked = DispatchState(), 0, 0
    pending = list(snapshots)
    for record in records:
        try:
            _check_and_apply(state, record, findings, applying)
        except REPLAY_ERRORS as err:  # a chain rewritten whole, without a key, can hold anything
            findings.append(StateFinding(record.seq, f"seq {record.seq} cannot be replayed: {err}"))
            return events, checked
        events += 1
        while pending and pending[0].seq == record.seq:
            checked += 1
            findings.extend(_compare(state, pending.pop(0)))
    beyond = "is beyond the journal's head"
    findings.extend(StateFinding(s.seq, f"snapshot at seq {s.seq} {beyond}") for s in pending)
    return events, checked


REPLAY_ERRORS = (ValueError, KeyError, TypeError, AttributeError)
# What the actor check needs: who was registered, in which roles and agencies (others' events
# still get their actor checked when replaying in full).
ORGANISATION_EVENTS = frozenset(
    {"AgencyRegistered", "AgencyPolicyChanged", "UserRegistered", "UserDeactivated",
     "UserReactivated", "PasswordSet", "CentreEntrySet"}
)  # fmt: skip


def _check_and_apply(
    state: DispatchState,
    record: JournalRecord,
    out: list[StateFinding],
    applying: frozenset[str] | None,  # None: every event
) -> None:
    actor_problem = unregistered_actor(state, record)
    if actor_problem is not None:
        out.append(StateFinding(record.seq, actor_problem))
    if applying is not None and record.type not in applying:
        return
    c = committed(record)
    apply(state, c.event, Recorded(c.seq, c.at, c.actor))


def _compare(state: DispatchState, snap: Snapshot) -> list[StateFinding]:
    try:
        loaded = load_state(snap.state)
    except (ValueError, TypeError, KeyError) as err:
        return [StateFinding(snap.seq, f"snapshot at seq {snap.seq} is unreadable: {err}")]
    if loaded is None or loaded == state:
        return []
    differs = [name for name in vars(state) if getattr(state, name) != getattr(loaded, name)]
    return [
        StateFinding(
            snap.seq,
            f"snapshot at seq {snap.seq} differs from the journal replayed to it "
            f"(in {', '.join(differs) or 'its contents'})",
        )
    ]


def _unregistered_service(state: DispatchState, actor: Actor, seq: int) -> str | None:
    """The transcriber is tenfour's own; a recorder must be in the centre's configuration."""
    if actor == TRANSCRIBER:
        return None
    if configured_recorder(state.config, actor) is not None:
        return None
    return f"service {actor.user!r} ({actor.role.value}) is no configured recorder at seq {seq}"


def unregistered_actor(state: DispatchState, record: JournalRecord) -> str | None:
    """Why ``record``'s actor could not have acted at that point (None if it could)."""
    actor = actor_of(record)
    if actor.role is Role.SYSTEM:
        return None
    if actor.role in SERVICES:
        return _unregistered_service(state, actor, record.seq)
    if actor.role is Role.PARTNER:
        if actor.agency in state.agencies and actor.user == f"partner:{actor.agency}":
            return None
        return f"partner {actor.user!r} of {actor.agency} acted before its agency was registered"
    user = state.users.get(actor.user)
    if user is None:
        return f"actor {actor.user!r} acted but was never registered before seq {record.seq}"
    if actor.role not in user.roles or actor.agency != user.agency:
        return (
            f"actor {actor.user!r} acted as {actor.role.value} of {actor.agency}, but was "
            f"registered as {', '.join(r.value for r in user.roles)} of {user.agency}"
        )
    return None
