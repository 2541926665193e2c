"""An incident's verified timeline, built from the journal itself (never from live state).

Every record filed under the incident by ``IncidentIndex`` (and under the directives, bulletins
and hazards it cites) becomes an entry: who (user, role, agency), when (to the millisecond),
journal seq and hash, a plain sentence, links to what it cites and what cites it, and the exact
record fields, so anyone can recompute its hash or find it in ``tenfour journal export``.

What "verified" means is stated in the response: (1) each entry's hash recomputes from its own
content and prev_hash; (2) on the server, it equals the hash the engine wrote (so a row rewritten
later with a fresh hash is caught); (3) the chain from seq 1 verifies through the entry (done
incrementally by ``ChainAuditor``); (4) the entry lies at or before a signed checkpoint whose
hash matched the chain - with the Ed25519 signature checked when the key is configured.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from tenfour.domain.events import Event, decode
from tenfour.domain.filing import NO_KEYS, keys_of
from tenfour.journal.record import JournalRecord, utc_timestamp
from tenfour.journal.store import Journal
from tenfour.views import timeline_links as links
from tenfour.views.audit_view import ChainAuditor, ChainStatus
from tenfour.views.incident_index import IncidentIndex, JournalIndex, read_indexed
from tenfour.views.timeline_radio import radio_items, transmission_sentence
from tenfour.views.timeline_sentences import kind_of, sentence
from tenfour.views.timeline_verify import verification

Visible = Callable[[Event], bool]
RECORD_FIELDS = JournalRecord._fields


def incident_timeline(
    journal: Journal,
    index: IncidentIndex | JournalIndex,
    auditor: ChainAuditor,
    incident: str,
    *,
    visible: Visible | None = None,
) -> dict[str, Any] | None:
    """The timeline of ``incident`` from the live index (None if no record names it)."""
    index.build(journal)  # records a batch published out of turn left for the journal
    if not index.known(incident):
        return None
    entries = index.entries(incident)
    status = auditor.catch_up(journal)
    records = read_indexed(journal, entries)
    written = {x.seq: x.hash for x in entries}
    return build(incident, records, status, written=written, visible=visible, mode="server")


def timeline_from_journal(
    journal: Journal,
    incident: str,
    public_key: Ed25519PublicKey | None,
    *,
    on_progress: Callable[[int], None] | None = None,
) -> dict[str, Any] | None:
    """The timeline read straight from the journal in one pass that also verifies the chain."""
    index, auditor = IncidentIndex(), ChainAuditor(public_key)
    kept: dict[int, JournalRecord] = {}
    checkpoints = journal.checkpoints()
    auditor.use_keys(journal.keys())
    auditor.feed(_filing(journal.read(), index, kept, incident, on_progress), checkpoints)
    if not index.known(incident):
        return None
    records = [kept[x.seq] for x in index.entries(incident) if x.seq in kept]
    return build(incident, records, auditor.status(), written=None, visible=None, mode="full scan")


def _filing(
    records: Iterable[JournalRecord],
    index: IncidentIndex,
    kept: dict[int, JournalRecord],
    incident: str,
    on_progress: Callable[[int], None] | None,
) -> Iterator[JournalRecord]:
    for count, record in enumerate(records, start=1):
        keys = NO_KEYS
        if incident in record.payload or record.type in _CITABLE:
            keys = keys_of(record.type, json.loads(record.payload).get)
            if keys.own:
                kept[record.seq] = record
        index.add(record.seq, record.command_id, record.hash, keys)
        if on_progress is not None and count % 10_000 == 0:
            on_progress(record.seq)
        yield record


_CITABLE = frozenset(
    {
        "DirectiveIssued",
        "DirectiveLifted",
        "DirectiveAcknowledged",
        "BulletinIssued",
        "BulletinCancelled",
        "HazardAdded",
        "HazardRemoved",
        "TransmissionRecorded",
        "TranscriptAdded",
        "TranscriptCorrected",
        "RadioPhraseProposed",
        "RadioPhraseConfirmed",
        "RadioPhraseDismissed",
    }
)


def build(
    incident: str,
    records: Sequence[JournalRecord],
    status: ChainStatus,
    *,
    written: dict[int, str] | None,
    visible: Visible | None,
    mode: str,
) -> dict[str, Any]:
    """Entries, traceability and verification of an incident's records."""
    decoded = [(r, json.loads(r.payload)) for r in records]
    if visible is not None:
        decoded = [(r, p) for r, p in decoded if visible(decode(r.type, p))]
    nodes = [links.Node(r.seq, r.type, p, r.at, _actor(r)) for r, p in decoded]
    cites, cited_by = links.link(nodes)
    found = {r.seq for r, _ in decoded}
    missing = sorted(set(written or {}) - {r.seq for r in records})
    checks = verification(status, [r for r, _ in decoded], written, missing, mode)
    radio = radio_items(decoded)
    entries = [
        entry(r, p, cites[r.seq], cited_by[r.seq], checks["per_entry"][r.seq]) for r, p in decoded
    ]
    said = {item["seq"]: item for item in radio}
    for e in entries:  # a transmission stands where it began among the commands
        item = said.get(e["seq"])
        e["happened_at"] = item["started_at"] if item else e["at"]
        if item:
            e["sentence"] = f"{e['actor']['user']} recorded " + transmission_sentence(item)
    return {
        "incident": incident,
        "generated_at": utc_timestamp(),
        "summary": summary(incident, decoded),
        "entries": entries,
        "radio": radio,
        "directives": links.directives(nodes, cited_by),
        "assignments": links.assignments(nodes, cites),
        "verification": {k: v for k, v in checks.items() if k != "per_entry"},
        "entry_count": len(found),
    }


def entry(
    record: JournalRecord,
    payload: dict[str, Any],
    cites: list[links.Link],
    cited_by: list[links.Link],
    check: dict[str, Any],
) -> dict[str, Any]:
    """One timeline entry as JSON."""
    r = record
    return {
        "seq": r.seq,
        "at": r.at,
        "type": r.type,
        "kind": kind_of(r.type),
        "actor": _actor(r),
        "sentence": sentence(r.type, payload, r.actor_user, r.actor_role, r.actor_agency),
        "payload": payload,
        "hash": r.hash,
        "cites": [c.to_dict() for c in cites],
        "cited_by": [c.to_dict() for c in cited_by],
        "check": check,
        "record": {name: getattr(r, name) for name in RECORD_FIELDS},
    }


def _actor(r: JournalRecord) -> dict[str, str]:
    return {"user": r.actor_user, "role": r.actor_role, "agency": r.actor_agency}


def summary(
    incident: str, decoded: Sequence[tuple[JournalRecord, dict[str, Any]]]
) -> dict[str, Any]:
    """The incident as its records leave it: type, priority, place, when opened and closed."""
    out: dict[str, Any] = {"incident": incident, "status": "open"}
    for record, p in decoded:
        if p.get("incident") != incident:
            continue
        if record.type == "IncidentCreated":
            out.update(agency=p["agency"], opened_at=record.at, opened_by=record.actor_user)
        if record.type in ("IncidentCreated", "IncidentReclassified"):
            out.update(type_code=p["type_code"], priority=p["priority"])
        if record.type in ("IncidentCreated", "IncidentRelocated"):
            out.update(address=p["address"], lat=p["lat"], lon=p["lon"])
        if record.type == "IncidentClosed":
            out.update(status="closed", closed_at=record.at, disposition=p["disposition"])
    return out
