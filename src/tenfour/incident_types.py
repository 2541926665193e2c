"""The controlled vocabulary of incident types, read from ``tenfour/data/incident_types.json``.

One list serves the console's type picker (``GET /api/v1/incident-types``), the simulator and the
public outputs. Only a type marked ``publishable`` ever appears in public, and then under its
``public_label``; a code not in the list (free text, a look-alike letter, a name) never does.
A centre that configures its own types (``incident_types:`` of its centre file) replaces the
packaged list with them (:func:`vocabulary_in_force`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from tenfour.strict_json import loads

DISCIPLINES = ("police", "fire", "ems")
_CODE = re.compile(r"^[a-z][a-z0-9_]{0,47}$")  # plain ASCII: no look-alike letters


class VocabularyError(ValueError):
    """The incident-type file cannot be read or says something impossible."""


@dataclass(frozen=True, slots=True)
class IncidentType:
    """One incident type: how the console names it and whether the public may see it."""

    code: str
    label: str
    discipline: str
    default_priority: int
    publishable: bool
    public_label: str | None = None
    eido: str | None = None


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Every known incident type, by code."""

    types: Mapping[str, IncidentType]

    def get(self, code: str) -> IncidentType | None:
        """The type of exactly this code (no folding of case or look-alike letters)."""
        return self.types.get(code)

    def public_labels(self) -> dict[str, str]:
        """The allow-list: publishable code -> the label the public sees."""
        return {t.code: t.public_label or t.label for t in self.types.values() if t.publishable}


def _type(row: Any) -> IncidentType:
    if not isinstance(row, dict):
        raise VocabularyError("each type is an object")
    found = IncidentType(
        code=str(row["code"]),
        label=str(row["label"]),
        discipline=str(row["discipline"]),
        default_priority=int(row["default_priority"]),
        publishable=row.get("publishable") is True,
        public_label=None if row.get("public_label") is None else str(row["public_label"]),
        eido=None if row.get("eido") is None else str(row["eido"]),
    )
    if not _CODE.match(found.code) or found.discipline not in DISCIPLINES:
        raise VocabularyError(f"type {found.code!r}: bad code or discipline")
    if not 1 <= found.default_priority <= 9:
        raise VocabularyError(f"type {found.code!r}: default_priority must be 1 to 9")
    return found


def parse_vocabulary(text: str) -> Vocabulary:
    """A vocabulary from the file's text; ``VocabularyError`` says what is wrong."""
    try:
        types = [_type(row) for row in loads(text)["types"]]
    except (ValueError, KeyError, TypeError) as exc:
        raise VocabularyError(f"cannot read the incident types: {exc}") from None
    by_code = {t.code: t for t in types}
    if len(by_code) != len(types):
        raise VocabularyError("an incident type code is listed twice")
    return Vocabulary(by_code)


def load_vocabulary(path: Path | None = None) -> Vocabulary:
    """The vocabulary in ``path``, or the packaged one (read once)."""
    if path is None:
        return _packaged()
    try:
        return parse_vocabulary(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise VocabularyError(f"cannot read {path}: {exc}") from None


@cache
def _packaged() -> Vocabulary:
    text = (resources.files("tenfour") / "data" / "incident_types.json").read_text("utf-8")
    return parse_vocabulary(text)


class TypesInForce:
    """The domain's view of the vocabulary in force (``Surroundings.types``): the centre's
    configured codes, else the packaged ones."""

    def codes(self, config: Mapping[str, Mapping[str, Mapping[str, Any]]]) -> Mapping[str, int]:
        """Every known code with its default priority."""
        return _Defaults(vocabulary_in_force(config))


class _Defaults(Mapping[str, int]):
    """A vocabulary seen as code -> default priority (nothing copied per command)."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self._types = vocabulary.types

    def __getitem__(self, code: str) -> int:
        return self._types[code].default_priority

    def __iter__(self) -> Iterator[str]:
        return iter(self._types)

    def __len__(self) -> int:
        return len(self._types)


def vocabulary_in_force(config: Mapping[str, Mapping[str, Mapping[str, Any]]]) -> Vocabulary:
    """The centre's configured incident types (``tenfour centre apply``), else the packaged ones."""
    entries = config.get("incident_type")
    if not entries:
        return _packaged()
    return _configured(tuple((k, tuple(sorted(v.items()))) for k, v in entries.items()))


@cache
def _configured(entries: tuple[tuple[str, tuple[tuple[str, Any], ...]], ...]) -> Vocabulary:
    return Vocabulary({code: _type({"code": code, **dict(row)}) for code, row in entries})
