"""Settings read once from the environment (``TENFOUR_*``) by the composition root."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from tenfour.domain.timefmt import TimeBounds

DEFAULT_SECRET = "change-me-tenfour-dev-secret"  # noqa: S105 - refused in production


class Settings(BaseSettings):
    """Everything the server, CLI and engine need to know about their surroundings."""

    model_config = SettingsConfigDict(env_prefix="TENFOUR_", extra="ignore")

    db: str = Field(
        default="var/tenfour.db", description="file path, sqlite:///... or postgresql://..."
    )
    key_path: Path = Field(default=Path("var/keys/journal-ed25519.pem"))
    checkpoint_every: int = Field(default=1000, ge=1)
    snapshot_every: int = Field(default=5000, ge=1)
    batch_max: int = Field(default=1000, ge=1)
    secret: str = DEFAULT_SECRET
    token_minutes: int = Field(default=30, ge=1)
    production: bool = False
    host: str = "127.0.0.1"
    port: int = 8410
    public_delay_minutes: int = Field(default=15, ge=0)
    # Times a client sends (ring, answer): a ring is often entered minutes after it rang, so an
    # hour back is allowed; ahead only clock drift. Expiries and validities: within the horizon.
    client_time_past_minutes: int = Field(default=60, ge=1, le=7 * 24 * 60)
    client_time_ahead_minutes: int = Field(default=2, ge=0, le=60)
    client_time_horizon_days: int = Field(default=400, ge=1, le=3650)
    tile_url: str | None = None
    partners_file: Path | None = Field(default=None, description="JSON file of partner CADs")

    def time_bounds(self) -> TimeBounds:
        """The bounds the rules put on times clients send."""
        return TimeBounds(
            past=timedelta(minutes=self.client_time_past_minutes),
            ahead=timedelta(minutes=self.client_time_ahead_minutes),
            horizon=timedelta(days=self.client_time_horizon_days),
        )

    def check_production(self) -> None:
        """Refuse to run a production server with the development secret."""
        if self.production and self.secret == DEFAULT_SECRET:
            raise ValueError(
                "TENFOUR_SECRET must be set to a real secret when TENFOUR_PRODUCTION=1"
            )
