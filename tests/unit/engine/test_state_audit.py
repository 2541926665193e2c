"""The state audit: snapshots against the replayed journal, and actors registered before acting."""

from __future__ import annotations

from tenfour.domain import events as e
from tenfour.domain.actors import SYSTEM, Actor, Role
from tenfour.domain.state import DispatchState
from tenfour.engine.payload import payload_json
from tenfour.engine.snapshot import dump_state, pack
from tenfour.engine.state_audit import audit_state
from tenfour.journal.chain import GENESIS_HASH, seal
from tenfour.journal.memory import MemoryJournal
from tenfour.journal.record import JournalRecord
from tenfour.journal.sealing import seal_snapshot

AT = "2026-11-30T09:00:00.000Z"
ADMIN = Actor("ann", Role.ADMIN, "MPD")
GHOST = Actor("ghost", Role.DISPATCHER, "MPD")


def chain(*steps: tuple[Actor, e.Event]) -> list[JournalRecord]:
    records, prev = [], GENESIS_HASH
    for seq, (actor, event) in enumerate(steps, start=1):
        rec = seal(prev, seq, AT, actor.user, actor.role.value, actor.agency, f"c{seq}",
                   "d" * 64, event.TYPE, event.VERSION, payload_json(event))  # fmt: skip
        records.append(rec)
        prev = rec.hash
    return records


AGENCY = e.AgencyRegistered(agency="MPD", name="Metro", kind="police", directive_roles=())
ANN = e.UserRegistered(user="ann", agency="MPD", roles=("admin",))


def journal_of(records: list[JournalRecord]) -> MemoryJournal:
    journal = MemoryJournal()
    journal.append(records)
    return journal


def test_registered_actors_and_the_system_pass() -> None:
    records = chain(
        (SYSTEM, AGENCY), (SYSTEM, ANN), (ADMIN, e.UserDeactivated(user="ann", reason="x"))
    )
    report = audit_state(journal_of(records))
    assert report.ok and report.events == 3


def test_an_actor_never_registered_is_reported_at_its_first_act() -> None:
    records = chain((SYSTEM, AGENCY), (GHOST, ANN))
    report = audit_state(journal_of(records))
    assert [(f.seq, "never registered" in f.what) for f in report.findings] == [(2, True)]


def test_an_actor_acting_in_a_role_it_was_not_given_is_reported() -> None:
    records = chain((SYSTEM, AGENCY), (SYSTEM, ANN), (Actor("ann", Role.COMMANDER, "MPD"), ANN))
    report = audit_state(journal_of(records))
    assert report.findings[0].seq == 3 and "registered as admin of MPD" in report.findings[0].what


def test_a_snapshot_that_differs_from_the_replay_is_reported_even_with_a_good_digest() -> None:
    records = chain((SYSTEM, AGENCY), (SYSTEM, ANN))
    journal = journal_of(records)
    forged = DispatchState()  # an empty state, honestly digested (no key: digest only)
    journal.save_snapshot(seal_snapshot(2, records[1].hash, pack(dump_state(forged)), None))
    report = audit_state(journal)
    assert report.snapshots_checked == 1
    assert [f.seq for f in report.findings] == [2]
    assert "differs from the journal replayed to it (in agencies, users" in report.findings[0].what


def test_a_record_that_cannot_be_replayed_is_a_finding_not_a_crash() -> None:
    records = chain((SYSTEM, AGENCY), (ADMIN, e.UserDeactivated(user="nobody", reason="x")))
    report = audit_state(journal_of(records))
    assert [f.seq for f in report.findings] == [2, 2]
    assert "cannot be replayed" in report.findings[-1].what


def test_seals_only_still_checks_every_actor_but_compares_no_snapshot() -> None:
    records = chain(
        (SYSTEM, AGENCY), (SYSTEM, ANN), (GHOST, e.UserDeactivated(user="ann", reason="x"))
    )
    journal = journal_of(records)
    journal.save_snapshot(
        seal_snapshot(3, records[2].hash, pack(dump_state(DispatchState())), None)
    )
    report = audit_state(journal, replay=False)
    assert report.snapshots_checked == 0 and report.events == 3
    assert [f.seq for f in report.findings] == [3] and "ghost" in report.findings[0].what
