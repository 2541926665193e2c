"""``tenfour interop`` checks documents and says why one is refused, with a non-zero exit."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from tenfour.cli.interop import app
from tenfour.interop.eido_export import export_incident
from tests.unit.interop.scene import MPD, scenario_world
from tests.unit.interop.test_cap import BILLION_LAUGHS, weather


def test_check_eido(tmp_path: Path) -> None:
    w, incident = scenario_world()
    doc = export_incident(w.state, incident, MPD)
    doc["extra"] = 1
    good = tmp_path / "good.json"
    good.write_text(json.dumps(doc))
    result = CliRunner().invoke(app, ["check-eido", str(good)])
    assert (
        result.exit_code == 0
        and "valid EIDO" in result.output
        and "unknown member /extra: 1" in result.output
    )
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    result = CliRunner().invoke(app, ["check-eido", str(bad)])
    assert result.exit_code == 1 and "refused" in result.output
    assert CliRunner().invoke(app, ["check-eido", str(tmp_path / "missing")]).exit_code == 1


def test_check_cap(tmp_path: Path) -> None:
    good, hostile = tmp_path / "a.xml", tmp_path / "b.xml"
    good.write_text(weather())
    hostile.write_bytes(BILLION_LAUGHS)
    assert "Storm warning" in CliRunner().invoke(app, ["check-cap", str(good)]).output
    result = CliRunner().invoke(app, ["check-cap", str(hostile)])
    assert result.exit_code == 1 and "hostile" in result.output


def test_new_secret_is_long_enough() -> None:
    assert len(CliRunner().invoke(app, ["new-secret"]).output.strip()) >= 32


def test_check_eido_takes_the_nena_call_transfer_and_refuses_nan(tmp_path: Path) -> None:
    from tests.unit.interop.test_eido_check import SAMPLE

    assert CliRunner().invoke(app, ["check-eido", str(SAMPLE)]).exit_code == 0
    bad = tmp_path / "nan.json"
    bad.write_text('{"eidoVersion": NaN}')
    result = CliRunner().invoke(app, ["check-eido", str(bad)])
    assert result.exit_code == 1 and "NaN is not a JSON value" in result.output
