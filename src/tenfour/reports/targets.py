"""Response-time targets (NENA, NFPA) read from a data file, so a centre can set its own.

The default file is ``tenfour/data/response_targets.json``, transcribed from
shared/standards/response-times.md; each target names its standard, the edition assumed and how
sure the transcription is. ``unit_services`` maps unit types to fire / ems / police, because
turnout and travel targets differ by service.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from tenfour.reports.intervals import INCIDENT_INTERVALS


class TargetsError(ValueError):
    """The targets file cannot be read or does not say what it must."""


@dataclass(frozen=True, slots=True)
class Target:
    """``percentile`` % of ``interval`` within ``seconds``, per ``standard`` (``edition``)."""

    id: str
    standard: str
    edition: str
    interval: str
    percentile: float
    seconds: float
    confidence: str
    primary: bool = True
    services: tuple[str, ...] = ()
    note: str = ""

    @property
    def label(self) -> str:
        """``"90% <= 15 s (NENA-STA-020.1-2020, 2020 ed.)"``."""
        return f"{self.percentile:g}% <= {self.seconds:g} s ({self.standard}, {self.edition} ed.)"


@dataclass(frozen=True, slots=True)
class Targets:
    """All targets, the editions assumed, and the unit-type to service map."""

    targets: tuple[Target, ...]
    assumed: str
    unit_services: dict[str, str]
    source: str

    def for_interval(self, interval: str) -> list[Target]:
        """The targets set on one interval."""
        return [t for t in self.targets if t.interval == interval]

    def service_of(self, unit_type: str) -> str:
        """fire, ems, police, or ``other`` for an unknown unit type."""
        return self.unit_services.get(unit_type, "other")


def load_targets(path: Path | None = None) -> Targets:
    """Read targets from ``path`` (default: the packaged file); ``TargetsError`` if unusable."""
    try:
        if path is None:
            text = resources.files("tenfour").joinpath("data/response_targets.json").read_text()
        else:
            text = path.read_text(encoding="utf-8")
        data = json.loads(text)
        return _targets(data, str(path or "tenfour/data/response_targets.json"))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise TargetsError(f"cannot read response-time targets from {path}: {exc}") from None


def _targets(data: dict[str, Any], source: str) -> Targets:
    items = tuple(_target(item) for item in data["targets"])
    return Targets(items, str(data.get("assumed", "")), dict(data.get("unit_services", {})), source)


def _target(item: dict[str, Any]) -> Target:
    interval = str(item["interval"])
    if interval not in INCIDENT_INTERVALS:
        raise ValueError(f"unknown interval {interval!r} in target {item.get('id')!r}")
    percentile, seconds = float(item["percentile"]), float(item["seconds"])
    if not 0 < percentile <= 100 or seconds <= 0:
        raise ValueError(f"target {item.get('id')!r} needs 0 < percentile <= 100, seconds > 0")
    return Target(
        id=str(item["id"]),
        standard=str(item["standard"]),
        edition=str(item.get("edition", "unspecified")),
        interval=interval,
        percentile=percentile,
        seconds=seconds,
        confidence=str(item.get("confidence", "unknown")),
        primary=bool(item.get("primary", True)),
        services=tuple(str(s) for s in item.get("services", ())),
        note=str(item.get("note", "")),
    )
