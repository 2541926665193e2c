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
class EtaRule:
    """A unit en route with the drive time it was dispatched with is timed against that ETA:
    amber ``warn_over_s`` after it, red once late by the larger of ``late_over_s`` and
    ``late_share`` of the ETA more."""

    warn_over_s: float = 0.0
    late_over_s: float = 60.0
    late_share: float = 0.5
    why: str = "en route past its ETA"

    def thresholds(self, eta_s: float) -> Thresholds:
        """The thresholds for a unit sent with an ETA of ``eta_s`` seconds."""
        warn = eta_s + self.warn_over_s
        return Thresholds(warn, warn + max(self.late_over_s, eta_s * self.late_share), self.why)


@dataclass(frozen=True, slots=True)
class TimerPolicy:
    """One agency's timers: unit statuses, pending incidents by priority, open incidents, and
    the rule for a unit en route with an ETA (None: the en route status timer alone)."""

    units: Mapping[str, Thresholds]
    pending: Mapping[int, Thresholds]
    incidents: Mapping[str, Thresholds]
    eta: EtaRule | None = None

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
    eta = base.eta if base else None
    if "eta" in raw:
        eta = None if raw["eta"] is None else _eta_rule(f"{where}.eta", raw["eta"])
    return TimerPolicy(units, pending, incidents, eta)


def _eta_rule(where: str, raw: Any) -> EtaRule:
    if not isinstance(raw, Mapping):
        raise TimerConfigError(
            f"{where}: expected an object with warn_over_s, late_over_s, late_share"
        )
    unknown = set(raw) - {"warn_over_s", "late_over_s", "late_share", "why"}
    if unknown:
        raise TimerConfigError(f"{where}: unknown {', '.join(sorted(unknown))}")
    default = EtaRule()
    given = {
        k: raw.get(k, getattr(default, k)) for k in ("warn_over_s", "late_over_s", "late_share")
    }
    for name, value in given.items():
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 86400:
            raise TimerConfigError(f"{where}.{name}: need a number of seconds (or a share) >= 0")
    if given["late_over_s"] <= 0 and given["late_share"] <= 0:
        raise TimerConfigError(f"{where}: late_over_s or late_share must be above 0")
    why = raw.get("why", default.why)
    if not isinstance(why, str):
        raise TimerConfigError(f"{where}: why must be text")
    return EtaRule(
        float(given["warn_over_s"]), float(given["late_over_s"]), float(given["late_share"]), why
    )


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
    return TimerPolicy(
        units=units, pending=policy.pending, incidents=policy.incidents, eta=policy.eta
    )
