"""The audio store: each recording's original bytes, by their SHA-256, beside the database.

Content-addressed and write-once: ``put`` writes to a temporary file in the same directory,
flushes it to disk and renames it into place (``ab/cd/abcd...``), so a reader never sees half a
file and the same bytes are stored once. The journal holds the SHA-256 (``TransmissionRecorded``),
so ``verify`` tells whether the file is still what was recorded.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import tempfile
from pathlib import Path

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_CHUNK = 1 << 20
_SEEN_MAX = 50_000


def sha256_of(data: bytes) -> str:
    """The SHA-256 (hex) of ``data``."""
    return hashlib.sha256(data).hexdigest()


class AudioStore:
    """Original audio files by SHA-256 under ``root`` (created on first write)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        # (sha256, size, mtime_ns, inode) -> digest: a timeline shown again does not rehash
        # files that did not change (the audit, a process of its own, always rehashes)
        self._seen: dict[tuple[str, int, int, int], str] = {}

    def path(self, sha256: str) -> Path:
        """Where the bytes of ``sha256`` are (or would be) kept: ``root/ab/cd/<sha256>``."""
        if not _SHA256.match(sha256):
            raise ValueError(f"not a SHA-256 in hex: {sha256!r}")
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def put(self, data: bytes) -> str:
        """Keep ``data`` (once) and return its SHA-256."""
        digest = sha256_of(data)
        target = self.path(digest)
        if target.exists():
            return digest
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".incoming-", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(tmp, 0o444)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return digest

    def has(self, sha256: str) -> bool:
        """Whether a file is kept under ``sha256`` (whatever it now holds)."""
        return self.path(sha256).is_file()

    def read(self, sha256: str) -> bytes:
        """The kept bytes (FileNotFoundError when missing)."""
        return self.path(sha256).read_bytes()

    def digest(self, sha256: str) -> str | None:
        """The SHA-256 of what the file under ``sha256`` holds now, or None when it is missing."""
        target = self.path(sha256)
        try:
            st = target.stat()
        except FileNotFoundError:
            return None
        if not stat.S_ISREG(st.st_mode):
            return None
        key = (sha256, st.st_size, st.st_mtime_ns, st.st_ino)
        found = self._seen.get(key)
        if found is None:
            hasher = hashlib.sha256()
            with target.open("rb") as stream:
                while chunk := stream.read(_CHUNK):
                    hasher.update(chunk)
            found = hasher.hexdigest()
            if len(self._seen) >= _SEEN_MAX:
                self._seen.clear()
            self._seen[key] = found
        return found

    def verify(self, sha256: str) -> bool:
        """Whether the file is present and still holds exactly the bytes recorded."""
        return self.digest(sha256) == sha256
