"""The audio store keeps original bytes by their SHA-256, once, and tells when they changed."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tenfour.radio.store import AudioStore


def test_bytes_are_kept_by_their_sha256_once(tmp_path: Path) -> None:
    store = AudioStore(tmp_path / "audio")
    data = b"RIFF....WAVEfmt " + bytes(range(256))
    digest = store.put(data)
    assert digest == hashlib.sha256(data).hexdigest()
    path = store.path(digest)
    assert path == tmp_path / "audio" / digest[:2] / digest[2:4] / digest
    assert store.read(digest) == data and store.verify(digest)
    assert store.put(data) == digest  # write-once: the same bytes are not written again
    assert [p.name for p in path.parent.iterdir()] == [digest]  # no temporary file left


def test_an_edited_or_missing_file_fails_verification(tmp_path: Path) -> None:
    store = AudioStore(tmp_path)
    digest = store.put(b"original audio")
    path = store.path(digest)
    path.chmod(0o644)
    path.write_bytes(b"edited audio")
    assert not store.verify(digest)
    assert store.digest(digest) == hashlib.sha256(b"edited audio").hexdigest()
    path.unlink()
    assert not store.verify(digest) and store.digest(digest) is None


def test_a_path_is_only_ever_a_sha256(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="SHA-256"):
        AudioStore(tmp_path).path("../../etc/passwd")
