"""Settings read once from the environment (``TENFOUR_*``) by the composition root."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

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
    session_hours: float = Field(default=12.0, gt=0, le=168)  # refresh never extends past it
    production: bool = False
    host: str = "127.0.0.1"
    port: int = 8410
    public_delay_minutes: int = Field(default=15, ge=0)
    tile_url: str | None = None

    def check_production(self) -> None:
        """Refuse to run a production server with the development secret."""
        if self.production and self.secret == DEFAULT_SECRET:
            raise ValueError(
                "TENFOUR_SECRET must be set to a real secret when TENFOUR_PRODUCTION=1"
            )
