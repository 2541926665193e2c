"""The PDF timeline typesets data as it is: dollar signs, backslashes and braces included."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from matplotlib.text import Text

from tenfour.cli import atomic
from tenfour.reports import pdf

HOSTILE = r"caller owes $20, not $5; $\frac{1}{0}$ $x^{2 \unknowncommand \\ }{ <b>bold</b> \x"


def timeline(text: str) -> dict[str, Any]:
    entry = {
        "seq": 1,
        "at": "2026-11-25T10:00:00.000Z",
        "sentence": text,
        "hash": "ab" * 32,
        "check": {"hash_recomputes": True},
    }
    return {
        "incident": "2026-000001",
        "summary": {"type_code": "fire", "priority": 1, "address": text, "agency": "MPD"},
        "verification": {"verified": True, "statement": "intact", "recheck": {"export": "x"}},
        "generated_at": "2026-11-25T11:00:00.000Z",
        "directives": [],
        "entries": [entry],
    }


def test_text_with_mathtext_syntax_is_typeset_as_it_is(monkeypatch: pytest.MonkeyPatch) -> None:
    drawn: list[Text] = []
    real_page = pdf._page

    def page(lines: list[pdf.Line], footer: str) -> Any:
        figure = real_page(lines, footer)
        drawn.extend(figure.texts)
        return figure

    monkeypatch.setattr(pdf, "_page", page)
    out = io.BytesIO()
    assert pdf.timeline_pdf(timeline(HOSTILE), out) == 1  # "$\frac{" once crashed the export
    assert out.getvalue().startswith(b"%PDF")
    assert drawn and not any(t.get_parse_math() for t in drawn)
    assert any("$20, not $5" in t.get_text() for t in drawn)


def test_a_failed_export_leaves_no_partial_file(tmp_path: Path) -> None:
    target = tmp_path / "t.pdf"
    target.write_bytes(b"the earlier export")

    def export() -> None:
        with atomic.atomic_file(target) as handle:
            handle.write(b"%PDF-1.4 half of it")
            raise RuntimeError("the typesetter failed")

    with pytest.raises(RuntimeError):
        export()
    assert target.read_bytes() == b"the earlier export"
    assert [p.name for p in tmp_path.iterdir()] == ["t.pdf"]
    atomic.write_text_atomically(target, "whole")
    assert target.read_text() == "whole" and len(list(tmp_path.iterdir())) == 1
