"""The timeline over HTTP and from the CLI, on a real SQLite journal; tampering."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from tenfour.cli import timeline as timeline_cli
from tests.integration.api.world import Api, make_settings, running_api


def story(api: Api) -> dict[str, str]:
    out = api.ok("ct1", "/incidents", {
        "type_code": "assist_other_agency", "priority": 1, "address": "Mannerheimintie 15",
        "lat": 60.1699, "lon": 24.9384, "caller_name": "A Caller", "narrative": "CROWD",
    })  # fmt: skip
    incident = out["events"][0]["payload"]["incident"]
    api.ok("ct1", f"/incidents/{incident}/remarks", {"text": "BLUE VAN"})
    for unit in ("1A12", "1A13"):
        api.ok("disp1", f"/units/{unit}/dispatch", {"incident": incident})
    issued = api.ok(
        "chief",
        "/directives",
        {"kind": "stand_down", "incident": incident, "reason": "NO UNITS WILL RESPOND"},
    )
    directive = issued["events"][0]["payload"]["directive"]
    api.ok("disp1", "/units/1A12/clear", {"directive": directive})
    api.ok("crew1a12", f"/directives/{directive}/acknowledge", {"unit": "1A12"})
    return {"incident": incident, "directive": directive}


def test_timeline_over_http(api: Api) -> None:
    ids = story(api)
    r = api.get("rec1", f"/incidents/{ids['incident']}/timeline")
    assert r.status_code == 200, r.text
    t: dict[str, Any] = r.json()
    assert t["verification"]["verified"], t["verification"]["statement"]
    [d] = t["directives"]
    assert d["directive"] == ids["directive"] and d["issuer"]["user"] == "chief"
    assert len(d["clearances"]) == 1 and len(d["acknowledgments"]) == 1
    a = next(x for x in t["assignments"] if x["unit"] == "1A12")
    assert a["order_behind"]["directive"]["seq"] == d["seq"]
    times = {u["unit"]: u for u in t["unit_intervals"]}
    assert times["1A12"]["stood_down"] and times["1A12"]["cleared_at"] is not None
    assert times["1A12"]["committed"] is not None and times["1A12"]["unit_type"] == "patrol"
    assert not times["1A13"]["stood_down"] and times["1A13"]["cleared_at"] is None
    for role_user in ("disp1", "ct1", "chief", "sgt1", "admin"):
        assert api.get(role_user, f"/incidents/{ids['incident']}/timeline").status_code == 200
    assert api.get("fedcad", f"/incidents/{ids['incident']}/timeline").status_code == 403
    assert api.get("crew1a12", f"/incidents/{ids['incident']}/timeline").status_code == 403
    assert api.get(None, f"/incidents/{ids['incident']}/timeline").status_code == 401
    assert api.get("rec1", "/incidents/2099-999999/timeline").status_code == 404


def test_response_times_over_http(api: Api) -> None:
    story(api)
    r = api.get("rec1", "/reports/response-times?from=2020-01-01&to=2020-02-01")
    assert r.status_code == 200 and r.json()["counts"]["incidents"] == 0
    assert api.get("rec1", "/reports/response-times?from=bad&to=2020-02-01").status_code == 422
    assert (
        api.get("rec1", "/reports/response-times?from=2020-01-01&to=2021-01-01").status_code == 422
    )
    assert (
        api.get("disp1", "/reports/response-times?from=2020-01-01&to=2020-02-01").status_code == 403
    )


def run_cli(*args: str) -> Any:
    return CliRunner().invoke(timeline_cli.app, list(args))


def test_cli_timeline_json_html_pdf_and_tamper(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    with running_api(settings) as api:
        ids = story(api)
    db, key = settings.db, str(settings.key_path) + ".pub"
    result = run_cli(ids["incident"], "--db", db, "--key", key)
    assert result.exit_code == 0, result.output
    t = json.loads(result.stdout)
    assert t["verification"]["verified"] and t["verification"]["checkpoint"]["signature_checked"]
    html, pdf = tmp_path / "t.html", tmp_path / "t.pdf"
    assert (
        run_cli(
            ids["incident"], "--db", db, "--key", key, "--format", "html", "--out", str(html)
        ).exit_code
        == 0
    )
    assert "NO UNITS WILL RESPOND" in html.read_text() and "Verified" in html.read_text()
    assert (
        run_cli(
            ids["incident"], "--db", db, "--no-key", "--format", "pdf", "--out", str(pdf)
        ).exit_code
        == 0
    )
    data = pdf.read_bytes()
    assert (
        data.startswith(b"%PDF") and data.count(b"/Type /Page\n") + data.count(b"/Type /Page ") >= 1
    )
    remark = next(
        e for e in t["entries"] if e["type"] == "RemarkAdded" and "BLUE" in e["payload"]["text"]
    )
    with sqlite3.connect(db) as conn:
        conn.execute("DROP TRIGGER journal_no_update")
        conn.execute(
            "UPDATE journal SET payload = replace(payload, 'BLUE', 'RED') WHERE seq = ?",
            (remark["seq"],),
        )
    tampered = run_cli(ids["incident"], "--db", db, "--key", key)
    assert tampered.exit_code == 1
    verdict = json.loads(tampered.stdout)["verification"]
    assert not verdict["verified"] and verdict["chain"]["first_bad_seq"] == remark["seq"]
    assert "NOT VERIFIED" in tampered.output


def test_cli_timeline_refuses_clearly(tmp_path: Path) -> None:
    missing = run_cli("2026-000001", "--db", str(tmp_path / "none.db"), "--no-key")
    assert missing.exit_code == 2 and "cannot read the journal" in missing.output
    no_out = run_cli("2026-000001", "--db", str(tmp_path / "none.db"), "--format", "pdf")
    assert no_out.exit_code == 2 and "--out" in no_out.output
