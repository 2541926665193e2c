"""Reading a centre file: every mistake named with its line, the demo city's file checked."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from tenfour.centre.document import CentreFileError, load_centre
from tenfour.centre.plan import config_entries
from tenfour.sim.roster import demo_centre

GOOD = """\
version: 1
agencies:
  - id: NPD
    name: North Police
    kind: police
  - id: NFD
    name: North Fire
    kind: fire
    dispatch_centre: NPD
stations:
  - {id: F1, name: Station 1, kind: fire, agency: NFD, lat: 60.1, lon: 24.9}
units:
  - {id: E1, agency: NFD, type: engine, capabilities: [EMT], station: F1}
"""


def mistakes(text: str) -> list[tuple[int | None, str, str]]:
    with pytest.raises(CentreFileError) as caught:
        load_centre(text, "c.yaml")
    return [(p.line, p.path, p.message) for p in caught.value.problems]


def test_a_good_file_reads() -> None:
    loaded = load_centre(GOOD)
    assert [a.id for a in loaded.centre.agencies or []] == ["NPD", "NFD"]
    assert loaded.centre.units is not None and loaded.centre.units[0].capabilities == ["EMT"]


def test_a_misspelt_key_is_named_at_its_line() -> None:
    text = GOOD.replace("    kind: fire\n", "    knd: fire\n")
    found = mistakes(text)
    assert (8, "agencies[1].knd", "unknown key (a misspelling?)") in found
    assert (6, "agencies[1].kind", "Field required") in found


def test_a_bad_value_in_a_flow_list_is_named_at_its_line() -> None:
    text = GOOD.replace("capabilities: [EMT]", "capabilities: [EMT, 7]").replace(
        "lat: 60.1", "lat: 91"
    )
    lines = {(line, path) for line, path, _ in mistakes(text)}
    assert lines == {(11, "stations[0].lat"), (13, "units[0].capabilities[1]")}


def test_references_to_nothing_are_named() -> None:
    text = GOOD.replace("agency: NFD, type", "agency: XFD, type").replace(
        "dispatch_centre: NPD", "dispatch_centre: SPD"
    )
    found = mistakes(text)
    assert (9, "agencies[1].dispatch_centre", "no agency 'SPD' in the file or the journal") in found
    assert (13, "units[0].agency", "no agency 'XFD' in the file or the journal") in found


def test_references_to_the_journal_are_allowed() -> None:
    text = GOOD.replace("agency: NFD, type", "agency: OLD, type")
    assert load_centre(text, agencies=["OLD"]).centre.units is not None


def test_repeated_keys_and_ids_are_mistakes() -> None:
    text = (
        GOOD
        + "units:\n  - {id: E1, agency: NFD, type: engine, station: F1}\n"
        + ("  - {id: E1, agency: NFD, type: engine, station: F1}\n")
    )
    found = mistakes(text)
    assert (14, "units", "key given twice") in found


def test_a_listed_twice_unit_is_named() -> None:
    text = GOOD + "  - {id: E1, agency: NFD, type: ladder, station: F1}\n"
    assert mistakes(text) == [(14, "units[1].id", "E1 is listed twice")]


def test_a_unit_needs_a_place() -> None:
    text = GOOD.replace(", station: F1}", "}")
    assert mistakes(text) == [(13, "units[0]", "a unit needs a station or lat and lon")]


def test_not_yaml_and_not_a_mapping() -> None:
    assert mistakes("agencies:\n  - id: [\n")[0][0] == 3
    assert mistakes("- just\n- a list\n") == [
        (1, "", "a centre file is a mapping (agencies:, units: ...)")
    ]


def test_run_card_slots_name_known_unit_types() -> None:
    text = (
        GOOD
        + "unit_types: {engine: fire}\nrun_cards:\n  fire:\n    slots:\n"
        + ("      - {label: truck, unit_type: truck}\n")
    )
    assert mistakes(text) == [
        (18, "run_cards.fire.slots[0].unit_type", "unit type 'truck' not in unit_types")
    ]


def test_the_demo_city_is_a_centre_file_matching_the_packaged_defaults() -> None:
    centre = demo_centre().centre
    assert len(centre.units or []) == 40
    data = resources.files("tenfour") / "data"
    cards = json.loads((data / "runcards.json").read_text("utf-8"))
    entries = config_entries(centre)
    assert {k: v["slots"] for k, v in (entries["run_card"] or {}).items()} == {
        k: v["slots"] for k, v in cards["cards"].items()
    }
    types = json.loads((data / "incident_types.json").read_text("utf-8"))["types"]
    assert set(entries["incident_type"] or {}) == {t["code"] for t in types}
