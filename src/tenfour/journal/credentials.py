"""Password hashes (argon2id) in the ``credentials`` table, beside the journal.

The table is created by the journal's Alembic history (revision ``0002_credentials``), so it
exists once the engine has opened the database. SQLAlchemy Core keeps the SQL the same on
SQLite and PostgreSQL. Calls block: the API runs them in a worker thread.

The table is outside the hash chain, so each password set is also journaled (``SetPassword``:
who, whose, when, and the SHA-256 of the stored hash - never the hash). A user whose journal
record names a credential logs in only with a stored hash of that digest: a hash swapped or a
row added by whoever holds the database file does not log in. ``prepare_password`` gives the
command and the hash to store once the command is durable.
"""

from __future__ import annotations

from hashlib import sha256

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy.pool import NullPool

from tenfour.domain.commands import SetPassword
from tenfour.domain.timefmt import parse
from tenfour.journal.record import utc_timestamp
from tenfour.passwords import MAX_PASSWORD, check_password_rules

_METADATA = sa.MetaData()
CREDENTIALS = sa.Table(
    "credentials",
    _METADATA,
    sa.Column("user_id", sa.Text(), primary_key=True),
    sa.Column("hash", sa.Text(), nullable=False),
    sa.Column("created_at", sa.Text(), nullable=False),
)
# argon2id with the library's RFC 9106 "low memory" profile: 64 MiB, 3 passes.
_HASHER = PasswordHasher()


def credential_digest(stored_hash: str) -> str:
    """The SHA-256 (hex) of a stored password hash, as ``SetPassword`` records it."""
    return sha256(stored_hash.encode("utf-8")).hexdigest()


def prepare_password(
    store: CredentialStore, user_id: str, password: str
) -> tuple[SetPassword, str]:
    """The command that journals a password set, and the hash to store once it is durable."""
    stored = store.hash_password(password, user_id)
    return SetPassword(user=user_id, credential=credential_digest(stored)), stored


class CredentialStore:
    """Set and check users' passwords."""

    def __init__(self, sqlalchemy_url: str, hasher: PasswordHasher | None = None) -> None:
        self._hasher = hasher or _HASHER
        # A hash of a password nobody has: unknown users cost as much time as wrong passwords.
        self._dummy = self._hasher.hash("tenfour-no-such-user")
        self._engine = sa.create_engine(sqlalchemy_url, poolclass=NullPool)

    def set_password(self, user_id: str, password: str) -> None:
        """Hash and store (or replace) a user's password, unjournaled (see the module doc)."""
        self.store_hash(user_id, self.hash_password(password, user_id))

    def hash_password(self, password: str, user_id: str) -> str:
        """The argon2id hash of an acceptable password (slow: call from a thread)."""
        check_password_rules(password, user_id)
        return self._hasher.hash(password)

    def store_hash(self, user_id: str, digest: str) -> None:
        """Store (or replace) a user's password hash."""
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

    def verify(self, user_id: str, password: str, bound: str | None = None) -> bool:
        """True if ``password`` is the user's; constant work whether or not the user exists.

        ``bound``: the credential digest the journal names for the user; a stored hash that
        does not match it is refused (after the same work, so the refusal takes no less time).
        """
        stored = self._hash_of(user_id)
        try:
            good = self._hasher.verify(stored or self._dummy, password[:MAX_PASSWORD])
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False
        if stored is not None and bound is not None and credential_digest(stored) != bound:
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
