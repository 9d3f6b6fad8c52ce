"""kill -9 at random moments while a plan is saved *with a version* (the save hook of a
library that keeps versions): the plan file and the repository stay consistent.

The harness of ``test_kill_during_save`` forks writers that save two versions of a plan
in turn and record each as a version, and kills them after a random delay, or at a
random line inside the atomic write, the version recording, or dulwich's writing of
objects, refs and the index. After every kill:

* the plan file opens cleanly as one of the two versions;
* ``git fsck --full --strict`` (the git command line) finds the repository sound, and
  its current version of the plan is one of the versions too;
* the next save-with-version succeeds (a killed writer's lock files do not block it)
  and leaves the file recorded: ``git status`` shows nothing to record.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from app.library.history import record_version, start
from app.library.repo import Author, LibraryRepo
from app.storage.plans import loads_plan
from tests.reliability.test_kill_during_save import TITLES, ZYGOTE, Zygote, _check_plan

pytestmark = [
    pytest.mark.skipif(os.name != "posix", reason="uses SIGKILL and fork"),
    pytest.mark.skipif(shutil.which("git") is None, reason="needs the git command line"),
]

AUTHOR = Author("测试员", "tester@example.cn")

WRITER = r"""
import os, signal, sys
from pathlib import Path

kind, target = sys.argv[1], Path(sys.argv[2])
big = "正文。" * 4000

from app.library.history import record_version
from app.library.repo import Author
from app.model.plan import Plan
from app.storage.plans import save_plan

author = Author("测试员", "tester@example.cn")
versions = [
    Plan.model_validate({
        "meta": {"title": f"版本{i}", "unit": {"name": "甲"}},
        "sections": [{"id": f"s{j}", "title": f"第{j}章", "body": big} for j in range(20)],
    })
    for i in range(2)
]


def save(i):
    save_plan(versions[i % 2], target)
    record_version(target, author)


import dulwich.file
import dulwich.index
import dulwich.object_store
import dulwich.refs

import app.library.history as history
import app.library.repo as repo
import app.storage.atomic as atomic

WATCHED = {
    atomic.write_atomic.__code__,
    atomic._write_backup.__code__,
    history._record_unlocked.__code__,
    repo.LibraryRepo.record.__code__,
    repo.LibraryRepo.refresh_index.__code__,
    repo.LibraryRepo._sweep_stale_locks.__code__,
    dulwich.object_store.DiskObjectStore.add_object.__code__,
    dulwich.refs.DiskRefsContainer.set_if_equals.__code__,
    dulwich.index.Index.write.__code__,
    dulwich.file._GitFile.close.__code__,
}
""" + ZYGOTE[ZYGOTE.index("\ndef die_at_line") :]


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "-C", str(folder), *args], capture_output=True, text=True, timeout=60
    )


def _head_title(folder: Path, name: str) -> str | None:
    shown = _git(folder, "show", f"HEAD:{name}")
    if shown.returncode != 0:
        return None
    return loads_plan(shown.stdout).model.meta.title


def test_kill_during_save_with_version_keeps_file_and_repository_consistent(
    tmp_path: Path, kill_iterations: int
) -> None:
    library = tmp_path / "预案库"
    library.mkdir()
    name = "预案.plan.yaml"
    target = library / name
    start(library, AUTHOR).close()
    rng = random.Random("20261207-versioned")
    seen: Counter[str] = Counter()
    recorded: Counter[str] = Counter()
    zygote = Zygote("plan", target, WRITER)
    try:
        zygote.save()  # the first version, so that every later kill has one to keep
        for i in range(kill_iterations):
            mode = "time" if i % 2 == 0 else "line"
            died = zygote.round(mode, rng.uniform(0.0, 0.4), rng.randint(1, 400))
            assert died == -signal.SIGKILL, f"round {i} ({mode}): the writer ended with {died}"
            seen[_check_plan(target)] += 1
            fsck = _git(library, "fsck", "--full", "--strict", "--no-dangling")
            assert fsck.returncode == 0, f"round {i}: git fsck failed:\n{fsck.stdout}{fsck.stderr}"
            head = _head_title(library, name)
            assert head in TITLES, f"round {i}: the recorded version is {head!r}"
            recorded[head] += 1
            # the next save with a version goes through, whatever the kill left behind
            record_version(target, AUTHOR)
            status = _git(library, "status", "--porcelain", "--", name)
            assert status.returncode == 0 and status.stdout == "", status.stdout + status.stderr
            assert _head_title(library, name) == _check_plan(target)
        assert set(seen) <= TITLES and sum(seen.values()) == kill_iterations
    finally:
        zygote.close()
    with LibraryRepo.open(library) as repo:
        assert repo.pending() == {}
    final = _git(library, "fsck", "--full", "--strict")
    assert final.returncode == 0, final.stderr
    print(
        f"versioned save: {kill_iterations} kills, files seen {dict(seen)}, "
        f"recorded versions seen {dict(recorded)}"
    )
