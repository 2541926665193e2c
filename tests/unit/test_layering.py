"""The layering of docs/architecture.md, checked: the domain imports only the standard library."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

SRC = Path(__file__).parents[2] / "src" / "tenfour"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_domain_imports_only_stdlib_and_itself() -> None:
    offenders = {}
    for path in sorted((SRC / "domain").glob("*.py")):
        bad = {
            m
            for m in imported_modules(path)
            if m.split(".")[0] not in sys.stdlib_module_names and not m.startswith("tenfour.domain")
        }
        if bad:
            offenders[path.name] = bad
    assert not offenders


def test_engine_does_not_import_the_outer_layers() -> None:
    outer = (
        "tenfour.api",
        "tenfour.web",
        "tenfour.views",
        "tenfour.sim",
        "tenfour.interop",
        "tenfour.reports",
    )
    for path in sorted((SRC / "engine").glob("*.py")):
        assert not {m for m in imported_modules(path) if m.startswith(outer)}, path.name
