"""Builders for test data."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from app.model.plan import Plan

ROOT = Path(__file__).resolve().parent.parent


def minimal_plan(**meta: object) -> Plan:
    data = {
        "schema": "plandrill/plan@1",
        "meta": {
            "title": "测试预案",
            "kind": "enterprise_onsite",
            "unit": {"name": "甲公司"},
            **meta,
        },
    }
    return Plan.model_validate(data)


def run_cli(
    *args: str, cwd: Path | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m app`` as a user would, in a child process."""
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        cwd=cwd or ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        env={**__import__("os").environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"},
    )
