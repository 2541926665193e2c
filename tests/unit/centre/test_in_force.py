"""What the server uses: the centre's configured incident types and run cards, else the packaged."""

from __future__ import annotations

from typing import Any

from tenfour.geo.eta_ranking import load_run_cards, run_cards_in_force
from tenfour.incident_types import load_vocabulary, vocabulary_in_force
from tenfour.reports.public_feed import LiveLabels

FIRE = {"label": "Forest fire", "discipline": "fire", "default_priority": 1, "publishable": True,
        "public_label": "Wildfire"}  # fmt: skip


def test_no_configuration_means_the_packaged_vocabulary() -> None:
    assert vocabulary_in_force({}) is load_vocabulary()


def test_configured_types_replace_the_packaged_ones_and_feed_the_allow_list() -> None:
    config: dict[str, dict[str, dict[str, Any]]] = {}
    labels = LiveLabels(lambda: vocabulary_in_force(config))
    assert labels.get("forest_fire") is None and "structure_fire" in labels
    config["incident_type"] = {"forest_fire": FIRE}
    assert dict(labels) == {"forest_fire": "Wildfire"}
    assert vocabulary_in_force(config).get("structure_fire") is None


def test_configured_run_cards_replace_the_packaged_ones_section_by_section() -> None:
    packaged = load_run_cards()
    assert run_cards_in_force({}, packaged) is packaged
    cards = {"forest_fire": {"slots": [{"label": "tanker", "unit_type": "tanker", "count": 3}],
                             "priorities": ["fire:1"]}}  # fmt: skip
    book = run_cards_in_force({"run_card": cards}, packaged)
    card = book.card_for("forest_fire", 1, "fire")
    assert [(s.label, s.count) for s in card.slots] == [("tanker", 3)]
    assert book.card_for("anything", 1, "fire").name == "forest_fire"  # fire:1
    assert book.unit_disciplines == packaged.unit_disciplines  # unit types not configured
    types = run_cards_in_force({"unit_type": {"boat": {"discipline": "fire"}}}, packaged)
    assert types.discipline_of("boat") == "fire" and types.cards == packaged.cards
