"""The agencies' status timers, read from ``tenfour/data/status_timers.json`` (or a given file).

What the timers mean and how an agency's entries override the default is the domain's
(``tenfour.domain.timers``); this module only reads the file.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from tenfour.domain.timers import TimerConfigError, TimerPolicy, parse_policies
from tenfour.strict_json import loads


def read_policies(path: Path | None = None) -> dict[str, TimerPolicy]:
    """Every agency's timer policy from ``path`` (default: the packaged file)."""
    try:
        if path is None:
            text = resources.files("tenfour").joinpath("data/status_timers.json").read_text()
        else:
            text = path.read_text(encoding="utf-8")
        raw = loads(text)
    except (OSError, ValueError) as err:
        raise TimerConfigError(f"cannot read the status timers: {err}") from err
    return parse_policies(raw)


@cache
def packaged_policies() -> dict[str, TimerPolicy]:
    """The packaged timer policies (read once)."""
    return read_policies()
