"""What a centre file would change in the journal's state, as the commands that would change it.

``plan(loaded, state)`` compares the file with the state the journal has built and returns one
:class:`Change` per difference, each carrying the command that makes it so. Applying a plan is
submitting those commands in order; a second plan of the same file is empty, so applying twice
records nothing. Agencies and units are never deleted (the record keeps them): one in the
journal but not in the file is listed as kept. Configuration entries (stations, unit types,
run cards, incident types, status timers, radio channels, radio ids, recorders) of a section
the file has are made exactly so,
entries missing from it withdrawn; a section the file leaves out is left as it is.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from tenfour.centre.document import CentreFileError, LoadedCentre
from tenfour.centre.schema import (
    AgencyEntry,
    CentreFile,
    RadioIdEntry,
    RadioSection,
    RadioShift,
    UnitEntry,
)
from tenfour.domain import commands as c
from tenfour.domain.entities import Agency, Unit
from tenfour.domain.state import DispatchState
from tenfour.domain.timefmt import normalise

Action = Literal["add", "change", "withdraw"]


@dataclass(frozen=True)
class Change:
    """One difference and the command that removes it."""

    action: Action
    what: str
    detail: str
    command: c.Command

    def render(self) -> str:
        """``+ unit E5: engine at S2`` (``+`` add, ``~`` change, ``-`` withdraw)."""
        sign = {"add": "+", "change": "~", "withdraw": "-"}[self.action]
        return f"{sign} {self.what}: {self.detail}" if self.detail else f"{sign} {self.what}"


@dataclass
class Plan:
    """The changes in order, and what the journal has that the file does not mention."""

    changes: list[Change] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """Nothing to do."""
        return not self.changes


def config_entries(centre: CentreFile) -> dict[str, dict[str, dict[str, Any]] | None]:
    """The file's configuration sections as the journal keeps them (None: not in the file)."""
    out: dict[str, dict[str, dict[str, Any]] | None] = {}
    out["station"] = (
        None
        if centre.stations is None
        else {s.id: s.model_dump(mode="json", exclude={"id"}) for s in centre.stations}
    )
    out["unit_type"] = (
        None
        if centre.unit_types is None
        else {k: {"discipline": v} for k, v in centre.unit_types.items()}
    )
    out["run_card"] = (
        None
        if centre.run_cards is None
        else {k: v.model_dump(mode="json", exclude_none=True) for k, v in centre.run_cards.items()}
    )
    out["incident_type"] = (
        None
        if centre.incident_types is None
        else {
            k: v.model_dump(mode="json", exclude_none=True)
            for k, v in centre.incident_types.items()
        }
    )
    out["status_timer"] = (
        None
        if centre.status_timers is None
        else {k: {"minutes": v} for k, v in centre.status_timers.items()}
    )
    out.update(radio_entries(centre.radio or RadioSection()))
    return out


def radio_entries(radio: RadioSection) -> dict[str, dict[str, dict[str, Any]] | None]:
    """The radio sections as the journal keeps them (the domain's one form: ``decide_radio``)."""
    channels, radios, recorders = radio.channels, radio.radios, radio.recorders
    return {
        "radio_channel": None
        if channels is None
        else {ch.id: ch.model_dump(mode="json", exclude={"id"}) for ch in channels},
        "radio_id": None if radios is None else {str(r.id): _shifts(r) for r in radios},
        "recorder": None
        if recorders is None
        else {r.id: {"key_sha256": r.key_sha256, "name": r.name} for r in recorders},
    }


def _shifts(row: RadioIdEntry) -> dict[str, Any]:
    given = row.assignments or ([RadioShift(unit=row.unit)] if row.unit else [])
    out: dict[str, Any] = {
        "assignments": [
            {"unit": s.unit, "valid_from": _moment(s.valid_from), "valid_to": _moment(s.valid_to)}
            for s in given
        ]
    }
    if row.label:
        out["label"] = row.label
    return out


def _moment(value: str | None) -> str | None:
    """A time in the journal's form (the domain refuses one that does not read)."""
    if value is None:
        return None
    try:
        return normalise(value)
    except ValueError:
        return value


SECTION_NAMES = {
    "station": "station",
    "unit_type": "unit type",
    "run_card": "run card",
    "incident_type": "incident type",
    "status_timer": "status timer",
    "radio_channel": "radio channel",
    "radio_id": "radio id",
    "recorder": "recorder",
}
RADIO_SECTIONS = ("radio_channel", "radio_id", "recorder")  # after units: radios name them


def plan(loaded: LoadedCentre, state: DispatchState) -> Plan:
    """Everything the file would change, in an order the engine accepts."""
    centre = loaded.centre
    _refuse_moves(loaded, state)
    result = Plan()
    result.changes += _agencies(centre.agencies or [], state)
    entries = config_entries(centre)
    for section in ("station", "unit_type", "run_card", "incident_type", "status_timer"):
        wanted = entries[section]
        if wanted is not None:
            result.changes += _entries(section, wanted, state.config.get(section, {}))
    result.changes += _units(centre, state)
    for section in RADIO_SECTIONS:
        wanted = entries[section]
        if wanted is not None:
            result.changes += _entries(section, wanted, state.config.get(section, {}))
    result.kept += _kept(centre, state)
    return result


def _refuse_moves(loaded: LoadedCentre, state: DispatchState) -> None:
    problems = [
        loaded.problem(
            ("units", i, "agency"),
            f"unit {row.id} is recorded as {state.units[row.id].agency}'s: a unit never changes "
            "agency (register a new call sign)",
        )
        for i, row in enumerate(loaded.centre.units or [])
        if row.id in state.units and state.units[row.id].agency != row.agency
    ]
    if problems:
        raise CentreFileError(loaded.source, problems)


def _agencies(rows: list[AgencyEntry], state: DispatchState) -> Iterator[Change]:
    pending = [a for a in rows if a.id not in state.agencies]
    done = set(state.agencies)
    while pending:  # an agency's dispatching agency is registered before it
        ready = [
            a for a in pending if a.dispatch_centre in (None, a.id) or a.dispatch_centre in done
        ]
        for agency in ready or pending:
            yield _register_agency(agency)
            done.add(agency.id)
        pending = [a for a in pending if a.id not in done]
    for row in rows:
        recorded = state.agencies.get(row.id)
        if recorded is not None:
            yield from _amend_agency(row, recorded)


def _register_agency(row: AgencyEntry) -> Change:
    by = f", dispatched by {row.dispatch_centre}" if row.dispatch_centre else ""
    return Change(
        "add",
        f"agency {row.id}",
        f"{row.name} ({row.kind}){by}",
        c.RegisterAgency(
            agency=row.id,
            name=row.name,
            kind=row.kind,
            directive_roles=tuple(row.directive_roles),
            dispatch_centre=row.dispatch_centre,
        ),
    )


def _amend_agency(row: AgencyEntry, recorded: Agency) -> Iterator[Change]:
    now = (recorded.name, recorded.kind, recorded.dispatch_centre)
    wanted = (row.name, row.kind, row.dispatch_centre)
    if now != wanted:
        detail = ", ".join(
            f"{n} {a!r} -> {b!r}"
            for n, a, b in zip(("name", "kind", "dispatched by"), now, wanted, strict=True)
            if a != b
        )
        command = c.AmendAgency(
            agency=row.id, name=row.name, kind=row.kind, dispatch_centre=row.dispatch_centre
        )
        yield Change("change", f"agency {row.id}", detail, command)
    roles = tuple(r.value for r in recorded.directive_roles)
    if roles != tuple(row.directive_roles):
        detail = f"directive roles {', '.join(roles)} -> {', '.join(row.directive_roles)}"
        command_ = c.SetDirectivePolicy(agency=row.id, directive_roles=tuple(row.directive_roles))
        yield Change("change", f"agency {row.id}", detail, command_)


def _entries(
    section: str, wanted: dict[str, dict[str, Any]], recorded: dict[str, dict[str, Any]]
) -> Iterator[Change]:
    name = SECTION_NAMES[section]
    for key, value in wanted.items():
        if key not in recorded:
            yield Change("add", f"{name} {key}", _brief(value), _set(section, key, value))
        elif recorded[key] != value:
            yield Change("change", f"{name} {key}", _brief(value), _set(section, key, value))
    for key in recorded:
        if key not in wanted:
            yield Change("withdraw", f"{name} {key}", "", _set(section, key, None))


def _set(section: str, key: str, value: dict[str, Any] | None) -> c.SetCentreEntry:
    return c.SetCentreEntry(section=section, key=key, value=value)


def _brief(value: dict[str, Any]) -> str:
    if "slots" in value:
        return ", ".join(f"{s.get('count', 1)} {s['label']}" for s in value["slots"])
    parts = [f"{k}={v}" for k, v in value.items() if not isinstance(v, list | dict)]
    return ", ".join(parts)[:100]


def _units(centre: CentreFile, state: DispatchState) -> Iterator[Change]:
    positions = _station_positions(centre, state)
    for row in centre.units or []:
        recorded = state.units.get(row.id)
        if recorded is None:
            yield _register_unit(row, positions)
        else:
            yield from _amend_unit(row, recorded)


def _station_positions(centre: CentreFile, state: DispatchState) -> dict[str, tuple[float, float]]:
    out = {
        k: (float(v["lat"]), float(v["lon"])) for k, v in state.config.get("station", {}).items()
    }
    out.update({s.id: (s.lat, s.lon) for s in centre.stations or []})
    return out


def _register_unit(row: UnitEntry, positions: dict[str, tuple[float, float]]) -> Change:
    lat, lon = (
        (row.lat, row.lon)
        if row.lat is not None
        else positions.get(row.station or "", (None, None))
    )
    where = f" at {row.station}" if row.station else ""
    caps = f" [{', '.join(row.capabilities)}]" if row.capabilities else ""
    command = c.RegisterUnit(
        unit=row.id,
        agency=row.agency,
        unit_type=row.type,
        capabilities=tuple(row.capabilities),
        station=row.station,
        lat=lat,
        lon=lon,
    )
    return Change("add", f"unit {row.id}", f"{row.agency} {row.type}{caps}{where}", command)


def _amend_unit(row: UnitEntry, recorded: Unit) -> Iterator[Change]:
    caps = tuple(sorted(set(row.capabilities)))
    now = (recorded.unit_type, tuple(recorded.capabilities), recorded.station)
    if now == (row.type, caps, row.station):
        return
    detail = f"{recorded.unit_type} [{', '.join(recorded.capabilities)}] at {recorded.station}"
    detail += f" -> {row.type} [{', '.join(caps)}] at {row.station}"
    command = c.AmendUnit(unit=row.id, unit_type=row.type, capabilities=caps, station=row.station)
    yield Change("change", f"unit {row.id}", detail, command)


def _kept(centre: CentreFile, state: DispatchState) -> list[str]:
    out = []
    if centre.agencies is not None:
        named = {a.id for a in centre.agencies}
        out += [f"agency {a}" for a in state.agencies if a not in named]
    if centre.units is not None:
        named = {u.id for u in centre.units}
        out += [f"unit {u}" for u in state.units if u not in named]
    return out
