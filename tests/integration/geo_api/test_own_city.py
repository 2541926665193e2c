"""Your own centre: a map imported from an ``.osm.pbf`` and a centre file, served and used.

The extract is the small one shipped with pyrosm (Karhula, Kotka). The test imports it, applies
a centre file for it (two agencies, a station, units), serves both (``city=`` the import's
directory, as ``--city``/``TENFOUR_CITY``) and geocodes an address, a crossing and a landmark,
then recommends units by drive time on the imported roads.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from tenfour.api.app import create_app
from tenfour.cli.centre import app as centre_app
from tenfour.cli.serve import app as serve_app
from tenfour.domain import commands as c
from tenfour.geo.osm_import import import_osm
from tenfour.runtime import build_runtime
from tenfour.settings import Settings
from tests.integration.api.world import FAST_HASHER, PASSWORD, SECRET, Api

pytestmark = pytest.mark.slow
PBF = Path(importlib.util.find_spec("pyrosm").origin).parent / "data" / "test.osm.pbf"  # type: ignore[arg-type, union-attr]

CENTRE = """\
agencies:
  - {id: KPD, name: Kotka Police, kind: police}
  - {id: KFD, name: Kotka Fire, kind: fire, dispatch_centre: KPD}
stations:
  - {id: F1, name: Karhula fire station, kind: fire, agency: KFD, address: Kangaskatu 12,
     lat: 60.520842, lon: 26.941506}
units:
  - {id: E11, agency: KFD, type: engine, capabilities: [EMT], station: F1}
  - {id: E12, agency: KFD, type: engine, station: F1}
  - {id: L11, agency: KFD, type: ladder, station: F1}
  - {id: P1, agency: KPD, type: patrol, lat: 60.530178, lon: 26.966969}
status_timers: {enroute: 8, onscene: 45}
run_cards:
  structure_fire:
    slots:
      - {label: engine, unit_type: engine, count: 2}
      - {label: ladder, unit_type: ladder}
"""


@pytest.fixture(scope="module")
def own_centre(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    here = tmp_path_factory.mktemp("own-city")
    summary = import_osm(PBF, here / "city")
    assert summary.nodes > 500 and summary.places > 0 and summary.crossings > 50
    assert summary.files["buildings.geojson.gz"] > 0  # the map's buildings, kept at import
    settings = Settings(
        db=str(here / "centre.db"), key_path=here / "key.pem", secret=SECRET, city=here / "city"
    )
    (here / "centre.yaml").write_text(CENTRE, encoding="utf-8")
    env = {"TENFOUR_DB": settings.db, "TENFOUR_KEY_PATH": str(settings.key_path)}
    applied = CliRunner().invoke(centre_app, ["apply", str(here / "centre.yaml")], env=env)
    assert applied.exit_code == 0, applied.output
    runtime = build_runtime(settings, quiet=True, hasher=FAST_HASHER)
    with TestClient(create_app(runtime=runtime)) as client:
        api = Api(client, runtime)
        api.system(c.RegisterUser(user="kdisp", agency="KPD", roles=("dispatcher", "call_taker")))
        runtime.credentials.set_password("kdisp", PASSWORD)
        yield api


def test_the_server_serves_the_imported_map(own_centre: Api) -> None:
    info = own_centre.client.get("/api/v1/map/info").json()
    assert 60.4 < info["bounds"]["south"] < info["bounds"]["north"] < 60.6
    assert own_centre.runtime.city.directory.name == "city"


def test_consoles_read_the_centre_in_force(own_centre: Api) -> None:
    centre = own_centre.get("kdisp", "/centre", role="dispatcher").json()
    assert centre["status_timers"] == {"enroute": 8, "onscene": 45}
    assert [s["id"] for s in centre["stations"]] == ["F1"]
    types = own_centre.get("kdisp", "/incident-types", role="dispatcher").json()
    assert any(t["code"] == "structure_fire" for t in types)  # packaged: none configured


def test_addresses_crossings_and_landmarks_geocode(own_centre: Api) -> None:
    def geocode(q: str) -> dict[str, object]:
        headers = own_centre.headers("kdisp", "call_taker")
        r = own_centre.client.get("/api/v1/geocode", params={"q": q}, headers=headers)
        assert r.status_code == 200, r.text
        return dict(r.json())

    found = geocode("Kangaskatu 12")
    assert found["verified"] and found["address"] == "Kangaskatu 12"
    crossing = geocode("Aumakatu & Siirinraitti")
    assert crossing["verified"] and crossing["address"] == "Aumakatu & Siirinraitti"
    assert abs(float(crossing["lat"]) - 60.521327) < 1e-4  # type: ignore[arg-type]
    assert geocode("helilan koulu")["address"] == "Helilän koulu"


def test_recommendation_drives_the_imported_roads(own_centre: Api) -> None:
    body = {"type_code": "structure_fire", "priority": 1, "address": "Tikankatu 11",
            "lat": 60.52037, "lon": 26.949651, "verified": True}  # fmt: skip
    created = own_centre.ok("kdisp", "/incidents", body, role="call_taker")
    incident = created["events"][0]["payload"]["incident"]
    advice = own_centre.ok("kdisp", f"/incidents/{incident}/recommendation", role="dispatcher")
    picks = {p["unit"]: p["eta_s"] for p in advice["picks"]}
    assert set(picks) == {"E11", "E12", "L11"}
    assert all(30 < eta < 900 for eta in picks.values()), picks


def test_serve_refuses_a_directory_that_is_not_a_city(tmp_path: Path) -> None:
    env = {"TENFOUR_SECRET": SECRET, "TENFOUR_DB": str(tmp_path / "x.db")}
    result = CliRunner().invoke(serve_app, ["--city", str(tmp_path)], env=env)
    assert result.exit_code == 1
    assert "missing roads.npz" in result.output and "import-osm" in result.output
