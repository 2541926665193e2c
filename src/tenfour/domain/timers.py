"""Status timers: when a unit's or an incident's time in its state deserves attention.

An agency's configuration says, per unit status and per incident state, after how many seconds
a timer turns amber (``warn_s``) and red (``late_s``); a status with no entry never alarms (a unit
that is simply available, or out of service). Pending incidents are timed against their
priority's target. This module only validates and resolves the configuration (pure); reading
the file is ``tenfour.status_timers``'s, and consoles only compare the clock with the result.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from tenfour.domain.statuses import IncidentStatus, UnitStatus

DEFAULT = "*"
K = TypeVar("K", str, int)


class TimerConfigError(ValueError):
    """The timer configuration says something impossible."""


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Amber after ``warn_s`` seconds, red after ``late_s``."""

    warn_s: float
    late_s: float
    why: str = ""


@dataclass(frozen=True, slots=True)
class TimerPolicy:
    """One agency's timers: unit statuses, pending incidents by priority, open incidents."""

    units: Mapping[str, Thresholds]
    pending: Mapping[int, Thresholds]
    incidents: Mapping[str, Thresholds]

    def unit(self, status: str) -> Thresholds | None:
        """The thresholds for a unit in ``status``, or None (never alarms)."""
        return self.units.get(status)

    def incident(self, status: str, priority: int) -> Thresholds | None:
        """The thresholds for an open incident: its priority's target while pending."""
        if status == IncidentStatus.PENDING.value:
            return self.pending.get(priority)
        return self.incidents.get(status)


def _thresholds(where: str, raw: Any) -> Thresholds:
    if not isinstance(raw, Mapping):
        raise TimerConfigError(f"{where}: expected an object with warn_s and late_s")
    warn, late = raw.get("warn_s"), raw.get("late_s")
    ok = all(isinstance(v, int | float) and not isinstance(v, bool) for v in (warn, late))
    if not ok or not 0 < warn <= late:  # type: ignore[operator]
        raise TimerConfigError(f"{where}: need 0 < warn_s <= late_s (seconds), got {warn}, {late}")
    why = raw.get("why", "")
    if not isinstance(why, str):
        raise TimerConfigError(f"{where}: why must be text")
    return Thresholds(float(warn), float(late), why)  # type: ignore[arg-type]


def _section(
    where: str, raw: Any, base: Mapping[K, Thresholds], key: Callable[[str], K | None], what: str
) -> dict[K, Thresholds]:
    """One section (units, pending, incidents) over ``base``: ``key`` names an entry (None: not
    one this section knows, refused as ``what``); a null entry turns its timer off."""
    out = dict(base)
    if not isinstance(raw, Mapping):
        raise TimerConfigError(f"{where}: expected an object")
    for name, value in raw.items():
        k = key(str(name))
        if k is None:
            raise TimerConfigError(f"{where}: {what}, got {name!r}")
        if value is None:
            out.pop(k, None)
        else:
            out[k] = _thresholds(f"{where}.{name}", value)
    return out


_UNIT_NAMES = frozenset(s.value for s in UnitStatus)
_OPEN_NAMES = frozenset(s.value for s in IncidentStatus) - {"pending", "closed"}


def parse_policy(where: str, raw: Any, base: TimerPolicy | None = None) -> TimerPolicy:
    """A policy from its configuration; entries absent fall back to ``base``. A status given
    as null turns its timer off."""
    if not isinstance(raw, Mapping):
        raise TimerConfigError(f"{where}: expected an object")
    units = _section(
        f"{where}.units", raw.get("units") or {}, base.units if base else {},
        lambda n: n if n in _UNIT_NAMES else None, "unknown unit status",
    )  # fmt: skip
    pending = _section(
        f"{where}.pending", raw.get("pending") or {}, base.pending if base else {},
        lambda n: int(n) if n.isdigit() else None, "priorities are numbers",
    )  # fmt: skip
    incidents = _section(
        f"{where}.incidents", raw.get("incidents") or {}, base.incidents if base else {},
        lambda n: n if n in _OPEN_NAMES else None, "unknown open incident status",
    )  # fmt: skip
    return TimerPolicy(units, pending, incidents)


def parse_policies(raw: Any) -> dict[str, TimerPolicy]:
    """Every agency's policy: ``default`` for all, ``agencies`` overriding it per agency."""
    if not isinstance(raw, Mapping) or "default" not in raw:
        raise TimerConfigError("the timer configuration needs a 'default' policy")
    base = parse_policy("default", raw["default"])
    out = {DEFAULT: base}
    agencies = raw.get("agencies") or {}
    if not isinstance(agencies, Mapping):
        raise TimerConfigError("agencies: expected an object of agency -> policy")
    for agency, value in agencies.items():
        out[str(agency)] = parse_policy(f"agencies.{agency}", value, base)
    return out


def policy_for(policies: Mapping[str, TimerPolicy], agency: str) -> TimerPolicy:
    """The agency's policy, or the default one."""
    return policies.get(agency) or policies[DEFAULT]


def with_centre_timers(policy: TimerPolicy, centre: Mapping[str, Mapping[str, Any]]) -> TimerPolicy:
    """``policy`` with the centre file's unit timers in force (``status_timers`` in minutes).

    The centre's number is when the console turns red (``late_s``); amber comes at the same
    share of it as in ``policy`` (half, for a unit dispatched but not en route), so one number per
    status keeps the packaged shape."""
    if not centre:
        return policy
    units = dict(policy.units)
    for status, entry in centre.items():
        late = float(entry["minutes"]) * 60
        base = policy.units.get(status)
        share = base.warn_s / base.late_s if base is not None else 0.75
        why = base.why if base is not None else f"{status} longer than the centre allows"
        units[status] = Thresholds(warn_s=round(late * share, 1), late_s=late, why=why)
    return TimerPolicy(units=units, pending=policy.pending, incidents=policy.incidents)
