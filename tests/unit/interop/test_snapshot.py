"""The interop part of the state survives a snapshot (start-up loads it instead of replaying)."""

from __future__ import annotations

from tenfour.domain.codec import to_data
from tenfour.engine.snapshot import dump_state, load_state
from tenfour.interop import cap
from tenfour.interop.eido_export import export_incident
from tenfour.interop.eido_import import check, to_command
from tests.unit.domain.world import MPD_SUPERVISOR
from tests.unit.interop.scene import FED, MPD, MPD_CAD, base_world, scenario_world
from tests.unit.interop.test_cap import weather


def test_links_deliveries_and_alerts_round_trip_through_a_snapshot() -> None:
    sent, incident = scenario_world()
    w = base_world()
    w.do(
        MPD_CAD,
        to_command(check(export_incident(sent.state, incident, MPD)), w.state, FED, "MPD", "FED"),
    )
    w.do(MPD_SUPERVISOR, cap.parse_alert(weather()))
    loaded = load_state(dump_state(w.state))
    assert loaded is not None
    assert to_data(loaded) == to_data(w.state)
    assert loaded.interop.alerts["AL1"].covers(60.17, 24.94)
    assert loaded.interop.link_of("2026-000001") is not None
