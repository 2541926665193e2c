"""Journal, checkpoints and snapshots; triggers that make the first two append-only.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# INTEGER PRIMARY KEY makes seq SQLite's rowid (no second index); BIGINT on PostgreSQL.
SEQ = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
APPEND_ONLY = ("journal", "journal_checkpoint")

SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table}
        BEGIN SELECT RAISE(ABORT, '{table} is append-only: {verb} refused'); END"""
    for table in APPEND_ONLY
    for verb in ("UPDATE", "DELETE")
] + [
    # INSERT OR REPLACE deletes the old row without firing DELETE triggers (unless
    # recursive_triggers is on), so inserts must land exactly after the head.
    """CREATE TRIGGER journal_insert_at_head BEFORE INSERT ON journal
       WHEN NEW.seq <> COALESCE((SELECT MAX(seq) FROM journal), 0) + 1
       BEGIN SELECT RAISE(ABORT, 'journal is append-only: INSERT must follow the head'); END""",
    """CREATE TRIGGER journal_checkpoint_insert_new BEFORE INSERT ON journal_checkpoint
       WHEN EXISTS (SELECT 1 FROM journal_checkpoint WHERE seq = NEW.seq)
       BEGIN SELECT RAISE(ABORT, 'journal_checkpoint is append-only: seq exists'); END""",
]

POSTGRES_FUNCTION = """
CREATE FUNCTION journal_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
END
$$"""

POSTGRES_TRIGGERS = [
    stmt
    for table in APPEND_ONLY
    for stmt in (
        f"""CREATE TRIGGER {table}_no_update_delete BEFORE UPDATE OR DELETE ON {table}
            FOR EACH ROW EXECUTE FUNCTION journal_refuse_change()""",
        f"""CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
            FOR EACH STATEMENT EXECUTE FUNCTION journal_refuse_change()""",
    )
]


def _text(name: str) -> sa.Column[str]:
    return sa.Column(name, sa.Text(), nullable=False)


def upgrade() -> None:
    """Create the three tables, the command index and the append-only triggers."""
    op.create_table(
        "journal",
        sa.Column("seq", SEQ, primary_key=True, autoincrement=False),
        *(_text(n) for n in ("at", "actor_user", "actor_role", "actor_agency")),
        *(_text(n) for n in ("command_id", "command_digest", "type")),
        sa.Column("version", sa.Integer(), nullable=False),
        *(_text(n) for n in ("payload", "prev_hash", "hash")),
        sa.CheckConstraint("seq > 0", name="journal_seq_positive"),
    )
    op.create_index("journal_command_seq", "journal", ["command_id", "seq"], unique=True)
    op.create_table(
        "journal_checkpoint",
        sa.Column("seq", SEQ, primary_key=True, autoincrement=False),
        *(_text(n) for n in ("hash", "signed_at", "key_id", "signature")),
    )
    op.create_table(
        "journal_snapshot",
        sa.Column("seq", SEQ, primary_key=True, autoincrement=False),
        _text("hash"),
        _text("state"),
    )
    _create_triggers(op.get_bind().dialect.name)


def _create_triggers(dialect: str) -> None:
    if dialect == "sqlite":
        statements = SQLITE_TRIGGERS
    elif dialect == "postgresql":
        statements = [POSTGRES_FUNCTION, *POSTGRES_TRIGGERS]
    else:
        raise NotImplementedError(f"journal triggers for {dialect}")
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    """Refused: no migration ever drops the journal."""
    raise NotImplementedError("the journal is never dropped by a migration")
