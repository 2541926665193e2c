"""Response times over a simulated week: computed percentiles against numpy's, CLI and API."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from tenfour.cli import report as report_cli
from tenfour.journal.store import open_journal
from tenfour.reports.collect import collect
from tenfour.reports.intervals import INCIDENT_INTERVALS
from tenfour.reports.response_times import Filters, build_report
from tenfour.reports.targets import load_targets
from tests.integration.records.week import Expected, build_week

FROM, TO = "2026-11-02T00:00:00Z", "2026-11-09T00:00:00Z"


@pytest.fixture(scope="module")
def week(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Expected]:
    db = tmp_path_factory.mktemp("week") / "week.db"
    return db, build_week(db)


def report_of(db: Path, **filters: str) -> dict:  # type: ignore[type-arg]
    with open_journal(str(db), create=False) as journal:
        records = collect(journal, FROM, TO)
    return build_report(records, Filters(FROM, TO, **filters), load_targets())


def test_every_incident_of_the_week_is_found(week: tuple[Path, Expected]) -> None:
    db, expected = week
    assert report_of(db)["counts"]["incidents"] == len(expected.incident) == 168


def test_percentiles_match_numpy_on_the_known_intervals(week: tuple[Path, Expected]) -> None:
    db, expected = week
    report = report_of(db)
    for name in INCIDENT_INTERVALS:
        values = [i[name] for i in expected.incident.values()]
        for q in (50, 90, 95):
            assert report["overall"][name][f"p{q}"] == pytest.approx(
                np.percentile(values, q), abs=2e-3
            ), name


def test_grouped_and_per_service_percentiles_match(week: tuple[Path, Expected]) -> None:
    db, expected = week
    report = report_of(db)
    fire = [i["processing"] for k, i in expected.incident.items() if expected.agency[k] == "MFD"]
    assert report["by"]["agency"]["MFD"]["processing"]["p90"] == pytest.approx(
        np.percentile(fire, 90), abs=2e-3
    )
    targets = {t["id"]: t for t in report["targets"]}
    for service, target in (
        ("fire", "nfpa1710-turnout-fire-90"),
        ("ems", "nfpa1710-turnout-ems-90"),
    ):
        values = expected.turnout_by_service[service]
        assert targets[target]["measured"] == pytest.approx(np.percentile(values, 90), abs=2e-3)
        assert targets[target]["count"] == len(values)
    nena = targets["nena-answer-90"]
    answering = [i["answering"] for i in expected.incident.values()]
    assert nena["within_share"] == pytest.approx(np.mean(np.array(answering) <= 15), abs=1e-4)
    assert nena["met"] == (np.percentile(answering, 90) <= 15)


def test_filters_narrow_the_report(week: tuple[Path, Expected]) -> None:
    db, expected = week
    police = report_of(db, agency="MPD")
    assert police["counts"]["incidents"] == sum(1 for a in expected.agency.values() if a == "MPD")
    assert report_of(db, type_code="medical")["counts"]["incidents"] == 56


def test_the_cli_writes_an_html_report_with_charts(
    week: tuple[Path, Expected], tmp_path: Path
) -> None:
    db, _ = week
    out = tmp_path / "report.html"
    args = [
        "response-times",
        "--from",
        "2026-11-02",
        "--to",
        "2026-11-09",
        "--db",
        str(db),
        "--out",
        str(out),
    ]
    result = CliRunner().invoke(report_cli.app, args)
    assert result.exit_code == 0, result.output
    html = out.read_text()
    assert html.count("data:image/png;base64,") >= 6
    assert "NENA-STA-020.1-2020" in html and "2016" in html and "168 incidents" in html


def test_the_cli_refuses_bad_dates_without_a_traceback(
    week: tuple[Path, Expected], tmp_path: Path
) -> None:
    db, _ = week
    for dates in (
        ["--from", "yesterday", "--to", "2026-11-09"],
        ["--from", "2026-11-09", "--to", "2026-11-02"],
    ):
        result = CliRunner().invoke(
            report_cli.app,
            ["response-times", *dates, "--db", str(db), "--out", str(tmp_path / "x.html")],
        )
        assert (
            result.exit_code == 2 and "error:" in result.output and "Traceback" not in result.output
        )
    result = CliRunner().invoke(
        report_cli.app,
        [
            "response-times",
            "--from",
            "2026-11-02",
            "--to",
            "2026-11-03",
            "--db",
            str(tmp_path / "none.db"),
            "--out",
            str(tmp_path / "x.html"),
        ],
    )
    assert result.exit_code == 2 and "cannot read the journal" in result.output
