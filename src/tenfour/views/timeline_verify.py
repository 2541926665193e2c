"""The verification block of a timeline, and re-checking a timeline against a journal export.

Per entry: ``hash_recomputes`` (sha256 of prev_hash + canonical record body equals the stored
hash), ``matches_written_hash`` (server only: equals the hash the engine computed when it wrote
the record; None when the timeline was read in one pass straight from the journal),
``in_verified_chain`` (the chain verifies through this seq: from seq 1, or from the signed
checkpoint the server's start-up audit resumed from) and
``under_signed_checkpoint`` (a checkpoint at or after this seq matched the chain).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from tenfour.journal.chain import hash_of
from tenfour.journal.export import verify_jsonl
from tenfour.journal.record import JournalRecord
from tenfour.views.audit_view import ChainStatus

HASH_RULE = (
    "hash = sha256_hex(utf8(prev_hash + canonical_json({actor_agency, actor_role, actor_user, at, "
    "command_digest, command_id, payload (the JSON text), seq, type, version}))); canonical JSON "
    "is sorted keys, separators (',', ':'), no ASCII escaping (RFC 8785 for this data)"
)


def entry_check(
    record: JournalRecord, status: ChainStatus, written: dict[int, str] | None
) -> dict[str, Any]:
    """The four checks of one entry."""
    in_chain = record.seq <= status.verified_seq
    cp = status.checkpoint
    return {
        "hash_recomputes": hash_of(record) == record.hash,
        "matches_written_hash": None if written is None else written.get(record.seq) == record.hash,
        "in_verified_chain": in_chain,
        "under_signed_checkpoint": in_chain and cp is not None and record.seq <= cp.seq,
    }


def entry_ok(check: dict[str, Any]) -> bool:
    """Whether an entry passed every check that applies to it."""
    return bool(
        check["hash_recomputes"]
        and check["matches_written_hash"] is not False
        and check["in_verified_chain"]
    )


def verification(
    status: ChainStatus,
    records: Sequence[JournalRecord],
    written: dict[int, str] | None,
    missing: list[int],
    mode: str,
) -> dict[str, Any]:
    """The timeline's verdict, the chain's state, and how to re-check it offline."""
    per_entry = {r.seq: entry_check(r, status, written) for r in records}
    failed = sorted(seq for seq, check in per_entry.items() if not entry_ok(check))
    covered = sum(1 for c in per_entry.values() if c["under_signed_checkpoint"])
    verified = status.ok and not failed and not missing
    return {
        "verified": verified,
        "statement": _statement(status, len(records), failed, missing, covered, written),
        "mode": mode,
        "entries_checked": len(records),
        "entries_failed": failed,
        "entries_missing": missing,
        "entries_under_signed_checkpoint": covered,
        "chain": _chain(status),
        "checkpoint": _checkpoint(status),
        "recheck": {
            "export": "tenfour journal export --db URL --out journal.jsonl",
            "verify_export": "tenfour journal verify-export journal.jsonl --key PUBLIC_KEY.pub",
            "match": "each entry's record equals the export line with the same seq",
            "hash_rule": HASH_RULE,
        },
        "per_entry": per_entry,
    }


def _chain(status: ChainStatus) -> dict[str, Any]:
    return {
        "ok": status.ok,
        "verified_from_seq": status.verified_from_seq,
        "verified_through_seq": status.verified_seq,
        "verified_through_hash": status.verified_hash,
        "first_bad_seq": status.first_bad_seq,
        "reason": status.reason,
        "checked_at": status.checked_at,
    }


def _checkpoint(status: ChainStatus) -> dict[str, Any] | None:
    cp = status.checkpoint
    if cp is None:
        return None
    return {
        "seq": cp.seq,
        "hash": cp.hash,
        "signed_at": cp.signed_at,
        "key_id": cp.key_id,
        "signature": cp.signature,
        "signature_checked": status.signatures_checked,
        "checkpoints_checked": status.checkpoints_checked,
    }


def _statement(
    status: ChainStatus,
    count: int,
    failed: list[int],
    missing: list[int],
    covered: int,
    written: dict[int, str] | None,
) -> str:
    if not status.ok:
        where = status.first_bad_seq
        return f"NOT VERIFIED: the journal's chain breaks at seq {where}: {status.reason}."
    if failed or missing:
        bad = ", ".join(str(s) for s in [*failed, *missing][:10])
        return (
            f"NOT VERIFIED: {len(failed)} entries fail their checks, {len(missing)} are missing "
            f"(seq {bad})."
        )
    against = " and match the hashes the engine wrote" if written is not None else ""
    cp = status.checkpoint
    signed = "no signed checkpoint covers them yet"
    if cp is not None:
        how = "signature checked" if status.signatures_checked else "signature NOT checked: no key"
        signed = f"{covered} of them lie at or before the signed checkpoint at seq {cp.seq} ({how})"
    return (
        f"Verified: all {count} entries recompute from their content and prev_hash{against}; the "
        f"chain verifies {_from(status)} through seq {status.verified_seq}; {signed}."
    )


def _from(status: ChainStatus) -> str:
    if status.verified_from_seq <= 1:
        return "from seq 1"
    return (
        f"from the signed checkpoint at seq {status.verified_from_seq - 1} (this server's start-up "
        "audit; `tenfour audit verify` audits from seq 1)"
    )


def recheck_against_export(timeline: dict[str, Any], lines: Iterable[str]) -> list[str]:
    """Problems found holding a timeline's entries against a journal export (empty: none)."""
    text = list(lines)
    problems = [] if verify_jsonl(text).ok else ["the export itself does not verify"]
    exported = _exported_events(text)
    for item in timeline["entries"]:
        record = JournalRecord(**item["record"])
        if hash_of(record) != record.hash:
            problems.append(f"seq {record.seq}: the entry's hash does not recompute")
        line = exported.get(record.seq)
        if line is None:
            problems.append(f"seq {record.seq}: not in the export")
        elif line["hash"] != record.hash or line["payload_text"] != record.payload:
            problems.append(f"seq {record.seq}: differs from the export")
    return problems


def _exported_events(lines: Iterable[str]) -> dict[int, dict[str, Any]]:
    out: dict[int, dict[str, Any]] = {}
    for line in lines:
        if line.strip():
            obj = json.loads(line)
            if isinstance(obj, dict) and obj.get("kind") == "event":
                out[int(obj["seq"])] = obj
    return out
