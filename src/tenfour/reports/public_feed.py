"""The public feed: recent incidents as the public may see them, derived from the journal.

``PublicFeed`` folds the journal's incident events (at start-up from a window before now, then
from each durable batch) and applies ``tenfour.domain.redaction`` when asked for items, so an
incident appears once the delay from its record time has passed, and only if its type is on the
allow-list (``tenfour/data/incident_types.json``). Items name incidents by their keyed public id
and carry no journal seq (a run of seqs would show where withheld incidents lie). A record the
rules cannot read is left out and logged; it never takes the feed down.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from importlib import resources
from pathlib import Path
from typing import Any

from tenfour.domain.redaction import PublicIncident, RedactionPolicy, publish, to_minute
from tenfour.domain.surroundings import Gazetteer, NoGazetteer
from tenfour.domain.timefmt import iso, parse
from tenfour.engine.envelope import Committed
from tenfour.incident_types import Vocabulary, VocabularyError, load_vocabulary
from tenfour.journal.store import Journal
from tenfour.reports import scan
from tenfour.reports.records import IncidentRecord, RecordsFold, relevant
from tenfour.strict_json import loads

log = logging.getLogger(__name__)


class PolicyError(ValueError):
    """The redaction file cannot be read or says something impossible."""


@dataclass(frozen=True, slots=True)
class FeedConfig:
    """The redaction policy and how far back the live feed looks."""

    policy: RedactionPolicy
    window_hours: float = 24.0


def public_id_key(secret: str) -> bytes:
    """The key of the public ids, derived from the server's secret (never the secret itself)."""
    return hmac.new(
        secret.encode("utf-8"), b"tenfour public incident id v1", hashlib.sha256
    ).digest()


def load_config(
    path: Path | None = None,
    *,
    delay_minutes: int | None = None,
    streets: Gazetteer | None = None,
    id_key: bytes = b"",
    vocabulary: Vocabulary | None = None,
    public_types: Mapping[str, str] | None = None,
) -> FeedConfig:
    """Read ``public_redaction.json`` (default: the packaged one); the delay comes from settings,
    the allow-list from the incident types, the streets from the centre's gazetteer."""
    try:
        if path is None:
            text = (resources.files("tenfour") / "data" / "public_redaction.json").read_text(
                encoding="utf-8"
            )
        else:
            text = path.read_text(encoding="utf-8")
        data = loads(text)
        policy = RedactionPolicy(
            delay_minutes=15 if delay_minutes is None else delay_minutes,
            public_types=public_types
            if public_types is not None
            else (vocabulary or load_vocabulary()).public_labels(),
            grid_m=float(data.get("grid_m", 250)),
            streets=streets or NoGazetteer(),
            id_key=id_key,
        )
        window = float(data.get("window_hours", 24))
    except (OSError, ValueError, TypeError, AttributeError, VocabularyError) as exc:
        raise PolicyError(f"cannot read the public redaction rules from {path}: {exc}") from None
    if policy.grid_m < 50 or window <= 0:
        raise PolicyError("grid_m must be at least 50 and window_hours positive")
    return FeedConfig(policy, window)


class LiveLabels(Mapping[str, str]):
    """The allow-list in force now: the centre's configured incident types (``tenfour centre
    apply``) may change while the server runs; recomputed only when the vocabulary changes."""

    def __init__(self, vocabulary: Callable[[], Vocabulary]) -> None:
        self._vocabulary = vocabulary
        self._seen: tuple[Vocabulary, dict[str, str]] | None = None

    def _labels(self) -> dict[str, str]:
        current = self._vocabulary()
        if self._seen is None or self._seen[0] is not current:
            self._seen = (current, current.public_labels())
        return self._seen[1]

    def __getitem__(self, code: str) -> str:
        return self._labels()[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self._labels())

    def __len__(self) -> int:
        return len(self._labels())


def public_item(record: IncidentRecord, shown: PublicIncident) -> dict[str, Any]:
    """An item of the feed: the redacted incident, nothing else."""
    loc = shown.location
    return {
        "incident": shown.incident,
        "type": shown.type_code,
        "priority": shown.priority,
        "received": shown.received,
        "status": "closed" if record.closed_at else "open",
        "closed": to_minute(record.closed_at) if record.closed_at else None,
        "location": {
            "text": loc.text,
            "precision": loc.precision,
            "cell": loc.cell,
            "lat": loc.lat,
            "lon": loc.lon,
        },
    }


class PublicFeed:
    """The live public feed's read model."""

    def __init__(self, config: FeedConfig) -> None:
        self.config = config
        self.fold = RecordsFold()
        self._lock = threading.Lock()

    def build(self, journal: Journal, now: str) -> None:
        """Fold the journal from a window before ``now`` (start-up)."""
        window = timedelta(hours=self.config.window_hours + 1)
        stretch = scan.span(journal, iso(parse(now) - window), None)
        with self._lock:
            if self.fold.last_seq == 0:
                self._fold(journal, stretch)

    def refresh(self, journal: Journal) -> None:
        """Fold what the journal holds beyond the last event folded."""
        with self._lock:
            head = journal.head()[0]
            if head > self.fold.last_seq:
                self._fold(journal, scan.Span(self.fold.last_seq, head))

    def _fold(self, journal: Journal, stretch: scan.Span) -> None:
        for record, event in scan.events(journal, stretch, relevant):
            self.fold.feed(record.seq, record.at, event)
        self.fold.last_seq = max(self.fold.last_seq, stretch.last_seq)

    def add_committed(self, batch: Sequence[Committed]) -> None:
        """Engine subscriber: fold each durable event that follows on (else ``refresh`` will)."""
        with self._lock:
            if self.fold.last_seq == 0:
                return  # not built yet: the build reads the journal
            for c in batch:
                if c.seq == self.fold.last_seq + 1:
                    self.fold.feed(c.seq, c.at, c.event)

    def items(self, now: str) -> list[dict[str, Any]]:
        """Published incidents, newest first; incidents older than the window are forgotten."""
        oldest = iso(parse(now) - timedelta(hours=self.config.window_hours))
        with self._lock:
            for stale in [k for k, r in self.fold.incidents.items() if r.created_at < oldest]:
                self.fold.forget(stale)
            records = list(self.fold.incidents.values())
        return published(records, now, self.config.policy)


def published_one(
    record: IncidentRecord, now: str, policy: RedactionPolicy
) -> tuple[IncidentRecord, PublicIncident] | None:
    """One record's public form; a record the rules cannot read is logged and left out."""
    try:
        shown = publish(record.facts(), now, policy)
    except (ValueError, OverflowError) as exc:  # e.g. a time written before times were bounded
        log.warning(
            "incident record at seq %s left out of public outputs: %s", record.created_seq, exc
        )
        return None
    return None if shown is None else (record, shown)


def published(
    records: Sequence[IncidentRecord], now: str, policy: RedactionPolicy
) -> list[dict[str, Any]]:
    """The public items of some incident records, newest first."""
    out = []
    for record in records:
        found = published_one(record, now, policy)
        if found is not None:
            out.append(public_item(*found))
    return sorted(out, key=lambda item: (item["received"], item["incident"]), reverse=True)
