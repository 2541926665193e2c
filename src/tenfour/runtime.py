"""The running system, wired from settings: journal, engine, stream hub, credentials, views.

``build_runtime`` is the one place that opens the database and the signing key; the API's
composition root (``tenfour.api.app.create_app``) and the CLI both go through it. Nothing here
runs at import time.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from argon2 import PasswordHasher

from tenfour.api.credentials import CredentialStore
from tenfour.api.hub import StreamHub
from tenfour.api.metrics import Metrics
from tenfour.engine.engine import Engine, utc_now
from tenfour.journal.store import Journal, open_journal
from tenfour.settings import Settings

if TYPE_CHECKING:  # the city is loaded by the composition root, not on import
    from tenfour.geo.city import City


@dataclass
class Runtime:
    """Everything a request handler may need; built once per process."""

    settings: Settings
    journal: Journal
    engine: Engine
    hub: StreamHub
    reader: Journal  # a second connection for stream replays, so reads never queue behind writes
    credentials: CredentialStore
    metrics: Metrics
    views: dict[str, object] = field(default_factory=dict)  # read models other parts plug in
    city: City | None = None  # roads, addresses, stations; loaded by the composition root
    _unsubscribe: Callable[[], None] | None = None

    async def start(self) -> None:
        """Open the journal, rebuild state, start the writer and the stream fan-out."""
        await self.engine.start()
        self._unsubscribe = self.engine.subscribe(self.hub.publish)

    async def stop(self) -> None:
        """Finish queued commands, checkpoint, and close every connection."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        try:
            await self.engine.stop()
        finally:
            self.close()

    def close(self) -> None:
        """Close connections (also after a start that failed)."""
        self.credentials.close()
        self.reader.close()
        self.journal.close()


def sqlalchemy_url_of(journal: Journal) -> str:
    """The SQLAlchemy URL of the journal's database (both backends provide one)."""
    url = getattr(journal, "sqlalchemy_url", None)
    if url is None:
        raise TypeError(f"{type(journal).__name__} has no SQL database for credentials")
    return str(url())


def _say(text: str) -> None:
    print(f"tenfour: {text}", file=sys.stderr)


def build_runtime(
    settings: Settings,
    *,
    clock: Callable[[], datetime] = utc_now,
    quiet: bool = False,
    hasher: PasswordHasher | None = None,
    holder: str = "tenfour",
) -> Runtime:
    """Open the journal named by ``settings`` and wire the engine around it.

    The signing key is taken when the engine opens (``tenfour.journal.keyring``): the one the
    journal names as current, found where ``Settings.signing_key_path`` says, made only for an
    empty journal (said on stderr unless ``quiet``). ``holder`` is recorded as who added a key
    this process made.
    """
    settings.check_production()
    journal = open_journal(settings.db)
    reader = open_journal(settings.db)
    engine = Engine(
        journal,
        clock=clock,
        key_path=settings.signing_key_path(),
        key_holder=holder,
        key_notice=None if quiet else _say,
        checkpoint_every=settings.checkpoint_every,
        snapshot_every=settings.snapshot_every,
        batch_max=settings.batch_max,
        reader=reader,
    )
    hub = StreamHub(lambda: engine.state)
    credentials = CredentialStore(sqlalchemy_url_of(journal), hasher)
    metrics = Metrics(engine, hub)
    return Runtime(settings, journal, engine, hub, reader, credentials, metrics)
