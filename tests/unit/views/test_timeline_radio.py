"""Radio on an incident's timeline, from its records: who keyed up, what was said, the machine's
text kept under a correction, in the order the transmissions began."""

from __future__ import annotations

from typing import Any

from tenfour.journal.record import JournalRecord
from tenfour.views.timeline_radio import NOT_YET, mark_audio, radio_items, speaker


def rec(seq: int, type_: str, user: str = "rec:rec1", role: str = "recorder") -> JournalRecord:
    return JournalRecord(seq, f"2026-11-25T14:00:{seq:02d}.000Z", user, role, "SYSTEM", "c", "d",
                         type_, 1, "{}", "p", f"h{seq}")  # fmt: skip


def recorded(ident: str, started: str, *sources: dict[str, Any]) -> dict[str, Any]:
    return {
        "transmission": ident, "started_at": started, "ended_at": started, "duration_s": 2.0,
        "channel": "mpd-dispatch", "talkgroup": 1001, "agency": "MPD", "emergency": False,
        "sources": list(sources), "audio_sha256": ident * 8, "audio_format": "m4a",
    }  # fmt: skip


def test_transmissions_read_in_the_order_they_began_with_corrections_over_machine_text() -> None:
    late = recorded("T2", "2026-11-25T13:59:00.000Z", {"radio": 4513, "unit": "1A13"})
    early = recorded("T1", "2026-11-25T13:58:00.000Z", {"radio": 4512, "unit": "1A12"})
    said = {"transmission": "T2", "text": "en root", "model": "m", "model_version": "1"}
    decoded = [
        (rec(1, "TransmissionRecorded"), late),
        (rec(2, "TransmissionRecorded"), early),
        (rec(3, "TranscriptAdded", "svc:transcriber"), said | {"engine": "e"}),
        (rec(4, "TranscriptCorrected", "disp1", "dispatcher"),
         {"transmission": "T2", "text": "en route", "reason": "heard it"}),
    ]  # fmt: skip
    items = radio_items(decoded)
    assert [i["transmission"] for i in items] == ["T1", "T2"]
    assert items[0]["line"] == f"1A12 (radio 4512): {NOT_YET}"
    assert (items[1]["line"], items[1]["struck"]) == ("1A13 (radio 4513): en route", "en root")
    assert items[1]["corrections"][0]["by"] == {"user": "disp1", "role": "dispatcher"}
    timeline = {"radio": items, "entries": [{"seq": 1, "sentence": "recorded T2"}]}
    mark_audio(timeline, lambda sha: "altered" if sha.startswith("T2") else "verified")
    assert timeline["entries"][0]["sentence"] == "recorded T2 - AUDIO ALTERED"


def test_a_radio_in_no_unit_is_named_by_its_id() -> None:
    assert speaker([{"radio": 999, "unit": None}]) == "Radio 999"
    assert speaker([]) == "Unknown radio"
