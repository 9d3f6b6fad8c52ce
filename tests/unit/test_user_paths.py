"""Where per-user data goes without Qt (the CLI), portable mode, and bundled files."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from app import paths


def test_plandrill_home_overrides_everything(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PLANDRILL_HOME", str(tmp_path / "便携 数据"))
    assert paths.user_data_dir() == tmp_path / "便携 数据"
    assert paths.user_templates_dir() == tmp_path / "便携 数据" / "templates"


@pytest.mark.parametrize(
    ("platform", "env", "expected"),
    [
        ("win32", {"APPDATA": r"C:\Users\张三\AppData\Roaming"}, "APPDATA/PlanDrill/PlanDrill"),
        ("linux", {"XDG_DATA_HOME": "/home/zs/.local/share"}, "XDG/PlanDrill/PlanDrill"),
    ],
)
def test_standard_locations_per_platform(monkeypatch, platform, env, expected) -> None:
    monkeypatch.delenv("PLANDRILL_HOME", raising=False)
    monkeypatch.setattr(sys, "platform", platform)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    base = Path(next(iter(env.values())))
    assert paths.user_data_dir() == base / "PlanDrill" / "PlanDrill"
    assert paths.user_templates_dir() == base / "PlanDrill" / "PlanDrill" / "templates"


def test_a_frozen_build_with_a_data_folder_is_portable(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("PLANDRILL_HOME", raising=False)
    exe = tmp_path / "U盘" / "PlanDrill" / "PlanDrill.exe"
    exe.parent.mkdir(parents=True)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(exe))
    assert paths.user_home() is None  # no data folder: the standard places
    (exe.parent / "data").mkdir()
    assert paths.user_home() == exe.parent / "data"
    assert paths.user_data_dir() == exe.parent / "data"


def test_bundled_files_are_recognised(tmp_path: Path) -> None:
    assert paths.is_bundled(paths.sample_plan())
    assert paths.is_bundled(paths.templates_dir() / "township.plan-template.yaml")
    assert not paths.is_bundled(tmp_path / "我的预案.plan.yaml")
    assert [p.name for p in paths.sample_drills()] == sorted(
        p.name for p in paths.samples_dir().glob("*.drill.yaml")
    )
