"""The records read models on a running server: incident index, chain auditor, public feed.

``build_records(...)`` creates them for the composition root (``tenfour.runtime``), which
subscribes ``on_batch`` to the engine. Each durable batch is filed at once; when the auditor
falls behind by a batch or more, a background task verifies the new records in a worker
thread, so a timeline request finds the chain already verified to (nearly) the head.
``await views.start()`` (or the first batch, or the first request) builds everything from the
journal in the background.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from tenfour.domain.apply_radio import RADIO_APPLIERS
from tenfour.domain.archive import rebuilt_incident
from tenfour.domain.entities import Incident, Unit
from tenfour.domain.radio import Transmission
from tenfour.domain.recorded import Recorded
from tenfour.domain.state import DispatchState
from tenfour.domain.surroundings import Gazetteer
from tenfour.domain.timefmt import iso
from tenfour.engine.envelope import Committed
from tenfour.engine.replay import committed
from tenfour.incident_types import Vocabulary
from tenfour.journal.signing import load_public_key, public_key_path
from tenfour.journal.store import STORAGE_ERRORS, Journal
from tenfour.reports.public_feed import (
    FeedConfig,
    LiveLabels,
    PublicFeed,
    load_config,
    public_id_key,
)
from tenfour.settings import Settings
from tenfour.views.audit_view import ChainAuditor
from tenfour.views.incident_index import JournalIndex, read_indexed
from tenfour.views.timeline import Visible, incident_timeline

log = logging.getLogger(__name__)


@dataclass
class RecordsViews:
    """What the records routes read."""

    journal: Journal
    index: JournalIndex  # the journal's filing (nothing of it grows in memory)
    auditor: ChainAuditor
    feed: PublicFeed
    _task: asyncio.Task[None] | None = field(default=None, repr=False)
    _built: bool = False
    _stopping: bool = False

    async def start(self) -> None:
        """Build the index, the public feed and the first full audit (in a worker thread)."""
        try:
            await asyncio.to_thread(self.catch_up)
        except STORAGE_ERRORS as exc:  # e.g. the connection closed during shutdown
            log.warning("records views could not catch up with the journal: %s", exc)

    def catch_up(self) -> None:
        """Bring every view up to the journal's head (blocking; call from a thread)."""
        self.index.build(self.journal)
        if not self._built:
            self.feed.build(self.journal, iso(datetime.now(UTC)))
            self._built = True
        self.feed.refresh(self.journal)
        self.auditor.catch_up(self.journal)

    def on_batch(self, batch: Sequence[Committed]) -> None:
        """Engine subscriber: file the batch, and audit in the background."""
        self.index.add_committed(batch)
        self.feed.add_committed(batch)
        if not self._stopping and (self._task is None or self._task.done()):
            self._task = asyncio.get_running_loop().create_task(self.start())

    async def stop(self) -> None:
        """Start no more catching up and wait for the one under way: its worker thread reads
        the journal connection, which must not be closed under it (SQLite would crash)."""
        self._stopping = True
        if self._task is not None:
            await asyncio.wait({self._task})

    def close(self) -> None:
        """Close the views' own journal connection (after ``stop``)."""
        self.journal.close()

    def timeline(self, incident: str, visible: Visible | None) -> dict[str, Any] | None:
        """An incident's verified timeline (blocking; call from a thread)."""
        if not self._built:
            self.catch_up()
        return incident_timeline(self.journal, self.index, self.auditor, incident, visible=visible)

    def archived_incident(self, incident: str, units: Mapping[str, Unit]) -> Incident | None:
        """An incident no longer in the live state, rebuilt from its records for the question
        of who may read it (blocking; call from a thread)."""
        records = read_indexed(self.journal, self.journal.filed(incident))
        history = [(c.event, Recorded(c.seq, c.at, c.actor)) for c in map(committed, records)]
        return rebuilt_incident(incident, history, units)

    def archived_transmission(self, ident: str) -> Transmission | None:
        """A transmission no longer in the live state, rebuilt from the records filed under it
        (blocking; call from a thread)."""
        records = read_indexed(self.journal, self.journal.filed(f"transmission:{ident}"))
        scratch = DispatchState()
        for c in map(committed, records):
            applier = RADIO_APPLIERS.get(type(c.event))
            if applier is not None:
                applier(scratch, c.event, Recorded(c.seq, c.at, c.actor))
        return scratch.radio.transmissions.get(ident)

    def public_items(self) -> list[dict[str, Any]]:
        """The public feed now (blocking; call from a thread)."""
        if not self._built:
            self.catch_up()
        self.feed.refresh(self.journal)
        return self.feed.items(iso(datetime.now(UTC)))


def public_key_of(settings: Settings) -> Ed25519PublicKey | None:
    """The journal's public key, if the key files are where the settings say."""
    where = settings.signing_key_path()
    for path in (public_key_path(where), where):
        try:
            return load_public_key(path)
        except (OSError, ValueError):
            continue
    return None


def build_records(
    reader: Journal,
    settings: Settings,
    streets: Gazetteer,
    config: FeedConfig | None = None,
    vocabulary: Callable[[], Vocabulary] | None = None,
) -> RecordsViews:
    """The records views over ``reader``: a journal connection of their own, which their
    background catching up uses from a worker thread (``close`` closes it). ``vocabulary``
    gives the incident types in force (else the packaged ones)."""
    config = config or load_config(
        delay_minutes=settings.public_delay_minutes,
        streets=streets,
        id_key=public_id_key(settings.secret),
        public_types=None if vocabulary is None else LiveLabels(vocabulary),
    )
    return RecordsViews(
        journal=reader,
        index=JournalIndex(reader),
        auditor=ChainAuditor(public_key_of(settings)),
        feed=PublicFeed(config),
    )
