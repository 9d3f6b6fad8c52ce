"""kill -9 at random moments while a plan, a drill or an exported .docx is being saved:
the file at the target path is always the old version or the new one, never broken.

Each round forks a writer from a warm helper process (so a round costs the kill, not a
Python start-up) that saves two versions in turn, as fast as it can, and kills it:

* "time" rounds: the test sends SIGKILL after a random delay;
* "line" rounds: the writer sends itself SIGKILL at a random line inside the atomic
  write (``write_atomic`` and its backup copy), so every step of it, between the temp
  file, the fsync, the backup and the rename, is hit over a run.

After each kill the target, and its ``.bak``, must open cleanly as one of the two
versions. ``--kill-iterations N`` sets the rounds per kind (default 30; use 200+
before a release).
"""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import time
import zipfile
from collections import Counter
from pathlib import Path

import docx
import pytest

from app.storage.drills import load_drill
from app.storage.plans import load_plan
from tests.helpers import ROOT

pytestmark = pytest.mark.skipif(os.name != "posix", reason="uses SIGKILL and fork")

ZYGOTE = r"""
import os, signal, sys
from pathlib import Path

kind, target = sys.argv[1], Path(sys.argv[2])
big = "正文。" * 4000

if kind == "plan":
    from app.model.plan import Plan
    from app.storage.plans import save_plan

    versions = [
        Plan.model_validate({
            "meta": {"title": f"版本{i}", "unit": {"name": "甲"}},
            "sections": [{"id": f"s{j}", "title": f"第{j}章", "body": big} for j in range(20)],
        })
        for i in range(2)
    ]
    save = lambda i: save_plan(versions[i % 2], target)
elif kind == "drill":
    from app.storage.drills import load_drill, save_drill

    sample = load_drill(Path(sys.argv[3])).model
    versions = []
    for i in range(2):
        drill = sample.model_copy(deep=True)
        drill.meta.title = f"版本{i}"
        drill.meta.scenario = big
        versions.append(drill)
    save = lambda i: save_drill(versions[i % 2], target)
else:
    from app.export import ExportOptions, export_plan
    from app.model.plan import Plan

    versions = [
        Plan.model_validate({
            "meta": {"title": f"版本{i}", "unit": {"name": "甲"}},
            "sections": [{"id": f"s{j}", "title": f"第{j}章", "body": big} for j in range(6)],
        })
        for i in range(2)
    ]
    options = ExportOptions(toc_levels=0)
    save = lambda i: export_plan(versions[i % 2], target, options=options)

import app.storage.atomic as atomic

WATCHED = {atomic.write_atomic.__code__, atomic._write_backup.__code__}


def die_at_line(countdown):
    # SIGKILL ourselves at the countdown-th line executed inside the atomic write
    left = [countdown]

    def local(frame, event, arg):
        if event == "line":
            left[0] -= 1
            if left[0] <= 0:
                os.kill(os.getpid(), signal.SIGKILL)
        return local

    def tracer(frame, event, arg):
        return local if frame.f_code in WATCHED else None

    sys.settrace(tracer)


print("ready", flush=True)
for command in sys.stdin:
    mode, countdown = command.split()
    if mode == "save":  # one whole save, in this process
        save(0)
        print("saved", flush=True)
        continue
    pid = os.fork()
    if pid == 0:
        if mode == "line":
            die_at_line(int(countdown))
        i = 0
        while True:
            save(i)
            i += 1
    print("child", pid, flush=True)
    sys.stdin.readline()  # "reap"
    _, status = os.waitpid(pid, 0)
    print("reaped", os.waitstatus_to_exitcode(status), flush=True)
"""

TITLES = {"版本0", "版本1"}


def _check_plan(path: Path) -> str:
    loaded = load_plan(path)
    assert not loaded.problems, loaded.problems
    assert len(loaded.model.sections) == 20
    return loaded.model.meta.title


def _check_drill(path: Path) -> str:
    loaded = load_drill(path)
    assert not loaded.problems, loaded.problems
    assert loaded.model.meta.scenario == "正文。" * 4000
    return loaded.model.meta.title


def _check_docx(path: Path) -> str:
    with zipfile.ZipFile(path) as package:
        assert package.testzip() is None
    document = docx.Document(str(path))
    texts = {p.text for p in document.paragraphs}
    assert sum(bool(re.search(r"第\d章$", t)) for t in texts) == 6
    [title] = TITLES & texts
    return title


CHECKS = {
    "plan": ("预案.plan.yaml", _check_plan),
    "drill": ("演练.drill.yaml", _check_drill),
    "export": ("预案.docx", _check_docx),
}


class Zygote:
    """The warm helper; ``script`` is the writer's code (ZYGOTE, or another that
    speaks the same protocol on stdin and stdout)."""

    def __init__(self, kind: str, target: Path, script: str = ZYGOTE) -> None:
        sample = ROOT / "resources" / "sample" / "液氯泄漏桌面推演.drill.yaml"
        self.proc = subprocess.Popen(
            [sys.executable, "-c", script, kind, str(target), str(sample)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            cwd=ROOT,
            text=True,
        )
        assert self._read() == "ready"

    def _read(self) -> str:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().strip()
        assert line, "the writer's helper process died"
        return line

    def _send(self, text: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(text + "\n")
        self.proc.stdin.flush()

    def round(self, mode: str, delay: float, countdown: int) -> int:
        """One writer killed at a random moment; returns how it died (a negative signal)."""
        self._send(f"{mode} {countdown}")
        pid = int(self._read().split()[1])
        if mode == "time":
            time.sleep(delay)
            os.kill(pid, signal.SIGKILL)
        else:
            deadline = time.monotonic() + 30
            while _alive(pid) and time.monotonic() < deadline:
                time.sleep(0.002)
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
                pytest.fail(f"the writer never reached line {countdown} of the atomic write")
        self._send("reap")
        return int(self._read().split()[1])

    def save(self) -> None:
        self._send("save 0")
        assert self._read() == "saved"

    def close(self) -> None:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=30)
        self.proc.stdout.close()


def _alive(pid: int) -> bool:
    # a killed child stays a zombie until reaped: look at its state, not just its pid
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().split(b") ", 1)[1][:1] not in (b"Z", b"X")
    except FileNotFoundError:
        return False


@pytest.mark.parametrize("kind", sorted(CHECKS))
def test_kill_during_save_never_corrupts(tmp_path: Path, kill_iterations: int, kind: str) -> None:
    name, check = CHECKS[kind]
    target = tmp_path / name
    backup = tmp_path / (name + ".bak")
    rng = random.Random(f"20261123-{kind}")
    seen: Counter[str] = Counter()
    changes = 0
    previous: bytes | None = None
    zygote = Zygote(kind, target)
    try:
        for i in range(kill_iterations):
            mode = "time" if i % 2 == 0 else "line"
            died = zygote.round(mode, rng.uniform(0.0, 0.2), rng.randint(1, 120))
            assert died == -signal.SIGKILL, f"round {i} ({mode}): the writer ended with {died}"
            if not target.exists():
                assert previous is None, f"round {i}: the file disappeared"
                continue  # killed before the first save finished: nothing was promised yet
            seen[check(target)] += 1
            if backup.exists():
                assert check(backup) in TITLES
            content = target.read_bytes()
            changes += content != previous
            previous = content
        assert set(seen) <= TITLES and sum(seen.values()) > 0
        # killed saves leave their temp files; the next save sweeps the old ones away
        leftovers = list(tmp_path.glob(f".{name}.*.tmp"))
        hour_ago = time.time() - 3600
        for path in leftovers:
            os.utime(path, (hour_ago, hour_ago))
        zygote.save()
        assert not list(tmp_path.glob(f".{name}.*.tmp"))
        assert check(target) == "版本0"
    finally:
        zygote.close()
    print(
        f"{kind}: {kill_iterations} kills, the file changed between {changes} of them, "
        f"versions seen {dict(seen)}, {len(leftovers)} temp files swept by the next save"
    )


def test_the_sweep_spares_a_save_still_running_elsewhere(tmp_path: Path) -> None:
    from app.storage.atomic import write_atomic

    target = tmp_path / "预案[1].plan.yaml"  # glob characters in the name are literal
    old = tmp_path / f".{target.name}.abc123.tmp"
    young = tmp_path / f".{target.name}.def456.tmp"
    old_backup = tmp_path / f".{target.name}.bak.ghi789.tmp"
    other = tmp_path / ".预案1.plan.yaml.jkl000.tmp"
    for path in (old, young, old_backup, other):
        path.write_bytes(b"half a save")
    hour_ago = time.time() - 3600
    for path in (old, old_backup, other):
        os.utime(path, (hour_ago, hour_ago))
    write_atomic(target, b"new")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [target.name, young.name, other.name]
    )
