"""Export the journal as JSON lines, and re-check such an export offline.

Layout (one canonical-JSON object per line)::

    {"kind": "header", "format": "tenfour-journal-export", "format_version": 1, "after_seq": N}
    {"kind": "checkpoint", "seq", "hash", "signed_at", "key_id", "signature"}   # zero or more
    {"kind": "event", "seq", "at", "actor_user", "actor_role", "actor_agency", "command_id",
     "command_digest", "type", "version", "payload", "payload_text", "prev_hash", "hash"}

``payload`` is the event's payload as a JSON object, for reading; ``payload_text`` is the exact text
that was hashed (see ``tenfour.journal.chain`` for the rule), for recomputing the hash. The checker
refuses a line whose ``payload`` does not say the same as its ``payload_text``. An export that
starts after seq 0 is checked from its first event's ``prev_hash``, which it cannot vouch for.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from tenfour.journal.audit import (
    AuditReport,
    ProgressCallback,
    UnreadableRecordError,
    verify_records,
)
from tenfour.journal.chain import GENESIS_HASH, canonical_json
from tenfour.journal.record import Checkpoint, JournalRecord
from tenfour.journal.store import Journal

FORMAT = "tenfour-journal-export"
FORMAT_VERSION = 1
_RECORD_FIELDS = JournalRecord._fields
_CHECKPOINT_FIELDS = Checkpoint.__slots__
_INT_FIELDS = frozenset({"seq", "version"})

Line = tuple[int, dict[str, Any]]


def export_jsonl(journal: Journal, out: TextIO, after_seq: int = 0) -> int:
    """Write the header, the checkpoints after ``after_seq``, then the events; return the count."""
    header = {"kind": "header", "format": FORMAT, "format_version": FORMAT_VERSION}
    out.write(canonical_json({**header, "after_seq": after_seq}) + "\n")
    for cp in journal.checkpoints():
        if cp.seq > after_seq:
            out.write(canonical_json({"kind": "checkpoint", **_fields(cp, _CHECKPOINT_FIELDS)}))
            out.write("\n")
    count = 0
    for record in journal.read(after_seq):
        out.write(canonical_json(_event_object(record)) + "\n")
        count += 1
    return count


def verify_jsonl(
    lines: Iterable[str],
    public_key: Ed25519PublicKey | None = None,
    *,
    on_progress: ProgressCallback | None = None,
) -> AuditReport:
    """Re-check an export: the chain, the checkpoints (signatures if a key is given), the lines."""
    objects = _objects(lines)
    try:
        after_seq = _after_seq(next(objects, None))
        checkpoints, first = _preamble(objects)
    except UnreadableRecordError as exc:
        return _unreadable(str(exc))
    start_prev = GENESIS_HASH if after_seq == 0 or first is None else str(first[1].get("prev_hash"))
    return verify_records(
        _records(first, objects),
        checkpoints,
        public_key,
        start_seq=after_seq + 1,
        start_prev_hash=start_prev,
        on_progress=on_progress,
    )


def _fields(value: object, names: Iterable[str]) -> dict[str, Any]:
    return {name: getattr(value, name) for name in names}


def _event_object(record: JournalRecord) -> dict[str, Any]:
    event = {"kind": "event", **_fields(record, _RECORD_FIELDS)}
    event["payload_text"] = record.payload
    event["payload"] = json.loads(record.payload)
    return event


def _objects(lines: Iterable[str]) -> Iterator[Line]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise UnreadableRecordError(f"line {number}: not JSON ({exc.msg})") from None
        if not isinstance(obj, dict):
            raise UnreadableRecordError(f"line {number}: not a JSON object")
        yield number, obj


def _after_seq(line: Line | None) -> int:
    if line is None or line[1].get("kind") != "header" or line[1].get("format") != FORMAT:
        raise UnreadableRecordError(f"line 1: not a {FORMAT} header")
    after = line[1].get("after_seq")
    if not isinstance(after, int) or after < 0:
        raise UnreadableRecordError("line 1: header has no valid after_seq")
    return after


def _preamble(objects: Iterator[Line]) -> tuple[list[Checkpoint], Line | None]:
    checkpoints: list[Checkpoint] = []
    for number, obj in objects:
        if obj.get("kind") != "checkpoint":
            return checkpoints, (number, obj)
        fields = _take(number, obj, _CHECKPOINT_FIELDS)
        _check_types(number, fields)
        checkpoints.append(Checkpoint(**fields))
    return checkpoints, None


def _records(first: Line | None, objects: Iterator[Line]) -> Iterator[JournalRecord]:
    if first is None:
        return
    yield _record(*first)
    for number, obj in objects:
        yield _record(number, obj)


def _record(number: int, obj: dict[str, Any]) -> JournalRecord:
    kind = obj.get("kind")
    if kind != "event":
        raise UnreadableRecordError(f"line {number}: {kind!r} line after the events began")
    fields = _take(number, obj, (*_RECORD_FIELDS, "payload_text"))
    text = fields.pop("payload_text")
    shown = _canonical_or_none(fields["payload"])
    if not isinstance(text, str) or shown is None or shown != _canonical_or_none(_parse(text)):
        raise UnreadableRecordError(
            f"line {number}: payload does not match the hashed payload_text"
        )
    fields["payload"] = text
    _check_types(number, fields)
    return JournalRecord(**fields)


def _parse(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return float("nan")  # which _canonical_or_none refuses


def _canonical_or_none(obj: Any) -> str | None:
    try:
        return canonical_json(obj)
    except (ValueError, RecursionError):
        return None


def _check_types(number: int, fields: dict[str, Any]) -> None:
    for name, value in fields.items():
        wanted = int if name in _INT_FIELDS else str
        if type(value) is not wanted:
            raise UnreadableRecordError(f"line {number}: field {name!r} is not {wanted.__name__}")


def _take(number: int, obj: dict[str, Any], names: Iterable[str]) -> dict[str, Any]:
    try:
        return {name: obj[name] for name in names}
    except KeyError as exc:
        raise UnreadableRecordError(f"line {number}: field {exc.args[0]!r} missing") from None


def _unreadable(reason: str) -> AuditReport:
    return AuditReport(
        ok=False,
        events=0,
        head_seq=0,
        head_hash=GENESIS_HASH,
        first_bad_seq=None,
        reason=reason,
        checkpoints_checked=0,
        last_verified_checkpoint_seq=None,
    )
