"""Every event type has a versioned JSON Schema, the committed copy is current, and payloads fit it."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from tenfour.domain import commands as c
from tenfour.domain.events import REGISTRY, encode
from tenfour.journal.event_schemas import all_event_schemas, event_schema
from tests.unit.domain.test_directives import stand_down
from tests.unit.domain.world import (
    FED_SUPERVISOR,
    MPD_CALLTAKER,
    MPD_DISPATCHER,
    World,
    new_incident,
)

DOC = Path(__file__).parents[3] / "docs" / "events.schema.json"


def test_committed_schema_is_current() -> None:
    assert json.loads(DOC.read_text()) == json.loads(json.dumps(all_event_schemas()))


def test_every_event_type_has_a_version() -> None:
    assert all(cls.VERSION >= 1 and name == cls.TYPE for name, cls in REGISTRY.items())


def test_recorded_payloads_validate(world: World) -> None:
    world.do(FED_SUPERVISOR, c.IssueBulletin(subject="s", plates=("ABC123",)))
    ident = new_incident(world, narrative="van ABC123")
    world.do(MPD_DISPATCHER, c.DispatchUnit(incident=ident, unit="1A12"))
    stand_down(world, ident)
    world.do(MPD_CALLTAKER, c.AddRemark(incident=ident, text="more"))
    validated = set()
    for _, _, _, event in world.log:
        jsonschema.validate(json.loads(json.dumps(encode(event))), event_schema(event.TYPE))
        validated.add(event.TYPE)
    assert {"IncidentCreated", "UnitDispatched", "DirectiveIssued", "RemarkAdded"} <= validated
