"""JSON Schemas of every event type and version, so any program can read the journal.

Generated from the domain's dataclasses with pydantic; the committed copy in
``docs/events.schema.json`` is checked against this in the tests.
"""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from tenfour.domain.events import REGISTRY


def event_schema(type_name: str) -> dict[str, Any]:
    """The JSON Schema of one event type's payload."""
    cls = REGISTRY[type_name]
    schema = TypeAdapter(cls).json_schema()
    schema["title"] = type_name
    schema["x-tenfour-version"] = cls.VERSION
    return schema


def all_event_schemas() -> dict[str, Any]:
    """Every event type's schema, keyed by type name, with the journal row described too."""
    return {
        "$comment": "tenfour journal: one row per event; payload: canonical JSON of the event type",
        "journal_row": {
            "seq": "integer, global, contiguous from 1",
            "at": "ISO 8601 UTC time with milliseconds",
            "actor_user / actor_role / actor_agency": "who gave the command, as what, for whom",
            "command_id / command_digest": "idempotency key and SHA-256 of the command",
            "type / version": "event type (keys below) and schema version",
            "payload": "canonical JSON (sorted keys, no spaces, UTF-8)",
            "prev_hash / hash": "hash = SHA-256(prev_hash + canonical JSON of the other fields)",
        },
        "events": {name: event_schema(name) for name in sorted(REGISTRY)},
    }
