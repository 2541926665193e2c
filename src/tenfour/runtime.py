"""The composition root: every service of a running tenfour, built in one place from settings.

``build_runtime`` is the one place that opens the database and the signing key and builds the
engine, the live-stream hub, the credential store, the metrics, the records views (incident
index, chain auditor, public feed), the AVL tracks, the geo services and the partner-CAD
(interop) parts, each a typed field of :class:`Runtime`. ``Runtime.start`` starts them in order
and ``Runtime.stop`` stops them in reverse; the API's lifespan (``tenfour.api.app``), the demo and
the CLI all go through it. Nothing here runs at import time, and no other module reads settings
from the environment.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from argon2 import PasswordHasher

from tenfour.domain.surroundings import Gazetteer, Surroundings
from tenfour.engine.engine import Engine, utc_now
from tenfour.engine.node import Node, Timing
from tenfour.geo.city import City, check_city_dir, load_city
from tenfour.geo.services import GeoServices
from tenfour.incident_types import TypesInForce, vocabulary_in_force
from tenfour.interop.interop_runtime import InteropRuntime, build_interop
from tenfour.interop.partners import PartnerConfig, load_config
from tenfour.journal.cluster import node_link
from tenfour.journal.credentials import CredentialStore
from tenfour.journal.store import Journal, open_journal
from tenfour.radio.ingest import RadioIngest
from tenfour.radio.store import AudioStore
from tenfour.radio.transcribe import ModelUnavailable, Transcriber, choose_model
from tenfour.radio.watch import CallFolder, Watches
from tenfour.radio.worker import TranscriptionWorker
from tenfour.reports.live import RecordsViews, build_records
from tenfour.settings import Settings
from tenfour.views.board_index import BoardIndex
from tenfour.views.metrics import Metrics
from tenfour.views.stream_hub import StreamHub
from tenfour.views.tracks import TrackIndex

RECORDS_STOP_S = 5.0  # how long a stop waits for the records views' catch-up under way


@dataclass
class Runtime:
    """Everything a request handler may need; built once per process."""

    settings: Settings
    journal: Journal
    engine: Engine
    node: Node  # leader or follower among the nodes sharing the journal (engine/node.py)
    hub: StreamHub
    reader: Journal  # a second connection for stream replays, so reads never queue behind writes
    credentials: CredentialStore
    metrics: Metrics
    records: RecordsViews  # incident index, chain auditor, public feed
    tracks: TrackIndex  # AVL history for playback
    geo: GeoServices  # city, geocoder, recommender
    interop: InteropRuntime  # partner CADs: outbox, conveyance hub, subscriptions
    gazetteer: Gazetteer  # the streets the public may be shown
    board: BoardIndex  # open incidents sorted and counted for the boards (views/board_index)
    radio: RadioIngest  # recorders' calls onto the record; the audio store beside the database
    radio_watches: Watches  # trunk-recorder call folders, polled while this node leads
    transcription: TranscriptionWorker | None = None  # radio speech-to-text while leading
    _unsubscribe: list[Callable[[], None]] = field(default_factory=list)
    _serving: bool = False

    @property
    def city(self) -> City:
        """The city this server serves (loaded on first use when none was given)."""
        return self.geo.city

    def prepare(self) -> None:
        """Open the journal as its writer, or as a follower where another node writes.

        Blocking; errors (no database, a refused key) propagate for the caller to report."""
        self.node.prepare()

    async def start(self, *, serving: bool = True) -> None:
        """Rebuild state and start writing (or following), then everything fed by its events.

        ``serving=False`` (one-shot CLI work) starts the writer alone: no stream fan-out, no
        records views, no partner traffic, no leader election.
        """
        if not serving:
            await self.engine.start()
            return
        self._unsubscribe = [
            self.engine.subscribe(self.hub.publish),
            self.engine.subscribe(self.records.on_batch),
            self.engine.subscribe(self.board.on_batch),
        ]
        self._serving = True
        await self.node.start()

    async def stop(self) -> None:
        """Stop partner traffic, finish queued commands, checkpoint, close every connection.

        Bounded: with the database gone, the node stops without its checkpoint."""
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        self._unsubscribe = []
        try:
            if self._serving:
                await self.node.stop()
            else:
                await self.engine.stop()
        finally:
            self._serving = False
            # Its worker thread reads the records' own connection: close that only once the
            # thread is done (SQLite would crash); a thread stuck on a database that went away
            # is left to the process's exit.
            stopping = asyncio.ensure_future(self.records.stop())
            if (await asyncio.wait([stopping], timeout=RECORDS_STOP_S))[0]:
                self.records.close()
            self._close_connections()

    def close(self) -> None:
        """Close connections (also after a start that failed)."""
        self.records.close()
        self._close_connections()

    def _close_connections(self) -> None:
        self.credentials.close()
        self.reader.close()
        self.journal.close()


def sqlalchemy_url_of(journal: Journal) -> str:
    """The SQLAlchemy URL of the journal's database (both backends provide one)."""
    url = getattr(journal, "sqlalchemy_url", None)
    if url is None:  # the memory journal: for tests and the simulator, not a server
        raise ValueError(
            "the server keeps credentials beside the journal in SQL: use a SQLite file or "
            "postgresql://..., not a memory journal"
        )
    return str(url())


def _say(text: str) -> None:
    print(f"tenfour: {text}", file=sys.stderr)


def _city_loader(directory: Path | None) -> Callable[[], City]:
    if directory is None:
        return load_city
    return lambda: load_city(directory.name, directory)


def build_runtime(
    settings: Settings,
    *,
    clock: Callable[[], datetime] = utc_now,
    quiet: bool = False,
    hasher: PasswordHasher | None = None,
    city: City | None = None,
    partners: PartnerConfig | None = None,
    holder: str = "tenfour",
    transcribe: bool = False,
    transcriber: Transcriber | None = None,
) -> Runtime:
    """Open the journal named by ``settings`` and wire every service around it.

    The signing key is taken when the engine opens (``tenfour.journal.keyring``): the one the
    journal names as current, found where ``Settings.signing_key_path`` says, made only for an
    empty journal (said on stderr unless ``quiet``). ``holder`` is recorded as who added a key
    this process made. ``city`` and ``partners`` replace what the settings name (the city
    directory, else the shipped city; the partners file), for the demo and tests.
    ``transcribe`` is whether radio is transcribed when the settings do not say (``serve``
    and the demo pass True; one-shot commands and tests leave it off); a ``transcriber``
    given turns it on with that model (tests share one loaded model).
    """
    settings.check_production()
    city_dir = city.directory if city is not None else settings.city
    if city_dir is not None:
        check_city_dir(city_dir)  # a wrong --city is a message at start, not a 500 later
    node_id = settings.node_name()
    application = f"tenfour:{node_id}#{os.getpid()}"  # names its database sessions
    journal = open_journal(settings.db, application=application)
    reader = open_journal(settings.db, application=application)
    from tenfour.geo.gazetteer import CityGazetteer  # numpy and scipy: not on import

    gazetteer = CityGazetteer.load(city_dir)
    engine = Engine(
        journal,
        clock=clock,
        key_path=settings.signing_key_path(),
        key_holder=holder,
        key_notice=None if quiet else _say,
        checkpoint_every=settings.checkpoint_every,
        snapshot_every=settings.snapshot_every,
        batch_max=settings.batch_max,
        closed_window_s=settings.closed_window_s(),
        reader=reader,
        surroundings=Surroundings(gazetteer, settings.time_bounds(), TypesInForce()),
    )
    hub = StreamHub(lambda: engine.state)
    partners = partners or load_config(settings.partners_file)
    interop = build_interop(engine, partners)
    audio = AudioStore(settings.audio_path())
    radio = RadioIngest(audio, engine.submit, lambda: engine.state)
    watches = Watches([CallFolder(radio, rec, folder) for rec, folder in settings.radio_watches()])
    transcription = (
        TranscriptionWorker(engine, audio, transcriber, workers=settings.radio_workers)
        if transcriber is not None
        else _transcription(settings, engine, audio, default=transcribe, quiet=quiet)
    )

    async def lead() -> None:
        interop.start(engine)
        watches.start()
        if transcription is not None:
            transcription.start()

    async def follow() -> None:
        if transcription is not None:
            await transcription.stop()
        await watches.stop()
        await interop.stop()

    node = Node(
        engine,
        node_link(journal, node_id, settings.node_url()),
        node_id=node_id,
        timing=Timing(lease_s=settings.lease_seconds, ready_lag_s=settings.ready_max_lag_seconds),
        on_lead=lead,
        on_follow=follow,
    )
    metrics = Metrics(engine, hub, node)
    if transcription is not None:
        metrics.watch_transcription(transcription)
    return Runtime(
        settings=settings,
        journal=journal,
        engine=engine,
        node=node,
        hub=hub,
        reader=reader,
        credentials=CredentialStore(sqlalchemy_url_of(journal), hasher),
        metrics=metrics,
        records=build_records(
            open_journal(settings.db, application=application),
            settings,
            gazetteer,
            vocabulary=lambda: vocabulary_in_force(engine.state.config),  # the centre's types
        ),
        tracks=TrackIndex(),
        geo=GeoServices(city, loader=_city_loader(settings.city)),
        interop=interop,
        gazetteer=gazetteer,
        board=BoardIndex(lambda: engine.state, lambda: engine.head[0]),
        radio=radio,
        radio_watches=watches,
        transcription=transcription,
    )


def _transcription(
    settings: Settings, engine: Engine, audio: AudioStore, *, default: bool, quiet: bool
) -> TranscriptionWorker | None:
    """The transcription worker when wanted: ``TENFOUR_RADIO_TRANSCRIBE``, else ``default``
    (``serve`` and the demo: on when a model is installed). Asked for and no model: refused."""
    wanted = settings.radio_transcribe if settings.radio_transcribe is not None else default
    if not wanted:
        return None
    try:
        spec = choose_model(settings.radio_model)
    except ModelUnavailable as err:
        if settings.radio_transcribe:
            raise ValueError(f"TENFOUR_RADIO_TRANSCRIBE: {err}") from None
        if not quiet:
            _say(f"radio transcription is off: {err}")
        return None
    transcriber = Transcriber(spec, cpu_threads=settings.radio_cpu_threads)
    return TranscriptionWorker(engine, audio, transcriber, workers=settings.radio_workers)
