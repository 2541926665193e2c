"""Benchmarks stand beside the product: nothing outside ``bench/`` and ``cli/`` imports them."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.unit.test_layering import SRC

APART = ("bench", "cli")


def modules_named(path: Path) -> set[str]:
    """Every module ``path`` imports, ``from tenfour import x`` counted as ``tenfour.x`` too."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def is_bench(module: str) -> bool:
    return module.split(".")[:2] == ["tenfour", "bench"]


def importers_of_bench() -> dict[str, set[str]]:
    found = {}
    for path in sorted(SRC.rglob("*.py")):
        if path.relative_to(SRC).parts[0] in APART:
            continue
        named = {m for m in modules_named(path) if is_bench(m)}
        if named:
            found[str(path.relative_to(SRC))] = named
    return found


def test_only_the_cli_imports_the_benchmarks() -> None:
    assert importers_of_bench() == {}


def test_an_import_of_the_benchmarks_is_found(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("from tenfour import bench\nimport tenfour.bench.http\n")
    assert modules_named(module) >= {"tenfour.bench", "tenfour.bench.http"}
    module.write_text("from tenfour.benchmarks import x\nimport tenfour.benchmark\n")
    assert not any(is_bench(m) for m in modules_named(module))
