"""Shared fixtures. GUI tests run offscreen; nothing here imports Qt."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PLANDRILL_LANG", "zh")

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SAMPLE_PLAN = ROOT / "resources" / "sample" / "化工企业综合应急预案.plan.yaml"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--kill-iterations",
        type=int,
        default=30,
        help="how many kill -9 rounds the crash-safety tests run (use 200+ before a release)",
    )


@pytest.fixture
def kill_iterations(request: pytest.FixtureRequest) -> int:
    return int(request.config.getoption("--kill-iterations"))


@pytest.fixture
def sample_plan_path() -> Path:
    return SAMPLE_PLAN


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep settings, recovery files and logs of a test run out of the user's home."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("PLANDRILL_HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
