"""Credentials: password hashes kept beside the journal, never in it.

Users, their agency and roles are domain entities (``UserRegistered`` events). What proves a
user is who they say is a secret and must be replaceable, so it lives in its own mutable table.

Revision ID: 0002_credentials
Revises: 0001
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_credentials"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """One row per user: the argon2id hash and when it was set."""
    op.create_table(
        "credentials",
        sa.Column("user_id", sa.Text(), primary_key=True),
        sa.Column("hash", sa.Text(), nullable=False),
        sa.Column("created_at", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    """Drop the credentials (users then cannot log in until passwords are set again)."""
    op.drop_table("credentials")
