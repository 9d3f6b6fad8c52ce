"""The bootstrap installs PlanDrill into .venv: ``plandrill`` works from any folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app import __version__
from tests.helpers import ROOT

SAMPLE = ROOT / "resources" / "sample" / "化工企业综合应急预案.plan.yaml"
SCRIPTS = Path(sys.executable).parent
COMMAND = SCRIPTS / ("plandrill.exe" if os.name == "nt" else "plandrill")


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    folder = tmp_path / "某个 文件夹"
    folder.mkdir()
    return folder


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run(
        [str(COMMAND), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**env, "PYTHONIOENCODING": "utf-8"},
        timeout=120,
    )


def test_the_venv_has_the_command() -> None:
    assert COMMAND.is_file(), f"{COMMAND} missing: the bootstrap installs the project"


def test_version_and_validate_from_another_folder(elsewhere: Path) -> None:
    version = _run("--version", cwd=elsewhere)
    assert version.returncode == 0, version.stderr
    assert __version__ in version.stdout
    copy = elsewhere / SAMPLE.name
    copy.write_bytes(SAMPLE.read_bytes())
    checked = _run("validate", copy.name, cwd=elsewhere)
    assert checked.returncode == 0, checked.stderr
    assert "0 个错误" in checked.stderr
    assert checked.stdout.startswith(copy.name)  # located by the name the user typed
