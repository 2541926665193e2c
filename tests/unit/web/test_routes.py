"""The console's pages and static files: served under the CSP, nothing outside the package."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tenfour.api.app import create_app
from tenfour.settings import Settings
from tenfour.web.routes import module_graph


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    """One app for the module: pages and static files change nothing."""
    tmp_path = tmp_path_factory.mktemp("web")
    settings = Settings(
        db=str(tmp_path / "t.db"),
        key_path=tmp_path / "key.pem",
        secret="unit-test-secret-0123456789abcdef",
        tile_url="https://{s}.tiles.example.org/{z}/{x}/{y}.png",
    )
    return TestClient(create_app(settings))  # pages need no running engine: no lifespan


@pytest.mark.parametrize(
    "path",
    [
        "/console/",
        "/console/login",
        "/console/dispatch",
        "/console/calltaker",
        "/console/command",
        "/console/unit",
        "/console/records",
        "/console/incident/2026-000001",
    ],
)
def test_pages_are_strict_csp_shells(client: TestClient, path: str) -> None:
    res = client.get(path)
    assert res.status_code == 200
    csp = res.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "default-src 'self'" in csp
    assert "https://*.tiles.example.org" in csp  # the configured tile server may serve images
    assert "<script>" not in res.text and " on" + "click=" not in res.text  # no inline script
    assert 'type="module"' in res.text
    assert "© OpenStreetMap contributors (ODbL)" in res.text
    assert 'data-tile-url="https://{s}.tiles.example.org/{z}/{x}/{y}.png"' in res.text


def test_root_redirects_to_the_console(client: TestClient) -> None:
    res = client.get("/", follow_redirects=False)
    assert res.status_code == 307 and res.headers["location"] == "/console/"


def test_static_files_and_leaflet(client: TestClient) -> None:
    js = client.get("/static/js/api.js")
    assert js.status_code == 200 and js.headers["content-type"].startswith("text/javascript")
    assert client.get("/static/css/console.css").headers["content-type"].startswith("text/css")
    leaflet = client.get("/static/leaflet/leaflet-src.esm.js")
    assert leaflet.status_code == 200 and "export" in leaflet.text
    assert client.get("/static/leaflet/images/marker-icon.png").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/static/../routes.py",
        "/static/%2e%2e/routes.py",
        "/static/js/nope.js",
        "/static/leaflet/../../__init__.py",
        "/console/nope",
        "/console/incident/a%20b",
    ],
)
def test_nothing_else_is_served(client: TestClient, path: str) -> None:
    res = client.get(path)
    assert res.status_code in (404, 422)
    assert "Traceback" not in res.text


def test_a_screen_preloads_every_module_it_imports(client: TestClient) -> None:
    graph = module_graph("dispatch")
    assert "/static/js/board.js" in graph and "/static/js/stream.js" in graph  # nested imports
    assert "/static/leaflet/leaflet-src.esm.js" in graph
    assert "/static/js/screens/dispatch.js" not in graph  # the page's own script tag
    page = client.get("/console/dispatch").text
    for url in graph:
        assert f'<link rel="modulepreload" href="{url}">' in page
        assert client.get(url).status_code == 200, url
