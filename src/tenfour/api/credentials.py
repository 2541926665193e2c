"""Password hashes (argon2id) in the ``credentials`` table, beside the journal.

The table is created by the journal's Alembic history (revision ``0002_credentials``), so it
exists once the engine has opened the database. SQLAlchemy Core keeps the SQL the same on
SQLite and PostgreSQL. Calls block: the API runs them in a worker thread.
"""

from __future__ import annotations

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy.pool import NullPool

from tenfour.domain.timefmt import parse
from tenfour.journal.record import utc_timestamp

_METADATA = sa.MetaData()
CREDENTIALS = sa.Table(
    "credentials",
    _METADATA,
    sa.Column("user_id", sa.Text(), primary_key=True),
    sa.Column("hash", sa.Text(), nullable=False),
    sa.Column("created_at", sa.Text(), nullable=False),
)
MIN_PASSWORD = 8
MAX_PASSWORD = 1024

# argon2id with the library's RFC 9106 "low memory" profile: 64 MiB, 3 passes.
_HASHER = PasswordHasher()


class PasswordRefused(ValueError):  # noqa: N818 - a refusal, not a program error
    """A password that may not be set (too short or too long)."""


def check_password_rules(password: str) -> None:
    """Refuse passwords too short to resist guessing, or absurdly long."""
    if len(password) < MIN_PASSWORD:
        raise PasswordRefused(f"a password needs at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise PasswordRefused(f"a password has at most {MAX_PASSWORD} characters")


class CredentialStore:
    """Set and check users' passwords."""

    def __init__(self, sqlalchemy_url: str, hasher: PasswordHasher | None = None) -> None:
        self._hasher = hasher or _HASHER
        # A hash of a password nobody has: unknown users cost as much time as wrong passwords.
        self._dummy = self._hasher.hash("tenfour-no-such-user")
        self._engine = sa.create_engine(sqlalchemy_url, poolclass=NullPool)

    def set_password(self, user_id: str, password: str) -> None:
        """Hash and store (or replace) a user's password."""
        check_password_rules(password)
        digest = self._hasher.hash(password)
        row = {"user_id": user_id, "hash": digest, "created_at": utc_timestamp()}
        with self._engine.begin() as conn:
            conn.execute(sa.delete(CREDENTIALS).where(CREDENTIALS.c.user_id == user_id))
            conn.execute(sa.insert(CREDENTIALS).values(**row))

    def changed_at(self, user_id: str) -> float | None:
        """When the user's password was last set (POSIX seconds), None without one: sessions
        begun before it are void (``TokenReader``)."""
        query = sa.select(CREDENTIALS.c.created_at).where(CREDENTIALS.c.user_id == user_id)
        with self._engine.connect() as conn:
            value = conn.execute(query).scalar_one_or_none()
        return parse(str(value)).timestamp() if value is not None else None

    def has_password(self, user_id: str) -> bool:
        """Whether the user can log in with a password at all."""
        return self._hash_of(user_id) is not None

    def verify(self, user_id: str, password: str) -> bool:
        """True if ``password`` is the user's; constant work whether or not the user exists."""
        stored = self._hash_of(user_id)
        try:
            good = self._hasher.verify(stored or self._dummy, password[:MAX_PASSWORD])
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False
        return good and stored is not None

    def _hash_of(self, user_id: str) -> str | None:
        query = sa.select(CREDENTIALS.c.hash).where(CREDENTIALS.c.user_id == user_id)
        with self._engine.connect() as conn:
            value = conn.execute(query).scalar_one_or_none()
        return str(value) if value is not None else None

    def close(self) -> None:
        """Release the connections."""
        self._engine.dispose()
