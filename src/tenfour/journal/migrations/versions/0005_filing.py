"""The journal's filing: each record under the incident (directive, bulletin, hazard) it
belongs to, and the keys each incident cites (``tenfour.journal.filing``).

Derived from the journal and written in the append's transaction from now on; the records
already in the journal are filed here, in chunks. The journal itself is only read.

Revision ID: 0005_filing
Revises: 0004_cluster_nodes
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from tenfour.journal.filing import filing_rows
from tenfour.journal.record import JournalRecord

revision = "0005_filing"
down_revision = "0004_cluster_nodes"
branch_labels = None
depends_on = None

CHUNK = 20_000
COLUMNS = (
    "seq, at, actor_user, actor_role, actor_agency, command_id, command_digest, "
    "type, version, payload, prev_hash, hash"
)


def upgrade() -> None:
    """Create ``journal_filing`` and ``journal_citation`` and file what is already there."""
    op.create_table(
        "journal_filing",
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("command_id", sa.Text(), nullable=False),
        sa.Column("hash", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", "seq", name="journal_filing_pk"),
    )
    op.create_table(
        "journal_citation",
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("cited", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", "cited", name="journal_citation_pk"),
    )
    _file_existing()


def _file_existing() -> None:
    bind = op.get_bind()
    read = sa.text(f"SELECT {COLUMNS} FROM journal WHERE seq > :after ORDER BY seq LIMIT :n")  # noqa: S608
    file = sa.text("INSERT INTO journal_filing VALUES (:k, :s, :c, :h)")
    cite = sa.text("INSERT INTO journal_citation VALUES (:k, :c) ON CONFLICT DO NOTHING")
    after = 0
    while True:
        rows = [JournalRecord(*row) for row in bind.execute(read, {"after": after, "n": CHUNK})]
        if not rows:
            return
        filings, citations = filing_rows(rows)
        if filings:
            bind.execute(file, [{"k": k, "s": s, "c": c, "h": h} for k, s, c, h in filings])
        if citations:
            bind.execute(cite, [{"k": k, "c": c} for k, c in citations])
        after = rows[-1].seq


def downgrade() -> None:
    """Drop the filing (it is derived: the journal keeps everything)."""
    op.drop_table("journal_citation")
    op.drop_table("journal_filing")
