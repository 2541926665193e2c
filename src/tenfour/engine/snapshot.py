"""The live state as JSON, so start-up replays only the journal's tail."""

from __future__ import annotations

import json

from tenfour.domain.codec import from_data, to_data
from tenfour.domain.state import DispatchState

SNAPSHOT_FORMAT = 1


def dump_state(state: DispatchState) -> str:
    """Serialise the state with a format number."""
    return json.dumps({"format": SNAPSHOT_FORMAT, "state": to_data(state)}, separators=(",", ":"))


def load_state(text: str) -> DispatchState | None:
    """Rebuild the state, or None when the snapshot is of another format (replay instead)."""
    data = json.loads(text)
    if data.get("format") != SNAPSHOT_FORMAT:
        return None
    return from_data(DispatchState, data["state"])
