"""The journal's signing keys, and snapshots sealed with them.

``journal_key`` lists every key that has signed for this journal, append-only like the
checkpoints: the first key (made for an empty journal, or adopted from an older journal whose
checkpoints it signed) and each rotation, endorsed by the key before it, with who and why.
``journal_snapshot`` gains the SHA-256 of its stored state and a signature over seq, hash and
that digest, so an edited snapshot is refused on load (see ``tenfour.journal.sealing``).

Revision ID: 0003_keys_and_sealed_snapshots
Revises: 0002_credentials
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_keys_and_sealed_snapshots"
down_revision = "0002_credentials"
branch_labels = None
depends_on = None

SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER journal_key_no_{verb.lower()} BEFORE {verb} ON journal_key
        BEGIN SELECT RAISE(ABORT, 'journal_key is append-only: {verb} refused'); END"""
    for verb in ("UPDATE", "DELETE")
] + [
    """CREATE TRIGGER journal_key_insert_new BEFORE INSERT ON journal_key
       WHEN EXISTS (SELECT 1 FROM journal_key WHERE key_id = NEW.key_id)
       BEGIN SELECT RAISE(ABORT, 'journal_key is append-only: key exists'); END""",
]
POSTGRES_TRIGGERS = [
    """CREATE TRIGGER journal_key_no_update_delete BEFORE UPDATE OR DELETE ON journal_key
       FOR EACH ROW EXECUTE FUNCTION journal_refuse_change()""",
    """CREATE TRIGGER journal_key_no_truncate BEFORE TRUNCATE ON journal_key
       FOR EACH STATEMENT EXECUTE FUNCTION journal_refuse_change()""",
]


def _text(name: str) -> sa.Column[str]:
    return sa.Column(name, sa.Text(), nullable=False, server_default="")


def upgrade() -> None:
    """Add ``journal_key`` and the snapshot seal columns."""
    op.create_table(
        "journal_key",
        sa.Column("key_id", sa.Text(), primary_key=True),
        sa.Column("position", sa.Integer(), nullable=False, unique=True),
        *(_text(n) for n in ("public_key", "added_at", "added_by", "reason")),
        sa.Column("since_seq", sa.BigInteger(), nullable=False),
        *(_text(n) for n in ("previous_key_id", "endorsement")),
    )
    with op.batch_alter_table("journal_snapshot") as batch:
        for name in ("digest", "key_id", "signature"):
            batch.add_column(_text(name))
    dialect = op.get_bind().dialect.name
    for statement in SQLITE_TRIGGERS if dialect == "sqlite" else POSTGRES_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    """Refused: the key history is part of the record."""
    raise NotImplementedError("the journal's key history is never dropped by a migration")
