"""kill -9 mid-drill at random moments: no entry whose append had returned is ever lost.

Each round a child process opens the drill's unfinished session (or starts one), and
records entries as fast as it can, printing ``ack <seq>`` after each call returned.
The parent kills it at a random moment, then checks that the journal holds every
acknowledged entry, with no damage other than a torn last line; the next round
reopens the same session after the crash and carries on.
"""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.drill import DrillSession, replay
from app.model.problems import Severity
from app.storage.journal import read_journal
from tests.drill_samples import copy_sample
from tests.helpers import ROOT

pytestmark = pytest.mark.skipif(os.name != "posix", reason="uses SIGKILL")

CHILD = r"""
import random, sys
from pathlib import Path
from app.drill import DrillSession
from app.drill.clock import ClockState
from app.storage.drills import find_unfinished, load_drill, load_linked_plan

drill_path = Path(sys.argv[1])
rng = random.Random(int(sys.argv[2]))
info = find_unfinished(drill_path)
if info is None:
    drill = load_drill(drill_path).model
    drill.meta.speed = 100.0  # scenario time races ahead so injects get delivered
    s = DrillSession.create(drill, drill_path, plan=load_linked_plan(drill_path, drill).model)
    print("ready", s.path, flush=True)
    print("ack", s.start().seq, flush=True)
else:
    s = DrillSession.reopen(info.path)
    print("ready", s.path, flush=True)
    print("ack", s.last_entry.seq, flush=True)  # the reopen entry
    if s.clock_state is ClockState.PAUSED:
        print("ack", s.resume().seq, flush=True)
n = 0
while True:
    n += 1
    roll = rng.random()
    if roll < 0.45:
        entries = [s.note("记录 %d：" % n + "现场情况" * rng.randrange(1, 40), who="u-eval")]
    elif roll < 0.7:
        entries = [s.record_action("行动 %d" % n, who=rng.choice(["u-hq", "u-rescue", "u-medical"]))]
    elif roll < 0.8:
        entries = [s.mark(rng.choice(["c1", "c2", "c3", "c4"]), score=rng.randrange(0, 101))]
    elif roll < 0.9:
        entries = s.poll()
    else:
        entries = [s.set_speed(rng.choice([50.0, 100.0]))]
    for entry in entries:
        print("ack", entry.seq, flush=True)
"""


ACK = re.compile(r"ack (\d+)")


def _round(drill_path: Path, seed: int, delay: float) -> tuple[Path | None, set[int]]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(drill_path), str(seed)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=ROOT,
        text=True,
        encoding="utf-8",
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    if not first.startswith("ready "):
        proc.kill()
        proc.wait()
        pytest.fail(f"child did not start: {first!r} {proc.stderr.read()}")
    journal = Path(first.split(" ", 1)[1].strip())
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    # only whole lines: the kill may cut the child's last print short
    whole = proc.stdout.read().split("\n")[:-1]
    acked = {int(m.group(1)) for m in map(ACK.fullmatch, whole) if m}
    stderr = proc.stderr.read()
    proc.stdout.close()
    proc.stderr.close()
    assert "Traceback" not in stderr, stderr
    return journal, acked


def test_kill_mid_drill_loses_no_acknowledged_entry(tmp_path: Path, kill_iterations: int) -> None:
    drill_path = copy_sample(tmp_path)
    rng = random.Random(20260616)
    acked_by_journal: dict[Path, set[int]] = {}
    torn_seen = 0
    for i in range(kill_iterations):
        journal, acked = _round(drill_path, i, rng.uniform(0.0, 0.3))
        assert journal is not None
        acked_by_journal.setdefault(journal, set()).update(acked)
        read = read_journal(journal)
        seqs = [e.seq for e in read.entries]
        assert seqs == list(range(len(seqs))), "entries must be contiguous"
        missing = acked_by_journal[journal] - set(seqs)
        assert not missing, f"round {i}: acknowledged entries lost: {sorted(missing)[:10]}"
        assert not read.damaged, [p.message.zh for p in read.problems]
        torn_seen += read.torn_line is not None
        # the folded state is consistent with the file: nothing half-applied
        result = replay(journal)
        assert [p for p in result.problems if p.severity is Severity.ERROR] == []
    assert len(acked_by_journal) == 1, "every round continued the same session"
    [(journal, acked)] = acked_by_journal.items()
    assert len(acked) > kill_iterations  # the children really recorded entries

    # a final reopen after the last crash restores everything and can go on
    session = DrillSession.reopen(journal)
    try:
        entries = read_journal(journal).entries
        assert session.state.last_seq == entries[-1].seq
        notes = sum(e.type == "note" for e in entries)
        assert len(session.state.notes) == notes
        assert session.record_action("收尾", who="u-hq").seq == entries[-1].seq + 1
        session.end()
    finally:
        session.close()
    print(f"{kill_iterations} kills, {len(acked)} acknowledged entries, {torn_seen} torn tails")
