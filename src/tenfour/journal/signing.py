"""Ed25519 keys and signed checkpoints.

The private key lives in a PEM file outside the database (mode 0600), so whoever administers the
database cannot re-sign a rewritten history. A checkpoint signs the UTF-8 text ``f"{seq}:{hash}"``;
the signature is stored as hex. ``key_id`` is the first 16 hex digits of the SHA-256 of the raw
32-byte public key.
"""

from __future__ import annotations

import os
from hashlib import sha256
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from tenfour.journal.record import Checkpoint

_RAW = serialization.Encoding.Raw, serialization.PublicFormat.Raw


def public_key_path(path: Path) -> Path:
    """Where the public half of the private key at ``path`` is written: ``<path>.pub``."""
    return path.with_name(path.name + ".pub")


def load_or_create_key(path: Path) -> tuple[Ed25519PrivateKey, bool]:
    """Load the private key at ``path``, or create it (and ``<path>.pub``); True if created."""
    if path.exists():
        key = _load_private(path.read_bytes(), path)
        created = False
    else:
        key = Ed25519PrivateKey.generate()
        _write_private(path, key)
        created = True
    if not public_key_path(path).exists():
        _write_public(public_key_path(path), key.public_key())
    return key, created


def load_public_key(path: Path) -> Ed25519PublicKey:
    """Load a public key from a ``.pub`` PEM file or from the private key's PEM file."""
    data = path.read_bytes()
    if b"PRIVATE KEY" in data:
        return _load_private(data, path).public_key()
    key = serialization.load_pem_public_key(data)
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError(f"{path} does not hold an Ed25519 public key")
    return key


def key_id(public_key: Ed25519PublicKey) -> str:
    """A short, stable fingerprint of ``public_key``."""
    return sha256(public_key.public_bytes(*_RAW)).hexdigest()[:16]


def checkpoint_message(seq: int, hash: str) -> bytes:
    """The exact bytes a checkpoint signature covers."""
    return f"{seq}:{hash}".encode()


def sign_checkpoint(
    key: Ed25519PrivateKey,
    seq: int,
    hash: str,
    signed_at: str,
) -> Checkpoint:
    """Sign the chain's ``hash`` at ``seq``."""
    signature = key.sign(checkpoint_message(seq, hash)).hex()
    return Checkpoint(seq, hash, signed_at, key_id(key.public_key()), signature)


def verify_checkpoint(public_key: Ed25519PublicKey, cp: Checkpoint) -> bool:
    """True if ``cp`` was signed by ``public_key``'s private half over its own seq and hash."""
    if cp.key_id != key_id(public_key):
        return False
    try:
        public_key.verify(bytes.fromhex(cp.signature), checkpoint_message(cp.seq, cp.hash))
    except (InvalidSignature, ValueError):
        return False
    return True


def _load_private(data: bytes, path: Path) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(data, password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path} does not hold an Ed25519 private key")
    return key


def _write_private(path: Path, key: Ed25519PrivateKey) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    # O_EXCL: never overwrite a key that appeared meanwhile; 0600 from the first byte written.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(pem)
        out.flush()
        os.fsync(out.fileno())


def _write_public(path: Path, public_key: Ed25519PublicKey) -> None:
    pem = public_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    path.write_bytes(pem)
