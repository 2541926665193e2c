"""The synthetic trunk-recorder writes what the real one does: its folders, file names, JSON
fields, and an M4A that FFmpeg reads back at the call's length."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from tenfour.radio.decode import probe
from tenfour.sim.recorder import Call, Line, write_call

FIELDS = {
    "freq", "start_time", "stop_time", "emergency", "priority", "mode", "duplex", "encrypted",
    "call_length", "talkgroup", "talkgroup_tag", "talkgroup_description", "talkgroup_group_tag",
    "talkgroup_group", "audio_type", "short_name", "freqList", "srcList",
}  # fmt: skip


def test_a_call_in_trunk_recorders_layout(tmp_path: Path) -> None:
    start = datetime(2026, 11, 30, 14, 5, 7, tzinfo=UTC)
    lines = (Line(9001, "All units stand by"), Line(4512, "Adam 12 copy"))
    call = Call(1001, lines, start, short_name="metro", number=42, emergency=True)
    written = write_call(tmp_path, call)
    stem = f"1001-{int(start.timestamp())}_851012500-call_42"
    assert written.audio == tmp_path / "metro" / "2026" / "11" / "30" / f"{stem}.m4a"
    assert written.meta == written.audio.with_suffix(".json")
    assert written.wav.exists() and not list(tmp_path.rglob("*.part"))
    meta = json.loads(written.meta.read_text())
    assert set(meta) == FIELDS
    assert (meta["talkgroup"], meta["emergency"], meta["short_name"]) == (1001, 1, "metro")
    assert [s["src"] for s in meta["srcList"]] == [9001, 4512]
    first, second = meta["srcList"]
    assert first["pos"] == 0.0 and second["pos"] > 1.0  # the second talker keys up later
    assert set(first) == {"src", "time", "pos", "emergency", "signal_system", "tag"}
    found = probe(written.audio)
    assert found.codec == "aac"
    assert abs(found.duration_s - meta["call_length"]) <= 0.6
    assert meta["stop_time"] - meta["start_time"] >= meta["call_length"]
    assert call.script == "All units stand by Adam 12 copy"
