"""An incident closed longer than the window ago has left the live state: its timeline is still
served, verified, to whoever may read it (and to nobody else), and commands on it are refused."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.integration.api.world import CENTRE_ADMIN, PASSWORD, make_settings, running_api


@dataclass
class Clock:
    """The engine's clock, moved by the test."""

    at: datetime = field(default_factory=lambda: datetime.now(UTC) - timedelta(hours=5))

    def __call__(self) -> datetime:
        return self.at


def test_an_archived_incident_is_served_from_the_journal_to_its_readers(tmp_path: Path) -> None:
    clock = Clock()
    settings = make_settings(tmp_path, closed_window_hours=1.0)
    with running_api(settings, clock=clock) as api:
        api.ok(CENTRE_ADMIN, "/agencies", {"agency": "NPD", "name": "North", "kind": "police"})
        body = {"user": "npd1", "agency": "NPD", "roles": ["dispatcher"], "password": PASSWORD}
        api.ok(CENTRE_ADMIN, "/users", body)
        new = {"type_code": "disturbance", "priority": 2, "address": "Main St 1"}
        ident = api.ok("ct1", "/incidents", new)["events"][0]["payload"]["incident"]
        api.ok("disp1", f"/incidents/{ident}/remarks", {"text": "caller calm"})
        api.ok("disp1", f"/incidents/{ident}/close", {"disposition": "done"})
        clock.at += timedelta(hours=2)
        api.ok("ct1", "/incidents", new)  # any event runs the due sweep
        assert ident not in api.runtime.engine.state.incidents

        served = api.get("disp1", f"/incidents/{ident}/timeline")
        assert served.status_code == 200, served.text
        timeline = served.json()
        assert timeline["verification"]["verified"], timeline["verification"]["statement"]
        types = [x["type"] for x in timeline["entries"]]
        assert {"IncidentCreated", "RemarkAdded", "IncidentClosed"} <= set(types)
        assert api.get("npd1", f"/incidents/{ident}/timeline").status_code == 404

        late = api.post("disp1", f"/incidents/{ident}/remarks", {"text": "late"})
        assert late.status_code == 409
        assert f"incident {ident} is closed and archived: see its timeline" in late.text
