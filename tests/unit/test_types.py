"""The type checker runs with the tests: the core is clean, the rest may only improve.

mypy (with the pydantic plugin, configured in pyproject.toml) checks all of ``app``.
The core packages must have no error at all; every other package has a count in
``types_baseline.json`` that a change may lower but never raise. Lower the number in
the file when you fix errors, so they cannot come back.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BASELINE = Path(__file__).with_name("types_baseline.json")
CORE = ("model", "storage", "checks", "drill", "export")
_ERROR = re.compile(r"^app[/\\]([A-Za-z0-9_]+)(?:\.py)?[/\\:].*: error: ", re.M)


def count_errors(output: str) -> Counter[str]:
    """Errors per package (a top-level module counts as its own package)."""
    return Counter(match.group(1) for match in _ERROR.finditer(output))


def run_mypy(*targets: str) -> tuple[int, str]:
    # A fresh cache each time: mypy's incremental cache has been seen to count one error
    # differently from a clean run, and a gate must not depend on what ran before.
    with tempfile.TemporaryDirectory() as cache:
        return _mypy(cache, *targets)


def _mypy(cache: str, *targets: str) -> tuple[int, str]:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--no-color-output",
            "--no-error-summary",
            "--cache-dir",
            cache,
            *targets,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=600,
    )
    return done.returncode, done.stdout + done.stderr


@pytest.fixture(scope="module")
def mypy_output() -> str:
    code, output = run_mypy()
    assert code in (0, 1), f"mypy did not run:\n{output}"
    return output


def test_counting_reads_mypy_lines() -> None:
    out = (
        "app/export/gongwen.py:1: error: x  [arg-type]\n"
        "app/export/gongwen.py:2: note: y\n"
        "app/i18n.py:3: error: z  [misc]\n"
    )
    assert count_errors(out) == Counter({"export": 1, "i18n": 1})


def test_the_core_is_typed(mypy_output: str) -> None:
    errors = count_errors(mypy_output)
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    dirty = {pkg: errors[pkg] for pkg in CORE if errors[pkg] > baseline.get(pkg, 0) or errors[pkg]}
    pending = {pkg: n for pkg, n in dirty.items() if n <= baseline.get(pkg, 0)}
    worse = {pkg: n for pkg, n in dirty.items() if n > baseline.get(pkg, 0)}
    assert not worse, f"new type errors in the core: {worse}\n{mypy_output}"
    # A core package listed in the baseline is one still being cleaned: it may not grow.
    assert set(pending) <= set(baseline), pending


def test_the_core_has_no_allowance() -> None:
    # The core is at zero for good: no baseline entry may let errors back into it.
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    assert {pkg: baseline[pkg] for pkg in CORE if baseline.get(pkg, 0)} == {}


def test_no_package_gets_worse(mypy_output: str) -> None:
    errors = count_errors(mypy_output)
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    worse = {
        pkg: (n, baseline.get(pkg, 0)) for pkg, n in errors.items() if n > baseline.get(pkg, 0)
    }
    lines = "\n".join(
        line
        for line in mypy_output.splitlines()
        if any(line.startswith(f"app/{pkg}") for pkg in worse)
    )
    assert not worse, f"more type errors than the baseline (now, allowed): {worse}\n{lines}"


def test_the_checker_fails_on_a_new_error(tmp_path: Path) -> None:
    # Proof that the gate can fail: an obviously wrong module is reported, with the
    # project's configuration (pydantic plugin and all).
    bad = tmp_path / "probe.py"
    bad.write_text("def f(x: int) -> str:\n    return x\n", encoding="utf-8")
    code, output = run_mypy(str(bad))
    assert code == 1
    assert "Incompatible return value type" in output
