"""The three things the journal stores: sealed event records, signed checkpoints, snapshots.

All three are plain frozen values. The journal treats event payloads and snapshot states as opaque
JSON text: it never interprets them, it only orders, chains and keeps them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import NamedTuple


class JournalRecord(NamedTuple):
    """One recorded fact, sealed into the hash chain (see ``chain.seal``).

    A named tuple: it is built for every event on the engine's hot path and is, field for field,
    the row the journal inserts, so it goes to the database driver as it is.
    """

    seq: int
    at: str
    actor_user: str
    actor_role: str
    actor_agency: str
    command_id: str
    command_digest: str
    type: str
    version: int
    payload: str
    prev_hash: str
    hash: str


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """An Ed25519 signature over ``f"{seq}:{hash}"``, made with a key kept outside the database."""

    seq: int
    hash: str
    signed_at: str
    key_id: str
    signature: str


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The engine's state (opaque JSON text) after applying every record up to ``seq``.

    ``digest`` is the SHA-256 of ``state`` as stored; ``signature`` (by the journal key
    ``key_id``) covers seq, hash and digest, so an edited state is refused on load
    (``tenfour.journal.sealing``). Unsealed snapshots carry empty strings there.
    """

    seq: int
    hash: str
    state: str
    digest: str = ""
    key_id: str = ""
    signature: str = ""


@dataclass(frozen=True, slots=True)
class JournalKey:
    """A key that signs for the journal, from ``since_seq`` on (``tenfour.journal.keyring``).

    ``endorsement`` is a signature over the other fields: by the previous key for a rotation,
    by the key itself for the first one. ``public_key`` is the raw 32 bytes in hex.
    """

    key_id: str
    position: int
    public_key: str
    added_at: str
    added_by: str
    reason: str
    since_seq: int
    previous_key_id: str
    endorsement: str


def utc_timestamp(when: datetime | None = None) -> str:
    """Format ``when`` (default: now) as the journal stores times: ``2026-11-25T14:55:00.123Z``."""
    moment = (when or datetime.now(UTC)).astimezone(UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")
