"""The controlled vocabulary of incident types: one list for the console, simulator and public."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

from tenfour.incident_types import VocabularyError, load_vocabulary, parse_vocabulary
from tenfour.sim.calltypes import CALL_TYPES

NEVER_PUBLIC = [
    "sex_assault", "sexual_assault", "rape", "rape_report", "dv", "domestic", "domestic_violence",
    "child_abuse", "child_abuse_report", "officer_involved_shooting", "suicide_threat", "suicide",
    "suicide_attempt", "overdose", "mental_health", "missing_person", "welfare_check", "other",
]  # fmt: skip


def _data(name: str) -> dict[str, object]:
    text = (resources.files("tenfour") / "data" / name).read_text("utf-8")
    found: dict[str, object] = json.loads(text)
    return found


def test_sensitive_types_are_not_on_the_allow_list() -> None:
    allowed = load_vocabulary().public_labels()
    assert allowed and not set(NEVER_PUBLIC) & set(allowed)
    for label in allowed.values():
        assert not any(word in label.lower() for word in ("sex", "rape", "suicide", "abuse"))


def test_the_eido_codes_agree_with_the_eido_mappings() -> None:
    export = _data("eido_mappings.json")["incident_types"]["export"]  # type: ignore[index]
    types = load_vocabulary().types
    assert set(export) <= set(types)
    assert {code: types[code].eido for code in export} == export


def test_the_simulator_and_the_run_cards_use_codes_of_the_vocabulary() -> None:
    types = load_vocabulary().types
    assert {t.type_code for t in CALL_TYPES} <= set(types)
    cards = _data("runcards.json")["cards"]
    assert isinstance(cards, dict)
    named = {k for k in cards if not k.startswith(("default_", "police_priority"))}
    assert named <= set(types)


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ('{"types": [{"code": "fire", "label": "F", "discipline": "fire"}]}', "default_priority"),
        ('{"types": [{"code": "\\u0441rowd", "label": "C", "discipline": "police", '
         '"default_priority": 2}]}', "bad code"),
        ('{"types": [{"code": "a", "label": "A", "discipline": "police", "default_priority": 2},'
         ' {"code": "a", "label": "A", "discipline": "police", "default_priority": 2}]}', "twice"),
        ('{"types": NaN}', "NaN"),
    ],
)  # fmt: skip
def test_a_bad_vocabulary_is_refused_with_the_reason(text: str, why: str) -> None:
    with pytest.raises(VocabularyError, match=why):
        parse_vocabulary(text)


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(VocabularyError, match="cannot read"):
        load_vocabulary(tmp_path / "none.json")
