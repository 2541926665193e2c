"""The dispatcher's map on a busy night: close incidents drawn as one numbered cluster that zooms
in on a click, units above incidents, the selected incident out of any cluster, highlighted and
panned to, and the city's street names offline."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.conftest import Login, shot
from tests.e2e.server import Server

MAP = "window.tenfourMap"


def _settled(page: Page) -> None:
    """The map drawn and no zoom animation running (Leaflet ignores a new view until then)."""
    page.wait_for_function(f"() => {MAP} && {MAP}.background && !{MAP}.map._animatingZoom")


def _call(n: int) -> dict[str, object]:
    """Six calls 33 m apart in a column: one cluster from afar; P1 the first."""
    lat = 60.1712 + n * 0.0003
    where = {"address": f"Cluster Street {n}", "lat": lat, "lon": 24.9412}
    return {"type_code": "disturbance", "priority": 1 if n == 0 else 3, **where}


def test_close_incidents_cluster_and_units_stay_on_top(login: Login, server: Server) -> None:
    made = [server.created("ct1", _call(n)) for n in range(6)]
    disp = login("disp2")
    _settled(disp)
    cluster = disp.locator(".map-cluster")
    expect(cluster).to_have_count(1)
    expect(cluster).to_have_text("6")
    expect(cluster).to_have_class("map-cluster p1")  # the highest priority inside: P1 red
    expect(disp.locator(".map-incident")).to_have_count(0)
    expect(disp.locator(".map-unit").first).to_be_visible()  # units are never clustered
    shot(disp, "dispatch-map-clusters")

    cluster.click()  # zooms in until they part
    expect(disp.locator(".map-incident")).to_have_count(6)
    expect(cluster).to_have_count(0)
    unit_z = disp.evaluate(
        "() => Math.min(...[...window.tenfourMap.units.values()].map((m) => m.getElement()"
        ".style.zIndex | 0))"
    )
    incident_z = disp.evaluate(
        "() => Math.max(...[...window.tenfourMap.incidents.values()].filter((m) => m.getElement())"
        ".map((m) => m.getElement().style.zIndex | 0))"
    )
    assert unit_z > incident_z  # units drawn above incidents

    _settled(disp)
    disp.evaluate("() => { window.tenfourMap.map.setZoom(13); }")
    expect(disp.locator(".map-cluster")).to_have_count(1)
    disp.locator(f"#queue tr[data-id='{made[5]}']").click()  # selected: out of the cluster
    selected = disp.locator(".map-incident.selected")
    expect(selected).to_have_count(1)
    expect(disp.locator(".map-cluster")).to_have_text("5")
    centre = disp.evaluate("() => window.tenfourMap.map.getCenter()")
    assert abs(centre["lat"] - (60.1712 + 5 * 0.0003)) < 1e-4  # panned to it
    for done in made:
        server.post("disp1", f"/incidents/{done}/close", {"disposition": "cancelled"})
    expect(disp.locator(".map-cluster")).to_have_count(0)


def test_buildings_and_street_names_are_drawn_offline(login: Login, server: Server) -> None:
    disp = login("disp2")
    _settled(disp)
    disp.evaluate("() => { window.tenfourMap.map.setView([60.1699, 24.9384], 17); }")
    expect(disp.locator(".street-name").first).to_be_visible()
    expect(disp.locator(".leaflet-control-attribution")).to_contain_text("OpenStreetMap")
    count = f"() => {MAP}.buildingLayer && {MAP}.map.hasLayer({MAP}.buildingLayer)"
    disp.wait_for_function(count)
    assert disp.evaluate(f"() => {MAP}.buildingLayer.getLayers().length") > 400
    assert disp.locator(".leaflet-buildings-pane canvas").count() == 1  # its own pane, below
    shot(disp, "dispatch-map-buildings")
    _settled(disp)
    disp.evaluate("() => { window.tenfourMap.map.setZoom(13); }")
    disp.wait_for_function(f"() => !{MAP}.map.hasLayer({MAP}.buildingLayer)")  # hidden afar
