"""Radio on an incident's timeline: each transmission filed under it, as it reads now.

Built from the timeline's own records (``TransmissionRecorded`` and the transcripts,
corrections and phrase decisions filed under its ``transmission:`` key), so it says what the
journal says: who keyed up ("1A12 (radio 4512)"), when, the machine's text and any person's
correction (the machine's text is kept, and shown struck), in the order the transmissions
began. Whether the audio still matches is the audio store's to say (``audio`` is filled in by
whoever holds the store: the API, the CLI).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tenfour.journal.record import JournalRecord

NOT_YET = "(not yet transcribed)"


def speaker(sources: list[dict[str, Any]]) -> str:
    """``1A12 (radio 4512)``; a radio in no unit by its label (``MPD dispatch (radio 9001)``);
    several radios joined; an unattributed radio by its id."""
    names = []
    for s in sources:
        radio = f"radio {s.get('radio')}"
        who = s.get("unit") or s.get("label")
        names.append(f"{who} ({radio})" if who else radio.capitalize())
    return ", ".join(dict.fromkeys(names)) or "Unknown radio"


def radio_items(decoded: Sequence[tuple[JournalRecord, dict[str, Any]]]) -> list[dict[str, Any]]:
    """The transmissions among ``decoded``, in the order they began."""
    items: dict[str, dict[str, Any]] = {}
    for record, p in decoded:
        if record.type == "TransmissionRecorded":
            items[p["transmission"]] = _item(record, p)
            continue
        item = items.get(p.get("transmission", ""))
        if item is None:
            continue
        if record.type == "TranscriptAdded":
            item["transcripts"].append(
                {"seq": record.seq, "at": record.at, "text": p["text"], "model": p["model"]}
                | {"model_version": p["model_version"], "engine": p["engine"]}
            )
        elif record.type == "TranscriptCorrected":
            who = {"user": record.actor_user, "role": record.actor_role}
            item["corrections"].append(
                {"seq": record.seq, "at": record.at, "text": p["text"], "reason": p["reason"]}
                | {"by": who}
            )
        elif record.type.startswith("RadioPhrase"):
            item["phrases"].append({"seq": record.seq, "type": record.type, **p})
    out = sorted(items.values(), key=lambda i: (i["started_at"], i["seq"]))
    for item in out:
        _settle(item)
    return out


def _item(record: JournalRecord, p: dict[str, Any]) -> dict[str, Any]:
    return {
        "transmission": p["transmission"],
        "seq": record.seq,
        "started_at": p["started_at"],
        "ended_at": p["ended_at"],
        "duration_s": p["duration_s"],
        "channel": p.get("channel"),
        "talkgroup": p["talkgroup"],
        "agency": p.get("agency"),
        "emergency": p.get("emergency", False),
        "speaker": speaker(p.get("sources", [])),
        "sources": p.get("sources", []),
        "audio_sha256": p["audio_sha256"],
        "audio_format": p["audio_format"],
        "audio": None,  # verified | altered | missing, where the audio store is at hand
        "transcripts": [],
        "corrections": [],
        "phrases": [],
    }


def _settle(item: dict[str, Any]) -> None:
    machine = item["transcripts"][-1]["text"] if item["transcripts"] else None
    corrected = item["corrections"][-1]["text"] if item["corrections"] else None
    item["machine_text"] = machine
    item["text"] = corrected if corrected is not None else machine
    item["struck"] = machine if corrected is not None else None
    item["line"] = f"{item['speaker']}: {item['text'] or NOT_YET}"


def transmission_sentence(item: dict[str, Any]) -> str:
    """What a ``TransmissionRecorded`` entry says on the timeline."""
    where = (
        f" on {item['channel']}" if item.get("channel") else f" on talkgroup {item['talkgroup']}"
    )
    return f"{item['line']} [{item['duration_s']:.1f} s{where}]"


AUDIO_WORDS = {"verified": "audio verified", "altered": "AUDIO ALTERED", "missing": "AUDIO MISSING"}


def mark_audio(timeline: dict[str, Any], status_of: Any) -> None:
    """Fill in each transmission's ``audio`` status (``status_of(sha256) -> str``), and say an
    altered or missing one in its entry's sentence."""
    by_seq = {}
    for item in timeline.get("radio", []):
        item["audio"] = status_of(item["audio_sha256"])
        by_seq[item["seq"]] = item
    for entry in timeline.get("entries", []):
        item = by_seq.get(entry["seq"])
        if item is not None and item["audio"] != "verified":
            entry["sentence"] += f" - {AUDIO_WORDS.get(item['audio'], item['audio'])}"
