"""The journal's signing keys: which key may sign, made only for an empty journal, rotated openly.

The journal lists its keys in ``journal_key`` (append-only). The first key is made for an empty
journal, or adopted by an older journal whose checkpoints it signed; each later key comes from a
rotation (``tenfour keys rotate``) endorsed by the key before it, with who and why. The last key
is the current one. ``take_signing_key`` is the one gate every writer (server, CLI, demo) passes:
it returns the key to sign with, or raises ``KeyRefused`` naming the expected key id and where it
looked - never silently signing with a key the journal does not name.

An endorsement signs the canonical JSON of the key's other fields, so a row added or edited by
someone without the previous private key does not verify (``key_history_problem``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import asdict, replace
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from tenfour.journal.chain import canonical_json
from tenfour.journal.errors import KeyRefused
from tenfour.journal.record import JournalKey, utc_timestamp
from tenfour.journal.signing import key_id, load_or_create_key, public_key_path, sign_checkpoint
from tenfour.journal.store import Journal

__all__ = ["KeyRefused", "KeyTimeline", "rotate_key", "settle_key", "take_signing_key"]
log = logging.getLogger(__name__)
_RAW = serialization.Encoding.Raw, serialization.PublicFormat.Raw
KeyLoader = Callable[[], Ed25519PrivateKey]


def public_hex(public: Ed25519PublicKey) -> str:
    """The raw public key in hex, as ``journal_key`` stores it."""
    return public.public_bytes(*_RAW).hex()


def public_key_of(key: JournalKey) -> Ed25519PublicKey:
    """The public key a ``journal_key`` row holds."""
    return Ed25519PublicKey.from_public_bytes(bytes.fromhex(key.public_key))


def endorsement_message(key: JournalKey) -> bytes:
    """What an endorsement signs: every field of the row but the endorsement."""
    fields = asdict(key)
    del fields["endorsement"]
    return canonical_json(fields).encode()


def new_key_record(
    public: Ed25519PublicKey,
    endorser: Ed25519PrivateKey,
    *,
    position: int,
    since_seq: int,
    added_by: str,
    reason: str,
    previous_key_id: str = "",
) -> JournalKey:
    """A ``journal_key`` row for ``public``, endorsed by ``endorser``."""
    row = JournalKey(
        key_id(public), position, public_hex(public), utc_timestamp(), added_by, reason,
        since_seq, previous_key_id, "",
    )  # fmt: skip
    return replace(row, endorsement=endorser.sign(endorsement_message(row)).hex())


def key_history_problem(keys: list[JournalKey]) -> str | None:
    """Why the key list cannot be trusted (None if every row is endorsed as it should be)."""
    for position, row in enumerate(keys):
        if row.position != position:
            return f"key {row.key_id}: position {row.position}, expected {position}"
        try:
            public = public_key_of(row)
        except ValueError:
            return f"key {row.key_id}: not an Ed25519 public key"
        if key_id(public) != row.key_id:
            return f"key {row.key_id}: its id does not match its public key"
        endorser = public if position == 0 else public_key_of(keys[position - 1])
        expected_previous = "" if position == 0 else keys[position - 1].key_id
        if row.previous_key_id != expected_previous:
            return f"key {row.key_id}: names {row.previous_key_id!r} as previous key"
        try:
            endorser.verify(bytes.fromhex(row.endorsement), endorsement_message(row))
        except (InvalidSignature, ValueError):
            return f"key {row.key_id}: endorsement does not verify with key {key_id(endorser)}"
    return None


def public_keys(keys: list[JournalKey]) -> dict[str, Ed25519PublicKey]:
    """The journal's public keys by id."""
    return {row.key_id: public_key_of(row) for row in keys}


Notice = Callable[[str], None]


def take_signing_key(
    journal: Journal, path: Path, *, added_by: str, notice: Notice | None = None
) -> Ed25519PrivateKey:
    """The key at ``path`` if the journal names it as current (made only for an empty journal).

    ``notice`` is told when a key is made (default: logged at warning).
    """
    tell = notice or log.warning

    def load() -> Ed25519PrivateKey:
        return _load_existing(journal, path, tell)

    return settle_key(journal, load, str(path), added_by=added_by)


def settle_key(
    journal: Journal, load: KeyLoader, where: str, *, added_by: str
) -> Ed25519PrivateKey:
    """Check (or first record) the key ``load`` gives; ``where`` names it in messages."""
    keys = journal.keys()
    if keys:
        return _current(keys, load(), where)
    head_seq, _ = journal.head()
    checkpoints = journal.checkpoints()
    key = load()
    signers = {cp.key_id for cp in checkpoints}
    if signers - {key_id(key.public_key())}:
        raise KeyRefused(
            f"the key at {where} is {key_id(key.public_key())}, but this journal's checkpoints "
            f"were signed by {', '.join(sorted(signers))}; point TENFOUR_KEY_PATH at that key"
        )
    reason = "first key of a new journal" if head_seq == 0 else "adopted: signed its checkpoints"
    journal.add_key(
        new_key_record(key.public_key(), key, position=0, since_seq=head_seq, added_by=added_by,
                       reason=reason)
    )  # fmt: skip
    return key


def _current(keys: list[JournalKey], key: Ed25519PrivateKey, where: str) -> Ed25519PrivateKey:
    problem = key_history_problem(keys)
    if problem is not None:
        raise KeyRefused(f"the journal's key history is not intact: {problem}")
    current = keys[-1].key_id
    found = key_id(key.public_key())
    if found != current:
        raise KeyRefused(
            f"the key at {where} is {found}, but the journal's current signing key is {current}; "
            "refusing to sign with a key the journal does not name (set TENFOUR_KEY_PATH)"
        )
    return key


def _load_existing(journal: Journal, path: Path, notice: Notice) -> Ed25519PrivateKey:
    """The key at ``path``; a new one only when the journal is empty and has no keys."""
    if path.exists():
        return _load(path)
    keys = journal.keys()
    if keys or journal.head()[0] != 0 or journal.checkpoints():
        expected = keys[-1].key_id if keys else "the one that signed its checkpoints"
        raise KeyRefused(
            f"no signing key at {path}: this journal already has events and its current key "
            f"is {expected}; a new key is made only for an empty journal (set TENFOUR_KEY_PATH "
            "to the key's file)"
        )
    key = load_or_create_key(path)[0]
    notice(
        f"created a new Ed25519 journal signing key {key_id(key.public_key())} at {path} "
        f"(public half {public_key_path(path)}); keep it outside the database and back it up"
    )
    return key


def _load(path: Path) -> Ed25519PrivateKey:
    try:
        key, _ = load_or_create_key(path)
    except (OSError, ValueError) as err:
        raise KeyRefused(f"cannot load the signing key at {path}: {err}") from err
    return key


def rotate_key(
    journal: Journal, old: Ed25519PrivateKey, new: Ed25519PrivateKey, *, added_by: str, reason: str
) -> JournalKey:
    """Make ``new`` the journal's current key, endorsed by ``old`` (which must be current).

    The head is first checkpointed with ``old`` (if not yet), so every event before the
    rotation is vouched for by the key that was current when it was written.
    """
    keys = journal.keys()
    _current(keys, old, "the old key")
    head_seq, head_hash = journal.head()
    signed = journal.checkpoints()
    if head_seq and (not signed or signed[-1].seq < head_seq):
        journal.add_checkpoint(sign_checkpoint(old, head_seq, head_hash, utc_timestamp()))
    row = new_key_record(
        new.public_key(), old, position=len(keys), since_seq=journal.head()[0],
        added_by=added_by, reason=reason, previous_key_id=keys[-1].key_id,
    )  # fmt: skip
    journal.add_key(row)
    return row


class KeyTimeline:
    """Which key must have signed a checkpoint at a given seq, anchored in the operator's key.

    With no keys recorded (an older journal), every checkpoint is held against ``anchor``.
    Otherwise the list must be endorsed key by key and hold ``anchor`` (the key given from
    outside the database); ``problem`` says why not. A checkpoint at seq ``s`` belongs to the
    last key whose ``since_seq`` is below ``s`` (the first key from the start).
    """

    def __init__(self, keys: list[JournalKey], anchor: Ed25519PublicKey | None) -> None:
        self.keys = keys
        self.anchor = anchor
        self.problem = _anchor_problem(keys, anchor)

    def signer_at(self, seq: int) -> Ed25519PublicKey | None:
        """The public key a checkpoint at ``seq`` must verify with (None: signatures unchecked)."""
        if not self.keys or self.anchor is None:
            return self.anchor
        current = [k for k in self.keys if k.position == 0 or k.since_seq < seq][-1]
        return public_key_of(current)


def _anchor_problem(keys: list[JournalKey], anchor: Ed25519PublicKey | None) -> str | None:
    if not keys or anchor is None:
        return None
    problem = key_history_problem(keys)
    if problem is not None:
        return f"key history altered: {problem}"
    given = key_id(anchor)
    if all(k.key_id != given for k in keys):
        named = ", ".join(k.key_id for k in keys)
        return f"the key given ({given}) is not one of this journal's keys ({named})"
    return None
