"""HTML documents from report data: Jinja2 templates shipped in ``tenfour/reports/templates``.

Autoescaping is on for every template: timelines quote free text typed by people (remarks,
reasons), which must render as text, never as markup.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

from jinja2 import Environment, FunctionLoader, select_autoescape


def _load(name: str) -> str | None:
    path = resources.files("tenfour") / "reports" / "templates" / name
    return path.read_text(encoding="utf-8") if path.is_file() else None


@cache
def environment() -> Environment:
    """The one template environment (built on first use, not at import)."""
    return Environment(
        loader=FunctionLoader(_load),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def timeline_html(timeline: dict[str, Any]) -> str:
    """A timeline as a standalone HTML document."""
    return environment().get_template("timeline.html").render(t=timeline)


def response_times_html(report: dict[str, Any], charts: dict[str, str]) -> str:
    """The response-time report with its charts embedded as data URIs."""
    return environment().get_template("response_times.html").render(r=report, charts=charts)


def public_html(items: list[dict[str, Any]], *, now: str, delay: int, grid_m: float) -> str:
    """The ``/public`` page: no script at all, one stylesheet from this server."""
    template = environment().get_template("public.html")
    return template.render(items=items, now=now, delay=delay, grid_m=grid_m)


def public_css() -> str:
    """The ``/public`` page's stylesheet."""
    return _load("public.css") or ""
