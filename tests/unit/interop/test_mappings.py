"""The mapping tables cover tenfour's codes and name only values the registries define."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from tenfour.domain.actors import Role
from tenfour.domain.statuses import IncidentStatus, UnitStatus
from tenfour.interop import mappings as m

TYPES = m.mappings()["incident_types"]["registry"]
STATUSES = m.mappings()["incident_statuses"]["registry"]


def _runcard_types() -> set[str]:
    cards = json.loads((resources.files("tenfour") / "data" / "runcards.json").read_text())
    fallbacks = {name for name in cards["cards"] if name.startswith("default_")}  # per discipline
    return set(cards["cards"]) - set(cards["priority_cards"].values()) - fallbacks


def _unit_types() -> set[str]:
    cards = json.loads((resources.files("tenfour") / "data" / "runcards.json").read_text())
    return set(cards["unit_types"])


def test_every_tenfour_incident_type_maps_to_a_registry_type() -> None:
    table = m.mappings()["incident_types"]["export"]
    assert _runcard_types() <= set(table)
    assert set(table.values()) <= m.registry_values(TYPES)


def test_every_registry_incident_type_imports_to_a_tenfour_type() -> None:
    local = set(m.mappings()["incident_types"]["export"])
    for code in m.registry_values(TYPES):
        assert m.incident_type_in(code) in local
    assert set(m.mappings()["incident_types"]["import"]) <= m.registry_values(TYPES)


def test_export_then_import_gives_the_same_type() -> None:
    for local in m.mappings()["incident_types"]["export"]:
        assert m.incident_type_in(m.incident_type_out(local)) == local


# Local only: the registry has no "units released, awaiting disposition"; a partner sees Active.
LOCAL_ONLY = {IncidentStatus.CLEARED: ["Active"]}


@pytest.mark.parametrize("status", list(IncidentStatus))
def test_every_incident_status_maps_both_ways(status: IncidentStatus) -> None:
    codes = m.incident_status_out(status.value)
    assert set(codes) <= m.registry_values(STATUSES)
    if status in LOCAL_ONLY:
        assert codes == LOCAL_ONLY[status]
        return
    assert m.mappings()["incident_statuses"]["import"][codes[-1]] == status.value


def test_every_registry_incident_status_imports() -> None:
    table = m.mappings()["incident_statuses"]["import"]
    assert set(table) == m.registry_values(STATUSES)
    assert set(table.values()) <= {s.value for s in IncidentStatus}


@pytest.mark.parametrize("status", [*(s.value for s in UnitStatus), "cleared"])
def test_every_unit_status_maps_both_ways(status: str) -> None:
    primary, secondary = m.unit_status_out(status)
    assert primary in m.registry_values("Primary Unit Status-Common Registry")
    assert set(secondary) <= m.registry_values("Secondary Unit Status-Common Registry")
    assert m.unit_status_in(secondary) == status


def test_imported_unit_statuses_are_registry_values_and_tenfour_statuses() -> None:
    table = m.mappings()["unit_statuses"]["import"]
    assert set(table) <= m.registry_values("Secondary Unit Status-Common Registry")
    assert set(table.values()) <= {s.value for s in UnitStatus} | {"cleared"}


def test_dispositions_cover_every_defined_registry_code_both_ways() -> None:
    table = m.mappings()["dispositions"]["export"]
    defined = m.registry_values("Common Disposition Codes Registry")
    assert set(table.values()) == defined  # every code 01-45, none of the RESERVED ones
    for local, code in table.items():
        assert m.disposition_in(code) == local
        assert m.disposition_out(local) == code
    assert m.disposition_out("Report Taken") == "01"
    assert m.disposition_out("anything else") == m.mappings()["dispositions"]["export_default"]


def test_unit_types_and_capabilities_name_registry_values() -> None:
    assert _unit_types() <= set(m.mappings()["unit_types"]["export"])
    assert set(m.mappings()["unit_types"]["export"].values()) <= m.registry_values(
        "Emergency Resource Type-Common Registry"
    )
    assert set(m.mappings()["capabilities"]["export"].values()) <= m.registry_values(
        "Resource Attribute Registry"
    )


def test_every_role_has_an_agent_role() -> None:
    assert {r.value for r in Role} <= set(m.mappings()["roles"]["export"])


@pytest.mark.parametrize(
    ("topic", "registry"),
    [
        ("person_roles", "Person Role Registry"),
        ("vehicle_relationships", "Vehicle Relationship Type Registry"),
        ("location_types", "Location Type Registry"),
    ],
)
def test_small_tables_name_registry_values(topic: str, registry: str) -> None:
    assert set(m.mappings()[topic]["export"].values()) <= m.registry_values(registry)


def test_agency_kinds_round_trip() -> None:
    for kind, iana in m.mappings()["agency_kinds"]["export"].items():
        assert m.agency_kind_in(iana) == kind
