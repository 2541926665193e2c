"""Reading a centre file: YAML in, a checked :class:`CentreFile` out, every mistake by its line.

The YAML is parsed twice: once into plain data for the schema, once into PyYAML's node tree,
which keeps where each value starts. A schema error's location (``units -> 3 -> type``) is
walked down that tree to the line of the value at fault, so ``tenfour centre plan`` can say
``centre.yaml:41: units[3].type: Field required``. Mistakes the schema cannot see alone (a key
given twice, a unit of an agency nobody defines, a station nobody lists) are found here too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import yaml
from pydantic import ValidationError

from tenfour.centre.schema import CentreFile

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One mistake in the file: where (line, path) and what."""

    line: int | None
    path: str
    message: str

    def render(self, source: str) -> str:
        """``file:line: path: message``."""
        where = f"{source}:{self.line}" if self.line is not None else source
        return f"{where}: {self.path + ': ' if self.path else ''}{self.message}"


class CentreFileError(ValueError):
    """The file has mistakes; ``problems`` lists each with its line."""

    def __init__(self, source: str, problems: Sequence[Problem]) -> None:
        self.source = source
        self.problems = list(problems)
        super().__init__("\n".join(p.render(source) for p in self.problems))


@dataclass(frozen=True)
class Lines:
    """Where each value of the file starts (1-based lines), found by its path."""

    root: yaml.Node | None

    def line_of(self, path: Iterable[str | int]) -> int | None:
        """The line of the deepest node the path reaches."""
        node = self.root
        line = None if node is None else node.start_mark.line + 1
        for part in path:
            node = _child(node, part)
            if node is None:
                break
            line = node.start_mark.line + 1
        return line


def _child(node: yaml.Node | None, part: str | int) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                return value
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        child: yaml.Node = node.value[part]
        return child
    return None


def dotted(path: Iterable[str | int]) -> str:
    """``units[3].type`` for ("units", 3, "type")."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


@dataclass(frozen=True)
class LoadedCentre:
    """A checked centre file and where each of its values stands."""

    centre: CentreFile
    lines: Lines
    source: str

    def problem(self, path: Path_, message: str) -> Problem:
        """A problem at ``path`` (for checks against the journal's state)."""
        return Problem(self.lines.line_of(path), dotted(path), message)


def load_centre(
    text: str,
    source: str = "centre.yaml",
    agencies: Iterable[str] = (),
    stations: Iterable[str] = (),
    units: Iterable[str] = (),
) -> LoadedCentre:
    """Parse and check a centre file; ``CentreFileError`` lists every mistake with its line.

    ``agencies``, ``stations`` and ``units`` are those already recorded, which the file may
    refer to.
    """
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = None if mark is None else mark.line + 1
        raise CentreFileError(source, [Problem(line, "", f"not YAML: {err.problem}")]) from None
    except yaml.YAMLError as err:
        raise CentreFileError(source, [Problem(None, "", f"not YAML: {err}")]) from None
    lines = Lines(root)
    problems = list(_repeated_keys(root, ()))
    if data is None:
        data = {}
    if not isinstance(data, dict):
        problems.append(Problem(1, "", "a centre file is a mapping (agencies:, units: ...)"))
        raise CentreFileError(source, problems)
    try:
        centre = CentreFile.model_validate(data)
    except ValidationError as err:
        problems += [_schema_problem(lines, e) for e in err.errors()]
        raise CentreFileError(source, problems) from None
    loaded = LoadedCentre(centre, lines, source)
    problems += cross_check(loaded, agencies, stations)
    problems += _radio_problems(loaded, agencies, units)
    if problems:
        raise CentreFileError(source, sorted(problems, key=lambda p: (p.line or 0, p.path)))
    return loaded


def _schema_problem(lines: Lines, error: Any) -> Problem:
    path = tuple(p for p in error["loc"] if isinstance(p, str | int))
    message = str(error["msg"])
    if error["type"] == "extra_forbidden":
        message = "unknown key (a misspelling?)"
    return Problem(lines.line_of(path), dotted(path), message)


def _repeated_keys(node: yaml.Node | None, path: Path_) -> Iterable[Problem]:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            name = str(key.value)
            if name in seen:
                yield Problem(key.start_mark.line + 1, dotted((*path, name)), "key given twice")
            seen.add(name)
            yield from _repeated_keys(value, (*path, name))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _repeated_keys(item, (*path, index))


def cross_check(
    loaded: LoadedCentre,
    agencies: Iterable[str] = (),
    stations: Iterable[str] = (),
) -> list[Problem]:
    """References inside the file (and to ``agencies``/``stations`` already recorded)."""
    c = loaded.centre
    problems = _duplicates(loaded, "agencies", [a.id for a in c.agencies or ()])
    problems += _duplicates(loaded, "stations", [s.id for s in c.stations or ()])
    problems += _duplicates(loaded, "units", [u.id for u in c.units or ()])
    known_agencies = {a.id for a in c.agencies or ()} | set(agencies)
    known_stations = {s.id for s in c.stations or ()} | set(stations)
    for i, agency in enumerate(c.agencies or ()):
        if agency.dispatch_centre and agency.dispatch_centre not in known_agencies:
            problems.append(_unknown(loaded, ("agencies", i, "dispatch_centre"), "agency"))
    for i, station in enumerate(c.stations or ()):
        if station.agency and station.agency not in known_agencies:
            problems.append(_unknown(loaded, ("stations", i, "agency"), "agency"))
    for i in range(len(c.units or ())):
        problems += _unit_problems(loaded, i, known_agencies, known_stations)
    problems += _card_problems(loaded)
    return problems


def _unknown(loaded: LoadedCentre, path: Path_, what: str) -> Problem:
    value = _value_at(loaded.centre.model_dump(), path)
    return loaded.problem(path, f"no {what} {value!r} in the file or the journal")


def _value_at(data: Any, path: Path_) -> Any:
    for part in path:
        data = data[part]
    return data


def _duplicates(loaded: LoadedCentre, section: str, ids: list[str]) -> list[Problem]:
    seen: set[str] = set()
    out = []
    for index, ident in enumerate(ids):
        if ident in seen:
            out.append(loaded.problem((section, index, "id"), f"{ident} is listed twice"))
        seen.add(ident)
    return out


def _unit_problems(
    loaded: LoadedCentre, index: int, agencies: set[str], stations: set[str]
) -> list[Problem]:
    unit = (loaded.centre.units or [])[index]
    out = []
    if unit.agency not in agencies:
        out.append(_unknown(loaded, ("units", index, "agency"), "agency"))
    if unit.station is not None and unit.station not in stations:
        out.append(_unknown(loaded, ("units", index, "station"), "station"))
    if (unit.lat is None) != (unit.lon is None):
        out.append(loaded.problem(("units", index), "lat and lon go together"))
    if unit.lat is None and unit.station is None:
        out.append(loaded.problem(("units", index), "a unit needs a station or lat and lon"))
    return out


def _radio_problems(
    loaded: LoadedCentre, agencies: Iterable[str], units: Iterable[str]
) -> list[Problem]:
    """A channel's agency and a radio's units are in the file or the journal; ids once."""
    c = loaded.centre
    radio = c.radio
    if radio is None:
        return []
    known_agencies = {a.id for a in c.agencies or ()} | set(agencies)
    known_units = {u.id for u in c.units or ()} | set(units)
    out: list[Problem] = []
    ids: set[str] = set()
    for i, channel in enumerate(radio.channels or ()):
        if channel.id in ids:
            out.append(
                loaded.problem(("radio", "channels", i, "id"), f"{channel.id} is listed twice")
            )
        ids.add(channel.id)
        if channel.agency not in known_agencies:
            out.append(_unknown(loaded, ("radio", "channels", i, "agency"), "agency"))
    seen: set[int] = set()
    for i, row in enumerate(radio.radios or ()):
        if row.id in seen:
            out.append(loaded.problem(("radio", "radios", i, "id"), f"{row.id} is listed twice"))
        seen.add(row.id)
        if row.unit is not None and row.assignments is not None:
            out.append(loaded.problem(("radio", "radios", i), "give unit or assignments"))
        if row.unit is None and row.assignments is None and not row.label:
            out.append(loaded.problem(("radio", "radios", i), "give unit, assignments or label"))
        named = [row.unit] if row.unit else [s.unit for s in row.assignments or ()]
        for unit in named:
            if unit not in known_units:
                message = f"no unit {unit!r} in the file or the journal"
                out.append(loaded.problem(("radio", "radios", i), message))
    return out


def _card_problems(loaded: LoadedCentre) -> list[Problem]:
    c = loaded.centre
    if c.run_cards is None or c.unit_types is None:
        return []
    out = []
    for name, card in c.run_cards.items():
        for index, slot in enumerate(card.slots):
            if slot.unit_type is not None and slot.unit_type not in c.unit_types:
                path = ("run_cards", name, "slots", index, "unit_type")
                out.append(loaded.problem(path, f"unit type {slot.unit_type!r} not in unit_types"))
    return out
