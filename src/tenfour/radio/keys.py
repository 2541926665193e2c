"""Recorders' upload keys: the centre file keeps each key's SHA-256, never the key.

Light on purpose (the CLI imports it): no decoding, no engine.
"""

from __future__ import annotations

import hashlib
import hmac

from tenfour.domain.radio import RECORDERS
from tenfour.domain.state import DispatchState


def key_sha256(key: str) -> str:
    """What the centre file keeps of a recorder's upload key (never the key itself)."""
    return hashlib.sha256(key.encode()).hexdigest()


def recorder_for_key(state: DispatchState, key: str) -> str | None:
    """The recorder whose upload key this is, or None (compared in constant time)."""
    if not key:
        return None
    given = key_sha256(key)
    found = None
    for ident, entry in state.config.get(RECORDERS, {}).items():
        stored = entry.get("key_sha256")
        if isinstance(stored, str) and hmac.compare_digest(stored, given):
            found = ident
    return found
