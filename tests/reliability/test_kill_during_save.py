"""kill -9 at random moments while a plan is being saved: always the old or the new file."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.storage.plans import load_plan
from tests.helpers import ROOT

pytestmark = pytest.mark.skipif(os.name != "posix", reason="uses SIGKILL")

WRITER = r"""
import sys
from app.model.plan import Plan, Section
from app.storage.plans import save_plan

path = sys.argv[1]
big = "正文。" * 4000
versions = [
    Plan.model_validate({"meta": {"title": f"版本{i}", "unit": {"name": "甲"}},
                         "sections": [{"id": f"s{j}", "title": f"第{j}章", "body": big} for j in range(20)]})
    for i in range(2)
]
print("ready", flush=True)
i = 0
while True:
    save_plan(versions[i % 2], path)
    i += 1
"""


def test_kill_during_save_never_corrupts(tmp_path: Path, kill_iterations: int) -> None:
    target = tmp_path / "预案.plan.yaml"
    rng = random.Random(20261123)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    titles_seen: set[str] = set()
    for _ in range(kill_iterations):
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(target)], stdout=subprocess.PIPE, env=env, cwd=ROOT
        )
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == b"ready"
        time.sleep(rng.uniform(0.0, 0.25))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        if not target.exists():
            continue  # killed before the first save finished: nothing was promised yet
        loaded = load_plan(target)
        assert not loaded.problems, loaded.problems
        assert loaded.model.meta.title in {"版本0", "版本1"}
        assert len(loaded.model.sections) == 20
        titles_seen.add(loaded.model.meta.title)
    assert target.exists()
