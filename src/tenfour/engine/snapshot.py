"""The live state as JSON, so start-up replays only the journal's tail.

The engine takes a snapshot on its event loop (the state must not change while it is written
out), so the encoding is orjson's: about a tenth of the time of walking the dataclasses into the
``json`` module, which stopped every request for a quarter of a second on a large state. The text
is the same JSON either way.

The text is stored packed (``pack``: zlib, then base64 to fit the text column, behind a
``zlib:`` prefix), which a journal thread does after the writer has moved on: a state of ten
megabytes becomes about one, so its write holds the database for milliseconds, not a tenth of a
second. ``load_state`` reads packed and plain snapshots alike.
"""

from __future__ import annotations

import base64
import zlib
from collections import deque
from typing import Any

import orjson

from tenfour.domain.codec import from_data
from tenfour.domain.state import DispatchState

SNAPSHOT_FORMAT = 4  # 4: an assignment's dispatched ETA; 3: retention, ended times (older: replay)
PACKED = "zlib:"


def dump_state(state: DispatchState) -> str:
    """Serialise the state with a format number."""
    document = {"format": SNAPSHOT_FORMAT, "state": state}
    return orjson.dumps(document, default=_plain, option=orjson.OPT_NON_STR_KEYS).decode()


def pack(text: str) -> str:
    """The snapshot text as stored: compressed, in base64, after the ``zlib:`` prefix."""
    return PACKED + base64.b64encode(zlib.compress(text.encode(), 1)).decode("ascii")


def load_state(text: str) -> DispatchState | None:
    """Rebuild the state, or None when the snapshot is of another format (replay instead)."""
    if text.startswith(PACKED):
        text = zlib.decompress(base64.b64decode(text[len(PACKED) :])).decode()
    data = orjson.loads(text)
    if data.get("format") != SNAPSHOT_FORMAT:
        return None
    return from_data(DispatchState, data["state"])


def _plain(value: Any) -> Any:
    if isinstance(value, set | frozenset | deque):
        return list(value)
    raise TypeError(f"a {type(value).__name__} in the state cannot be snapshotted")
