"""Create or upgrade the journal's tables with Alembic, configured in code (no alembic.ini).

The migration scripts ship inside the package (``tenfour/journal/migrations``) and record their
revision in their own table, ``journal_alembic_version``, so other parts of tenfour may keep their
own Alembic history in the same database.
"""

from __future__ import annotations

SCRIPT_LOCATION = "tenfour.journal:migrations"


def upgrade_to_head(sqlalchemy_url: str) -> None:
    """Bring the database at ``sqlalchemy_url`` to the newest journal schema (idempotent)."""
    upgrade_to(sqlalchemy_url, "head")


def upgrade_to(sqlalchemy_url: str, revision: str) -> None:
    """Bring the database to ``revision`` (tests of a migration start from the one before)."""
    # Imported here: Alembic is needed once per start-up, not by every command that reads.
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    engine = create_engine(sqlalchemy_url, poolclass=NullPool)
    try:
        with engine.begin() as connection:
            config = Config()
            config.set_main_option("script_location", SCRIPT_LOCATION)
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    finally:
        engine.dispose()
