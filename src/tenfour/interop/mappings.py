"""tenfour's codes and the EIDO registries, read from data files (never written in code).

``data/eido_registries_STA-021.1b.json`` holds the standard's registries verbatim;
``data/eido_mappings.json`` says which tenfour code goes with which registry value.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

REGISTRIES_FILE = "eido_registries_STA-021.1b.json"
MAPPINGS_FILE = "eido_mappings.json"


def _data(name: str) -> Any:
    return json.loads((resources.files("tenfour") / "data" / name).read_text("utf-8"))


@cache
def registries() -> dict[str, list[dict[str, str]]]:
    """The standard's registries: name -> entries (value, description, reference)."""
    found: dict[str, list[dict[str, str]]] = _data(REGISTRIES_FILE)["registries"]
    return found


@cache
def registry_values(name: str) -> frozenset[str]:
    """The values a registry defines (RESERVED placeholders excluded)."""
    return frozenset(e["value"] for e in registries()[name] if e["description"] != "RESERVED")


@cache
def registry_description(name: str, value: str) -> str:
    """What a registry value means, or '' when the registry does not define it."""
    return next((e["description"] for e in registries()[name] if e["value"] == value), "")


@cache
def mappings() -> dict[str, Any]:
    """The mapping tables, by topic."""
    found: dict[str, Any] = _data(MAPPINGS_FILE)
    return found


def _table(topic: str, way: str) -> dict[str, Any]:
    table: dict[str, Any] = mappings()[topic].get(way, {})
    return table


def incident_type_out(type_code: str) -> str:
    """The registry's incident type for a tenfour type (``other``'s when unmapped)."""
    table = _table("incident_types", "export")
    return str(table.get(type_code, table["other"]))


def incident_type_in(code: str) -> str:
    """The tenfour type for a registry incident type."""
    return str(
        _table("incident_types", "import").get(code, mappings()["incident_types"]["import_default"])
    )


def incident_status_out(status: str) -> list[str]:
    """The registry's incident statuses for a tenfour incident status."""
    return list(_table("incident_statuses", "export")[status])


def disposition_code(local: str) -> str:
    """The tenfour disposition code for a free-text disposition (aliases, then snake case)."""
    key = local.strip().lower()
    aliases: dict[str, str] = mappings()["dispositions"]["aliases"]
    return aliases.get(key, re.sub(r"[^a-z0-9]+", "_", key).strip("_"))


def disposition_out(local: str) -> str:
    """The registry's disposition code for a tenfour disposition."""
    topic = mappings()["dispositions"]
    return str(topic["export"].get(disposition_code(local), topic["export_default"]))


def disposition_in(code: str) -> str:
    """The tenfour disposition for a registry code (first tenfour code that exports to it)."""
    topic = mappings()["dispositions"]
    found = next((k for k, v in topic["export"].items() if v == code), topic["import_default"])
    return str(found)


def unit_status_out(status: str) -> tuple[str, list[str]]:
    """Primary and secondary registry unit statuses for a tenfour unit status."""
    primary, secondary = _table("unit_statuses", "export")[status]
    return str(primary), list(secondary)


def unit_status_in(secondary: list[str]) -> str:
    """The tenfour unit status for a resource's secondary statuses (first one known)."""
    table = _table("unit_statuses", "import")
    known = [table[s] for s in secondary if s in table]
    return str(known[0]) if known else str(mappings()["unit_statuses"]["import_default"])


def unit_type_out(unit_type: str) -> str:
    """The registry's emergency resource type for a tenfour unit type."""
    topic = mappings()["unit_types"]
    return str(topic["export"].get(unit_type, topic["export_default"]))


def capabilities_out(capabilities: tuple[str, ...]) -> list[str]:
    """Registry resource attributes for the capabilities tenfour knows a value for."""
    table = _table("capabilities", "export")
    return sorted({table[c] for c in capabilities if c in table})


def role_out(role: str) -> str:
    """The agent role text for a tenfour role."""
    return str(_table("roles", "export").get(role, "Automaton"))


def agency_kind_out(kind: str) -> str:
    """The IANA responder type for a tenfour agency kind."""
    topic = mappings()["agency_kinds"]
    return str(topic["export"].get(kind, topic["export_default"]))


def agency_kind_in(agency_type: str) -> str:
    """The tenfour agency kind for an IANA responder type."""
    topic = mappings()["agency_kinds"]
    return str(topic["import"].get(agency_type, topic["import_default"]))


def value(topic: str, key: str) -> str:
    """One of the small fixed tables (person roles, vehicle relationships, location types)."""
    return str(_table(topic, "export")[key])
