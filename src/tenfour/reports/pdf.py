"""A timeline as a PDF document, typeset with matplotlib's PdfPages (no system libraries).

A4 pages of wrapped text: a heading with the incident and the verification verdict, the
directives with their consequences, then every entry (seq, time, who, what, hash), with page
numbers. Fonts are embedded as TrueType (Type 42), so the text can be searched and copied.

Every text is data, typeset as it is: matplotlib's mathtext (``$...$``) and TeX are off, so
"$20" keeps its dollar sign and a "$\\frac{" cannot crash the export.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any, BinaryIO

from matplotlib import rc_context
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

A4 = (8.27, 11.69)
LINES_PER_PAGE = 62
WIDTH = 100  # characters per line in the monospaced body
TOP, STEP = 0.95, 0.0145

Line = tuple[str, str]  # (style, text): "h1", "h2", "bad", "ok", "body"


def timeline_pdf(timeline: dict[str, Any], out: BinaryIO) -> int:
    """Write the PDF; returns the number of pages."""
    lines = list(_lines(timeline))
    pages = [lines[i : i + LINES_PER_PAGE] for i in range(0, len(lines), LINES_PER_PAGE)] or [[]]
    title = f"tenfour timeline of incident {timeline['incident']}"
    plain: dict[Any, Any] = {"pdf.fonttype": 42, "text.usetex": False, "text.parse_math": False}
    with rc_context(plain), PdfPages(out, metadata=_metadata(title)) as pdf:
        for number, page in enumerate(pages, start=1):
            pdf.savefig(_page(page, f"{title} - page {number} of {len(pages)}"))
    return len(pages)


def _metadata(title: str) -> dict[str, Any]:
    return {"Title": title, "Creator": "tenfour", "CreationDate": datetime.now(UTC)}


def _page(lines: list[Line], footer: str) -> Figure:
    figure = Figure(figsize=A4)
    styles: dict[str, dict[str, Any]] = {
        "h1": {"size": 13, "weight": "bold", "family": "DejaVu Sans"},
        "h2": {"size": 10.5, "weight": "bold", "family": "DejaVu Sans"},
        "bad": {"size": 8, "weight": "bold", "family": "DejaVu Sans Mono", "color": "#b00020"},
        "ok": {"size": 8, "weight": "bold", "family": "DejaVu Sans Mono", "color": "#146c2e"},
        "body": {"size": 7.5, "family": "DejaVu Sans Mono"},
    }
    for row, (style, text) in enumerate(lines):
        figure.text(0.06, TOP - row * STEP, text, va="top", parse_math=False, **styles[style])
    figure.text(0.5, 0.02, footer, ha="center", size=7, family="DejaVu Sans", parse_math=False)
    return figure


def _wrap(style: str, text: str, indent: str = "") -> Iterator[Line]:
    for piece in textwrap.wrap(text, WIDTH, subsequent_indent=indent) or [""]:
        yield style, piece


def _lines(t: dict[str, Any]) -> Iterator[Line]:
    s, v = t["summary"], t["verification"]
    yield "h1", f"Incident {t['incident']}: verified timeline"
    yield from _wrap(
        "body",
        f"{s.get('type_code')}, priority {s.get('priority')}, {s.get('address')}, agency "
        f"{s.get('agency')}; opened {s.get('opened_at')}; {s.get('status')} "
        f"{s.get('closed_at') or ''}",
    )
    yield from _wrap("ok" if v["verified"] else "bad", v["statement"])
    cp = v.get("checkpoint")
    if cp:
        yield from _wrap(
            "body", f"signed checkpoint: seq {cp['seq']} hash {cp['hash']} key {cp['key_id']}"
        )
    yield from _wrap("body", f"generated {t['generated_at']}; re-check: {v['recheck']['export']}")
    yield "body", ""
    yield "h2", "Directives"
    for d in t["directives"]:
        yield from _wrap("body", _directive_text(d), "    ")
    yield "body", ""
    yield from _radio(t.get("radio") or [])
    yield "h2", f"Entries ({len(t['entries'])})"
    for e in sorted(t["entries"], key=lambda x: x.get("happened_at") or x["at"]):
        mark = "" if e["check"]["hash_recomputes"] else "  [HASH MISMATCH]"
        yield from _wrap("body", f"{e['seq']:>7}  {e['at']}  {e['sentence']}{mark}", " " * 9)
        yield "body", f"{'':9}hash {e['hash']}"


AUDIO_WORDS = {"altered": "AUDIO ALTERED", "missing": "AUDIO MISSING"}


def _radio(items: list[dict[str, Any]]) -> Iterator[Line]:
    """Transmissions in the order they began: who, what was said, the machine's text under a
    correction (marked as struck: a PDF line cannot be), and audio that fails verification."""
    if not items:
        return
    yield "h2", f"Radio ({len(items)} transmissions)"
    for r in items:
        bad = AUDIO_WORDS.get(r.get("audio") or "")
        yield from _wrap("bad" if bad else "body", f"{r['started_at']}  {r['line']}", " " * 26)
        if r.get("struck"):
            yield from _wrap("body", f"{'':26}machine text (struck): -{r['struck']}-", " " * 26)
        if bad:
            yield "bad", f"{'':26}{bad}: {r['transmission']} audio {r['audio_sha256'][:16]}..."
    yield "body", ""


def _directive_text(d: dict[str, Any]) -> str:
    who = d.get("issuer") or {}
    return (
        f"{d['directive']} ({d['kind']}) seq {d['seq']} by {who.get('user')} ({who.get('role')}, "
        f"{who.get('agency')}), authority {d['authority']!r}, reason {d['reason']!r}; "
        f"clearances {d['clearances']}, refusals {d['refusals']}, overrides {d['overrides']}, "
        f"acknowledgments {d['acknowledgments']}, answers {d['assistance_answers']}"
    )
