"""Open data: a calls-for-service CSV in the shape cities publish, redacted like the public feed.

One row per unit response (an incident no unit went to gets one row with the unit columns empty):
incident, type, priority, received, dispatched, en route, on scene, available (cleared) times to
the second and the generalised location; the incident is named by its keyed public id. Types not
on the allow-list and incidents younger than the delay are left out.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from typing import TextIO

from tenfour.domain.redaction import RedactionPolicy, public_received
from tenfour.reports.public_feed import published_one
from tenfour.reports.records import IncidentRecord, UnitResponse

COLUMNS = (
    "incident",
    "type",
    "priority",
    "agency",
    "received",
    "unit",
    "unit_agency",
    "dispatched",
    "en_route",
    "on_scene",
    "available",
    "closed",
    "location",
    "location_precision",
    "grid_cell",
    "cell_lat",
    "cell_lon",
)


UNIT_COLUMNS = ("unit", "unit_agency", "dispatched", "en_route", "on_scene", "available")


def seconds(moment: str | None) -> str:
    """A journal time to the second (``2026-11-25T14:55:00Z``), or empty."""
    return "" if moment is None else moment[:19] + "Z"


def rows(
    records: Iterable[IncidentRecord], now: str, policy: RedactionPolicy
) -> Iterator[dict[str, str]]:
    """The CSV rows of the incidents the rules publish."""
    for found in (published_one(r, now, policy) for r in records):
        if found is None:
            continue
        record, shown = found
        loc = shown.location
        base = {
            "incident": shown.incident,
            "type": shown.type_code,
            "priority": str(shown.priority),
            "agency": record.agency,
            "received": seconds(public_received(record.facts())),
            "closed": seconds(record.closed_at),
            "location": loc.text,
            "location_precision": loc.precision,
            "grid_cell": loc.cell or "",
            "cell_lat": "" if loc.lat is None else f"{loc.lat:.5f}",
            "cell_lon": "" if loc.lon is None else f"{loc.lon:.5f}",
        }
        responses: list[UnitResponse | None] = list(record.responses) or [None]
        for response in responses:
            yield {**base, **_unit_columns(response)}


def _unit_columns(r: UnitResponse | None) -> dict[str, str]:
    if r is None:
        return dict.fromkeys(
            ("unit", "unit_agency", "dispatched", "en_route", "on_scene", "available"), ""
        )
    return {
        "unit": r.unit,
        "unit_agency": r.agency or "",
        "dispatched": seconds(r.dispatched_at),
        "en_route": seconds(r.enroute_at),
        "on_scene": seconds(r.onscene_at),
        "available": seconds(r.cleared_at),
    }


def write_csv(
    records: Iterable[IncidentRecord], now: str, policy: RedactionPolicy, out: TextIO
) -> int:
    """Write the header and rows; returns the number of rows."""
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for row in rows(records, now, policy):
        writer.writerow(row)
        count += 1
    return count
