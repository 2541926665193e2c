"""Alembic environment: runs the journal's migrations on the connection ``migrate`` hands over."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, text

VERSION_TABLE = "journal_alembic_version"
# Serialises concurrent migrators on PostgreSQL, per schema (advisory locks are database-wide).
_PG_MIGRATE_LOCK = "SELECT pg_advisory_xact_lock(4337, hashtext(current_schema()))"


def run_migrations_online() -> None:
    """Apply pending revisions inside one transaction on the handed-over connection."""
    connection: Connection = context.config.attributes["connection"]
    context.configure(connection=connection, version_table=VERSION_TABLE)
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            connection.execute(text(_PG_MIGRATE_LOCK))
        context.run_migrations()


run_migrations_online()
