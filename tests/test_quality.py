"""The house rules, checked with the rest of the suite: ruff lint and format, mypy strict on src,
and the import contracts of pyproject.toml (import-linter) that keep the layers in order."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, check=False
    )


def test_ruff_lint() -> None:
    done = run("ruff", "check", "src", "tests")
    assert done.returncode == 0, done.stdout + done.stderr


def test_ruff_format() -> None:
    done = run("ruff", "format", "--check", "src", "tests")
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.slow
def test_mypy_strict_on_src() -> None:
    done = run("mypy")
    assert done.returncode == 0, done.stdout + done.stderr


def test_import_contracts() -> None:
    lint_imports = Path(sys.executable).with_name("lint-imports")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stdout + done.stderr
