"""The console's JavaScript: its unit tests under node, and the rules its source keeps.

``node --test`` (node's own runner, nothing installed from npm) runs tests/unit/web/js/*.test.mjs,
which import the console's ES modules as the browser does. Without node the test skips locally
but fails when CI=true (.ci/run and scripts/test install Debian's nodejs).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tenfour.domain.actors import Role
from tenfour.web.routes import SCREENS, STATIC_DIR

JS_DIR = STATIC_DIR / "js"
TEMPLATES = STATIC_DIR.parent / "templates"
JS_TESTS = Path(__file__).parent / "js"
API_MODULE = JS_DIR / "api.js"


def console_sources() -> list[Path]:
    """Every script and template of the console."""
    return sorted([*JS_DIR.rglob("*.js"), *TEMPLATES.glob("*.html")])


def hits(pattern: str, *, skip: Path | None = None) -> list[str]:
    """``file:line: text`` of every console source line matching ``pattern``."""
    regex = re.compile(pattern)
    found = []
    for path in console_sources():
        if path == skip:
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if regex.search(line):
                found.append(f"{path.relative_to(STATIC_DIR.parent)}:{n}: {line.strip()}")
    return found


def test_node_runs_the_console_unit_tests() -> None:
    node = shutil.which("node")
    if node is None:
        message = "node is missing (apt-get install nodejs): the console's JS tests cannot run"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    files = sorted(str(p) for p in JS_TESTS.glob("*.test.mjs"))
    assert len(files) >= 3, files
    done = subprocess.run(
        [node, "--test", "--test-reporter=tap", *files],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    report = done.stdout + done.stderr
    assert done.returncode == 0, report
    assert re.search(r"^# fail 0$", report, re.MULTILINE), report
    passed = re.search(r"^# pass (\d+)$", report, re.MULTILINE)
    assert passed and int(passed.group(1)) >= 20, report


def test_only_api_js_builds_api_urls() -> None:
    assert hits(r"/api/v1/", skip=API_MODULE) == []
    assert hits(r"fetch\(", skip=API_MODULE) == []  # every request goes through api.js


def test_no_failure_is_swallowed_silently() -> None:
    silent_promise = r"\.catch\(\s*\(\s*\w*\s*\)\s*=>\s*(\{\s*\}|null|undefined)\s*\)"
    empty_block = r"catch\s*(\(\s*\w*\s*\))?\s*\{\s*\}"
    assert hits(silent_promise) == []
    assert hits(empty_block) == []


def test_the_console_keeps_no_role_lists() -> None:
    """Which screens and commands a role has comes from GET /api/v1/me (the policy table)."""
    screens = set(SCREENS)
    roles = "|".join(r.value for r in Role if r.value not in screens)
    every_role = "|".join(r.value for r in Role)
    assert hits(rf"['\"`]({roles})['\"`]") == []  # a role named in a script or template
    assert hits(rf"\b({every_role})\s*:\s*['\"`/]") == []  # a role -> screen table
    assert hits(r"data-roles|requireRoles") == []


def test_the_rules_above_catch_what_they_forbid(tmp_path: Path) -> None:
    """The patterns match the code they are meant to refuse (a test of the tests)."""
    bad = [
        "fetch('/api/v1/units').catch(() => {});",
        "try { x(); } catch {}",
        "boot(load, { requireRoles: ['dispatcher', 'supervisor'] });",
        "export const HOME = { call_taker: '/console/calltaker' };",
    ]
    patterns = [
        r"/api/v1/",
        r"\.catch\(\s*\(\s*\w*\s*\)\s*=>\s*(\{\s*\}|null|undefined)\s*\)",
        r"catch\s*(\(\s*\w*\s*\))?\s*\{\s*\}",
        r"['\"`](dispatcher)['\"`]",
        r"\b(call_taker)\s*:\s*['\"`/]",
    ]
    for pattern in patterns:
        assert any(re.search(pattern, line) for line in bad), pattern
