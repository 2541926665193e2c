"""Charts for the response-time report, drawn with matplotlib and returned as PNG data URIs.

Figures are built with the object API (no pyplot, no global state, Agg canvas), so report
generation is safe in a server thread and never opens a window.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from typing import Any

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from tenfour.reports.intervals import INCIDENT_INTERVALS, percentile
from tenfour.reports.response_times import Measured

BINS = 30


def data_uri(figure: Figure) -> str:
    """The figure as a ``data:image/png;base64,...`` URI."""
    buffer = io.BytesIO()
    FigureCanvasAgg(figure)
    figure.savefig(buffer, format="png")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def distribution(values: Sequence[float], interval: str, targets: Sequence[Any]) -> Figure:
    """Histogram of one interval with its 90th / 95th percentiles and the primary targets."""
    figure = Figure(figsize=(6.4, 3.2), dpi=100, layout="constrained")
    ax = figure.add_subplot()
    ax.hist(values, bins=BINS, color="#4a78a8", edgecolor="white")
    for q, style in ((90, "--"), (95, ":")):
        value = percentile(values, q)
        if value is not None:
            ax.axvline(value, color="black", linestyle=style, label=f"p{q} = {value:.1f} s")
    for target in targets:
        ax.axvline(target["seconds"], color="#c0392b", label=f"target {target['label']}")
    ax.set_title(f"{interval}: distribution ({len(values)} values)")
    ax.set_xlabel("seconds")
    ax.set_ylabel("count")
    ax.legend(fontsize="x-small")
    return figure


def over_time(daily: dict[str, list[dict[str, Any]]]) -> Figure:
    """The daily 90th percentile of each interval."""
    figure = Figure(figsize=(6.4, 3.2), dpi=100, layout="constrained")
    ax = figure.add_subplot()
    for interval in INCIDENT_INTERVALS:
        points = [(p["day"][5:], p["p90"]) for p in daily.get(interval, [])]
        points = [(d, v) for d, v in points if v is not None]
        if points:
            ax.plot([d for d, _ in points], [v for _, v in points], marker="o", label=interval)
    ax.set_title("90th percentile per day (UTC, MM-DD)")
    ax.set_ylabel("seconds")
    ax.tick_params(axis="x", labelrotation=30, labelsize="small")
    ax.legend(fontsize="x-small")
    return figure


def charts(measured: Measured, report: dict[str, Any]) -> dict[str, str]:
    """Every chart of the report as data URIs: one distribution per interval, one over time."""
    out: dict[str, str] = {}
    for interval in INCIDENT_INTERVALS:
        values = measured.values(interval)
        if values:
            marks = [
                t for t in report["targets"]
                if t["interval"] == interval and t["primary"] and not t["services"]
            ]  # fmt: skip
            out[f"distribution_{interval}"] = data_uri(distribution(values, interval, marks))
    out["over_time"] = data_uri(over_time(report["daily"]))
    return out
