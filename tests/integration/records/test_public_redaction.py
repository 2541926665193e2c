"""Redaction, proved: recognisable names, numbers and narrative words never reach a public output.

Incidents are created through the API with secrets in every free-text field a call taker fills,
units report positions, and then the public feed (JSON), the /public page and the open-data CSV
are searched for every secret. Withheld types and incidents inside the delay must not appear.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from typer.testing import CliRunner

from tenfour.cli import export as export_cli
from tests.integration.api.world import Api

SECRETS = [
    "Zebulon Quartermain", "Quartermain", "+358409876543", "409876543", "Flat 7 Secret Court",
    "XYLOPHONE", "quokka", "Mannerheimintie 137", "Bartholomew Crumb", "555-0199", "PINEAPPLE",
    "60.18123", "24.95111", "Violetta Smythe", "WINDOWSILL", "Kaivokatu 9",
]  # fmt: skip


def ago(minutes: float) -> str:
    return (datetime.now(UTC) - timedelta(minutes=minutes)).isoformat()


def create(api: Api, **body: object) -> str:
    base: dict[str, object] = {"priority": 2, "verified": True}
    out = api.ok("ct1", "/incidents", {**base, **body})
    return str(out["events"][0]["payload"]["incident"])


def populate(api: Api) -> dict[str, str]:
    shown = create(
        api, type_code="disturbance", address="Mannerheimintie 137", lat=60.1712, lon=24.9401,
        caller_name="Zebulon Quartermain", ani="+358409876543", ali="Flat 7 Secret Court",
        narrative="XYLOPHONE noise, a quokka in the hall", received_at=ago(60), answered_at=ago(59.8),
    )  # fmt: skip
    api.ok(
        "ct1",
        f"/incidents/{shown}/calls",
        {"caller_name": "Bartholomew Crumb", "ani": "555-0199", "narrative": "PINEAPPLE"},
    )
    api.ok("ct1", f"/incidents/{shown}/remarks", {"text": "WINDOWSILL broken by Violetta Smythe"})
    api.ok("disp1", "/units/1A12/dispatch", {"incident": shown})
    api.ok("crew1a12", "/units/1A12/enroute")
    api.ok("crew1a12", "/units/1A12/position", {"lat": 60.18123, "lon": 24.95111})
    api.ok("crew1a12", "/units/1A12/onscene")
    place = create(
        api,
        type_code="theft",
        address="Kauppatori market square",
        lat=60.1675,
        lon=24.9525,
        received_at=ago(50),
    )
    withheld = create(
        api, type_code="sexual_assault", address="Kaivokatu 9", caller_name="Violetta Smythe",
        received_at=ago(45),
    )  # fmt: skip
    recent = create(api, type_code="burglary", address="Kaivokatu 9", received_at=ago(2))
    return {"shown": shown, "place": place, "withheld": withheld, "recent": recent}


def assert_clean(text: str, ids: dict[str, str], where: str) -> None:
    for secret in SECRETS:
        assert secret.lower() not in text.lower(), f"{secret!r} leaked into {where}"
    for hidden in (ids["withheld"], ids["recent"], "sexual_assault"):
        assert hidden not in text, f"{hidden!r} should not be in {where}"
    assert ids["shown"] in text and "100 block of Mannerheimintie" in text


def test_feed_page_and_csv_leak_nothing(api: Api, tmp_path: Path) -> None:
    ids = populate(api)
    feed = api.client.get("/api/v1/public/incidents")
    assert feed.status_code == 200
    assert_clean(feed.text, ids, "the JSON feed")
    page = api.client.get("/public")
    assert page.status_code == 200
    assert_clean(page.text, ids, "the /public page")
    out = tmp_path / "cfs.csv"
    args = ["open-data", "--from", ago(24 * 60)[:10], "--to", (datetime.now(UTC) + timedelta(days=1)).date().isoformat(),
            "--db", api.runtime.settings.db, "--out", str(out)]  # fmt: skip
    result = CliRunner().invoke(export_cli.app, args)
    assert result.exit_code == 0, result.output
    assert_clean(out.read_text(), ids, "the open-data CSV")


def test_public_items_match_the_journal(api: Api) -> None:
    ids = populate(api)
    items = {i["incident"]: i for i in api.client.get("/api/v1/public/incidents").json()}
    assert set(items) == {ids["shown"], ids["place"]}
    shown = items[ids["shown"]]
    timeline = api.get("rec1", f"/incidents/{ids['shown']}/timeline").json()
    opened = next(e for e in timeline["entries"] if e["type"] == "IncidentCreated")
    assert shown["source_seq"] == opened["seq"]
    assert set(shown["derived_from"]) <= {e["seq"] for e in timeline["entries"]}
    assert shown["location"]["precision"] == "block" and shown["location"]["lat"] is None
    place = items[ids["place"]]
    assert (
        place["location"]["precision"] == "grid" and "Kauppatori" not in place["location"]["text"]
    )
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\dZ", shown["received"])


def test_the_public_page_needs_no_login_and_runs_no_script(api: Api) -> None:
    page = api.client.get("/public")
    assert page.status_code == 200 and "<script" not in page.text.lower()
    assert "style=" not in page.text and "<style" not in page.text
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    css = api.client.get("/public/public.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")


def test_open_data_rows_are_one_per_unit_response(api: Api, tmp_path: Path) -> None:
    ids = populate(api)
    out = tmp_path / "cfs.csv"
    day = datetime.now(UTC).date()
    args = ["open-data", "--from", (day - timedelta(days=1)).isoformat(), "--to", (day + timedelta(days=1)).isoformat(),
            "--db", api.runtime.settings.db, "--out", str(out)]  # fmt: skip
    assert CliRunner().invoke(export_cli.app, args).exit_code == 0
    lines = out.read_text().splitlines()
    header = lines[0].split(",")
    assert header[:4] == ["incident", "source_seq", "type", "priority"]
    rows = [dict(zip(header, line.split(","), strict=True)) for line in lines[1:]]
    shown = [r for r in rows if r["incident"] == ids["shown"]]
    assert len(shown) == 1 and shown[0]["unit"] == "1A12" and shown[0]["on_scene"]
    assert [r["unit"] for r in rows if r["incident"] == ids["place"]] == [""]
