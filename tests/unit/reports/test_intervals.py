"""Response-time intervals from folded events, percentiles, and the targets file."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tenfour.domain import events as e
from tenfour.domain.timefmt import iso
from tenfour.reports.intervals import for_incident, for_units, percentile, share_within
from tenfour.reports.records import RecordsFold
from tenfour.reports.response_times import Filters, build_report
from tenfour.reports.targets import TargetsError, load_targets

T0 = datetime(2026, 11, 25, 14, 0, tzinfo=UTC)


def at(second: float) -> str:
    return iso(T0 + timedelta(seconds=second))


def folded() -> RecordsFold:
    fold = RecordsFold()
    feed = [
        e.UnitRegistered(unit="E1", agency="MFD", unit_type="engine", capabilities=()),
        e.UnitRegistered(unit="M1", agency="MFD", unit_type="medic", capabilities=()),
        e.IncidentCreated(incident="I1", agency="MFD", type_code="structure_fire", priority=1,
                          address="Mannerheimintie 1", lat=None, lon=None, verified=False),
        e.CallAdded(call="C1", incident="I1", ani="1", ali="x", caller_name="n",
                    received_at=at(0), answered_at=at(7.5)),
        e.UnitDispatched(assignment="A1", incident="I1", unit="E1"),
        e.UnitDispatched(assignment="A2", incident="I1", unit="M1"),
        e.UnitStatusChanged(unit="E1", status="enroute", assignment="A1", incident="I1"),
        e.UnitStatusChanged(unit="M1", status="enroute", assignment="A2", incident="I1"),
        e.UnitStatusChanged(unit="M1", status="onscene", assignment="A2", incident="I1"),
        e.UnitStatusChanged(unit="E1", status="onscene", assignment="A1", incident="I1"),
        e.UnitCleared(assignment="A1", incident="I1", unit="E1"),
    ]  # fmt: skip
    times = [0, 0, 5, 5, 40, 41, 70, 100, 300, 310, 900]
    for seq, (ev, t) in enumerate(zip(feed, times, strict=True), start=1):
        fold.feed(seq, at(t), ev)
    return fold


def test_incident_intervals_use_the_first_call_and_the_first_arriving_unit() -> None:
    record = folded().incidents["I1"]
    i = for_incident(record)
    assert (i.answering, i.processing) == (7.5, 32.5)
    assert (i.turnout, i.travel, i.total) == (59.0, 200.0, 300.0)  # M1 arrived first


def test_unit_intervals_are_each_units_own() -> None:
    units = {u.unit: u for u in for_units(folded().incidents["I1"])}
    assert (units["E1"].turnout, units["E1"].travel, units["E1"].total) == (30.0, 240.0, 310.0)
    assert (units["M1"].turnout, units["M1"].travel) == (59.0, 200.0)
    assert units["E1"].unit_type == "engine"


def test_a_missing_end_leaves_the_interval_empty() -> None:
    fold = RecordsFold()
    fold.feed(
        1,
        at(0),
        e.IncidentCreated(
            incident="I2",
            agency="MPD",
            type_code="x",
            priority=2,
            address="a",
            lat=None,
            lon=None,
            verified=False,
        ),
    )
    fold.feed(
        2,
        at(1),
        e.CallAdded(
            call="C",
            incident="I2",
            ani="",
            ali="",
            caller_name="",
            received_at=at(0),
            answered_at=None,
        ),
    )
    i = for_incident(fold.incidents["I2"])
    assert i.answering is None and i.processing is None and i.total is None


@given(st.lists(st.floats(0, 10_000, allow_nan=False), min_size=1, max_size=200), st.floats(0, 100))
def test_percentile_matches_numpy(values: list[float], q: float) -> None:
    assert percentile(values, q) == pytest.approx(float(np.percentile(values, q)), abs=1e-6)


def test_percentile_edges() -> None:
    assert percentile([], 90) is None
    assert share_within([10, 20, 30, 40], 20) == 0.5
    with pytest.raises(ValueError):
        percentile([1.0], 101)


def test_the_packaged_targets_name_their_editions() -> None:
    targets = load_targets()
    nena = [t for t in targets.for_interval("answering") if t.primary]
    assert {(t.percentile, t.seconds) for t in nena} == {(90, 15), (95, 20)}
    assert "NFPA 1221 (2016 ed.)" in targets.assumed
    assert targets.service_of("engine") == "fire" and targets.service_of("medic") == "ems"


def test_a_broken_targets_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "t.json"
    bad.write_text(
        json.dumps(
            {
                "targets": [
                    {"id": "x", "standard": "s", "interval": "nap", "percentile": 90, "seconds": 1}
                ]
            }
        )
    )
    with pytest.raises(TargetsError, match="unknown interval"):
        load_targets(bad)
    with pytest.raises(TargetsError):
        load_targets(tmp_path / "missing.json")


def test_the_report_holds_targets_per_service() -> None:
    fold = folded()
    report = build_report(
        fold.incidents.values(), Filters("2026-11-25", "2026-11-26"), load_targets()
    )
    turnout = {t["id"]: t for t in report["targets"] if t["interval"] == "turnout"}
    assert turnout["nfpa1710-turnout-fire-90"]["measured"] == 30.0  # E1 only
    assert turnout["nfpa1710-turnout-ems-90"]["measured"] == 59.0  # M1 only
    assert report["by"]["type"]["structure_fire"]["answering"]["count"] == 1
    assert report["by"]["hour"]["14:00"]["total"]["p90"] == 300.0


def test_every_unit_has_the_nemsis_times_through_cleared() -> None:
    fold = folded()
    extra = [
        e.UnitStatusChanged(unit="M1", status="transporting", assignment="A2", incident="I1"),
        e.UnitStatusChanged(unit="M1", status="atHospital", assignment="A2", incident="I1"),
        e.UnitCleared(assignment="A2", incident="I1", unit="M1"),
    ]
    for seq, (ev, t) in enumerate(zip(extra, [600, 1200, 2100], strict=True), start=20):
        fold.feed(seq, at(t), ev)
    units = {u.unit: u for u in for_units(fold.incidents["I1"])}
    m1, e1 = units["M1"], units["E1"]
    assert (m1.on_scene, m1.transport, m1.at_destination, m1.committed) == (
        300.0, 600.0, 900.0, 2059.0,
    )  # fmt: skip
    assert (m1.transport_at, m1.destination_at, m1.cleared_at) == (at(600), at(1200), at(2100))
    assert (e1.on_scene, e1.transport, e1.committed) == (590.0, None, 860.0)  # no transport
    assert not m1.stood_down and not e1.stood_down


def test_a_unit_stood_down_en_route_counts_its_turnout() -> None:
    fold = folded()
    feed = [
        e.UnitDispatched(assignment="A3", incident="I1", unit="E2"),
        e.UnitStatusChanged(unit="E2", status="enroute", assignment="A3", incident="I1"),
        e.UnitCleared(assignment="A3", incident="I1", unit="E2", directive="DIR1"),
    ]
    for seq, (ev, t) in enumerate(zip(feed, [50, 95, 130], strict=True), start=30):
        fold.feed(seq, at(t), ev)
    e2 = next(u for u in for_units(fold.incidents["I1"]) if u.unit == "E2")
    assert (e2.turnout, e2.travel, e2.committed, e2.stood_down) == (45.0, None, 80.0, True)
    report = build_report(fold.incidents.values(), Filters(at(-60), at(9999)), load_targets())
    assert report["units"]["turnout"]["count"] == 3  # E1, M1 and the stood-down E2
    assert report["units"]["committed"]["count"] == 2  # E1 and E2 cleared
