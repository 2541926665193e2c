"""``tenfour centre plan|apply|export`` on SQLite and PostgreSQL: journaled, idempotent, round trip.

Applying the demo city's file records one command per change, attributed to the administrator;
applying it again records nothing; the exported file plans to no change; an edited file changes
exactly what was edited (a unit amended, a run card withdrawn, an agency added).
"""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from tenfour.cli.centre import app
from tenfour.journal.store import open_journal
from tenfour.settings import Settings
from tenfour.sim.roster import demo_centre

DEMO = Path(demo_centre().source)


def run(settings: Settings, *args: str) -> tuple[int, str]:
    env = {"TENFOUR_KEY_PATH": str(settings.key_path), "TENFOUR_DB": settings.db}
    result = CliRunner().invoke(app, list(args), env=env)
    return result.exit_code, result.output


def demo_file(tmp_path: Path) -> Path:
    from importlib import resources

    path = tmp_path / "centre.yaml"
    text = (resources.files("tenfour") / "data" / "demo-centre.yaml").read_text("utf-8")
    path.write_text(text, encoding="utf-8")
    return path


def journal_rows(db: str) -> list[tuple[str, str, str]]:
    """The centre's changes (the writer also journals its retention window, as tenfour)."""
    with open_journal(db, create=False) as journal:
        return [
            (r.type, r.actor_user, json.loads(r.payload).get("unit", ""))
            for r in journal.read()
            if r.type != "RetentionSet"
        ]


def test_apply_twice_export_and_edit(api_settings: Settings, tmp_path: Path) -> None:
    file = demo_file(tmp_path)
    code, out = run(api_settings, "plan", str(file), "--check")
    assert code == 3 and "+ agency MPD" in out and "+ unit E1: MFD engine [EMT] at S1" in out
    code, out = run(api_settings, "apply", str(file))
    assert code == 0, out
    first = journal_rows(api_settings.db)
    assert f"{len(first)} change(s) recorded" in out
    assert {user for _, user, _ in first} == {first[0][1]} and first[0][1].startswith("cli:")
    code, out = run(api_settings, "apply", str(file))
    assert code == 0 and "0 change(s) recorded" in out
    assert len(journal_rows(api_settings.db)) == len(first)

    exported = tmp_path / "exported.yaml"
    code, _ = run(api_settings, "export", "--out", str(exported))
    assert code == 0
    code, out = run(api_settings, "plan", str(exported), "--check")
    assert code == 0 and "nothing to change" in out

    text = exported.read_text("utf-8")
    assert "  - {id: 4512, unit: 1A12}" in text  # radio: a radio per unit, channels, recorder
    assert "  - id: mpd-dispatch\n    name: MPD Dispatch\n    agency: MPD\n" in text
    unit = "- id: E1\n  agency: MFD\n  type: engine\n  capabilities: [EMT"
    assert unit in text
    text = text.replace(unit, unit + ", foam")
    text = text.replace(
        "agencies:\n", "agencies:\n- {id: SAR, name: Sea rescue, kind: rescue}\n", 1
    )
    start = text.index("  vehicle_fire:")
    end = text.index("  alarm_fire:")
    text = text[:start] + text[end:]
    exported.write_text(text, encoding="utf-8")
    code, out = run(api_settings, "plan", str(exported))
    assert code == 0
    assert out.splitlines()[:3] == [
        "+ agency SAR: Sea rescue (rescue)",
        "- run card vehicle_fire",
        "~ unit E1: engine [EMT] at S1 -> engine [EMT, foam] at S1",
    ]
    code, out = run(api_settings, "apply", str(exported))
    assert code == 0 and "3 change(s) recorded" in out
    types = [t for t, _, _ in journal_rows(api_settings.db)[len(first) :]]
    assert types == ["AgencyRegistered", "CentreEntrySet", "UnitAmended"]
    code, out = run(api_settings, "export")
    assert "capabilities: [EMT, foam]" in out and "vehicle_fire:\n    slots" not in out


def test_a_unit_never_changes_agency(api_settings: Settings, tmp_path: Path) -> None:
    file = demo_file(tmp_path)
    assert run(api_settings, "apply", str(file))[0] == 0
    text = file.read_text("utf-8").replace("- id: E1\n  agency: MFD", "- id: E1\n  agency: MEMS")
    file.write_text(text, encoding="utf-8")
    code, out = run(api_settings, "plan", str(file))
    assert code == 1 and "units[" in out and "never changes agency" in out
