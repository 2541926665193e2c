"""The hash chain: canonical JSON, sealing, and finding the first break."""

from __future__ import annotations

import hashlib
import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tenfour.journal.chain import (
    GENESIS_HASH,
    BreakReason,
    canonical_json,
    hash_of,
    record_hash,
    seal,
    verify_chain,
)
from tenfour.journal.record import JournalRecord
from tests.journal_support import make_records


def test_canonical_json_is_sorted_compact_and_keeps_unicode() -> None:
    assert canonical_json({"b": 1, "a": [1, "é"], "c": {"z": None, "y": True}}) == (
        '{"a":[1,"é"],"b":1,"c":{"y":true,"z":null}}'
    )


def test_canonical_json_refuses_nan() -> None:
    with pytest.raises(ValueError, match="JSON compliant"):
        canonical_json({"x": math.nan})


def test_the_hash_follows_the_documented_recipe() -> None:
    record = make_records(1)[0]
    fields = {
        name: getattr(record, name)
        for name in ("seq", "at", "actor_user", "actor_role", "actor_agency", "command_id",
                     "command_digest", "type", "version", "payload")
    }  # fmt: skip
    body = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    expected = hashlib.sha256((GENESIS_HASH + body).encode("utf-8")).hexdigest()
    assert record.prev_hash == GENESIS_HASH
    assert record.hash == expected == hash_of(record)


@given(
    texts=st.lists(
        st.text(alphabet=st.characters(exclude_categories=["Cs"])), min_size=8, max_size=8
    ),
    numbers=st.lists(st.integers(min_value=0, max_value=2**63), min_size=2, max_size=2),
)
def test_the_fast_hash_equals_hashing_the_canonical_json(
    texts: list[str], numbers: list[int]
) -> None:
    at, user, role, agency, command_id, digest, type_, payload = texts
    seq, version = numbers
    fields = {"seq": seq, "at": at, "actor_user": user, "actor_role": role,
              "actor_agency": agency, "command_id": command_id, "command_digest": digest,
              "type": type_, "version": version, "payload": payload}  # fmt: skip
    expected = hashlib.sha256((GENESIS_HASH + canonical_json(fields)).encode()).hexdigest()
    assert record_hash(GENESIS_HASH, seq, at, user, role, agency, command_id, digest, type_,
                       version, payload) == expected  # fmt: skip


def test_seal_is_deterministic() -> None:
    assert make_records(3) == make_records(3)


@pytest.mark.parametrize(
    "field",
    ["seq", "at", "actor_user", "actor_role", "actor_agency", "command_id", "command_digest",
     "type", "version", "payload", "prev_hash"],
)  # fmt: skip
def test_every_field_is_covered_by_the_hash(field: str) -> None:
    record = make_records(1)[0]
    value = getattr(record, field)
    changed = record._replace(**{field: value + 1 if isinstance(value, int) else value + "x"})
    assert hash_of(changed) != record.hash


def test_record_hash_and_seal_agree() -> None:
    record = make_records(1)[0]
    assert record_hash(*_content(record)) == record.hash


def test_an_intact_chain_verifies() -> None:
    assert verify_chain(make_records(50)) is None
    assert verify_chain([]) is None


def test_a_chain_can_start_midway() -> None:
    records = make_records(10)
    assert verify_chain(records[4:], start_prev_hash=records[3].hash, start_seq=5) is None
    broken = verify_chain(records[4:], start_seq=5)
    assert broken is not None
    assert broken.reason is BreakReason.PREV_HASH_MISMATCH


def test_an_edit_is_a_hash_mismatch() -> None:
    records = make_records(10)
    records[6] = records[6]._replace(payload='{"x":1}')
    assert _break(records) == (7, BreakReason.HASH_MISMATCH)


def test_a_resealed_edit_breaks_the_next_link() -> None:
    records = make_records(10)
    edited = records[6]._replace(payload='{"x":1}')
    records[6] = seal(edited.prev_hash, *_content(edited)[1:])
    assert _break(records) == (8, BreakReason.PREV_HASH_MISMATCH)


def test_a_missing_record_is_a_gap() -> None:
    records = make_records(10)
    del records[4]
    assert _break(records) == (5, BreakReason.GAP)


def test_a_missing_first_record_is_a_gap() -> None:
    assert _break(make_records(3)[1:]) == (1, BreakReason.GAP)


def test_swapped_records_are_a_reorder() -> None:
    records = make_records(10)
    records[3], records[4] = records[4], records[3]
    assert _break(records) == (4, BreakReason.REORDER)


def test_a_repeated_record_is_a_reorder() -> None:
    records = make_records(5)
    assert _break([*records, records[2]]) == (3, BreakReason.REORDER)


def test_verify_chain_streams() -> None:
    def generate() -> object:
        yield from make_records(5)

    assert verify_chain(generate()) is None  # type: ignore[arg-type]


def _break(records: list[JournalRecord]) -> tuple[int, BreakReason]:
    found = verify_chain(records)
    assert found is not None
    return found.seq, found.reason


def _content(r: JournalRecord) -> tuple[str, int, str, str, str, str, str, str, str, int, str]:
    return (r.prev_hash, r.seq, r.at, r.actor_user, r.actor_role, r.actor_agency, r.command_id,
            r.command_digest, r.type, r.version, r.payload)  # fmt: skip
