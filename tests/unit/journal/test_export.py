"""Export to JSON lines, and re-check the export offline."""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tenfour.journal.export import export_jsonl, verify_jsonl
from tenfour.journal.memory import MemoryJournal
from tenfour.journal.signing import sign_checkpoint
from tenfour.journal.store import Journal
from tests.journal_support import make_records

KEY = Ed25519PrivateKey.generate()


@pytest.fixture
def journal() -> Iterator[Journal]:
    records = make_records(20)
    with MemoryJournal() as opened:  # held to the SQL backends by tests/contract
        opened.append(records)
        for seq in (5, 15):
            opened.add_checkpoint(sign_checkpoint(KEY, seq, records[seq - 1].hash, "t"))
        yield opened


def export_lines(journal: Journal, after_seq: int = 0) -> list[str]:
    out = io.StringIO()
    export_jsonl(journal, out, after_seq)
    return out.getvalue().splitlines()


def edit(lines: list[str], index: int, **changes: object) -> list[str]:
    obj = json.loads(lines[index])
    obj.update(changes)
    return [*lines[:index], json.dumps(obj), *lines[index + 1 :]]


def test_the_layout_is_header_checkpoints_events(journal: Journal) -> None:
    lines = [json.loads(line) for line in export_lines(journal)]
    assert [obj["kind"] for obj in lines[:4]] == ["header", "checkpoint", "checkpoint", "event"]
    assert len(lines) == 1 + 2 + 20
    event = lines[3]
    assert event["payload"] == {"incident": "I-1", "unit": "E21", "note": "rue d'Éte"}
    assert event["payload_text"] == '{"incident":"I-1","note":"rue d\'Éte","unit":"E21"}'


def test_an_export_verifies_offline(journal: Journal) -> None:
    report = verify_jsonl(export_lines(journal), KEY.public_key())
    assert report.ok, report.reason
    assert (report.events, report.checkpoints_checked, report.head_seq) == (20, 2, 20)
    assert report.head_hash == journal.head()[1]


def test_another_program_recomputes_the_hashes(journal: Journal) -> None:
    prev = "0" * 64
    for line in export_lines(journal)[3:]:
        event = json.loads(line)
        hashed = {k: event[k] for k in ("seq", "at", "actor_user", "actor_role", "actor_agency",
                                        "command_id", "command_digest", "type", "version")}  # fmt: skip
        hashed["payload"] = event["payload_text"]
        body = json.dumps(hashed, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        assert event["prev_hash"] == prev
        assert hashlib.sha256((prev + body).encode()).hexdigest() == event["hash"]
        prev = event["hash"]


def test_a_partial_export_verifies_from_its_first_event(journal: Journal) -> None:
    lines = export_lines(journal, after_seq=8)
    assert len(lines) == 1 + 1 + 12
    report = verify_jsonl(lines, KEY.public_key())
    assert report.ok, report.reason
    assert (report.events, report.checkpoints_checked) == (12, 1)


def test_a_file_round_trip(journal: Journal, tmp_path: Path) -> None:
    path = tmp_path / "export.jsonl"
    with path.open("w", encoding="utf-8") as out:
        assert export_jsonl(journal, out) == 20
    with path.open(encoding="utf-8") as lines:
        assert verify_jsonl(lines, KEY.public_key()).ok


@pytest.mark.parametrize(
    ("tamper", "seq", "reason"),
    [
        (lambda lines: edit(lines, 8, actor_user="mallory"), 6, "hash mismatch"),
        (lambda lines: edit(lines, 8, payload_text='{"x":1}'), 6, "payload does not match"),
        (lambda lines: edit(lines, 8, payload={"x": 1}), 6, "payload does not match"),
        (lambda lines: edit(lines, 8, payload=float("nan")), 6, "payload does not match"),
        (lambda lines: edit(lines, 8, payload_text="{bad"), 6, "payload does not match"),
        (lambda lines: edit(lines, 8, seq="6"), 6, "not int"),
        (lambda lines: [*lines[:8], *lines[9:]], 6, "gap"),
        (lambda lines: [*lines[:8], lines[9], lines[8], *lines[10:]], 6, "reorder"),
        (lambda lines: [*lines[:8], "{not json", *lines[9:]], 6, "not JSON"),
        (lambda lines: [*lines[:8], lines[1], *lines[8:]], 6, "after the events began"),
        (lambda lines: lines[:12], 10, "tail deleted"),
        (lambda lines: edit(lines, 2, signature="00" * 64), 15, "forged checkpoint"),
    ],
)
def test_a_tampered_export_is_caught(
    journal: Journal, tamper: object, seq: int, reason: str
) -> None:
    lines = tamper(export_lines(journal))  # type: ignore[operator]
    report = verify_jsonl(lines, KEY.public_key())
    assert not report.ok
    assert report.first_bad_seq == seq
    assert report.reason is not None
    assert reason in report.reason


@pytest.mark.parametrize(
    "lines",
    [
        [],
        ["{}"],
        ['{"kind":"header","format":"other"}'],
        ["[1, 2]"],
        ['{"kind":"header","format":"tenfour-journal-export","after_seq":-1}'],
    ],
)
def test_something_else_is_not_an_export(lines: list[str]) -> None:
    report = verify_jsonl(lines)
    assert not report.ok
    assert report.first_bad_seq is None
    assert report.reason is not None


def test_a_partial_export_without_prev_hash_is_refused(journal: Journal) -> None:
    lines = export_lines(journal, after_seq=8)
    obj = json.loads(lines[2])
    del obj["prev_hash"]
    report = verify_jsonl([*lines[:2], json.dumps(obj), *lines[3:]])
    assert not report.ok
    assert report.reason is not None
    assert "'prev_hash' missing" in report.reason
