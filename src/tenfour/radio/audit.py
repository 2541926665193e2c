"""``tenfour audit verify --audio``: every recorded transmission's audio is in the store and
still has the SHA-256 the journal recorded. The journal's own chain says the SHA-256 was not
changed; this says the bytes were not."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import orjson

from tenfour.domain.events import TransmissionRecorded
from tenfour.journal.record import JournalRecord
from tenfour.radio.store import AudioStore

MISSING = "missing"
ALTERED = "altered"
VERIFIED = "verified"


@dataclass(frozen=True, slots=True)
class AudioFinding:
    """One transmission whose audio does not verify."""

    seq: int
    transmission: str
    sha256: str
    problem: str  # missing | altered

    def line(self) -> str:
        """The finding as the operator reads it."""
        what = "is MISSING from the store" if self.problem == MISSING else "was ALTERED"
        return f"  seq {self.seq}: transmission {self.transmission}: audio {self.sha256} {what}"


@dataclass
class AudioReport:
    """How many transmissions were checked, and what failed."""

    checked: int = 0
    findings: list[AudioFinding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether every transmission's audio verified."""
        return not self.findings

    def summary(self) -> str:
        """A line, or the findings one per line."""
        if self.ok:
            return f"audio intact: {self.checked} transmissions' audio present and matching"
        head = f"audio ALTERED: {len(self.findings)} of {self.checked} transmissions fail"
        return "\n".join([head, *(f.line() for f in self.findings)])


def audio_status(store: AudioStore, sha256: str) -> str:
    """``verified``, ``altered`` or ``missing``."""
    found = store.digest(sha256)
    if found is None:
        return MISSING
    return VERIFIED if found == sha256 else ALTERED


def verify_audio(
    records: Iterable[JournalRecord],
    store: AudioStore,
    on_progress: Callable[[int], None] | None = None,
) -> AudioReport:
    """Check the audio of every ``TransmissionRecorded`` among ``records``."""
    report = AudioReport()
    for record in records:
        if on_progress is not None:
            on_progress(record.seq)
        if record.type != TransmissionRecorded.TYPE:
            continue
        payload = orjson.loads(record.payload)
        sha256, ident = str(payload["audio_sha256"]), str(payload["transmission"])
        report.checked += 1
        status = audio_status(store, sha256)
        if status != VERIFIED:
            report.findings.append(AudioFinding(record.seq, ident, sha256, status))
    return report
