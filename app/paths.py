"""Where bundled files live, in a source checkout and in a frozen (PyInstaller) build."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def bundle_root() -> Path:
    """The folder holding ``plan_templates/`` and ``resources/``."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    return bundle_root() / "resources"


def templates_dir() -> Path:
    return bundle_root() / "plan_templates"


def sample_plan() -> Path:
    return resources_dir() / "sample" / "化工企业综合应急预案.plan.yaml"


def user_home() -> Path | None:
    """``PLANDRILL_HOME`` overrides every per-user location (tests, portable installs)."""
    value = os.environ.get("PLANDRILL_HOME")
    return Path(value) if value else None
