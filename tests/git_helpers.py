"""Helpers for tests of the library's history: a library folder with a plan, and the git
command line as the judge of every repository a test made."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from app.library.repo import Author
from app.model.plan import Plan
from app.storage.plans import load_plan, save_plan
from tests.helpers import ROOT

SAMPLE = ROOT / "resources" / "sample" / "化工企业综合应急预案.plan.yaml"
PLAN_NAME = "综合应急预案.plan.yaml"
ZHANG = Author("张三", "zhangsan@example.cn")
LI = Author("李四", "lisi@example.cn")

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="needs the git command line")


def git(folder: Path, *args: str, check: bool = True) -> str:
    done = subprocess.run(
        ["git", "-C", str(folder), *args], capture_output=True, text=True, timeout=60
    )
    if check:
        assert done.returncode == 0, f"git {' '.join(args)}: {done.stdout}{done.stderr}"
    return done.stdout


def repositories(root: Path) -> list[Path]:
    """Every repository under ``root``: working folders (with .git) and bare ones."""
    found = []
    for head in root.rglob("HEAD"):
        folder = head.parent
        if (folder / "objects").is_dir() and (folder / "refs").is_dir():
            found.append(folder.parent if folder.name == ".git" else folder)
    return sorted(set(found))


def fsck_all(root: Path) -> int:
    """``git fsck --full --strict`` on every repository under ``root``; returns how many."""
    folders = repositories(root)
    for folder in folders:
        git(folder, "fsck", "--full", "--strict")
    return len(folders)


def make_library(folder: Path, name: str = PLAN_NAME) -> Path:
    """A library folder holding a copy of the sample plan; returns the plan's path."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    shutil.copy(SAMPLE, target)
    return target


def edit(path: Path, change) -> Plan:  # type: ignore[no-untyped-def]
    """Load, change (a function of the plan), save; returns the saved plan."""
    plan = load_plan(path).model
    change(plan)
    save_plan(plan, path)
    return plan
