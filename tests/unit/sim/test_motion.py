"""Units drive their routes at road speeds."""

from __future__ import annotations

import pytest

from tenfour.domain.geometry import Point, distance_m
from tenfour.geo.city import load_city
from tenfour.sim.motion import Trip, bearing, plan_trip


def test_trip_interpolates_along_the_polyline() -> None:
    trip = Trip.through([(60.0, 24.0), (60.001, 24.0), (60.001, 24.002)], start_s=100, seconds=20)
    assert trip.end_s == 120
    start, end = trip.fix_at(100), trip.fix_at(500)
    assert (start.lat, start.lon) == (60.0, 24.0)
    assert (end.lat, end.lon, end.speed_kmh) == (60.001, 24.002, 0.0)
    first_leg = trip.cumulative_m[1] / trip.meters
    mid = trip.fix_at(100 + 20 * first_leg / 2)
    assert mid.lat == pytest.approx(60.0005, abs=1e-6) and mid.heading == pytest.approx(0.0)
    assert trip.fix_at(119).heading == pytest.approx(90.0, abs=0.1)
    assert trip.fix_at(110).speed_kmh == pytest.approx(trip.meters / 20 * 3.6, abs=0.1)


def test_bearing_points_the_compass_way() -> None:
    assert bearing((60, 24), (61, 24)) == pytest.approx(0.0)
    assert bearing((60, 24), (59, 24)) == pytest.approx(180.0)
    assert bearing((60, 24), (60, 23.99)) == pytest.approx(270.0, abs=0.01)


def test_planned_trip_follows_the_road_network_at_its_drive_time() -> None:
    city = load_city()
    station = next(s for s in city.stations if s.kind == "fire")
    hospital = next(h for h in city.hospitals if h.kind == "hospital")
    trip = plan_trip(city.network, (station.lat, station.lon), (hospital.lat, hospital.lon), 0.0)
    route = city.network.route((station.lat, station.lon), (hospital.lat, hospital.lon))
    assert trip.seconds == pytest.approx(route.seconds)
    straight = distance_m(Point(station.lat, station.lon), Point(hospital.lat, hospital.lon))
    assert straight < trip.meters < 3 * straight
    assert 10 < trip.meters / trip.seconds * 3.6 < 60  # city road speeds, km/h
    assert trip.destination == (hospital.lat, hospital.lon)
