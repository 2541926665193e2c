"""Ed25519 keys on disk and signed checkpoints."""

from __future__ import annotations

import dataclasses
import stat
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ec import SECP256R1, generate_private_key
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tenfour.journal.signing import (
    key_id,
    load_or_create_key,
    load_public_key,
    public_key_path,
    sign_checkpoint,
    verify_checkpoint,
)

HASH = "ab" * 32
AT = "2026-11-25T15:00:00.000Z"


def test_a_key_is_created_private_with_its_public_half(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "nested" / "journal.pem"
    key, created = load_or_create_key(path)
    assert created
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert b"PRIVATE KEY" in path.read_bytes()
    assert public_key_path(path) == tmp_path / "keys" / "nested" / "journal.pem.pub"
    assert b"PUBLIC KEY" in public_key_path(path).read_bytes()
    assert key_id(load_public_key(public_key_path(path))) == key_id(key.public_key())


def test_an_existing_key_is_loaded_not_replaced(tmp_path: Path) -> None:
    path = tmp_path / "journal.pem"
    first, _ = load_or_create_key(path)
    public_key_path(path).unlink()
    again, created = load_or_create_key(path)
    assert not created
    assert key_id(again.public_key()) == key_id(first.public_key())
    assert public_key_path(path).exists()  # a lost .pub is written again


def test_the_public_key_loads_from_either_file(tmp_path: Path) -> None:
    path = tmp_path / "journal.pem"
    key, _ = load_or_create_key(path)
    expected = key_id(key.public_key())
    assert key_id(load_public_key(path)) == expected
    assert key_id(load_public_key(public_key_path(path))) == expected


def test_a_key_of_another_kind_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "ec.pem"
    pem = generate_private_key(SECP256R1()).private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    path.write_bytes(pem)
    with pytest.raises(ValueError, match="Ed25519"):
        load_public_key(path)
    with pytest.raises(ValueError, match="Ed25519"):
        load_or_create_key(path)


def test_key_id_is_short_and_stable() -> None:
    key = Ed25519PrivateKey.generate()
    assert len(key_id(key.public_key())) == 16
    assert key_id(key.public_key()) == key_id(key.public_key())
    assert key_id(key.public_key()) != key_id(Ed25519PrivateKey.generate().public_key())


def test_a_checkpoint_verifies_with_its_key() -> None:
    key = Ed25519PrivateKey.generate()
    cp = sign_checkpoint(key, 1000, HASH, AT)
    assert (cp.seq, cp.hash, cp.signed_at, cp.key_id) == (1000, HASH, AT, key_id(key.public_key()))
    assert verify_checkpoint(key.public_key(), cp)


@pytest.mark.parametrize(
    "change",
    [{"seq": 1001}, {"hash": "cd" * 32}, {"signature": "00" * 64}, {"signature": "not hex"}],
)
def test_an_altered_checkpoint_does_not_verify(change: dict[str, object]) -> None:
    key = Ed25519PrivateKey.generate()
    cp = dataclasses.replace(sign_checkpoint(key, 1000, HASH, AT), **change)
    assert not verify_checkpoint(key.public_key(), cp)


def test_a_checkpoint_signed_by_another_key_does_not_verify() -> None:
    key, other = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    cp = sign_checkpoint(other, 1000, HASH, AT)
    assert not verify_checkpoint(key.public_key(), cp)
    relabelled = dataclasses.replace(cp, key_id=key_id(key.public_key()))
    assert not verify_checkpoint(key.public_key(), relabelled)
