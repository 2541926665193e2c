"""``tenfour journal schema``: print the JSON Schemas of every event type."""

from __future__ import annotations

import json

import typer


def schema() -> None:
    """Print the JSON Schema of every event type and version (for programs reading the journal)."""
    from tenfour.journal.event_schemas import all_event_schemas

    typer.echo(json.dumps(all_event_schemas(), indent=2, sort_keys=True))
