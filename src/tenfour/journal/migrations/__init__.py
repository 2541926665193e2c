"""Alembic migration scripts of the journal's schema (run by ``tenfour.journal.migrate``)."""
