"""The centre file's schema: what a human-edited ``centre.yaml`` may say, checked field by field.

A centre file describes agencies (with their directive policy and the agency that dispatches
their units), stations, units with their capabilities, unit types, run cards, incident types
with default priority and publishability, status timers, and radio channels, radio ids and
recorders. Every section is optional: a
section the file leaves out is left as it is; a section it has is made exactly so. The JSON
Schema of the file is ``CentreFile.model_json_schema()`` (``tenfour centre schema``).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

Ident = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,39}$")]
Code = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,47}$")]
Discipline = Literal["police", "fire", "ems"]
PolicyRole = Literal[
    "call_taker", "dispatcher", "supervisor", "commander", "unit", "records", "admin",
    "centre_admin", "partner",
]  # fmt: skip
TimedStatus = Literal["dispatched", "enroute", "onscene", "transporting", "atHospital"]
Latitude = Annotated[float, Field(ge=-90, le=90)]
Longitude = Annotated[float, Field(ge=-180, le=180)]


class Strict(BaseModel):
    """No unknown keys: a misspelt key is a mistake, never silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def _default_roles() -> list[PolicyRole]:
    return ["commander", "supervisor"]


class AgencyEntry(Strict):
    """An agency, its directive policy and who dispatches its units."""

    id: Ident
    name: Annotated[str, Field(min_length=1, max_length=200)]
    kind: Annotated[str, Field(min_length=1, max_length=40)]
    directive_roles: Annotated[list[PolicyRole], Field(min_length=1)] = Field(
        default_factory=_default_roles,
        description="roles that may issue directives (stand down, hold ...) for this agency",
    )
    dispatch_centre: Ident | None = Field(
        default=None, description="the agency whose dispatchers dispatch this agency's units"
    )


class StationEntry(Strict):
    """A station units are based at."""

    id: Ident
    name: Annotated[str, Field(min_length=1, max_length=200)]
    kind: Annotated[str, Field(min_length=1, max_length=40)]
    agency: Ident | None = None
    address: Annotated[str, Field(max_length=200)] = ""
    lat: Latitude
    lon: Longitude


class UnitEntry(Strict):
    """A unit: call sign, agency, type, capabilities and home station."""

    id: Ident
    agency: Ident
    type: Annotated[str, Field(min_length=1, max_length=40)]
    capabilities: list[Annotated[str, Field(min_length=1, max_length=40)]] = []
    station: Ident | None = None
    lat: Latitude | None = Field(default=None, description="start position [the station's]")
    lon: Longitude | None = None


class Slot(Strict):
    """One line of a run card."""

    label: Annotated[str, Field(min_length=1, max_length=80)]
    count: Annotated[int, Field(ge=1, le=50)] = 1
    unit_type: str | None = None
    capability: str | None = None
    discipline: Discipline | None = None


class RunCardEntry(Strict):
    """What to send: slots in order, and the ``discipline:priority`` pairs it also serves."""

    slots: Annotated[list[Slot], Field(min_length=1)]
    priorities: list[Annotated[str, Field(pattern=r"^(police|fire|ems):[1-9]$")]] = []


class IncidentTypeEntry(Strict):
    """An incident type of the console's picker; only a publishable one is ever public."""

    label: Annotated[str, Field(min_length=1, max_length=80)]
    discipline: Discipline
    default_priority: Annotated[int, Field(ge=1, le=9)]
    publishable: bool = False
    public_label: Annotated[str, Field(min_length=1, max_length=80)] | None = None
    eido: str | None = None


class RadioChannelEntry(Strict):
    """A radio channel: the agency it belongs to and the talkgroup it is on."""

    id: Ident
    name: Annotated[str, Field(max_length=200)] = ""
    agency: Ident
    system: Annotated[str, Field(max_length=80)] = Field(
        default="", description="the recorder's system (trunk-recorder short name) [any]"
    )
    talkgroup: Annotated[int, Field(ge=0, lt=2**31)]
    dispatch: bool = Field(default=False, description="the agency's dispatch channel")


class RadioShift(Strict):
    """A radio id in a unit, from and until a time (either open)."""

    unit: Ident
    valid_from: str | None = Field(default=None, description="ISO 8601 with zone")
    valid_to: str | None = None


class RadioIdEntry(Strict):
    """A radio id and the unit it is in (``unit``), or its shifts (``assignments``); a radio
    in no unit (a dispatch console, a base station) is named by its ``label``."""

    id: Annotated[int, Field(ge=0, lt=2**63)]
    unit: Ident | None = None
    assignments: list[RadioShift] | None = None
    label: Annotated[str, Field(max_length=200)] = Field(
        default="", description="who keys up on it when it is in no unit (e.g. MPD dispatch)"
    )


class RecorderEntry(Strict):
    """A radio recorder and the SHA-256 of its upload key (``tenfour radio key`` makes one)."""

    id: Ident
    name: Annotated[str, Field(max_length=200)] = ""
    key_sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]


class RadioSection(Strict):
    """Radio on the record: channels, which radio id is in which unit, and the recorders."""

    channels: list[RadioChannelEntry] | None = None
    radios: list[RadioIdEntry] | None = None
    recorders: list[RecorderEntry] | None = None


class CentreFile(Strict):
    """A whole centre."""

    version: Literal[1] = 1
    agencies: list[AgencyEntry] | None = None
    stations: list[StationEntry] | None = None
    unit_types: dict[Code, Discipline] | None = Field(
        default=None, description="unit type -> discipline (engine: fire)"
    )
    units: list[UnitEntry] | None = None
    run_cards: dict[Code, RunCardEntry] | None = None
    incident_types: dict[Code, IncidentTypeEntry] | None = None
    status_timers: dict[TimedStatus, Annotated[int, Field(ge=1, le=24 * 60)]] | None = Field(
        default=None,
        description="minutes a unit may stay in a status before the console flags it",
    )
    radio: RadioSection | None = None
