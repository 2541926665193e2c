"""The EIDO schema loads from the package, with its known quirks mended."""

from __future__ import annotations

from importlib import resources

from tenfour.interop import eido_schema

PROLOGUE = {
    "$id": "x",
    "lastUpdateTimeStamp": "2026-11-25T14:00:00.000Z",
    "updatedByAgencyReference": {"$ref": "a"},
}


def _doc(**members: object) -> dict[str, object]:
    agency = {
        **PROLOGUE,
        "$id": "a",
        "agencyRoleDescriptionRegistryText": ["Dispatching"],
        "agencyType": ["police"],
    }
    return {
        **PROLOGUE,
        "eidoVersion": "1.0",
        "issuingElementIdentification": "e",
        "agencyComponent": [agency],
        **members,
    }


def test_schema_files_ship_inside_the_package_with_the_notice() -> None:
    root = resources.files("tenfour.interop") / "schemas"
    assert (root / "eido" / "openapi.yaml").is_file()
    assert (root / "eido" / "NIEMComponents" / "j.yaml").is_file()
    assert (root / "cap" / "CAP-v1.2.xsd").is_file()
    assert "NENA" in (root / "NOTICE.md").read_text()


def test_a_minimal_document_validates() -> None:
    assert eido_schema.problems(_doc()) == []


def test_min_items_written_1_comma_is_read_as_1() -> None:
    agent = {**PROLOGUE, "$id": "g", "agentRoleRegistryText": [], "agencyReference": {"$ref": "a"}}
    problems = eido_schema.problems(_doc(agentComponent=[agent]))
    assert [p.pointer for p in problems] == ["/agentComponent/0/agentRoleRegistryText"]


def test_the_double_slash_reference_to_j_yaml_resolves() -> None:
    vehicle = {
        **PROLOGUE,
        "$id": "v",
        "vehicleRelationshipType": ["InvolvedVehicle"],
        "vehicleRelationshipTimeStamp": "2026-11-25T14:00:00Z",
        "jCommercialVehicleComponent": {"notAMember": 1},
    }
    doc = _doc(vehicleComponent=[vehicle])
    assert eido_schema.problems(doc) == []
    assert eido_schema.unknown_members(doc) == {
        "/vehicleComponent/0/jCommercialVehicleComponent/notAMember": 1
    }


def test_date_times_are_checked() -> None:
    problems = eido_schema.problems({**_doc(), "lastUpdateTimeStamp": "yesterday"})
    assert str(problems[0]) == "/lastUpdateTimeStamp: 'yesterday' is not a 'date-time'"


def test_misspelled_members_pass_the_schema_but_not_tenfour() -> None:
    doc = _doc(alarmsSensorComponent=[{"x": 1}])  # the standard's text spells it this way
    assert eido_schema.problems(doc) == []
    assert eido_schema.unknown_members(doc) == {"/alarmsSensorComponent": [{"x": 1}]}
