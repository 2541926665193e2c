"""Where each node of a cluster can be reached, so a follower can carry commands to the leader.

``cluster_node`` is operational, not part of the record: each ``tenfour serve`` node on a
PostgreSQL database writes its id, its advertised URL and its role when its role changes. Which
node leads is never read from here (the writer's advisory lock says that); this table only turns
the lock holder's node id into an address. SQLite journals get the table too and never use it.

Revision ID: 0004_cluster_nodes
Revises: 0003_keys_and_sealed_snapshots
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_cluster_nodes"
down_revision = "0003_keys_and_sealed_snapshots"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add ``cluster_node``."""
    op.create_table(
        "cluster_node",
        sa.Column("node_id", sa.Text(), primary_key=True),
        sa.Column("url", sa.Text(), nullable=False, server_default=""),
        sa.Column("role", sa.Text(), nullable=False, server_default=""),
        sa.Column("updated_at", sa.Text(), nullable=False, server_default=""),
    )


def downgrade() -> None:
    """Drop ``cluster_node``."""
    op.drop_table("cluster_node")
